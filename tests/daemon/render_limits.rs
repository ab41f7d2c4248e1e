//! Issue 12: a value near f64::MAX made chart drawing spin forever, and a
//! daemon that said "stopped" stayed alive behind its stuck thread. Now
//! `report` and the chart routes finish with such values, a drawing that
//! passes its deadline is abandoned and reported, stuck drawings cannot pile
//! up, and SIGTERM ends `serve` whatever its drawing threads do. Timeouts
//! here are safety nets only; the tests wait on events (a response, an exit).

use crate::harness::{Daemon, bin, client, fixture, within, write_config};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use waymark::domain::{Catalogue, Channel, Figure, Period, Provenance, Slug};
use waymark::store::Store;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(120);
const HUGE: f64 = 1.7e308;

/// Figures with ±1.7e308 written through the store, as a database may hold
/// them whatever the importers accept: Liaoning's trains in 2021 (an in-year
/// chart) and Zhejiang's trade in 2021 and 2022 (annual totals near ±f64::MAX).
async fn extreme_figures(db: &Path) {
    let store = Store::open(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let text = std::fs::read_to_string(fixture("catalogue.toml")).unwrap();
    store
        .sync_catalogue(&Catalogue::from_toml(&text, "catalogue.toml").unwrap())
        .await
        .unwrap();
    let mut rows: Vec<(&str, &str, String, f64)> = Vec::new();
    for m in 1..=12 {
        rows.push((
            "liaoning",
            "china-europe-trains",
            format!("2020-{m:02}"),
            80.0,
        ));
        for y in [2020, 2021, 2022] {
            let v = match (y, m) {
                (2021, 6) => HUGE,
                (2022, 3) => -HUGE,
                _ => 100.0,
            };
            rows.push(("zhejiang", "import-export", format!("{y}-{m:02}"), v));
        }
    }
    for (m, v) in [(1, HUGE), (2, -HUGE), (3, 5.0)] {
        rows.push(("liaoning", "china-europe-trains", format!("2021-{m:02}"), v));
    }
    let slug = |s: &str| Slug::parse(s).unwrap();
    let figures: Vec<Figure> = rows
        .iter()
        .map(|(region, indicator, period, value)| {
            let period = period.parse::<Period>().unwrap();
            Figure::new(slug(region), slug(indicator), period, *value)
        })
        .collect();
    store
        .write_figures(&figures, &Provenance::new("test", Channel::Record), false)
        .await
        .unwrap();
    store.close().await;
}

/// A settings file and a database with the extreme figures.
async fn setup(dir: &Path) -> std::path::PathBuf {
    let config = write_config(dir);
    extreme_figures(&dir.join("waymark.db")).await;
    config
}

/// Run `waymark --config CONFIG ARGS…` to its end (killed after [`SAFETY`]).
fn waymark(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let child = Command::new(bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("WAYMARK_LOG")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    within(pid, SAFETY, &format!("waymark {args:?}"), move || {
        child.wait_with_output().unwrap()
    })
}

fn assert_valid_image(name: &str, bytes: &[u8]) {
    if name.ends_with(".png") {
        let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(img.width() > 0 && img.height() > 0, "{name}");
        return;
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut elements = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_)) => {
                elements += 1
            }
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed: {e}"),
        }
        buf.clear();
    }
    assert!(elements >= 5, "{name}: {elements} elements");
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("inf<") && !text.contains("NaN"), "{name}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_with_values_near_f64_max_finishes_with_valid_charts() {
    let dir = tempfile::tempdir().unwrap();
    let config = setup(dir.path()).await;
    for as_of in ["2021-03-31", "2022-12-31", "2023-06-30"] {
        let out = dir.path().join(format!("report-{as_of}"));
        let run = waymark(
            &config,
            &["report", "--as-of", as_of, "--out", out.to_str().unwrap()],
            &[],
        );
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "report as of {as_of}: {stderr}");
        let mut charts = 0;
        for sub in ["", "goals"] {
            for e in std::fs::read_dir(out.join(sub)).unwrap() {
                let p = e.unwrap().path();
                let name = p.display().to_string();
                if name.ends_with(".png") || name.ends_with(".svg") {
                    assert_valid_image(&name, &std::fs::read(&p).unwrap());
                    charts += 1;
                }
            }
        }
        assert_eq!(charts, 8, "three goals and the overview, in two formats");
        let svg = std::fs::read_to_string(out.join("goals/liaoning-trains-2021.svg")).unwrap();
        if as_of == "2021-03-31" {
            assert!(svg.contains("e308"), "the axis is labelled up to 1.7e308");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chart_routes_answer_for_values_near_f64_max_and_serve_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let config = setup(dir.path()).await;
    let daemon = Daemon::start(&[], &config, &[("WAYMARK_LOG", "warn")]).expect("serve starts");
    let http = client();
    for goal in [
        "liaoning-trains-2021",
        "zhejiang-trade-double",
        "guizhou-port",
    ] {
        for ext in ["png", "svg"] {
            let name = format!("{goal}/chart.{ext}");
            let res = http
                .get(format!("{}/api/goals/{name}", daemon.base))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}; log: {}", daemon.log()));
            assert_eq!(res.status(), 200, "{name}; log: {}", daemon.log());
            assert_valid_image(&name, &res.bytes().await.unwrap());
        }
    }
    let (status, log) = daemon.stop_within(SAFETY);
    assert!(status.success(), "{status}: {log}");
    assert!(log.contains("waymark: stopped\n"), "{log}");
    assert!(!log.contains("abandoned"), "{log}");
}

