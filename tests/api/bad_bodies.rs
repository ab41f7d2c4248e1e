//! A corpus of bad request bodies: each is answered 4xx with a message that
//! names what is wrong, and nothing is written.

use crate::common::app::TestApp;
use crate::common::{body, liaoning_figures};
use reqwest::StatusCode;
use serde_json::Value;

const T: &str = r#""region":"liaoning","indicator":"china-europe-trains""#;

/// (body, expected status, text the answer must contain)
fn corpus() -> Vec<(String, u16, &'static str)> {
    let huge = format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1e999}}]}}"#);
    let mut deep = String::new();
    for _ in 0..200 {
        deep.push('[');
    }
    vec![
        ("not json at all".into(), 400, "not valid JSON"),
        (String::new(), 400, "not valid JSON"),
        (r#"{"observations": [ {"#.into(), 400, "not valid JSON"),
        ("[1,2,3]".into(), 422, "expected an object"),
        ("{}".into(), 422, "missing field \\\"observations\\\""),
        (r#"{"observations": {}}"#.into(), 422, "expected a list"),
        (r#"{"observations": []}"#.into(), 422, "the list is empty"),
        (r#"{"observations": [42]}"#.into(), 422, "expected an object with region"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1}}],"extra":1}}"#), 422, "unknown field \\\"extra\\\""),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","valeu":1}}]}}"#), 422, "did you mean \\\"value\\\""),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01"}}]}}"#), 422, "missing value"),
        (format!(r#"{{"observations":[{{{T},"period":202101,"value":1}}]}}"#), 422, "expected a text, got the number 202101"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":true}}]}}"#), 422, "expected a number, got true"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":[1]}}]}}"#), 422, "expected a number, got a list"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":"NaN"}}]}}"#), 422, "must be a finite number"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":"12,406"}}]}}"#), 422, "write 12406"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-13","value":1}}]}}"#), 422, "column period"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-Q1","value":1}}]}}"#), 422, "does not match indicator"),
        (r#"{"observations":[{"region":"lioaning","indicator":"china-europe-trains","period":"2021-01","value":1}]}"#.into(), 422, "liaoning"),
        (r#"{"observations":[{"region":"liaoning","indicator":"trains","period":"2021-01","value":1}]}"#.into(), 422, "column indicator"),
        (
            format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1}},{{{T},"period":"2021-01","value":2}}]}}"#),
            422,
            "conflicts with 1 at index 0",
        ),
        (
            r#"{"observations":[{"region":"liaoning","indicator":"ecommerce-shops","period":"2021-01","value":1,"basis":"ytd"}]}"#.into(),
            422,
            "a level",
        ),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1,"basis":"yearly"}}]}}"#), 422, "invalid basis"),
        (huge, 400, "number out of range"),
        (deep, 400, "recursion limit"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":{{"nested":{{"garbage":[null]}}}}}}]}}"#), 422, "got an object"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1,"note":7}}]}}"#), 422, "column note"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1.7e308}}]}}"#), 422, "invalid number \\\"1.7e+308\\\" (out of range"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":-1.7e308}}]}}"#), 422, "invalid number \\\"-1.7e+308\\\" (out of range"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":"1e400"}}]}}"#), 422, "out of range"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01\n2021-02","value":1}}]}}"#), 422, "spans lines"),
        (format!(r#"{{"observations":[{{{T},"period":"2021-01","value":1,"note":"bell\u0007"}}]}}"#), 422, "control character U+0007"),
    ]
}

#[tokio::test]
async fn every_bad_body_gets_a_4xx_naming_the_problem_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let cases = corpus();
    assert!(cases.len() >= 15);
    for (text, code, needle) in cases {
        let (status, res) = app.post_raw(Some(&app.admin), text.clone()).await;
        assert_eq!(status.as_u16(), code, "{text:.200}\n→ {res}");
        let answer = res.to_string();
        assert!(
            answer.contains(needle),
            "{text:.200}\n→ {answer}\nexpected to contain {needle}"
        );
        if code == 422 {
            let errors = res["errors"].as_array().expect("errors list");
            assert!(!errors.is_empty());
            for e in errors {
                assert!(
                    e["message"].is_string()
                        && e["code"].is_string()
                        && e.get("index").is_some()
                        && e.get("field").is_some(),
                    "{e}"
                );
            }
        } else {
            assert!(res["error"].is_string(), "{res}");
        }
    }
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn one_bad_figure_among_good_ones_rejects_the_batch_with_its_index_and_field() {
    let app = TestApp::spawn().await;
    let mut figures = liaoning_figures();
    figures[7]["value"] = Value::String("12,406".into());
    figures[11]["period"] = Value::String("2020-13".into());
    let (code, res) = app.post_figures(&app.admin, &body(figures)).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = res["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{res}");
    assert_eq!(errors[0]["index"], 7);
    assert_eq!(errors[0]["field"], "value");
    // The message is import's, word for word.
    assert_eq!(
        errors[0]["message"],
        "column value: invalid number \"12,406\" (no thousands separators: write 12406)"
    );
    assert_eq!(errors[1]["index"], 11);
    assert_eq!(errors[1]["field"], "period");
    let codes = [&errors[0]["code"], &errors[1]["code"]];
    assert_eq!(codes, ["thousands_separator", "bad_period"], "{res}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn each_problem_has_a_code_and_points_at_others_by_index() {
    let app = TestApp::spawn().await;
    let b = serde_json::json!({"observations": [
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-01", "value": 1},
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-01", "value": 2},
        {"region": "lioaning", "indicator": "china-europe-trains", "period": "2021-02", "value": 3},
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-03", "value": "x"},
    ]});
    let (code, res) = app.post_figures(&app.admin, &b).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let got: Vec<(u64, &str, &str)> = res["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap();
            (e["index"].as_u64().unwrap(), s("field"), s("code"))
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "value", "conflict"),
            (2, "region", "unknown_region"),
            (3, "value", "not_a_number")
        ],
        "{res}"
    );
    assert!(
        res["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("column value: 2 conflicts with 1 at index 0 for liaoning"),
        "{res}"
    );
}

#[tokio::test]
async fn values_may_be_numbers_or_texts_and_the_same_figure_twice_is_unchanged() {
    let app = TestApp::spawn().await;
    let b = serde_json::json!({"observations": [
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-01", "value": "70", "note": "from the bureau"},
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-02", "value": 1.2e2, "basis": "ytd"},
    ]});
    let (code, res) = app.post_figures(&app.admin, &b).await;
    assert_eq!(code, StatusCode::OK, "{res}");
    assert_eq!(res["new"], 2);
    let (_, res) = app.post_figures(&app.admin, &b).await;
    assert_eq!(
        res,
        serde_json::json!({"new": 0, "revised": 0, "unchanged": 2, "held": 0, "warnings": [], "review": []})
    );
    let hist = app
        .state
        .store
        .history("liaoning", "china-europe-trains", None)
        .await
        .unwrap();
    assert_eq!(hist[0].note.as_deref(), Some("from the bureau"));
    assert_eq!(hist[1].basis, "ytd");
    assert_eq!(hist[1].source, "api");
    assert_eq!(hist[1].recorded_by, "admin");
}

#[tokio::test]
async fn a_huge_value_is_echoed_cut_short() {
    let app = TestApp::spawn().await;
    let value = "7".repeat(1_500_000) + "x";
    let b = serde_json::json!({"observations": [
        {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-01", "value": value},
    ]});
    let (code, res) = app.post_figures(&app.admin, &b).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = res.to_string();
    assert!(answer.len() < 400, "{} bytes: {answer:.400}", answer.len());
    assert!(answer.contains("(1500001 characters)"), "{answer}");
    assert_eq!(app.figure_count().await, 0);
}
