//! A laboratory for alert tests: a temporary database and settings, a small
//! catalogue, figures recorded through the library, and a webhook receiver
//! on loopback that answers with scripted status codes, and an SMTP server
//! on loopback that hands over each message it receives.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use mailin_embedded::{Handler, Response, Server, response};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use waymark::config::Settings;
use waymark::domain::{Catalogue, Channel, Figure, Period, Provenance, Slug};
use waymark::store::Store;

/// One series goal (trains up 10% in 2021 over 2020) and one milestone.
pub const CATALOGUE: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[indicator]]
id = "china-europe-trains"
name = "China-Europe freight trains"
unit = "trains"
frequency = "monthly"
measure = "flow"
due_days = 20
decimals = 0

[[goal]]
id = "liaoning-trains-2021"
title = "China-Europe trains up more than 10% in 2021"
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021
baseline_year = 2020

[[goal]]
id = "liaoning-port"
title = "Open the Dalian rail port"
region = "liaoning"
type = "milestone"
due = 2021-12-31
"#;

/// The worked example's 2020 (docs/progress.md).
pub const TRAINS_2020: [f64; 12] = [60., 35., 70., 75., 80., 85., 90., 95., 90., 95., 100., 105.];
/// Jan–May 2021 well behind 2020: the goal deteriorates.
pub const TRAINS_2021_BAD: [f64; 5] = [50., 30., 55., 60., 60.];
/// Jan–May 2021 ahead of 2020: the goal is on track.
pub const TRAINS_2021_GOOD: [f64; 5] = [70., 45., 78., 84., 88.];

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 6, 25, 8, 0, 0).unwrap()
}

pub struct Lab {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub cat: Catalogue,
    pub settings: Settings,
}

impl Lab {
    /// `extra` is appended to the settings file (channels, contacts, [email]).
    pub async fn new(extra: &str) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("catalogue.toml"), CATALOGUE).unwrap();
        let config = format!(
            "catalogue = \"catalogue.toml\"\n[database]\nurl = \"sqlite://{}\"\n{extra}\n",
            dir.path().join("test.db").display()
        );
        std::fs::write(dir.path().join("waymark.toml"), config).unwrap();
        let settings = Settings::load(Some(&dir.path().join("waymark.toml")), &[]).unwrap();
        let cat = Catalogue::from_toml(CATALOGUE, "catalogue.toml").unwrap();
        let store = Store::open(&settings.database.url).await.unwrap();
        store.sync_catalogue(&cat).await.unwrap();
        Lab {
            dir,
            store,
            cat,
            settings,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Record monthly train figures starting at `first` (YYYY-MM).
    pub async fn trains(&self, first: &str, values: &[f64]) {
        let mut p: Period = first.parse().unwrap();
        let mut figures = Vec::new();
        for v in values {
            let slug = |s: &str| Slug::parse(s).unwrap();
            figures.push(Figure::new(
                slug("liaoning"),
                slug("china-europe-trains"),
                p,
                *v,
            ));
            p = p.next().unwrap();
        }
        let by = Provenance::new("test", Channel::Record);
        self.store
            .write_figures(&figures, &by, false)
            .await
            .unwrap();
    }
}

/// What the receiver saw: the status it answered, the Idempotency-Key and the body.
#[derive(Debug, Clone)]
pub struct Received {
    pub answered: u16,
    pub key: String,
    pub body: serde_json::Value,
}

#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<u16>>>,
    log: Arc<Mutex<Vec<Received>>>,
}

/// A webhook receiver on 127.0.0.1:0 answering the scripted codes in turn, then 200.
pub struct Receiver {
    pub url: String,
    script: Script,
}

impl Receiver {
    pub async fn start(answers: &[u16]) -> Receiver {
        let script = Script::default();
        script.answers.lock().unwrap().extend(answers);
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, script }
    }

    pub fn received(&self) -> Vec<Received> {
        self.script.log.lock().unwrap().clone()
    }

    /// The bodies it accepted (answered 2xx), in arrival order.
    pub fn accepted(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.answered < 300)
            .collect()
    }
}

async fn hook(State(s): State<Script>, headers: HeaderMap, body: String) -> StatusCode {
    let answer = s.answers.lock().unwrap().pop_front().unwrap_or(200);
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    s.log.lock().unwrap().push(Received {
        answered: answer,
        key,
        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    });
    StatusCode::from_u16(answer).unwrap()
}

pub fn webhook_channel(url: &str) -> String {
    format!("[[channel]]\nkind = \"webhook\"\nname = \"ops\"\nurl = \"{url}\"\n")
}

/// A received message: envelope recipients and the DATA bytes.
pub type Mail = (Vec<String>, Vec<u8>);

/// Collects each message's DATA and hands it over when the message ends.
#[derive(Clone)]
struct Sink {
    data: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Sender<Mail>,
    to: Arc<Mutex<Vec<String>>>,
}

impl Handler for Sink {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        *self.to.lock().unwrap() = to.to_vec();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.lock().unwrap().extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let bytes = std::mem::take(&mut *self.data.lock().unwrap());
        let to = std::mem::take(&mut *self.to.lock().unwrap());
        let _ = self.done.send((to, bytes));
        response::OK
    }
}

/// An SMTP server on 127.0.0.1:0 in its own thread; returns its address and the inbox.
pub fn smtp_server() -> (String, mpsc::Receiver<Mail>) {
    let (done, inbox) = mpsc::channel();
    let sink = Sink {
        data: Arc::default(),
        done,
        to: Arc::default(),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let mut server = Server::new(sink);
    server.with_name("test.local").with_tcp_listener(listener);
    // Runs until the test process ends.
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (addr, inbox)
}
