//! Who may enter figures through the form: every kind of caller, signed
//! in through the login form or not at all.

use crate::common::app::{CALLERS, TestApp};
use crate::common::session::{FormExt, enter, login};
use reqwest::StatusCode;

#[tokio::test]
async fn the_entry_form_answers_each_caller_as_the_matrix_says() {
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-01"),
        ("value", "70"),
    ];
    for c in CALLERS {
        let app = TestApp::spawn().await;
        let code = match app.secret(c) {
            None => {
                // No session at all.
                let res = app
                    .client
                    .post(app.url("/enter"))
                    .form(&fields[..])
                    .send()
                    .await
                    .unwrap();
                res.status()
            }
            Some(token) => match login(&app, &token).await {
                Ok(b) => enter(&app, &b, &b.csrf, &fields).await.0,
                Err(refused) => refused,
            },
        };
        assert_eq!(code, c.expected(), "{c:?}");
        let written = i64::from(code == StatusCode::OK);
        assert_eq!(app.figure_count().await, written, "{c:?}");
    }
}
