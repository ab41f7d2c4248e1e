//! `waymark pull` and `waymark catalogue check` as a person runs them.

use crate::common::cli::Env;
use crate::common::read_fixture;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
    let env = Env::new();
    let uri = server.uri();
    env.settings(&format!(
            "[[source]]\nname = \"good\"\nurl = \"{uri}/good.csv\"\nformat = \"csv\"\nallow_private = true\n\
             [[source]]\nname = \"gone\"\nurl = \"{uri}/gone.csv\"\nformat = \"csv\"\nallow_private = true\n"
    ));
    let run = tokio::task::spawn_blocking(move || {
        let all = env.run(&["pull"]);
        let one = env.run(&["pull", "good"]);
        let unknown = env.run(&["pull", "godo"]);
        let export = env.run(&["export"]);
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
    let env = Env::new();
    let good = "[[source]]\nname = \"wb\"\nurl = \"https://api.worldbank.org/v2/x?format=json\"\n\
                format = \"worldbank\"\nregion = \"china\"\nindicator = \"trade-share\"\n";
    env.settings(good);
    let run = env.run(&["catalogue", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    env.settings(&good.replace("\"china\"", "\"chnia\""));
    let run = env.run(&["catalogue", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("[[source]] \"wb\": key `region`: no region \"chnia\" in the catalogue"),
        "{}",
        run.stderr
    );

    env.settings(&format!("{good}allow_privat = true\n"));
    let run = env.run(&["catalogue", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("[[source]] \"wb\"") && run.stderr.contains("allow_privat"),
        "{}",
        run.stderr
    );
}
