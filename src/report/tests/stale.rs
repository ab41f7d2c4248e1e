//! A stale goal in every report view: it says since when figures are
//! missing, never calls the goal on track and never draws a projection.

use crate::domain::Lang;
use crate::domain::{GoalProgress, Status};
use crate::report::fixtures::{self, stale_liaoning};
use crate::report::model::plot;
use crate::report::plot::{Body, Role};
use crate::report::{GoalView, goal_chart, index_html, summary_eml, summary_text};
use mail_parser::MessageParser;

const STATUS_LINE: &str =
    "Status: Not available, figures missing since Jul 2021 (ratio n/a, score n/a)";

#[track_caller]
fn assert_says_missing_not_projected(text: &str) {
    for words in [
        "figures missing since Jul 2021",
        "Jul 2021 to Dec 2021",
        "the target year is over, its figures incomplete",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    for words in [
        "On track",
        "on track",
        "Projected vs target",
        "Path expects",
    ] {
        assert!(!text.contains(words), "{words:?} in:\n{text}");
    }
}

fn stale_input() -> crate::report::ReportInput {
    let mut input = fixtures::input(vec![stale_liaoning()]);
    input.attention = Default::default();
    input
}

#[test]
fn the_stale_fixture_is_what_the_progress_rules_give() {
    let v = stale_liaoning();
    let GoalProgress::Series(p) = &v.progress else {
        panic!("a series goal")
    };
    assert_eq!(p.status, Status::NotAvailable);
    assert!(p.is_final && !p.projected);
    assert_eq!(
        p.stale_since.map(|s| s.to_string()).as_deref(),
        Some("2021-07")
    );
}

#[test]
fn the_digest_says_since_when_figures_are_missing_and_lists_the_overdue_ones() {
    let text = summary_text(&stale_input());
    assert_says_missing_not_projected(&text);
    assert!(text.contains(STATUS_LINE), "{text}");
    assert!(
        text.contains("Overdue figures: Jul 2021 to Dec 2021"),
        "{text}"
    );
    assert!(
        text.contains("To date: 457 trains (Jan 2021 to Jun 2021)"),
        "{text}"
    );
    // It needs attention, first thing in the digest.
    let attention = text.find("Target year over, figures missing").expect(&text);
    let line = "China-Europe trains up more than 10% in 2021: figures missing since Jul 2021 (Not available)";
    assert!(text.find(line).is_some_and(|i| i > attention), "{text}");
    assert!(!text.contains("Nothing needs attention"), "{text}");
    assert!(text.contains("1 goal: 1 not available"), "{text}");
}

#[test]
fn the_page_says_since_when_figures_are_missing() {
    let html = index_html(&stale_input());
    assert_says_missing_not_projected(&html);
    assert!(
        html.contains("<dt>Overdue figures</dt><dd>Jul 2021 to Dec 2021</dd>"),
        "{html}"
    );
}

#[test]
fn the_email_says_it_in_both_parts_and_counts_the_goal_as_not_on_track() {
    let input = stale_input();
    let v = &input.views[0];
    let charts = vec![(
        v.goal.id.to_string(),
        goal_chart(v, Lang::En, 400, 250).unwrap().png,
    )];
    let eml = summary_eml(&input, &charts, &[], &[]).unwrap();
    let msg = MessageParser::default().parse(&eml).expect("parses");
    assert_eq!(
        msg.subject(),
        Some("waymark report as of 2021-07-31: 0 on track, 0 need attention")
    );
    let text = msg.body_text(0).expect("text part");
    assert_says_missing_not_projected(&text);
    assert!(text.contains(STATUS_LINE), "{text}");
    assert_says_missing_not_projected(&msg.body_html(0).expect("html part"));
}

fn has_projection(v: &GoalView) -> bool {
    match plot(v, Lang::En).body {
        Body::Lines(l) => {
            l.lines.iter().any(|l| l.role == Role::Projection)
                || l.marks.iter().any(|m| m.role == Role::Projection)
        }
        Body::Card(_) => false,
    }
}

#[test]
fn the_chart_of_a_stale_goal_draws_no_projection_and_says_why() {
    assert!(has_projection(&fixtures::liaoning("Trains", "Liaoning")));
    let v = stale_liaoning();
    assert!(!has_projection(&v));
    let p = plot(&v, Lang::En);
    assert!(
        p.subtitle
            .starts_with("Liaoning · Not available · figures missing since Jul 2021"),
        "{}",
        p.subtitle
    );
    let chart = goal_chart(&v, Lang::En, 800, 500).unwrap();
    assert!(chart.svg.contains("figures missing since Jul 2021"));
    // Even a view that still carries a projected value draws none once stale.
    let mut v = fixtures::liaoning("Trains", "Liaoning");
    if let GoalProgress::Series(p) = &mut v.progress {
        p.stale_since = stale_liaoning_since();
    }
    assert!(!has_projection(&v));
}

fn stale_liaoning_since() -> Option<crate::domain::Period> {
    match stale_liaoning().progress {
        GoalProgress::Series(p) => p.stale_since,
        GoalProgress::Milestone(_) => None,
    }
}
