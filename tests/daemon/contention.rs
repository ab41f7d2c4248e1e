//! Writers while another write holds the database (issue 12): a large
//! `waymark import` in its own process, with `serve` and `waymark record`
//! writing to the same database meanwhile. Every other write either
//! succeeds or is told plainly to retry (503 with Retry-After from the API,
//! a message from the CLI) within the busy timeout, never a 500; the import
//! goes in whole or not at all, also when it is killed after staging.

use crate::common::catalogue;
use crate::common::cli::Env;
use crate::common::db::{connect, integrity, revisions};
use crate::common::{client, fig};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use waymark::store::BUSY_TIMEOUT;

/// A write's longest acceptable wait: the busy timeout, plus a generous
/// margin for a loaded machine (a safety net, not a measurement).
const BOUND: Duration = Duration::from_secs(BUSY_TIMEOUT.as_secs() + 30);

/// Rows in the large import: long enough in a debug build (several
/// seconds) for other writes to land in every phase of it.
const ROWS: usize = 200_000;

/// `ROWS` figures over the fixture's 12 monthly series from 1000-01, each
/// `offset` above its month's number (so A and B revise each other).
fn big_csv(offset: f64) -> String {
    let regions = ["china", "liaoning", "guizhou", "zhejiang"];
    let indicators = ["china-europe-trains", "import-export", "ecommerce-shops"];
    let per = ROWS.div_ceil(12);
    let mut t = String::from("region,indicator,period,value\n");
    for n in 0..ROWS {
        let (s, k) = (n / per, n % per);
        t += &format!(
            "{},{},{:04}-{:02},{}\n",
            regions[s % 4],
            indicators[s / 4],
            1000 + k / 12,
            k % 12 + 1,
            1000.0 + k as f64 + offset
        );
    }
    t
}

/// The daemon and CLI over one database, with a token and file A imported.
struct Setup {
    env: Arc<Env>,
    token: String,
    b: PathBuf,
}

fn setup() -> Setup {
    // The import runs to the 24th century.
    let env = Env::with_catalogue_text(&catalogue::open());
    env.run(&["init"]).ok();
    let token = env.admin_token();
    let a = env.write("a.csv", &big_csv(0.0));
    env.run(&["import", a.to_str().unwrap()]).ok();
    let b = env.write("b.csv", &big_csv(0.5));
    Setup {
        env: Arc::new(env),
        token,
        b,
    }
}

