//! Indicator rules through every HTTP way in (`POST /api/observations`,
//! the `/enter` form and the pasted CSV of `/enter/csv`): each broken rule
//! is a 422 naming the value and the rule, and nothing is written, not
//! even the good figure beside it.

use crate::harness::{FormExt, Options, TestApp};
use crate::pages::{enter, login};
use crate::rule_cases::{CASES, FUTURE, GOOD, catalogue};
use reqwest::StatusCode;
use serde_json::json;

async fn app() -> TestApp {
    TestApp::spawn_with(Options {
        catalogue: Some(catalogue()),
        ..Options::default()
    })
    .await
}

fn figure(period: &str, value: &str) -> serde_json::Value {
    json!({"region": "liaoning", "indicator": "china-europe-trains", "period": period, "value": value})
}

#[tokio::test]
async fn the_api_refuses_a_body_with_a_figure_that_breaks_a_rule() {
    let app = app().await;
    for case in CASES {
        let body =
            json!({"observations": [figure(GOOD.0, GOOD.1), figure(case.period, case.value)]});
        let (status, res) = app.post_figures(&app.operator, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
        let errors = res["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{res}");
        assert_eq!(errors[0]["index"], 1, "{res}");
        let field = if case.period == FUTURE {
            "period"
        } else {
            "value"
        };
        assert_eq!(errors[0]["field"], field, "{res}");
        let message = errors[0]["message"].as_str().unwrap();
        for needle in case.needles {
            assert!(message.contains(needle), "{needle}: {message}");
        }
        assert_eq!(app.figure_count().await, 0);
    }
    let body = json!({"observations": [figure(GOOD.0, GOOD.1)]});
    let (status, res) = app.post_figures(&app.operator, &body).await;
    assert_eq!(status, StatusCode::OK, "{res}");
}

#[tokio::test]
async fn the_entry_form_and_a_pasted_csv_refuse_a_figure_that_breaks_a_rule() {
    let app = app().await;
    let b = login(&app, &app.operator).await.unwrap();
    for case in CASES {
        let fields = [
            ("region", "liaoning"),
            ("indicator", "china-europe-trains"),
            ("period", case.period),
            ("value", case.value),
        ];
        let (code, html) = enter(&app, &b, &b.csrf, &fields).await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let beside = if case.period == FUTURE {
            "id=\"period-error\""
        } else {
            "id=\"value-error\""
        };
        assert!(html.contains(beside), "{beside}: {html}");
        for needle in case.needles {
            assert!(html.contains(needle), "{needle}: {html}");
        }
        assert_eq!(app.figure_count().await, 0);

        let csv = format!(
            "region,indicator,period,value\n\
             liaoning,china-europe-trains,{},{}\n\
             liaoning,china-europe-trains,{},{}\n",
            GOOD.0, GOOD.1, case.period, case.value
        );
        let res = app
            .client
            .post(app.url("/enter/csv"))
            .header("cookie", &b.cookie)
            .form(&[("csrf", b.csrf.as_str()), ("csv", &csv)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("Line 3"), "{html}");
        for needle in case.needles {
            assert!(html.contains(needle), "{needle}: {html}");
        }
        assert_eq!(app.figure_count().await, 0);
    }
}
