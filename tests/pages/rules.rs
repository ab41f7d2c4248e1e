//! Indicator rules through the `/enter` form and the pasted CSV of
//! `/enter/csv`: each broken rule is a 422 naming the value and the rule
//! beside its field or line, and nothing is written, not even the good
//! figure beside it.

use crate::common::rules::{CASES, FUTURE, GOOD, app};
use crate::common::session::{FormExt, enter, login};
use reqwest::StatusCode;

/// What the page says of each of [`CASES`]: the value as given and the
/// rule in the page's words (the bound as the language writes numbers).
const PAGE_WORDS: [&str; 4] = [
    "Value &quot;-1&quot;: below 0, the smallest value the indicator accepts",
    "Value &quot;5001&quot;: above 5,000, the largest value the indicator accepts",
    "Value &quot;12.5&quot;: not a whole number",
    "Period &quot;2999-01&quot;: a period that has not ended yet",
];

#[tokio::test]
async fn the_entry_form_and_a_pasted_csv_refuse_a_figure_that_breaks_a_rule() {
    let app = app().await;
    let b = login(&app, &app.operator).await.unwrap();
    for (case, words) in CASES.iter().zip(PAGE_WORDS) {
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
        assert!(html.contains(words), "{words}: {html}");
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
        assert!(html.contains(&format!("Line 3: {words}")), "{html}");
        assert_eq!(app.figure_count().await, 0);
    }
}
