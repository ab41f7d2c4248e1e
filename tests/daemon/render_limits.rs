//! Issue 12: a value near f64::MAX made chart drawing spin forever, and a
//! daemon that said "stopped" stayed alive behind its stuck thread. Now
//! `report` and the chart routes finish with such values, a drawing that
//! passes its deadline is abandoned and reported, stuck drawings cannot pile
//! up, and SIGTERM ends `serve` whatever its drawing threads do. Timeouts
//! here are safety nets only; the tests wait on events (a response, an exit).

use crate::common::cli::{Env, Run};
use crate::common::daemon::Daemon;
use crate::common::lab::{Lab, series};
use crate::common::{all_at_once, client, images};
use std::time::Duration;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(120);
const HUGE: f64 = 1.7e308;

/// A folder whose database holds figures with ±1.7e308, as a database may
/// hold them whatever the importers accept: Liaoning's trains in 2021 (an
/// in-year chart) and Zhejiang's trade in 2021 and 2022 (annual totals near
/// ±f64::MAX).
async fn setup() -> Env {
    let lab = Lab::new().await;
    let mut trade = [100.0; 36];
    (trade[17], trade[26]) = (HUGE, -HUGE);
    let figures = [
        series("liaoning", "china-europe-trains", "2020-01", &[80.0; 12]),
        series(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            &[HUGE, -HUGE, 5.0],
        ),
        series("zhejiang", "import-export", "2020-01", &trade),
    ];
    lab.write(&figures.concat()).await;
    lab.close().await
}

/// Run `waymark ARGS…` in `env` to its end (killed after [`SAFETY`]).
fn waymark(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = env.command(args);
    Run::within(cmd.envs(vars.iter().copied()), SAFETY)
}

/// A chart file, PNG or SVG, as a reader opens it.
fn assert_valid_image(name: &str, bytes: &[u8]) {
    if name.ends_with(".png") {
        let img = images::png(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(img.width() > 0 && img.height() > 0, "{name}");
        return;
    }
    let elements =
        images::svg_elements(bytes).unwrap_or_else(|e| panic!("{name}: not well-formed: {e}"));
    assert!(elements >= 5, "{name}: {elements} elements");
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("inf<") && !text.contains("NaN"), "{name}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_with_values_near_f64_max_finishes_with_valid_charts() {
    let env = setup().await;
    for as_of in ["2021-03-31", "2022-12-31", "2023-06-30"] {
        let out = env.path(&format!("report-{as_of}"));
        let run = waymark(
            &env,
            &["report", "--as-of", as_of, "--out", out.to_str().unwrap()],
            &[],
        );
        assert_eq!(run.code, 0, "report as of {as_of}: {}", run.stderr);
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
        assert_eq!(
            charts, 10,
            "three goals, the overview and the milestone timeline, in two formats"
        );
        let svg = std::fs::read_to_string(out.join("goals/liaoning-trains-2021.svg")).unwrap();
        if as_of == "2021-03-31" {
            assert!(svg.contains("e308"), "the axis is labelled up to 1.7e308");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chart_routes_answer_for_values_near_f64_max_and_serve_then_stops() {
    let env = setup().await;
    let daemon =
        Daemon::start(env.command(&["serve"]).env("WAYMARK_LOG", "warn")).expect("serve starts");
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
    let env = Env::new();
    let vars = [
        ("WAYMARK_FAILPOINT", "render_stuck"),
        ("WAYMARK_RENDER_DEADLINE_MS", "300"),
        ("WAYMARK_LOG", "warn"),
    ];
    let daemon = Daemon::start(env.command(&["serve"]).envs(vars)).expect("serve starts");
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
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
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
    let env = Env::new();
    let out = env.path("report");
    let vars = [
        ("WAYMARK_FAILPOINT", "render_stuck"),
        ("WAYMARK_RENDER_DEADLINE_MS", "200"),
    ];
    let run = waymark(&env, &["report", "--out", out.to_str().unwrap()], &vars);
    let stderr = run.fails(1).stderr;
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
    std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |tasks| {
        tasks
            .flatten()
            .filter(|t| {
                std::fs::read_to_string(t.path().join("comm"))
                    .is_ok_and(|c| c.trim() == "waymark-draw")
            })
            .count()
    })
}
