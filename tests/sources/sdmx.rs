//! SDMX-CSV units, flags, labels and separators: `UNIT_MULT` lands every
//! figure in its indicator's unit, `OBS_STATUS` becomes the flag, and a
//! labelled, semicolon-separated message reads like the plain one.

use super::{Db, feed, serve};
use crate::common::catalogue::{fixture_text, fixture_with};
use crate::common::read_fixture;
use waymark::domain::{Catalogue, Flag};
use waymark::sources::PullStatus;
use waymark::sources::formats::read_sdmx_csv;
use wiremock::{MockServer, ResponseTemplate};

const FDI: &str = "sources/sdmx-fdi-units.csv";

/// Liaoning's FDI at any UNIT_MULT, into the quarterly `fdi-actual`.
const FDI_MAP: &str = r#"region = { column = "REF_AREA", values = { CN_LN = "liaoning" } }
indicator = { column = "MEASURE", values = { FDI_USED = "fdi-actual" } }
filter = { FREQ = "Q" }
"#;

async fn server_with(body: impl Into<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    serve(&server, sdmx_response(body)).await;
    server
}

fn sdmx_response(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(body.into(), "application/vnd.sdmx.data+csv; version=2.0.0")
}

fn fdi_text() -> String {
    String::from_utf8(read_fixture(FDI)).unwrap()
}

/// The test catalogue with `fdi-actual` in units of 10^`unit_mult` USD.
fn catalogue_with_fdi_unit_mult(unit_mult: i32) -> String {
    let fdi = "frequency = \"quarterly\"\nmeasure = \"flow\"\ndue_days = 45\ndecimals = 1";
    fixture_with(&[(
        &format!("unit = \"million USD\"\n{fdi}\nunit_mult = 6\n"),
        &format!("unit = \"USD\"\n{fdi}\nunit_mult = {unit_mult}\n"),
    )])
}

#[tokio::test]
async fn unit_mult_0_3_6_9_lands_every_figure_in_the_indicators_unit() {
    // The issue's feed: 761.2 at 10^9 and 762400 at 10^6, then 10^0 and 10^3.
    let server = server_with(read_fixture(FDI)).await;
    for (unit_mult, want) in [
        (6, [761_200.0, 762_400.0, 763_600.0, 764_800.0]),
        (8, [7612.0, 7624.0, 7636.0, 7648.0]),
        (0, [761.2e9, 762.4e9, 763.6e9, 764.8e9]),
    ] {
        let db = Db::with_catalogue(&catalogue_with_fdi_unit_mult(unit_mult)).await;
        let out = db.pull_one(&feed(&server, "sdmx-csv", FDI_MAP)).await;
        assert_eq!((out.status, out.new), (PullStatus::Ok, 4), "{out:?}");
        let got: Vec<(String, f64)> = db
            .figures()
            .await
            .into_iter()
            .map(|(_, _, period, value)| (period, value))
            .collect();
        let quarters = ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"];
        let want: Vec<(String, f64)> = quarters
            .iter()
            .map(std::string::ToString::to_string)
            .zip(want)
            .collect();
        assert_eq!(
            got, want,
            "unit_mult {unit_mult}; 2022-Q1 (M) and 2022-Q2 (empty) are gaps"
        );
    }
}

#[tokio::test]
async fn obs_status_comes_out_of_the_reader_as_each_figures_flag() {
    let server = MockServer::start().await;
    let settings = feed(&server, "sdmx-csv", FDI_MAP);
    let catalogue = Catalogue::from_toml(&fixture_text(), "catalogue.toml").unwrap();
    let figures = read_sdmx_csv(&read_fixture(FDI), &settings.source[0], &catalogue).unwrap();
    let flags: Vec<(String, Option<Flag>)> = figures
        .iter()
        .map(|f| (f.period.to_string(), f.flag))
        .collect();
    let p = |q: &str, f| (q.to_string(), Some(f));
    assert_eq!(
        flags,
        [
            p("2021-Q1", Flag::Normal),
            p("2021-Q2", Flag::Estimated),
            p("2021-Q3", Flag::Provisional),
            p("2021-Q4", Flag::Provisional),
        ],
        "`p` and `P` alike; the `M` row is no figure"
    );
}

