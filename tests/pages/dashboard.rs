//! The dashboard: every goal with its title escaped, an unknown region
//! named with a suggestion, stale goals, and strangers sent to sign in when
//! reads are not public.

use crate::common::app::{Options, TestApp};
use crate::common::catalogue::fixture_with;
use crate::common::session::login;
use crate::common::{body, liaoning_figures};
use reqwest::StatusCode;

#[tokio::test]
async fn the_dashboard_lists_every_goal_with_its_title_escaped() {
    let cat = fixture_with(&[(
        "title = \"China-Europe trains up more than 10% in 2021\"",
        "title = \"Trains <script>alert(1)</script> & more\"",
    )]);
    let app = TestApp::spawn_with(Options {
        catalogue: Some(cat),
        ..Options::default()
    })
    .await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Trains &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("name=\"viewport\""));
    // The first link skips the header to the content, for keyboards and
    // screen readers.
    let first_link = html.find("<a ").unwrap();
    assert!(
        html[first_link..].starts_with("<a class=\"skip\" href=\"#main\">Skip to the content</a>"),
        "{html}"
    );
    assert!(html.contains("<main id=\"main\""), "{html}");
    for goal in &app.state.catalogue.goals {
        assert!(
            html.contains(&format!("/api/goals/{}/chart.png", goal.id)),
            "{}",
            goal.id
        );
    }
    let only = app.get("/?region=guizhou").await.text().await.unwrap();
    assert!(only.contains("Open the inland port"));
    assert!(!only.contains("alert(1)"));
}

#[tokio::test]
async fn an_unknown_dashboard_region_is_named_escaped_with_a_suggestion_and_every_goal_shown() {
    let app = TestApp::spawn().await;
    let html = app.get("/?region=guizho%3C").await.text().await.unwrap();
    assert!(
        html.contains(
            "Region: unknown region &quot;guizho&lt;&quot; (did you mean \
             &quot;guizhou&quot;?); showing every goal."
        ),
        "{html}"
    );
    for goal in &app.state.catalogue.goals {
        assert!(
            html.contains(&format!("id=\"goal-{}\"", goal.id)),
            "{}",
            goal.id
        );
    }
}

