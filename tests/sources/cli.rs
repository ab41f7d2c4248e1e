//! `waymark pull` and `waymark catalogue check` as a person runs them.

use crate::harness::{fixture, read_fixture};
use std::process::Command;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn waymark(dir: &std::path::Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waymark"));
    cmd.current_dir(dir)
        .arg("--config")
        .arg(dir.join("waymark.toml"))
        .args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("WAYMARK_") {
            cmd.env_remove(k);
        }
    }
    let o = cmd.output().expect("run waymark");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn config(dir: &std::path::Path, sources: &str) {
    let text = format!(
        "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n{sources}",
        fixture("catalogue.toml").display().to_string(),
        dir.join("test.db").display()
    );
    std::fs::write(dir.join("waymark.toml"), text).unwrap();
}

#[tokio::test]
async fn pull_prints_each_source_and_exits_1_when_one_failed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/good.csv"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(read_fixture("sources/figures.csv"), "text/csv"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/gone.csv"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let uri = server.uri();
    config(
        dir.path(),
        &format!(
            "[[source]]\nname = \"good\"\nurl = \"{uri}/good.csv\"\nformat = \"csv\"\nallow_private = true\n\
             [[source]]\nname = \"gone\"\nurl = \"{uri}/gone.csv\"\nformat = \"csv\"\nallow_private = true\n"
        ),
    );
    let dir = dir.path().to_path_buf();
    let run = tokio::task::spawn_blocking(move || {
        let all = waymark(&dir, &["pull"]);
        let one = waymark(&dir, &["pull", "good"]);
        let unknown = waymark(&dir, &["pull", "godo"]);
        let export = waymark(&dir, &["export"]);
        (all, one, unknown, export)
    });
    let (all, one, unknown, export) = run.await.unwrap();
    assert_eq!(all.code, 1, "{}{}", all.stdout, all.stderr);
    assert!(
        all.stdout
            .contains("good: ok 5 new, 0 revised, 0 unchanged\n")
            && all.stdout.contains("gone: FAILED: ")
            && all.stdout.contains("HTTP 404 Not Found"),
        "{}",
        all.stdout
    );
    assert!(
        all.stderr.contains("source gone: ") && all.stderr.contains("1 source(s) failed: gone"),
        "{}",
        all.stderr
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, "good: ok 0 new, 0 revised, 5 unchanged\n");
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean"),
        "{}",
        unknown.stderr
    );
    assert_eq!(export.stdout.lines().count(), 6, "{}", export.stdout);
}

#[test]
fn catalogue_check_reports_bad_sources() {
    let dir = tempfile::tempdir().unwrap();
    let good = "[[source]]\nname = \"wb\"\nurl = \"https://api.worldbank.org/v2/x?format=json\"\n\
                format = \"worldbank\"\nregion = \"china\"\nindicator = \"trade-share\"\n";
    config(dir.path(), good);
    let run = waymark(dir.path(), &["catalogue", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    config(dir.path(), &good.replace("\"china\"", "\"chnia\""));
    let run = waymark(dir.path(), &["catalogue", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("[[source]] \"wb\": key `region`: no region \"chnia\" in the catalogue"),
        "{}",
        run.stderr
    );

    config(dir.path(), &format!("{good}allow_privat = true\n"));
    let run = waymark(dir.path(), &["catalogue", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("[[source]] \"wb\"") && run.stderr.contains("allow_privat"),
        "{}",
        run.stderr
    );
}
