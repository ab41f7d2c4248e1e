//! SIGKILL `waymark report` at random moments: whatever is in the report
//! folder afterwards is complete (every PNG decodes, SVG is well-formed XML,
//! the page ends, status.json parses, the email parses with every inline
//! chart decoding), and the next report removes the temp files a killed run
//! left behind.

use crate::common::catalogue::Builder;
use crate::common::cli::Env;
use crate::common::{block_on, db, images};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

const REGIONS: usize = 10;
const INDICATORS: usize = 4;
const GOALS_PER_SERIES: usize = 5;

/// 200 goals over 40 monthly series with 18 months of figures each.
fn many_goals_env() -> Env {
    let mut cat = Builder::new();
    for r in 0..REGIONS {
        cat = cat.region(&format!("r{r}"), &format!("Region {r}"));
    }
    for i in 0..INDICATORS {
        cat = cat.indicator(
            &format!("i{i}"),
            &format!("Indicator {i}"),
            "u",
            "monthly",
            "flow",
        );
    }
    let mut csv = String::from("region,indicator,period,value\n");
    for r in 0..REGIONS {
        for i in 0..INDICATORS {
            for g in 0..GOALS_PER_SERIES {
                cat = cat.growth(
                    &format!("r{r}-i{i}-g{g}"),
                    &format!("Goal {g} of r{r}/i{i}"),
                    (&format!("r{r}"), &format!("i{i}")),
                    5 * g as i32 - 5,
                    2021,
                );
            }
            for m in 0..18 {
                csv += &format!(
                    "r{r},i{i},{}-{:02},{}\n",
                    2020 + m / 12,
                    m % 12 + 1,
                    100 + (r * 7 + i * 3 + m * 5) % 40
                );
            }
        }
    }
    let env = Env::with_catalogue_text(&cat.build());
    let file = env.write("figures.csv", &csv);
    env.run(&["import", file.to_str().unwrap()]).ok();
    env
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn is_temp(p: &Path) -> bool {
    let name = p.file_name().unwrap().to_string_lossy();
    name.starts_with('.') && name.contains(".tmp-")
}

/// Why a report file is not complete, if it is not.
fn incomplete(p: &Path) -> Option<String> {
    let bytes = std::fs::read(p).ok()?;
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
    let err = match ext {
        "png" => images::png(&bytes).err(),
        "svg" => images::svg_elements(&bytes).err(),
        "html" => {
            let text = String::from_utf8_lossy(&bytes);
            (!text.trim_end().ends_with("</html>")).then(|| "does not end with </html>".into())
        }
        "json" => serde_json::from_slice::<serde_json::Value>(&bytes)
            .err()
            .map(|e| e.to_string()),
        "eml" => eml_problem(&bytes),
        "txt" => (bytes.is_empty() || !bytes.ends_with(b"\n")).then(|| "truncated text".into()),
        _ => Some("unexpected file".into()),
    };
    err.map(|e| format!("{}: {e}", p.display()))
}

fn eml_problem(bytes: &[u8]) -> Option<String> {
    let Some(msg) = mail_parser::MessageParser::default().parse(bytes) else {
        return Some("does not parse".into());
    };
    if msg.body_text(0).is_none() || msg.body_html(0).is_none() {
        return Some("text or HTML part missing".into());
    }
    let mut images = 0;
    for a in msg.attachments() {
        if let Err(e) = images::png(a.contents()) {
            return Some(format!("inline chart does not decode: {e}"));
        }
        images += 1;
    }
    let want = REGIONS * INDICATORS * GOALS_PER_SERIES + 1;
    (images != want).then(|| format!("{images} inline charts, expected {want}"))
}

/// Run with `RELIABILITY_BIN=target/release/waymark cargo test --test integration -- --ignored killed_reports`
/// after `cargo build --release` (or without RELIABILITY_BIN for the debug
/// binary, slower). `RENDER_KILLS=N` changes the number of kills (default 100).
#[test]
#[ignore = "slow: kills `waymark report` 100 times; run with --ignored"]
fn killed_reports_never_leave_a_truncated_file_and_the_next_run_cleans_up() {
    let kills_wanted: usize = std::env::var("RENDER_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let env = many_goals_env();
    let out = env.path("out");
    let report = || {
        let args = [
            "report",
            "--as-of",
            "2021-06-30",
            "--out",
            out.to_str().unwrap(),
        ];
        env.command(&args)
    };

    let started = Instant::now();
    let status = report().stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let typical = started.elapsed();
    for f in files_under(&out) {
        assert_eq!(incomplete(&f), None);
    }

    let (mut kills, mut finished, mut left_temps, mut checked) = (0, 0, 0, 0);
    while kills < kills_wanted {
        let delay = typical.mul_f64(rand::random_range(0.0..1.0));
        let mut child = report()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap();
                kills += 1;
            }
        }
        child.wait().unwrap();
        let files = files_under(&out);
        if files.iter().any(|p| is_temp(p)) {
            left_temps += 1;
        }
        for f in files.iter().filter(|p| !is_temp(p)) {
            checked += 1;
            if let Some(problem) = incomplete(f) {
                panic!("after kill {kills} at {delay:?}: {problem}");
            }
        }
        assert_eq!(block_on(db::integrity(&env.db())), "ok");
    }

    // A run that completes removes whatever temp files killed runs left.
    let status = report().stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let files = files_under(&out);
    let temps: Vec<_> = files.iter().filter(|p| is_temp(p)).collect();
    assert!(
        temps.is_empty(),
        "temp files left after a full run: {temps:?}"
    );
    for f in &files {
        assert_eq!(incomplete(f), None);
    }
    eprintln!(
        "render-crash: {kills} kills, {finished} finished first, {checked} files checked, 0 incomplete, \
         temp files of killed runs present at {left_temps} checks, 0 after the next full run (typical run {typical:?})"
    );
}