/// `waymark import B`, printing its progress (debug log) to a pipe; a
/// thread sends on the channel once the figures are staged (the write lock
/// is taken right after) and collects the rest of its stderr.
fn start_import(s: &Setup) -> (Child, mpsc::Receiver<()>, std::thread::JoinHandle<String>) {
    let mut child = s
        .env
        .command(&["import", s.b.to_str().unwrap(), "--by", "bulk"])
        .env("WAYMARK_LOG", "warn,waymark::store=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = mpsc::channel();
    let log = std::thread::spawn(move || {
        let mut log = String::new();
        for line in stderr.lines().map_while(Result::ok) {
            if line.contains("figures staged") {
                let _ = tx.send(());
            }
            log += &line;
            log.push('\n');
        }
        log
    });
    (child, rx, log)
}

/// The value of an exported row (these figures have no notes to quote).
fn value(row: &str) -> &str {
    row.split(',').nth(3).unwrap_or_default()
}

/// What one write got.
enum Outcome {
    Ok,
    Busy,
    Other(String),
}

/// Every write's kind ("api" or "record"), outcome and duration.
type Tally = Vec<(&'static str, Outcome, Duration)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_during_a_large_import_succeed_or_are_told_to_retry_and_the_import_is_whole() {
    let s = tokio::task::block_in_place(setup);
    let before = tokio::task::block_in_place(|| s.env.export());
    let daemon = tokio::task::block_in_place(|| s.env.serve());
    let (mut import, staged, log) = start_import(&s);
    tokio::task::block_in_place(|| staged.recv()).expect("the import stages its figures");

    // From now until the import exits: API writes and `record`s, each to
    // a key of its own in series the import does not touch (quarterly and
    // annual indicators), one after another.
    let done = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::new()));
    let recorder = {
        let (done, tally, env) = (done.clone(), tally.clone(), s.env.clone());
        std::thread::spawn(move || {
            let mut i = 0;
            while !done.load(Ordering::Acquire) {
                i += 1;
                let start = Instant::now();
                let out = env
                    .command(&["record", "--region", "guizhou", "--indicator"])
                    .args(["trade-share", "--period", &format!("{}", 2100 + i)])
                    .args(["--value", "7"])
                    .output()
                    .unwrap();
                let took = start.elapsed();
                let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                let outcome = match out.status.code() {
                    Some(0) => Outcome::Ok,
                    Some(1) if stderr.contains("busy") && stderr.contains("try again") => {
                        Outcome::Busy
                    }
                    _ => Outcome::Other(format!("{:?}: {stderr}", out.status)),
                };
                tally.lock().unwrap().push(("record", outcome, took));
            }
        })
    };
    let c = client();
    let mut i = 0;
    let import_status = loop {
        if let Some(status) = import.try_wait().unwrap() {
            break status;
        }
        i += 1;
        let body = serde_json::json!({"observations": [
            fig("liaoning", "fdi-actual", &format!("{}-Q1", 2100 + i), 9.0)
        ]});
        let start = Instant::now();
        let res = c
            .post(format!("{}/api/observations", daemon.base))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
            .await
            .expect("an answer");
        let took = start.elapsed();
        let status = res.status().as_u16();
        let retry = res.headers().get("retry-after").cloned();
        let text = res.text().await.unwrap();
        let outcome = match status {
            200 => Outcome::Ok,
            503 if retry.is_some() && text.contains("busy") => Outcome::Busy,
            _ => Outcome::Other(format!("{status} {text}")),
        };
        tally.lock().unwrap().push(("api", outcome, took));
    };
    done.store(true, Ordering::Release);
    recorder.join().unwrap();
    let log = log.join().unwrap();
    assert!(import_status.success(), "import: {import_status}\n{log}");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut import.stdout.take().unwrap(), &mut out).unwrap();
    assert!(
        out.contains(&format!("recorded 0 new, {ROWS} revised, 0 unchanged")),
        "{out}"
    );

    let tally = std::mem::take(&mut *tally.lock().unwrap());
    let mut summary = Vec::new();
    for kind in ["api", "record"] {
        let mine: Vec<_> = tally.iter().filter(|r| r.0 == kind).collect();
        let ok = mine.iter().filter(|r| matches!(r.1, Outcome::Ok)).count();
        let busy = mine.iter().filter(|r| matches!(r.1, Outcome::Busy)).count();
        let slowest = mine.iter().map(|r| r.2).max().unwrap_or_default();
        assert!(ok > 0, "no {kind} write went through during the import");
        for (_, outcome, took) in &mine {
            if let Outcome::Other(why) = outcome {
                panic!("{kind} during the import: {why}");
            }
            assert!(*took < BOUND, "{kind} took {took:?}");
        }
        summary.push(format!(
            "{kind}: {} writes, {ok} ok, {busy} busy, slowest {slowest:?}",
            mine.len()
        ));
    }
    let writes_ok = tally.iter().filter(|r| matches!(r.1, Outcome::Ok)).count();
    tokio::task::block_in_place(|| daemon.stop());

    // All of B, and every write that was acknowledged, each once.
    let after = tokio::task::block_in_place(|| s.env.export());
    let rows: Vec<&str> = after.lines().skip(1).collect();
    let (imported, written): (Vec<&str>, Vec<&str>) = rows
        .iter()
        .partition(|l| !l.contains(",fdi-actual,") && !l.contains(",trade-share,"));
    assert_eq!(imported.len(), ROWS);
    assert!(
        imported.iter().all(|l| value(l).ends_with(".5")),
        "every imported figure is B's"
    );
    assert_eq!(written.len(), writes_ok);
    let db = s.env.db();
    assert_eq!(revisions(&db).await, 2 * ROWS as i64 + writes_ok as i64);
    assert_eq!(integrity(&db).await, "ok");
    assert_eq!(before.lines().count(), ROWS + 1);
    let published = log.lines().find(|l| l.contains("figures published"));
    eprintln!(
        "during a {ROWS}-row import: {}\nimport: {}",
        summary.join("; "),
        published.unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_after_staging_leaves_nothing_and_the_next_one_goes_in() {
    let s = tokio::task::block_in_place(setup);
    let db = s.env.db();
    let before = tokio::task::block_in_place(|| s.env.export());
    let count = revisions(&db).await;
    let (mut import, staged, log) = start_import(&s);
    tokio::task::block_in_place(|| staged.recv()).expect("the import stages its figures");
    import.kill().unwrap();
    import.wait().unwrap();
    let log = log.join().unwrap();
    let after = tokio::task::block_in_place(|| s.env.export());
    // Killed before or (rarely, on a slow machine) after its commit: never in part.
    let committed = after != before;
    if committed {
        assert!(log.contains("figures published"), "{log}");
        assert!(after.lines().skip(1).all(|l| value(l).ends_with(".5")));
        assert_eq!(revisions(&db).await, count + ROWS as i64);
    } else {
        assert_eq!(revisions(&db).await, count);
    }
    assert_eq!(integrity(&db).await, "ok");

    // Nothing left behind stands in the next import's way.
    let out = tokio::task::block_in_place(|| s.env.run(&["import", s.b.to_str().unwrap()]))
        .ok()
        .stdout;
    let want = if committed {
        format!("recorded 0 new, 0 revised, {ROWS} unchanged")
    } else {
        format!("recorded 0 new, {ROWS} revised, 0 unchanged")
    };
    assert!(out.contains(&want), "{out}");
    let now = tokio::task::block_in_place(|| s.env.export());
    assert!(now.lines().skip(1).all(|l| value(l).ends_with(".5")));
    assert_eq!(revisions(&db).await, count + ROWS as i64);
    let leftovers: Vec<String> = std::fs::read_dir(s.env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".csv") && !n.ends_with(".toml") && !n.starts_with("waymark.db"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_kept_waiting_past_the_busy_timeout_is_told_to_retry_and_reads_go_on() {
    let env = Arc::new(Env::new());
    env.run(&["init"]).ok();
    let token = env.admin_token();
    let daemon = tokio::task::block_in_place(|| env.serve());
    let c = client();
    let post = |period: &str| {
        let body = serde_json::json!({"observations": [fig("liaoning", "china-europe-trains", period, 5.0)]});
        c.post(format!("{}/api/observations", daemon.base))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let record = |period: &str| {
        let env = env.clone();
        let period = period.to_string();
        tokio::task::spawn_blocking(move || {
            let start = Instant::now();
            let out = env
                .command(&[
                    "record",
                    "--region",
                    "guizhou",
                    "--indicator",
                    "import-export",
                ])
                .args(["--period", &period, "--value", "3"])
                .output()
                .unwrap();
            (out, start.elapsed())
        })
    };

    // Another process's long write: a transaction that holds the write lock.
    let mut holder = connect(&env.db()).await;
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();

    let recorded = record("2021-01");
    let start = Instant::now();
    let (res, reads) = tokio::join!(post("2021-01"), async {
        // Reads answer while the lock is held: they never need it.
        let mut codes = Vec::new();
        for path in [
            "/api/status",
            "/",
            "/api/series?region=liaoning&indicator=china-europe-trains",
        ] {
            let res = c
                .get(format!("{}{path}", daemon.base))
                .send()
                .await
                .unwrap();
            codes.push((path, res.status().as_u16()));
        }
        codes
    });
    let res = res.unwrap();
    let took = start.elapsed();
    assert!(reads.iter().all(|(_, code)| *code == 200), "{reads:?}");
    assert_eq!(res.status(), 503);
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    assert_eq!(retry.as_deref(), Some("2"));
    let body: serde_json::Value = res.json().await.unwrap();
    let message = body["error"].as_str().unwrap_or_default().to_string();
    assert!(
        message.contains("busy") && message.contains("try again"),
        "{body}"
    );
    // One busy timeout, not one per write queued in the daemon (the token
    // use it records in the background waits for the same lock).
    let once = BUSY_TIMEOUT + Duration::from_secs(5);
    assert!(took < once, "the API answered after {took:?}");
    let (out, record_took) = recorded.await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: the database is busy with another write")
            && last.contains("nothing was recorded; try again"),
        "{stderr}"
    );
    assert!(record_took < once, "record gave up after {record_took:?}");

    // The lock released, both go through.
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    let res = post("2021-01").await.unwrap();
    assert_eq!(res.status(), 200);
    let (out, _) = record("2021-01").await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = tokio::task::block_in_place(|| daemon.stop());
    assert!(log.contains("stayed busy"), "{log}");
    eprintln!(
        "busy: API 503 {message:?} (Retry-After 2) after {took:?}; record exit 1 after {record_took:?}: {last}; reads 200"
    );
}
