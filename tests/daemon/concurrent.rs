//! Check 2: 8 clients × 500 single-figure writes over HTTP against one
//! server while reports are rendered in a loop on the same store: no
//! "database is locked", no error at all, and every acknowledged write is
//! in the history.

use crate::common::app::TestApp;
use crate::common::{client, fig, month};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

const CLIENTS: usize = 8;
const WRITES: usize = 500;
const SERIES: [(&str, &str); 8] = [
    ("liaoning", "china-europe-trains"),
    ("guizhou", "china-europe-trains"),
    ("zhejiang", "china-europe-trains"),
    ("china", "china-europe-trains"),
    ("liaoning", "import-export"),
    ("guizhou", "import-export"),
    ("zhejiang", "import-export"),
    ("china", "import-export"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_writers_and_a_report_loop_lose_nothing_and_never_see_a_lock() {
    let started = Instant::now();
    let mut app = TestApp::spawn().await;
    let base = app.base.clone();
    let stop = Arc::new(AtomicBool::new(false));

    // Reports, one after another, until the writers are done.
    let reports = {
        let state = app.state.clone();
        let stop = stop.clone();
        let out = app.env.path("reports");
        tokio::spawn(async move {
            let mut done = 0usize;
            let mut errors = Vec::new();
            while !stop.load(Ordering::Relaxed) || done == 0 {
                let today = state.today();
                match waymark::publish::publish(
                    &state.store,
                    &state.catalogue,
                    &state.settings,
                    &waymark::assess::Query::default(),
                    Some(out.join(done.to_string())),
                    today,
                    state.settings.ui.language,
                )
                .await
                {
                    Ok(_) => done += 1,
                    Err(e) => errors.push(format!("{e:#}")),
                }
            }
            (done, errors)
        })
    };

    let c = client();
    let writers: Vec<_> = (0..CLIENTS)
        .map(|w| {
            let c = c.clone();
            let url = format!("{base}/api/observations");
            let token = app.admin.clone();
            tokio::spawn(async move {
                let (region, indicator) = SERIES[w];
                let mut acked = Vec::new();
                let mut failures = Vec::new();
                for i in 0..WRITES {
                    let body = serde_json::json!({
                        "observations": [fig(region, indicator, &month(i), (w * WRITES + i) as f64)]
                    });
                    match c.post(&url).bearer_auth(&token).json(&body).send().await {
                        Ok(res) if res.status().is_success() => {
                            let answer: serde_json::Value = res.json().await.unwrap();
                            assert_eq!(answer["new"], 1, "{answer}");
                            acked.push(i);
                        }
                        Ok(res) => {
                            let status = res.status();
                            failures.push(format!(
                                "{status}: {}",
                                res.text().await.unwrap_or_default()
                            ));
                        }
                        Err(e) => failures.push(format!("{e}")),
                    }
                }
                (acked, failures)
            })
        })
        .collect();

    let mut acked_total = 0;
    let mut failures = Vec::new();
    let mut acked_by_writer = Vec::new();
    for w in writers {
        let (acked, f) = w.await.unwrap();
        acked_total += acked.len();
        failures.extend(f);
        acked_by_writer.push(acked);
    }
    stop.store(true, Ordering::Relaxed);
    let (reports_done, report_errors) = reports.await.unwrap();
    app.stop().await;

    let locked = failures
        .iter()
        .chain(&report_errors)
        .filter(|f| f.contains("database is locked"))
        .count();
    let store = &app.state.store;
    let stored = store.figure_count().await.unwrap();
    let mut missing = 0;
    for (w, acked) in acked_by_writer.iter().enumerate() {
        let (region, indicator) = SERIES[w];
        let history = store.history(region, indicator, None).await.unwrap();
        for i in acked {
            let want = (w * WRITES + i) as f64;
            if !history
                .iter()
                .any(|h| h.period == month(*i) && h.value == want)
            {
                missing += 1;
            }
        }
    }
    eprintln!(
        "concurrent: {} writes acknowledged of {}, {} failed, {} \"database is locked\", {} stored, {} acknowledged but missing; {} reports rendered ({} failed) in {:.1?}",
        acked_total,
        CLIENTS * WRITES,
        failures.len(),
        locked,
        stored,
        missing,
        reports_done,
        report_errors.len(),
        started.elapsed()
    );
    assert_eq!(locked, 0);
    assert!(
        failures.is_empty(),
        "{:#?}",
        &failures[..failures.len().min(5)]
    );
    assert!(report_errors.is_empty(), "{report_errors:#?}");
    assert_eq!(acked_total, CLIENTS * WRITES);
    assert_eq!(stored as usize, acked_total);
    assert_eq!(missing, 0);
    assert!(reports_done >= 1);
}
