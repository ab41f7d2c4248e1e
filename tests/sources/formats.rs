//! Each format, from a realistic fixture, recorded like any other figure.

use super::{Db, settings};
use crate::common::read_fixture;
use waymark::sources::{PullStatus, failing_sources, last_outcomes};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WB_PATH: &str = "/v2/country/CHN;USA/indicator/NE.TRD.GNFS.ZS";

pub async fn worldbank_server() -> MockServer {
    let server = MockServer::start().await;
    for (page, file) in [
        (None, "worldbank-page1.json"),
        (Some("2"), "worldbank-page2.json"),
    ] {
        let mock = Mock::given(method("GET")).and(path(WB_PATH));
        let mock = match page {
            None => mock.and(query_param_is_missing("page")),
            Some(p) => mock.and(query_param("page", p)),
        };
        mock.respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(read_fixture(&format!("sources/{file}")), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    }
    server
}

pub fn worldbank_settings(server: &MockServer, others: &str) -> String {
    format!(
        r#"[[source]]
name = "wb-trade"
url = "{}{WB_PATH}?format=json&per_page=8"
format = "worldbank"
allow_private = true
region = {{ column = "countryiso3code", values = {{ CHN = "china" }}{others} }}
indicator = {{ column = "indicator", values = {{ "NE.TRD.GNFS.ZS" = "trade-share" }} }}
"#,
        server.uri()
    )
}

#[tokio::test]
async fn worldbank_pages_are_all_fetched_and_null_values_are_gaps() {
    let server = worldbank_server().await;
    let db = Db::new().await;
    let s = settings(&worldbank_settings(&server, r#", others = "skip""#));
    let out = db.pull_one(&s).await;
    assert_eq!(out.status, PullStatus::Ok, "{out:?}");
    assert_eq!((out.new, out.revised, out.unchanged), (7, 0, 0));
    let figures = db.figures().await;
    assert_eq!(
        figures.len(),
        7,
        "2016..2022 for CHN; 2023 is null, USA skipped"
    );
    assert_eq!(
        figures[0],
        ("china".into(), "trade-share".into(), "2016".into(), 36.95)
    );
    let history = db
        .store
        .history("china", "trade-share", Some("2022"))
        .await
        .unwrap();
    assert_eq!(history[0].recorded_by, "source:wb-trade");
    assert_eq!(history[0].source, "source:wb-trade");
    server.verify().await;
}

#[tokio::test]
async fn a_second_pull_of_the_same_data_changes_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(read_fixture("sources/figures.csv"), "text/csv"),
        )
        .mount(&server)
        .await;
    let db = Db::new().await;
    let s = settings(&format!(
        "[[source]]\nname = \"feed\"\nurl = \"{}/figures.csv\"\nformat = \"csv\"\nallow_private = true\n",
        server.uri()
    ));
    let first = db.pull_one(&s).await;
    assert_eq!((first.status, first.new), (PullStatus::Ok, 5), "{first:?}");
    let second = db.pull_one(&s).await;
    assert_eq!(
        (second.new, second.revised, second.unchanged),
        (0, 0, 5),
        "{second:?}"
    );
    let last = last_outcomes(&db.store).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!((last[0].source.as_str(), last[0].unchanged), ("feed", 5));
}

#[tokio::test]
async fn sdmx_csv_rows_are_filtered_mapped_and_gaps_skipped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/data/DF_TRADE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            read_fixture("sources/sdmx-trade.csv"),
            "application/vnd.sdmx.data+csv; version=2.0.0",
        ))
        .mount(&server)
        .await;
    let db = Db::new().await;
    let s = settings(&format!(
        r#"[[source]]
name = "trade-sdmx"
url = "{}/data/DF_TRADE"
format = "sdmx-csv"
allow_private = true
region = {{ column = "REF_AREA", values = {{ CN_LN = "liaoning", CN_ZJ = "zhejiang", CN_GZ = "guizhou" }} }}
indicator = {{ column = "INDICATOR", values = {{ TRD_IE = "import-export" }} }}
filter = {{ FREQ = "M", UNIT_MEASURE = "CNY" }}
"#,
        server.uri()
    ));
    let out = db.pull_one(&s).await;
    assert_eq!((out.status, out.new), (PullStatus::Ok, 6), "{out:?}");
    let ie =
        |r: &str, p: &str, v: f64| (r.to_string(), "import-export".to_string(), p.to_string(), v);
    assert_eq!(
        db.figures().await,
        vec![
            ie("guizhou", "2021-02", 48.2),
            ie("liaoning", "2021-01", 622.9),
            ie("liaoning", "2021-02", 541.3),
            ie("liaoning", "2021-03", 668.0),
            ie("zhejiang", "2021-01", 3288.4),
            ie("zhejiang", "2021-02", 2354.7),
        ]
    );
}

#[tokio::test]
async fn sdmx_csv_without_a_filter_reports_the_conflicting_rows() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(read_fixture("sources/sdmx-trade.csv"), "text/csv"),
        )
        .mount(&server)
        .await;
    let db = Db::new().await;
    let s = settings(&format!(
        r#"[[source]]
name = "trade-sdmx"
url = "{}/data"
format = "sdmx-csv"
allow_private = true
region = {{ column = "REF_AREA", values = {{ CN_LN = "liaoning", CN_ZJ = "zhejiang", CN_GZ = "guizhou" }} }}
indicator = "import-export"
filter = {{ FREQ = "M" }}
"#,
        server.uri()
    ));
    let out = db.pull_one(&s).await;
    // The USD row of CN_LN 2021-01 (line 6) lands on the same figure as the CNY one.
    db.assert_failed(
        &out,
        "line 6: column value: 96.1 conflicts with 622.9 on line 2",
    )
    .await;
}

#[tokio::test]
async fn json_observations_take_numbers_strings_and_flags() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            read_fixture("sources/observations.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let db = Db::new().await;
    let s = settings(&format!(
        "[[source]]\nname = \"api\"\nurl = \"{}/obs\"\nformat = \"json\"\nallow_private = true\n",
        server.uri()
    ));
    let out = db.pull_one(&s).await;
    assert_eq!((out.status, out.new), (PullStatus::Ok, 4), "{out:?}");
    let ytd = db
        .store
        .history("zhejiang", "import-export", Some("2021-02"))
        .await
        .unwrap();
    assert_eq!((ytd[0].value, ytd[0].basis.as_str()), (5643.1, "ytd"));
    let shops = db
        .store
        .history("zhejiang", "ecommerce-shops", None)
        .await
        .unwrap();
    assert_eq!(shops[0].note.as_deref(), Some("count at month end"));
    let fdi = db
        .store
        .history("liaoning", "fdi-actual", None)
        .await
        .unwrap();
    assert_eq!(fdi[0].flag.as_deref(), Some("P"), "the flag, upper-case");
    assert!(failing_sources(&db.store).await.unwrap().is_empty());
}