#[tokio::test]
async fn a_pull_stores_each_figures_flag_and_a_changed_flag_is_a_revision() {
    let server = server_with(read_fixture(FDI)).await;
    let db = Db::new().await;
    let settings = feed(&server, "sdmx-csv", FDI_MAP);
    let out = db.pull_one(&settings).await;
    assert_eq!((out.status, out.new), (PullStatus::Ok, 4), "{out:?}");
    let flags = |figures: Vec<waymark::store::CurrentFigure>| -> Vec<(String, Option<String>)> {
        figures.into_iter().map(|f| (f.period, f.flag)).collect()
    };
    let stored = flags(db.store.current_figures(None).await.unwrap());
    let p = |q: &str, f: &str| (q.to_string(), Some(f.to_string()));
    assert_eq!(
        stored,
        [
            p("2021-Q1", "A"),
            p("2021-Q2", "E"),
            p("2021-Q3", "P"),
            p("2021-Q4", "P")
        ]
    );
    // The provisional Q3 confirmed as normal, same value: a revision, not "unchanged".
    server.reset().await;
    let confirmed = fdi_text().replace("763600000000,0,p", "763600000000,0,A");
    serve(&server, sdmx_response(confirmed)).await;
    let out = db.pull_one(&settings).await;
    assert_eq!(
        (out.status, out.new, out.revised),
        (PullStatus::Ok, 0, 1),
        "{out:?}"
    );
    let stored = flags(db.store.current_figures(None).await.unwrap());
    assert_eq!(stored[2], p("2021-Q3", "A"));
}

#[tokio::test]
async fn a_unit_mult_that_cannot_be_applied_fails_the_pull_naming_the_row() {
    for bad in ["x", "2.5", "99"] {
        let body = fdi_text().replace("762400,6,E", &format!("762400,{bad},E"));
        let server = server_with(body).await;
        let db = Db::new().await;
        let out = db.pull_one(&feed(&server, "sdmx-csv", FDI_MAP)).await;
        let needle = format!(
            "1 problem: line 3: column UNIT_MULT: \"{bad}\" is not a power of ten waymark can apply"
        );
        db.assert_failed(&out, &needle).await;
    }
}

#[tokio::test]
async fn an_unknown_obs_status_fails_the_pull_naming_the_row_and_code() {
    let body = fdi_text().replace("763600000000,0,p", "763600000000,0,Q");
    let server = server_with(body).await;
    let db = Db::new().await;
    let out = db.pull_one(&feed(&server, "sdmx-csv", FDI_MAP)).await;
    db.assert_failed(
        &out,
        "line 4: column OBS_STATUS: unknown flag \"Q\" (expected A normal,",
    )
    .await;
}

#[tokio::test]
async fn a_labelled_semicolon_message_gives_the_figures_of_the_plain_one() {
    let trade = |index| {
        format!(
            r#"region = {{ column = "REF_AREA", values = {{ CN_LN = "liaoning", CN_ZJ = "zhejiang", CN_GZ = "guizhou" }} }}
indicator = {{ column = "{index}", values = {{ TRD_IE = "import-export" }} }}
filter = {{ FREQ = "M", UNIT_MEASURE = "CNY" }}
"#
        )
    };
    let plain = Db::new().await;
    let server = server_with(read_fixture("sources/sdmx-trade.csv")).await;
    let out = plain
        .pull_one(&feed(&server, "sdmx-csv", &trade("INDICATOR")))
        .await;
    assert_eq!((out.status, out.new), (PullStatus::Ok, 6), "{out:?}");

    // Labels in the header and in coded cells, `;`, CRLF, and the same
    // amounts at multipliers 0, 3, 4, 6, 8 and 9; a setting may copy a
    // labelled column name.
    let labelled = Db::new().await;
    let server = server_with(read_fixture("sources/sdmx-trade-labels.csv")).await;
    let s = feed(&server, "sdmx-csv", &trade("INDICATOR: Indicator"));
    let out = labelled.pull_one(&s).await;
    assert_eq!((out.status, out.new), (PullStatus::Ok, 6), "{out:?}");
    let figures = labelled.figures().await;
    assert_eq!(figures, plain.figures().await);
    assert_eq!(
        figures[2],
        (
            "liaoning".into(),
            "import-export".into(),
            "2021-02".into(),
            541.3
        )
    );
}
