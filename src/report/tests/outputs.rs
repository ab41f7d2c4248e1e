use crate::domain::Lang;
use crate::report::fixtures::{self, HOSTILE};
use crate::report::page::{OVERVIEW_CID, goal_cid};
use crate::report::{
    GOAL_CHART_SIZE, goal_chart, index_html, overview_chart, summary_eml, summary_text,
};
use mail_parser::{MessageParser, MimeHeaders};

fn charts_of(input: &crate::report::ReportInput) -> Vec<(String, Vec<u8>)> {
    let (w, h) = GOAL_CHART_SIZE;
    input
        .views
        .iter()
        .map(|v| {
            (
                v.goal.id.to_string(),
                goal_chart(v, Lang::En, w, h).unwrap().png,
            )
        })
        .collect()
}

#[test]
fn the_digest_gives_counts_then_attention_then_each_goal_with_its_figures() {
    let text = summary_text(&fixtures::input(fixtures::all_views()));
    let pos = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} missing from:\n{text}"))
    };
    assert!(
        pos("as of 2021-07-31")
            < pos("5 goals: 1 on track, 2 limited progress, 1 deterioration, 1 pending")
    );
    assert!(pos("pending") < pos("NEEDS ATTENTION"));
    assert!(pos("NEEDS ATTENTION") < pos("GOALS"));
    pos("Double FDI by 2023: Needs acceleration → Limited progress");
    // Worst first among the goals off track.
    assert!(
        pos("Customs clearance keeps getting faster: Deterioration (score -5.0)")
            < pos("Double FDI by 2023: Limited progress (score -0.3)")
    );
    pos("Liaoning, Foreign direct investment 2022 Q2 (due 2022-07-20)");
    pos("clearance-faster: deterioration since 2021-03");
    // The Liaoning worked example, with the indicator's decimals and unit.
    pos("Status: On track (ratio 1.28, score 4.9)");
    pos("To date: 457 trains (Jan 2021 to Jun 2021)");
    pos("Year on year: +12.8%");
    pos(
        "Projected vs target: 1,106 trains for 2021 (seasonal projection) vs target 1,078 trains in 2021",
    );
    pos("Required per remaining month: at least 104 trains a month (6 months left)");
    pos("Chart: goals/liaoning-trains-2021.png");
    pos("Missing figures: 2022 Q2");
    pos("State: in progress");
}

#[test]
fn with_nothing_to_report_the_digest_says_so() {
    let mut input = fixtures::input(vec![fixtures::liaoning("Trains", "Liaoning")]);
    input.attention = Default::default();
    let text = summary_text(&input);
    assert!(text.contains("1 goal: 1 on track"), "{text}");
    assert!(text.contains("Nothing needs attention."), "{text}");
}