#[tokio::test]
async fn the_dashboard_says_since_when_a_stale_goals_figures_are_missing() {
    // Figures to June 2021 and no more: as of today the 2021 goal is long
    // past its target year.
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let html = app.get("/").await.text().await.unwrap();
    let start = html
        .find("id=\"goal-liaoning-trains-2021\"")
        .unwrap_or_else(|| panic!("{html}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("missing since Jul 2021"), "{section}");
    assert!(
        section.contains("data-status=\"not_available\""),
        "{section}"
    );
    assert!(
        section.contains("<dt>Overdue figures</dt><dd>Jul 2021 to Dec 2021</dd>"),
        "{section}"
    );
    assert!(!section.contains("Projected"), "{section}");
}

#[tokio::test]
async fn with_public_read_off_the_dashboard_sends_strangers_to_sign_in() {
    let app = TestApp::spawn_with(Options {
        public_read: false,
        ..Options::default()
    })
    .await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let b = login(&app, &app.operator).await.unwrap();
    let res = app
        .client
        .get(app.url("/"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The charts on the page load with the session too.
    let res = app
        .client
        .get(app.url("/api/goals/guizhou-port/chart.png"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// The dashboard's section for `goal`.
fn goal_section<'a>(html: &'a str, goal: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"goal-{goal}\""))
        .unwrap_or_else(|| panic!("{html}"));
    let section = &html[start..];
    &section[..section.find("</section>").unwrap()]
}

#[tokio::test]
async fn the_as_of_selector_shows_the_goals_as_they_stood_on_that_date() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let before = app.get("/?as_of=2020-12-31").await.text().await.unwrap();
    let section = goal_section(&before, "liaoning-trains-2021");
    assert!(
        section.contains("<dt>Latest period</dt><dd>Dec 2020</dd>"),
        "{section}"
    );
    assert!(before.contains("As of 2020-12-31."), "{before}");
    assert!(
        section.contains("/api/goals/liaoning-trains-2021/chart.png?as_of=2020-12-31&amp;lang=en"),
        "{section}"
    );
    // The chart as of then is another drawing than today's; a bad date is a 400.
    let chart = |q: &'static str| {
        let app = &app;
        async move {
            let res = app
                .get(&format!("/api/goals/liaoning-trains-2021/chart.svg{q}"))
                .await;
            (res.status(), res.text().await.unwrap())
        }
    };
    let (then_status, then) = chart("?as_of=2020-12-31").await;
    let (now_status, now) = chart("").await;
    assert_eq!((then_status, now_status), (StatusCode::OK, StatusCode::OK));
    assert_ne!(then, now);
    assert_eq!(chart("?as_of=2021-02-30").await.0, StatusCode::BAD_REQUEST);
    assert!(
        before.contains("name=\"as_of\" value=\"2020-12-31\""),
        "{before}"
    );

    let mid_year = app.get("/?as_of=2021-06-30").await.text().await.unwrap();
    let section = goal_section(&mid_year, "liaoning-trains-2021");
    assert!(!section.contains("data-status=\"pending\""), "{section}");
    assert!(
        !section.contains("data-status=\"not_available\""),
        "{section}"
    );
    assert!(!section.contains("missing since"), "{section}");

    // Today the figures stop in June 2021: the goal is past its year.
    let today = app.get("/").await.text().await.unwrap();
    let section = goal_section(&today, "liaoning-trains-2021");
    assert!(
        section.contains("data-status=\"not_available\""),
        "{section}"
    );

    // A bad date is said beside its field, escaped; the region choice holds.
    let bad = app
        .get("/?as_of=2021-13-01%3Cb%3E&region=liaoning")
        .await
        .text()
        .await
        .unwrap();
    assert!(bad.contains("aria-invalid=\"true\""), "{bad}");
    assert!(bad.contains("id=\"as_of-problem\""), "{bad}");
    assert!(bad.contains("2021-13-01&lt;b&gt;"), "{bad}");
    assert!(!bad.contains("<b>"), "{bad}");
    assert!(!bad.contains("id=\"goal-guizhou"), "{bad}");
}

#[tokio::test]
async fn the_dashboard_counts_every_status_and_puts_what_needs_attention_first() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let status = app.get_json("/api/status?as_of=2021-06-30").await;
    let html = app.get("/?as_of=2021-06-30").await.text().await.unwrap();
    let worst_first = [
        "deterioration",
        "target_missed",
        "limited_progress",
        "needs_acceleration",
        "not_available",
        "pending",
        "on_track",
        "target_achieved",
    ];
    let goals = status.as_array().unwrap();
    let rank = |s: &str| worst_first.iter().position(|w| *w == s).unwrap();
    // The counts: one item per status present, worst first, each the
    // number the status route gives.
    let counts = &html[html.find("<ul class=\"counts\"").unwrap()..];
    let counts = &counts[..counts.find("</ul>").unwrap()];
    let mut last = 0;
    let mut total = 0;
    for item in counts.split("<li>").skip(1) {
        let s = item.split("data-status=\"").nth(1).unwrap();
        let s = &s[..s.find('"').unwrap()];
        let n: usize = item
            .split("<strong>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let expected = goals.iter().filter(|g| g["status"] == s).count();
        assert_eq!(n, expected, "{s}: {counts}");
        assert!(rank(s) >= last, "{counts}");
        last = rank(s);
        total += n;
    }
    assert_eq!(total, goals.len(), "{counts}");
    // The goals: statuses never get better going down the page.
    let mut last = 0;
    for section in html.split("<section class=\"goal\"").skip(1) {
        let s = section.split("data-status=\"").nth(1).unwrap();
        let s = &s[..s.find('"').unwrap()];
        assert!(rank(s) >= last, "{s} after a better status");
        last = rank(s);
    }
    assert!(
        last > 0,
        "every goal has the same status: nothing was sorted"
    );
}
