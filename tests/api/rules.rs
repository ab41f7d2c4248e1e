//! Indicator rules through `POST /api/observations`: each broken rule is a
//! 422 naming the value and the rule, and nothing is written, not even the
//! good figure beside it. (The forms: `pages::rules`.)

use crate::common::rules::{CASES, FUTURE, GOOD, app};
use reqwest::StatusCode;
use serde_json::json;

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