#[test]
fn the_page_escapes_hostile_text_and_is_self_contained_and_phone_ready() {
    let mut views = fixtures::all_views();
    for v in &mut views {
        v.goal.title = format!("{HOSTILE} {}", v.goal.title.get(Lang::En)).into();
        v.region_name = HOSTILE.into();
    }
    let mut input = fixtures::input(views);
    input.attention.alerts.push(HOSTILE.into());
    input.attention.changed[0].title = HOSTILE.into();
    let html = index_html(&input);
    assert!(!html.contains("<script"), "a title became markup");
    assert!(html.contains("&lt;script&gt;alert("));
    assert!(
        !html.contains('\u{7}') && !html.contains('\u{1b}'),
        "control characters dropped"
    );
    assert!(html.contains("العربية") && html.contains("עברית"));
    assert!(
        html.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)
    );
    assert!(html.contains("<style>"), "inline CSS");
    for external in ["http://", "https://", "<link", "@import", "url("] {
        assert!(
            !html.contains(external),
            "page fetches something: {external}"
        );
    }
    assert!(html.contains(r#"srcset="goals/liaoning-trains-2021.svg""#));
    assert!(html.contains(r#"src="goals/liaoning-trains-2021.png""#));
    assert!(html.contains(r#"srcset="overview.svg""#));
    // The status is in words next to its colour.
    assert!(html.contains(">On track</span>"));
}

#[test]
fn the_eml_parses_with_text_html_and_one_inline_image_per_chart_that_the_html_references() {
    let input = fixtures::input(fixtures::all_views());
    let charts = charts_of(&input);
    let overview = overview_chart(&input.views, Lang::En, 800, 300).unwrap();
    let timeline = crate::report::milestone_timeline(&input.views, Lang::En, None, 800)
        .unwrap()
        .unwrap();
    let eml = summary_eml(&input, &charts, &overview.png, &timeline.png).unwrap();
    let msg = MessageParser::default().parse(&eml).expect("parses");

    assert_eq!(
        msg.subject(),
        Some("waymark report as of 2021-07-31: 1 on track, 3 need attention")
    );
    assert_eq!(
        msg.message_id(),
        Some("waymark-report-2021-07-31-1627804800@localhost")
    );
    assert_eq!(
        msg.date().map(|d| d.to_rfc3339()),
        Some("2021-08-01T08:00:00Z".into())
    );
    let from = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string);
    assert_eq!(from.as_deref(), Some("waymark@localhost"));

    let text = msg.body_text(0).expect("text part");
    assert!(text.contains("NEEDS ATTENTION"));
    let html = msg.body_html(0).expect("html part");
    assert!(html.contains("<h2>Overview</h2>"));

    let mut cids: Vec<String> = Vec::new();
    for part in msg.attachments() {
        let ct = part.content_type().expect("content type");
        assert_eq!((ct.ctype(), ct.subtype()), ("image", Some("png")));
        let cid = part
            .content_id()
            .expect("inline image has a Content-ID")
            .to_string();
        assert!(
            html.contains(&format!("src=\"cid:{cid}\"")),
            "html does not reference {cid}"
        );
        image::load_from_memory(part.contents()).expect("attachment is a PNG");
        cids.push(cid);
    }
    cids.sort();
    // One per series goal; the milestones share the timeline.
    let mut expected: Vec<String> = input
        .views
        .iter()
        .filter(|v| matches!(v.progress, crate::domain::GoalProgress::Series(_)))
        .map(|v| goal_cid(v.goal.id.as_str()))
        .collect();
    expected.push(OVERVIEW_CID.to_string());
    expected.push(crate::report::page::MILESTONES_CID.to_string());
    expected.sort();
    assert_eq!(cids, expected);
    assert_eq!(
        html.matches("src=\"cid:").count(),
        expected.len(),
        "every cid image is attached"
    );
}

#[test]
fn bad_email_settings_are_errors_that_name_the_setting() {
    let mut input = fixtures::input(vec![fixtures::milestone()]);
    input.email.from = "not an address".into();
    let err = format!("{:#}", summary_eml(&input, &[], &[], &[]).unwrap_err());
    assert!(err.contains("email.from"), "{err}");

    let mut input = fixtures::input(vec![fixtures::milestone()]);
    input.email.to = vec!["ok@example.org".into(), "bad@@x".into()];
    let err = format!("{:#}", summary_eml(&input, &[], &[], &[]).unwrap_err());
    assert!(err.contains("email.to") && err.contains("bad@@x"), "{err}");

    input.email.to.clear();
    let err = format!("{:#}", summary_eml(&input, &[], &[], &[]).unwrap_err());
    assert!(err.contains("email.to"), "{err}");
}

#[test]
fn header_injection_through_settings_is_impossible() {
    let mut input = fixtures::input(vec![fixtures::milestone()]);
    input.email.from = "waymark <w@localhost>\r\nBcc: evil@example.org".into();
    assert!(summary_eml(&input, &[], &[], &[]).is_err());
}
