//! The real `waymark serve` with its background tasks: an `alerts` job every
//! second delivers an Alertmanager webhook to a receiver on loopback, SIGTERM
//! stops everything cleanly, and a notification stored by a daemon killed
//! with SIGKILL is delivered by the next start. The tests wait on events (a
//! request arriving, the process exiting); timeouts are only safety nets.

use crate::harness::fixture;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use waymark::domain::{Catalogue, Channel, Figure, Period, Provenance, Slug};
use waymark::store::Store;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(90);

/// One request the receiver got: the status it answered, its key and body.
#[derive(Debug)]
struct Hit {
    answered: u16,
    key: String,
    body: Value,
}

#[derive(Clone)]
struct Hook {
    answer: Arc<AtomicU16>,
    tx: mpsc::UnboundedSender<Hit>,
}

/// A webhook receiver on 127.0.0.1:0 answering `answer` (changeable) and
/// reporting every request on a channel.
struct Receiver {
    url: String,
    answer: Arc<AtomicU16>,
    hits: mpsc::UnboundedReceiver<Hit>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    async fn start(answer: u16) -> Receiver {
        let (tx, hits) = mpsc::unbounded_channel();
        let answer = Arc::new(AtomicU16::new(answer));
        let hook = Hook {
            answer: answer.clone(),
            tx,
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(hook);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url,
            answer,
            hits,
            log: Arc::default(),
        }
    }

    async fn next(&mut self) -> Hit {
        let hit = tokio::time::timeout(SAFETY, self.hits.recv())
            .await
            .unwrap_or_else(|_| panic!("no webhook within {SAFETY:?}; daemon log: {:?}", self.log))
            .expect("receiver running");
        self.log
            .lock()
            .unwrap()
            .push(format!("{} {}", hit.answered, hit.key));
        hit
    }
}

async fn receive(State(h): State<Hook>, headers: HeaderMap, body: String) -> StatusCode {
    let answered = h.answer.load(Ordering::SeqCst);
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = serde_json::from_str(&body).unwrap_or(Value::Null);
    let _ = h.tx.send(Hit {
        answered,
        key,
        body,
    });
    StatusCode::from_u16(answered).unwrap()
}

/// A folder with settings (an `alerts` job every second, a webhook channel)
/// and a database holding 2020 and a poor 2021 for Liaoning's trains, so the
/// 2021 goal is off track whatever today is.
async fn setup(dir: &Path, hook: &str) {
    let catalogue = fixture("catalogue.toml");
    let db = dir.join("t.db");
    let config = format!(
        "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n[server]\nlisten = \"127.0.0.1:0\"\n\
         [report]\nout_dir = {:?}\n[email]\noutbox_dir = {:?}\n\
         [[channel]]\nkind = \"webhook\"\nname = \"ops\"\nurl = \"{hook}\"\n\
         [[schedule]]\njob = \"alerts\"\ncron = \"* * * * * *\"\n",
        catalogue.display().to_string(),
        db.display(),
        dir.join("charts").display().to_string(),
        dir.join("outbox").display().to_string(),
    );
    std::fs::write(dir.join("waymark.toml"), config).unwrap();
    let store = Store::open(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let text = std::fs::read_to_string(&catalogue).unwrap();
    let cat = Catalogue::from_toml(&text, "catalogue.toml").unwrap();
    store.sync_catalogue(&cat).await.unwrap();
    let values: [(&str, [f64; 12]); 2] = [
        (
            "2020-01",
            [60., 35., 70., 75., 80., 85., 90., 95., 90., 95., 100., 105.],
        ),
        (
            "2021-01",
            [50., 30., 55., 60., 60., 62., 64., 66., 65., 66., 70., 72.],
        ),
    ];
    let mut figures = Vec::new();
    for (first, months) in values {
        let mut p: Period = first.parse().unwrap();
        for v in months {
            let slug = |s: &str| Slug::parse(s).unwrap();
            figures.push(Figure::new(
                slug("liaoning"),
                slug("china-europe-trains"),
                p,
                v,
            ));
            p = p.next().unwrap();
        }
    }
    store
        .write_figures(&figures, &Provenance::new("test", Channel::Record), false)
        .await
        .unwrap();
    store.close().await;
}

/// A daemon that is killed if the test fails before stopping it.
struct Daemon(Option<Child>);

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// `waymark serve` in `dir`; returns once it is listening. Its stderr is
/// drained by a thread into the returned log.
fn serve(dir: &Path) -> (Daemon, Arc<Mutex<Vec<String>>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .current_dir(dir)
        .args(["--config", "waymark.toml", "serve"])
        .env_remove("WAYMARK_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("serving http://"), "{first}");
    let log = Arc::new(Mutex::new(vec![first]));
    let sink = log.clone();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(l);
        }
    });
    (Daemon(Some(child)), log)
}

