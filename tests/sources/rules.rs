//! Indicator rules on pulled figures: a payload with one figure that breaks
//! a rule fails the pull, naming the value and the rule, and nothing of it
//! is written (the failure is recorded for alerts).

use super::{Db, settings};
use crate::common::rules::{CASES, GOOD, catalogue};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_pull_with_a_figure_that_breaks_a_rule_fails_whole() {
    for case in CASES {
        let csv = format!(
            "region,indicator,period,value\n\
             liaoning,china-europe-trains,{},{}\n\
             liaoning,china-europe-trains,{},{}\n",
            GOOD.0, GOOD.1, case.period, case.value
        );
        let json = serde_json::json!({"observations": [
            {"region": "liaoning", "indicator": "china-europe-trains", "period": GOOD.0, "value": GOOD.1},
            {"region": "liaoning", "indicator": "china-europe-trains", "period": case.period, "value": case.value},
        ]});
        for (format, body, at) in [
            ("csv", csv, "line 3: column "),
            ("json", json.to_string(), "observation 2: column "),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_string(body))
                .mount(&server)
                .await;
            let db = Db::with_catalogue(&catalogue()).await;
            let s = settings(&format!(
                "[[source]]\nname = \"feed\"\nurl = \"{}/feed\"\nformat = \"{format}\"\nallow_private = true\n",
                server.uri()
            ));
            let outcome = db.pull_one(&s).await;
            let error = db.assert_failed(&outcome, at).await;
            for needle in case.needles {
                assert!(error.contains(needle), "{format}: {needle}: {error}");
            }
        }
    }
}
