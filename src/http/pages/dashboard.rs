//! `GET /`: every goal's status in words and colour, its figures to date,
//! projection against target, and its chart; `?region=` filters. Every
//! word in the reader's language.

use super::error;
use super::lang::link;
use super::layout::{Chrome, frame, number, status_badge};
use super::words;
use crate::assess::{Query, QueryError, RawQuery};
use crate::domain::{GoalProgress, Lang, Status};
use crate::http::AppState;
use crate::http::api::status::assess;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use crate::http::session;
use crate::{i18n, t};
use axum::extract::{Query as Q, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct DashboardParams {
    pub(crate) region: Option<String>,
    /// A date, YYYY-MM-DD: the goals as they stood then (periods that ended by it).
    pub(crate) as_of: Option<String>,
}

/// An unknown region, said on the page (which then shows every goal).
fn unknown_region(lang: Lang, e: &QueryError) -> String {
    match e {
        QueryError::Unknown(u) => match &u.suggestion {
            Some(s) => t!(
                lang,
                "page-dashboard-unknown-region-suggest",
                id = u.id.as_str(),
                suggestion = s.as_str()
            ),
            None => t!(lang, "page-dashboard-unknown-region", id = u.id.as_str()),
        },
        // Only a region is read from the dashboard's query.
        _ => t!(lang, "page-error-bad-request"),
    }
}

/// Statuses from the one that needs attention most to the one that needs
/// it least: the dashboard's order and its counts' order.
const ATTENTION: [Status; 8] = [
    Status::Deterioration,
    Status::TargetMissed,
    Status::LimitedProgress,
    Status::NeedsAcceleration,
    Status::NotAvailable,
    Status::Pending,
    Status::OnTrack,
    Status::TargetAchieved,
];

/// The goal's chart as of the dashboard's date (a date is URL-safe).
fn chart_src(goal: &str, as_of: Option<chrono::NaiveDate>) -> String {
    match as_of {
        Some(d) => format!("/api/goals/{goal}/chart.png?as_of={d}"),
        None => format!("/api/goals/{goal}/chart.png"),
    }
}

fn attention_rank(s: Status) -> usize {
    ATTENTION
        .iter()
        .position(|&x| x == s)
        .unwrap_or(ATTENTION.len())
}

pub(crate) async fn page_handler_inner(
    state: &AppState,
    lang: Lang,
    region: Option<String>,
    as_of: Option<String>,
    user: Option<&str>,
) -> Result<Markup, ApiError> {
    let region = region.filter(|r| !r.is_empty());
    let as_of_text = as_of.filter(|d| !d.is_empty());
    // A bad date is said on the page, which then shows today; a bad region
    // likewise shows every goal. Each is parsed on its own, so one mistake
    // does not undo the other choice.
    let (date, bad_date) = match as_of_text.as_deref().map(crate::assess::parse_as_of) {
        Some(Ok(d)) => (Some(d), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let raw = RawQuery {
        region: region.as_deref(),
        ..RawQuery::default()
    };
    let (mut q, unknown) = match Query::parse(raw, &state.catalogue) {
        Ok(q) => (q, None),
        Err(e) => (Query::default(), Some(e)),
    };
    q.as_of = date;
    let assessed = assess(state, &q).await?;
    let flags = state
        .store
        .current_flags(&crate::assess::series_of(&assessed), None)
        .await?;
    // The switch keeps a region the catalogue has (its id is URL-safe).
    let here = match (&region, &unknown) {
        (Some(r), None) => format!("/?region={r}"),
        _ => "/".to_string(),
    };
    let count = t!(lang, "goals-count", n = assessed.len());
    let as_of = t!(
        lang,
        "page-dashboard-as-of",
        date = i18n::date(lang, date.unwrap_or_else(|| state.today())),
        goals = count
    );
    let cat = &state.catalogue;
    // What needs attention first: the worst status on top, catalogue order
    // within a status (the sort is stable).
    let mut ordered: Vec<&crate::assess::Assessed> = assessed.iter().collect();
    ordered.sort_by_key(|a| attention_rank(a.progress.status()));
    let counts: Vec<(Status, usize)> = ATTENTION
        .iter()
        .map(|&s| {
            (
                s,
                assessed.iter().filter(|a| a.progress.status() == s).count(),
            )
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    let body = html! {
        h1 { (t!(lang, "page-dashboard-heading")) }
        form method="get" action="/" {
            input type="hidden" name="lang" value=(lang.tag());
            label for="region" { (t!(lang, "page-field-region")) " " }
            select id="region" name="region" {
                option value="" { (t!(lang, "page-dashboard-all-regions")) }
                @for r in &cat.regions {
                    option value=(r.id.as_str()) selected[region.as_deref() == Some(r.id.as_str())] { (r.name.get(lang)) }
                }
            }
            " "
            label for="as_of" { (t!(lang, "page-field-as-of")) " " }
            input type="date" id="as_of" name="as_of" value=[date.map(|d| d.to_string())]
                aria-invalid=[bad_date.as_ref().map(|_| "true")]
                aria-describedby=[bad_date.as_ref().map(|_| "as_of-problem")];
            " " button type="submit" { (t!(lang, "page-dashboard-show")) }
        }
        @if let Some(e) = &unknown { p.problem { (unknown_region(lang, e)) } }
        @if bad_date.is_some() {
            p.problem id="as_of-problem" { (t!(lang, "page-dashboard-bad-as-of", value = as_of_text.clone().unwrap_or_default())) }
        }
        p.muted { (as_of) }
        ul.counts aria-label=(t!(lang, "page-dashboard-counts")) {
            @for (s, n) in &counts {
                li { (status_badge(lang, *s)) " " strong { (n) } }
            }
        }
        @for a in ordered.iter().copied() {
            @let ind = a.goal.indicator.as_ref().and_then(|i| cat.indicator(i.as_str()).ok());
            @let decimals = ind.map_or(1, |i| i.decimals);
            @let unit = ind.map_or("", |i| i.unit.get(lang));
            @let region_name = cat.region(a.goal.region.as_str()).map_or(a.goal.region.as_str(), |r| r.name.get(lang));
            section.goal id=(format!("goal-{}", a.goal.id)) data-goal=(a.goal.id.as_str()) {
                h2 { a href=(link(&format!("/goals/{}", a.goal.id), lang)) { (a.goal.title.get(lang)) } }
                p { (status_badge(lang, a.progress.status())) " " span.muted { (region_name) " · " (a.goal.id.as_str()) } }
                @match &a.progress {
                    GoalProgress::Series(s) => {
                        dl {
                            dt { (t!(lang, "page-goal-latest-period")) } dd {
                                @match s.current_period {
                                    Some(p) => {
                                        @let period = i18n::period(lang, p);
                                        @match flags.of(&s.region, &s.indicator, p) {
                                            Some(flag) => { (t!(lang, "page-goal-flagged", period = period, flag = words::flag(lang, flag))) }
                                            None => { (period) }
                                        }
                                    }
                                    None => { (t!(lang, "page-goal-none-yet")) }
                                }
                            }
                            dt { (t!(lang, "page-goal-to-date")) } dd { (number(lang, s.to_date, decimals)) " " (unit) }
                            dt { (t!(lang, "page-goal-expected-to-date")) } dd { (number(lang, s.expected_to_date, decimals)) " " (unit) }
                            @if let Some(since) = s.stale_since {
                                dt { (t!(lang, "page-goal-figures")) }
                                dd.problem { (t!(lang, "page-goal-missing-since", period = i18n::period(lang, since))) }
                            } @else {
                                dt { @if s.projected { (t!(lang, "page-goal-projected")) } @else { (t!(lang, "page-goal-current")) } }
                                dd { (number(lang, s.current_value, decimals)) " " (unit) }
                            }
                            @if !s.overdue.is_empty() {
                                dt { (t!(lang, "page-goal-overdue")) } dd { (words::periods(lang, &s.overdue)) }
                            }
                            dt { (t!(lang, "page-goal-target")) } dd {
                                (number(lang, s.target_value, decimals)) " " (unit)
                                @if let Some(y) = s.target_year { (t!(lang, "page-goal-target-year", year = y.to_string())) }
                            }
                            @if let Some(words) = words::chance(lang, s.chance_detail()) {
                                dt { (t!(lang, "page-goal-chance")) } dd.chance { (words) }
                            }
                            dt { (t!(lang, "page-goal-score")) } dd { (number(lang, s.score, 2)) }
                        }
                    }
                    GoalProgress::Milestone(m) => {
                        dl {
                            dt { (t!(lang, "page-goal-state")) } dd { (words::milestone_state(lang, m.milestone_state)) }
                            dt { (t!(lang, "page-goal-due")) } dd { (i18n::date(lang, m.due)) }
                        }
                    }
                }
                img src=(link(&chart_src(a.goal.id.as_str(), date), lang)) alt=(t!(lang, "page-goal-chart", title = a.goal.title.get(lang))) width="800" height="500" loading="lazy";
            }
        }
    };
    let chrome = Chrome {
        lang,
        here: &here,
        user,
    };
    Ok(frame(&chrome, &t!(lang, "page-dashboard-title"), body))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    Q(p): Q<DashboardParams>,
) -> Response {
    let user = match session::current(&state, &headers).await {
        Ok(user) => user,
        Err(e) => return error::page(lang, None, e),
    };
    if !state.settings.server.public_read && user.is_none() {
        return Redirect::to("/enter").into_response();
    }
    let name = user.as_ref().map(|u| u.principal.name.as_str());
    match page_handler_inner(&state, lang, p.region, p.as_of, name).await {
        Ok(page) => Html(page.into_string()).into_response(),
        Err(e) => error::page(lang, name, e),
    }
}