async fn signal_and_wait(mut daemon: Daemon, signal: &str) -> std::process::ExitStatus {
    let mut child = daemon.0.take().expect("running");
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    tokio::time::timeout(SAFETY, tokio::task::spawn_blocking(move || child.wait()))
        .await
        .expect("the daemon exits")
        .unwrap()
        .unwrap()
}

fn waymark(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .current_dir(dir)
        .args(["--config", "waymark.toml"])
        .args(args)
        .env_remove("WAYMARK_LOG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_runs_the_alerts_job_delivers_the_webhook_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut rx = Receiver::start(200).await;
    setup(dir.path(), &rx.url).await;
    let (child, log) = serve(dir.path());
    rx.log = log.clone();

    let hit = rx.next().await;
    let payload = &hit.body;
    assert_eq!(payload["version"], "4", "{payload}");
    assert_eq!(payload["receiver"], "ops");
    assert_eq!(payload["status"], "firing");
    let goal = payload["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["labels"]["alertname"] == "goal_status"
                && a["labels"]["goal"] == "liaoning-trains-2021"
        })
        .unwrap_or_else(|| panic!("no goal_status alert for the trains goal in {payload}"));
    assert_eq!(goal["status"], "firing");
    assert_eq!(goal["labels"]["status"], "target_missed", "{goal}");

    // Figures through the API, which the daemon's writer leaves unfolded.
    let token = waymark(dir.path(), &["token", "create", "t", "--role", "admin"]);
    let first = log.lock().unwrap()[0].clone();
    let base = first
        .split("serving ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let res = reqwest::Client::new()
        .post(format!("{base}/api/observations"))
        .bearer_auth(token.trim())
        .json(&serde_json::json!({"observations": [
            {"region": "liaoning", "indicator": "china-europe-trains", "period": "2022-01", "value": 51},
            {"region": "liaoning", "indicator": "china-europe-trains", "period": "2022-02", "value": 33}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{:?}", res.text().await);

    let status = signal_and_wait(child, "-TERM").await;
    assert!(status.success(), "{status}; log: {:?}", log.lock().unwrap());
    assert!(log.lock().unwrap().iter().any(|l| l.contains("stopped")));
    let store = Store::open(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    assert_eq!(store.unfolded().await.unwrap(), 0, "folded at shutdown");
    store.close().await;

    let jobs: Value =
        serde_json::from_str(&waymark(dir.path(), &["jobs", "--format", "json"])).unwrap();
    let recent = jobs["schedules"][0]["recent"].as_array().unwrap();
    assert!(recent.iter().any(|r| r["state"] == "succeeded"), "{jobs}");
    assert!(
        recent.iter().all(|r| r["state"] != "running"),
        "SIGTERM lets a running job finish: {jobs}"
    );
    assert_eq!(jobs["delivery"]["pending"], 0, "{jobs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_left_pending_by_a_daemon_killed_with_sigkill_is_delivered_by_the_next_start()
 {
    let dir = tempfile::tempdir().unwrap();
    let mut rx = Receiver::start(503).await;
    setup(dir.path(), &rx.url).await;
    let (child, log) = serve(dir.path());
    rx.log = log;

    // Stored and tried once, not delivered: the receiver is down.
    let refused = rx.next().await;
    assert_eq!(refused.answered, 503);
    let status = signal_and_wait(child, "-KILL").await;
    assert!(!status.success());

    // The receiver comes back; so does the daemon. Its backoff (tens of
    // seconds) is not waited for: a start tries the backlog at once.
    rx.answer.store(200, Ordering::SeqCst);
    let (child, log) = serve(dir.path());
    rx.log = log.clone();
    let delivered = loop {
        let hit = rx.next().await;
        if hit.answered == 200 {
            break hit;
        }
    };
    assert_eq!(delivered.key, refused.key, "the same notification");
    assert_eq!(delivered.body["version"], "4");
    let status = signal_and_wait(child, "-TERM").await;
    assert!(status.success(), "{status}; log: {:?}", log.lock().unwrap());
    let jobs: Value =
        serde_json::from_str(&waymark(dir.path(), &["jobs", "--format", "json"])).unwrap();
    assert_eq!(jobs["delivery"]["pending"], 0, "{jobs}");
}
