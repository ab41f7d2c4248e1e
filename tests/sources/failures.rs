//! Conditional requests, and every way a pull fails: recorded, nothing written.

use super::formats::{worldbank_server, worldbank_settings};
use super::{Db, feed, serve, settings};
use crate::common::read_fixture;
use std::time::Duration;
use waymark::sources::{PullStatus, failing_sources, last_outcomes};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_unchanged_feed_answers_304_and_nothing_is_written() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v1\"")
                .insert_header("Last-Modified", "Wed, 30 Jun 2021 08:00:00 GMT")
                .set_body_raw(read_fixture("sources/figures.csv"), "text/csv"),
        )
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let db = Db::new().await;
    let s = feed(&server, "csv", "");
    assert_eq!(db.pull_one(&s).await.status, PullStatus::Ok);
    let before = db.store.figure_count().await.unwrap();
    let second = db.pull_one(&s).await;
    assert_eq!(second.status, PullStatus::NotModified, "{second:?}");
    assert_eq!((second.new, second.revised, second.unchanged), (0, 0, 0));
    assert_eq!(db.store.figure_count().await.unwrap(), before);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one request per pull");
    let conditional = &requests[1].headers;
    assert_eq!(
        conditional.get("if-modified-since").unwrap(),
        "Wed, 30 Jun 2021 08:00:00 GMT"
    );
    server.verify().await;
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(read_fixture("sources/figures.csv"), "text/csv")
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let db = Db::new().await;
    let out = db
        .pull_one(&feed(&server, "csv", "timeout = \"300ms\"\n"))
        .await;
    db.assert_failed(&out, "no complete answer within 300ms")
        .await;
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let server = MockServer::start().await;
    let mut body = b"region,indicator,period,value\n".to_vec();
    while body.len() < 5000 {
        body.extend_from_slice(b"liaoning,china-europe-trains,2021-01,278\n");
    }
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "text/csv"),
    )
    .await;
    let db = Db::new().await;
    let out = db
        .pull_one(&feed(&server, "csv", "max_bytes = 1000\n"))
        .await;
    db.assert_failed(&out, "body larger than 1000 bytes").await;
}

#[tokio::test]
async fn a_malformed_payload_fails_the_pull() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
    )
    .await;
    let db = Db::new().await;
    let out = db
        .pull_one(&feed(
            &server,
            "worldbank",
            "region = \"china\"\nindicator = \"trade-share\"\n",
        ))
        .await;
    db.assert_failed(&out, "malformed worldbank payload").await;
    let out = db.pull_one(&feed(&server, "json", "")).await;
    db.assert_failed(&out, "malformed json payload").await;
}

#[tokio::test]
async fn an_unknown_code_names_the_code_and_the_column() {
    let server = worldbank_server().await;
    let db = Db::new().await;
    let out = db
        .pull_one(&settings(&worldbank_settings(&server, "")))
        .await;
    let error = db
        .assert_failed(&out, "column countryiso3code: unknown code \"USA\"")
        .await;
    assert!(error.contains("others = \"skip\""), "{error}");
}

#[tokio::test]
async fn an_invalid_figure_rejects_the_whole_pull() {
    let server = MockServer::start().await;
    let body = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,278\nliaoning,china-europe-trains,2021-Q1,12\n";
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "text/csv"),
    )
    .await;
    let db = Db::new().await;
    let out = db.pull_one(&feed(&server, "csv", "")).await;
    db.assert_failed(&out, "line 3: column period").await;
}

#[tokio::test]
async fn an_error_status_fails_and_a_later_good_pull_clears_the_failure() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down for maintenance"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(read_fixture("sources/figures.csv"), "text/csv"),
    )
    .await;
    let db = Db::new().await;
    let s = feed(&server, "csv", "");
    let first = db.pull_one(&s).await;
    db.assert_failed(&first, "HTTP 503 Service Unavailable: upstream down")
        .await;
    let since = failing_sources(&db.store).await.unwrap()[0].since.clone();
    db.pull_one(&s).await;
    let failing = failing_sources(&db.store).await.unwrap();
    assert_eq!((failing[0].attempts, &failing[0].since), (2, &since));

    let good = db.pull_one(&s).await;
    assert_eq!((good.status, good.new), (PullStatus::Ok, 5), "{good:?}");
    assert!(failing_sources(&db.store).await.unwrap().is_empty());
    assert_eq!(
        last_outcomes(&db.store).await.unwrap()[0].status,
        PullStatus::Ok
    );
}

#[tokio::test]
async fn a_quote_never_closed_fails_a_csv_pull_at_the_line_it_opened() {
    let server = MockServer::start().await;
    let body = "region,indicator,period,value,note\nliaoning,china-europe-trains,2021-01,278,\"customs, preliminary\nliaoning,china-europe-trains,2021-02,280,\n";
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "text/csv"),
    )
    .await;
    let db = Db::new().await;
    let out = db.pull_one(&feed(&server, "csv", "")).await;
    db.assert_failed(
        &out,
        "line 2: column note: the quote opened on this line is never closed",
    )
    .await;
}

#[tokio::test]
async fn a_quote_never_closed_fails_an_sdmx_pull_at_the_line_it_opened() {
    let server = MockServer::start().await;
    let fixture = String::from_utf8(read_fixture("sources/sdmx-trade.csv")).unwrap();
    let body = fixture.replace(
        "\"provisional, revised later\"",
        "\"provisional, revised later",
    );
    assert_ne!(body, fixture);
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "text/csv"),
    )
    .await;
    let db = Db::new().await;
    let mapping = r#"region = { column = "REF_AREA", values = { CN_LN = "liaoning", CN_ZJ = "zhejiang", CN_GZ = "guizhou" } }
indicator = { column = "INDICATOR", values = { TRD_IE = "import-export" } }
filter = { FREQ = "M", UNIT_MEASURE = "CNY" }
"#;
    let out = db.pull_one(&feed(&server, "sdmx-csv", mapping)).await;
    db.assert_failed(
        &out,
        "line 4: column COMMENT: the quote opened on this line is never closed",
    )
    .await;
}

#[tokio::test]
async fn a_value_beyond_1e15_fails_the_pull() {
    let server = MockServer::start().await;
    let body = r#"{"observations":[{"region":"liaoning","indicator":"china-europe-trains","period":"2021-01","value":1.7e308},{"region":"liaoning","indicator":"china-europe-trains","period":"2021-02","value":"-1e400"}]}"#;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let db = Db::new().await;
    let out = db.pull_one(&feed(&server, "json", "")).await;
    let error = db
        .assert_failed(
            &out,
            // serde_json writes the number back as 1.7e+308.
            "observation 1: column value: invalid number \"1.7e+308\" (out of range",
        )
        .await;
    assert!(
        error.contains("observation 2: column value: invalid number \"-1e400\" (out of range"),
        "{error}"
    );
}