/// `WAYMARK_FAILPOINT=render_stuck` makes every drawing hang forever, as the
/// f64::MAX bug did: the route answers 503 at the (shortened) deadline, the
/// log names the chart, stuck threads stay within the drawing slots, and
/// SIGTERM still ends the process, with exit status 0 (the shutdown itself
/// was clean; the abandoned drawings were already reported).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stuck_drawing_is_answered_in_time_and_logged_and_sigterm_still_ends_serve() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let env = [
        ("WAYMARK_FAILPOINT", "render_stuck"),
        ("WAYMARK_RENDER_DEADLINE_MS", "300"),
        ("WAYMARK_LOG", "warn"),
    ];
    let daemon = Daemon::start(&[], &config, &env).expect("serve starts");
    let http = client();
    let url = format!("{}/api/goals/liaoning-trains-2021/chart.svg", daemon.base);
    let res = http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["error"],
        "drawing the chart of goal liaoning-trains-2021 took longer than 300 ms; it was abandoned; try again later"
    );

    // Many more, at once: each is answered, and the stuck threads stay
    // within the slots (two per core, at least four).
    let requests = (0..12).map(|_| http.get(&url).send());
    for res in all_at_once(requests).await {
        assert_eq!(res.unwrap().status(), 503);
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let drawing = drawing_threads(daemon.pid());
    assert!(
        (1..=(2 * cores).max(4)).contains(&drawing),
        "{drawing} drawing threads"
    );
    let logged = |log: &str| {
        log.contains("a drawing passed its deadline and was abandoned")
            && log.contains("the chart of goal liaoning-trains-2021")
    };
    let log = daemon.wait_log(SAFETY, logged);
    assert!(logged(&log), "{log}");

    let (status, log) = daemon.stop_within(SAFETY);
    assert_eq!(status.code(), Some(0), "{log}");
    assert!(
        log.contains("waymark: stopped (") && log.contains("abandoned)"),
        "{log}"
    );
}

/// The same failpoint under `report`: it fails, naming a chart, and writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_whose_drawing_passes_its_deadline_fails_naming_the_chart_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let out = dir.path().join("report");
    let env = [
        ("WAYMARK_FAILPOINT", "render_stuck"),
        ("WAYMARK_RENDER_DEADLINE_MS", "200"),
    ];
    let run = waymark(&config, &["report", "--out", out.to_str().unwrap()], &env);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let named = ["the chart of goal ", "the overview chart"]
        .iter()
        .any(|c| stderr.contains(&format!("error: drawing {c}")));
    assert!(
        named && stderr.contains("took longer than 200 ms"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}

/// Threads of process `pid` named like the drawer's.
fn drawing_threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks
                .flatten()
                .filter(|t| {
                    std::fs::read_to_string(t.path().join("comm"))
                        .is_ok_and(|c| c.trim() == "waymark-draw")
                })
                .count()
        })
        .unwrap_or(0)
}

/// Run the requests concurrently; their results in order.
async fn all_at_once<F>(fs: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = fs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
