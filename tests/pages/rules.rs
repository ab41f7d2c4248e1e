//! Indicator rules through the `/enter` form and the pasted CSV of
//! `/enter/csv`: each broken rule is a 422 naming the value and the rule
//! beside its field or line, and nothing is written, not even the good
//! figure beside it.

use crate::common::rules::{CASES, FUTURE, GOOD, app};
use crate::common::session::{FormExt, enter, login};
use reqwest::StatusCode;

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
