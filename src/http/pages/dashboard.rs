//! `GET /`: every goal's status in words and colour, its figures to date,
//! projection against target, and its chart; `?region=` filters.

use super::layout::{frame, number, status_badge};
use crate::assess::{Query, RawQuery};
use crate::domain::GoalProgress;
use crate::domain::Lang;
use crate::http::AppState;
use crate::http::api::status::assess;
use crate::http::error::ApiError;
use crate::http::session;
use axum::extract::{Query as Q, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct DashboardParams {
    pub region: Option<String>,
}

pub async fn page_handler_inner(
    state: &AppState,
    region: Option<String>,
    user: Option<&str>,
) -> Result<Markup, ApiError> {
    let region = region.filter(|r| !r.is_empty());
    let raw = RawQuery {
        region: region.as_deref(),
        ..RawQuery::default()
    };
    // An unknown region is said on the page, which then shows every goal.
    let (q, unknown) = match Query::parse(raw, &state.catalogue) {
        Ok(q) => (q, None),
        Err(e) => (Query::default(), Some(e)),
    };
    let assessed = assess(state, &q).await?;
    let flags = state
        .store
        .current_flags(&crate::assess::series_of(&assessed), None)
        .await?;
    let cat = &state.catalogue;
    let body = html! {
        h1 { "Goals" }
        form method="get" action="/" {
            label for="region" { "Region " }
            select id="region" name="region" {
                option value="" { "All regions" }
                @for r in &cat.regions {
                    option value=(r.id.as_str()) selected[region.as_deref() == Some(r.id.as_str())] { (r.name.get(Lang::En)) }
                }
            }
            " " button type="submit" { "Show" }
        }
        @if let Some(e) = unknown { p.problem { "Region: " (e) "; showing every goal." } }
        p.muted { "As of " (state.today()) ". " (assessed.len()) " goals." }
        @for a in assessed.iter() {
            @let ind = a.goal.indicator.as_ref().and_then(|i| cat.indicator(i.as_str()).ok());
            @let decimals = ind.map_or(1, |i| i.decimals);
            @let unit = ind.map_or("", |i| i.unit.get(Lang::En));
            @let region_name = cat.region(a.goal.region.as_str()).map_or(a.goal.region.as_str(), |r| r.name.get(Lang::En));
            section.goal id=(format!("goal-{}", a.goal.id)) data-goal=(a.goal.id.as_str()) {
                h2 { (a.goal.title.get(Lang::En)) }
                p { (status_badge(a.progress.status())) " " span.muted { (region_name) " · " (a.goal.id.as_str()) } }
                @match &a.progress {
                    GoalProgress::Series(s) => {
                        dl {
                            dt { "Latest period" } dd {
                                (s.current_period.map_or_else(|| "none yet".to_string(), |p| p.to_string()))
                                @if let Some(flag) = s.current_period.and_then(|p| flags.of(&s.region, &s.indicator, p)) {
                                    " (" (flag.word()) ")"
                                }
                            }
                            dt { "To date" } dd { (number(s.to_date, decimals)) " " (unit) }
                            dt { "Expected to date" } dd { (number(s.expected_to_date, decimals)) " " (unit) }
                            @if let Some(since) = s.stale_since {
                                dt { "Figures" } dd.problem { "missing since " (since) " (the target year is over)" }
                            } @else {
                                dt { @if s.projected { "Projected" } @else { "Current" } }
                                dd { (number(s.current_value, decimals)) " " (unit) }
                            }
                            @if let Some(list) = s.overdue_words() {
                                dt { "Overdue figures" } dd { (list) }
                            }
                            dt { "Target" } dd { (number(s.target_value, decimals)) " " (unit) @if let Some(y) = s.target_year { " in " (y) } }
                            @if let Some(words) = s.chance_detail().words() {
                                dt { "Chance" } dd.chance { (words) }
                            }
                            dt { "Score" } dd { (number(s.score, 2)) }
                        }
                    }
                    GoalProgress::Milestone(m) => {
                        dl {
                            dt { "State" } dd { (m.milestone_state.as_str()) }
                            dt { "Due" } dd { (m.due) }
                        }
                    }
                }
                img src=(format!("/api/goals/{}/chart.svg", a.goal.id)) alt=(format!("Chart of {}", a.goal.title.get(Lang::En))) loading="lazy";
            }
        }
    };
    Ok(frame("Dashboard", user, body))
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<DashboardParams>,
) -> Result<Response, ApiError> {
    let user = session::current(&state, &headers).await?;
    if !state.settings.server.public_read && user.is_none() {
        return Ok(Redirect::to("/enter").into_response());
    }
    let name = user.as_ref().map(|u| u.principal.name.as_str());
    Ok(Html(
        page_handler_inner(&state, p.region, name)
            .await?
            .into_string(),
    )
    .into_response())
}
