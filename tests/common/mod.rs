//! The test kit every subject shares: fixtures and the worked example's
//! figures here; a folder with settings and the CLI runner ([`cli`]), a
//! database opened through the library ([`lab`]), the server in this
//! process ([`app`]) or as a child process ([`daemon`]), catalogue builders,
//! the sign-in helpers for pages, fakes for SMTP and webhooks, a real
//! browser, and an XLSX writer for hostile workbooks.

pub mod app;
pub mod browser;
pub mod catalogue;
pub mod cli;
pub mod daemon;
pub mod db;
pub mod images;
pub mod lab;
pub mod rules;
pub mod session;
pub mod smtp;
pub mod webhook;
pub mod workbook;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The bytes of a file under `tests/fixtures/`.
pub fn read_fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("reading fixture {rel}: {e}"))
}

/// The `waymark` binary: `$RELIABILITY_BIN` (e.g. a release build) or this
/// package's. An absolute path: commands run in folders of their own.
pub fn bin() -> PathBuf {
    match std::env::var_os("RELIABILITY_BIN") {
        Some(path) => std::fs::canonicalize(&path)
            .unwrap_or_else(|e| panic!("RELIABILITY_BIN={}: {e}", path.to_string_lossy())),
        None => PathBuf::from(env!("CARGO_BIN_EXE_waymark")),
    }
}

/// Run a future to its end on a runtime of its own, for plain `#[test]`s.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(f)
}

/// Poll the futures together on this task (requests sent at once); their
/// outputs in order.
pub async fn all_at_once<F: std::future::Future>(
    futs: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut pending: Vec<_> = futs.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut results: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, result) in pending.iter_mut().zip(&mut results) {
            if let Some(fut) = slot {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}

/// A loopback port free a moment ago: nothing listens on it until
/// someone binds it (a server told to use it, or nobody: a dead address).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("a local address").port()
}

/// A reqwest client that follows no redirects, with a safety-net timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a reqwest client")
}

/// One figure as JSON, as `POST /api/observations` takes it.
pub fn fig(region: &str, indicator: &str, period: &str, value: f64) -> Value {
    serde_json::json!({"region": region, "indicator": indicator, "period": period, "value": value})
}

/// A `POST /api/observations` body holding `figures`.
pub fn body(figures: Vec<Value>) -> Value {
    serde_json::json!({ "observations": figures })
}

/// A month: the `i`th after 1900-01.
pub fn month(i: usize) -> String {
    format!("{}-{:02}", 1900 + i / 12, i % 12 + 1)
}

/// The worked example of docs/progress.md: Liaoning's China-Europe trains in 2020.
pub const TRAINS_2020: [f64; 12] = [60., 35., 70., 75., 80., 85., 90., 95., 90., 95., 100., 105.];
/// The worked example's January to June 2021, ahead of 2020: on track.
pub const TRAINS_2021: [f64; 6] = [70., 45., 78., 84., 88., 92.];
/// January to May 2021 well behind 2020: the 2021 goal deteriorates.
pub const TRAINS_2021_BAD: [f64; 5] = [50., 30., 55., 60., 60.];

/// 25 June 2021, 08:00 UTC: the worked example's May is in, June not yet due.
pub fn t0() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2021, 6, 25, 8, 0, 0).unwrap()
}

/// Liaoning's monthly trains as JSON figures, January of `year` onwards.
pub fn trains(year: i32, values: &[f64]) -> Vec<Value> {
    values
        .iter()
        .enumerate()
        .map(|(m, v)| {
            fig(
                "liaoning",
                "china-europe-trains",
                &format!("{year}-{:02}", m + 1),
                *v,
            )
        })
        .collect()
}

/// The worked example as JSON figures: all of 2020, January to June 2021.
pub fn liaoning_figures() -> Vec<Value> {
    [trains(2020, &TRAINS_2020), trains(2021, &TRAINS_2021)].concat()
}

/// The worked example as an import file.
pub fn liaoning_csv() -> String {
    let mut csv = String::from("region,indicator,period,value\n");
    for (year, values) in [(2020, &TRAINS_2020[..]), (2021, &TRAINS_2021[..])] {
        for (m, v) in values.iter().enumerate() {
            csv += &format!("liaoning,china-europe-trains,{year}-{:02},{v}\n", m + 1);
        }
    }
    csv
}
