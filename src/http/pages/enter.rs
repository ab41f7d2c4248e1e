//! `GET/POST /enter`: operators sign in with a token, pick region (only their
//! own), indicator and period, enter a value, and see the result and the
//! goal's new status; `POST /enter/csv` takes a pasted or uploaded CSV.
//! Errors appear beside their field with the same messages as import.

use super::layout::{frame, status_badge};
use crate::assess::Query;
use crate::domain::Lang;
use crate::http::AppState;
use crate::http::api::observations::{self, WriteResult};
use crate::http::api::status::assess;
use crate::http::error::{ApiError, FieldError};
use crate::http::session::{self, LOGIN_CSRF_COOKIE, PageUser, same_secret};
use crate::ingest::{Numbering, RawRecord};
use crate::tokens::{Principal, Role, new_secret};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use std::time::Duration;

/// The sign-in form, with a fresh double-submit CSRF cookie.
pub fn login_page(status: StatusCode, message: &str) -> Response {
    let csrf = new_secret();
    let body = html! {
        h1 { "Enter figures" }
        p { "Sign in with your operator token." }
        @if !message.is_empty() { p.problem role="alert" { (message) } }
        form.stack method="post" action="/login" {
            input type="hidden" name="csrf" value=(csrf);
            label for="token" { "Token" }
            input id="token" name="token" type="password" autocomplete="off" required;
            button type="submit" { "Sign in" }
        }
    };
    let mut res = (status, Html(frame("Sign in", None, body).into_string())).into_response();
    if let Ok(v) = session::set_cookie(LOGIN_CSRF_COOKIE, &csrf, Duration::from_secs(3600)).parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Debug, Default, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct CsvForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    csv: String,
}

/// What to show under the form.
#[derive(Default)]
struct Outcome {
    errors: Vec<FieldError>,
    /// The errors are about a pasted CSV's lines, not the form's fields:
    /// all are listed above the form.
    pasted: bool,
    /// A problem not about one field (403, CSRF, CSV lines).
    notice: Vec<String>,
    result: Option<(WriteResult, Markup)>,
}

/// The form's fields an error can be shown beside.
const FORM_FIELDS: [&str; 6] = ["region", "indicator", "period", "value", "basis", "note"];

fn field_errors(placed: &[&FieldError], field: &str) -> Markup {
    html! {
        @for e in placed.iter().filter(|e| e.field.as_deref() == Some(field)) {
            p.error id=(format!("{field}-error")) role="alert" { (e.message) }
        }
    }
}

fn entry_page(state: &AppState, user: &PageUser, form: &EntryForm, out: &Outcome) -> Markup {
    let cat = &state.catalogue;
    let p = &user.principal;
    let regions: Vec<_> = cat
        .regions
        .iter()
        .filter(|r| p.may_write(r.id.as_str()))
        .collect();
    let (placed, unplaced): (Vec<&FieldError>, Vec<&FieldError>) = out
        .errors
        .iter()
        .partition(|e| !out.pasted && e.field.as_deref().is_some_and(|f| FORM_FIELDS.contains(&f)));
    let body = html! {
        h1 { "Enter figures" }
        @if let Some((r, statuses)) = &out.result {
            div.notice role="status" id="result" {
                p { "Recorded: " strong { (r.new) } " new, " strong { (r.revised) } " revised, " strong { (r.unchanged) } " unchanged." }
                @for w in &r.warnings { p { "Warning: " (w) } }
                (statuses)
            }
        }
        @for n in &out.notice { p.problem role="alert" { (n) } }
        @for e in &unplaced { p.problem role="alert" { @if let Some(i) = e.index { "Line " (i) ": " } (e.message) } }
        form.stack method="post" action="/enter" id="entry" {
            input type="hidden" name="csrf" value=(user.csrf);
            label for="region" { "Region" }
            select id="region" name="region" {
                @for r in &regions { option value=(r.id.as_str()) selected[form.region == r.id.as_str()] { (r.name.get(Lang::En)) } }
            }
            (field_errors(&placed, "region"))
            label for="indicator" { "Indicator" }
            select id="indicator" name="indicator" {
                @for i in &cat.indicators {
                    option value=(i.id.as_str()) selected[form.indicator == i.id.as_str()] { (i.name.get(Lang::En)) " (" (i.unit.get(Lang::En)) ", " (i.frequency) ")" }
                }
            }
            (field_errors(&placed, "indicator"))
            label for="period" { "Period" }
            input id="period" name="period" value=(form.period) placeholder="2021-03, 2021-Q3 or 2021" required;
            (field_errors(&placed, "period"))
            label for="value" { "Value" }
            input id="value" name="value" value=(form.value) inputmode="decimal" required;
            (field_errors(&placed, "value"))
            label for="basis" { "Basis" }
            select id="basis" name="basis" {
                option value="period" selected[form.basis != "ytd"] { "This period's amount" }
                option value="ytd" selected[form.basis == "ytd"] { "Year-to-date total" }
            }
            (field_errors(&placed, "basis"))
            label for="note" { "Note (optional)" }
            input id="note" name="note" value=(form.note);
            button type="submit" id="save" { "Save figure" }
        }
        h2 { "Or paste a CSV" }
        form.stack method="post" action="/enter/csv" id="csv-form" {
            input type="hidden" name="csrf" value=(user.csrf);
            label for="csv" { "region,indicator,period,value[,basis,note] — all rows or none are recorded" }
            textarea id="csv" name="csv" rows="6" {}
            button type="submit" { "Import CSV" }
        }
        form method="post" action="/logout" {
            input type="hidden" name="csrf" value=(user.csrf);
            button type="submit" id="logout" { "Sign out" }
        }
    };
    frame("Enter figures", Some(&p.name), body)
}

fn html_response(status: StatusCode, m: Markup) -> Response {
    (status, Html(m.into_string())).into_response()
}

pub async fn page_get(state: &AppState, headers: &HeaderMap) -> Result<Response, ApiError> {
    match session::current(state, headers).await? {
        None => Ok(login_page(StatusCode::OK, "")),
        Some(user) => Ok(html_response(
            StatusCode::OK,
            entry_page(state, &user, &EntryForm::default(), &Outcome::default()),
        )),
    }
}

pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    page_get(&state, &headers).await
}

/// The signed-in user, the CSRF check, and a page for each way it fails.
async fn guard(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Result<PageUser, Response>, ApiError> {
    let Some(user) = session::current(state, headers).await? else {
        return Ok(Err(login_page(
            StatusCode::UNAUTHORIZED,
            "Please sign in first.",
        )));
    };
    if !same_secret(&user.csrf, csrf) {
        let out = Outcome {
            notice: vec!["The form expired or did not come from this site (CSRF check failed); nothing was recorded.".into()],
            ..Outcome::default()
        };
        return Ok(Err(html_response(
            StatusCode::FORBIDDEN,
            entry_page(state, &user, &EntryForm::default(), &out),
        )));
    }
    Ok(Ok(user))
}

/// The new status of each goal the figures feed.
async fn statuses(state: &AppState, series: &[(String, String)]) -> Result<Markup, ApiError> {
    let assessed = assess(state, &Query::default()).await?;
    let hit: Vec<_> = assessed
        .iter()
        .filter(|a| {
            let ind = a.goal.indicator.as_ref().map(|i| i.as_str());
            series
                .iter()
                .any(|(r, i)| a.goal.region.as_str() == r && ind == Some(i.as_str()))
        })
        .collect();
    Ok(html! {
        @for a in hit {
            p.goal-status data-goal=(a.goal.id.as_str()) { (a.goal.title.get(Lang::En)) ": " (status_badge(a.progress.status())) }
        }
    })
}

/// Render what recording did: the page with the result, or with the errors
/// (of a `pasted` CSV's lines, or of the form's fields) and a 4xx status.
async fn render(
    state: &AppState,
    user: &PageUser,
    form: &EntryForm,
    pasted: bool,
    outcome: Result<WriteResult, ApiError>,
) -> Result<Response, ApiError> {
    let (status, out) = match outcome {
        Ok(r) => {
            let mut series: Vec<(String, String)> = Vec::new();
            if !form.region.is_empty() {
                series.push((form.region.trim().into(), form.indicator.trim().into()));
            }
            let st = statuses(state, &series).await?;
            (
                StatusCode::OK,
                Outcome {
                    result: Some((r, st)),
                    ..Outcome::default()
                },
            )
        }
        Err(ApiError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Outcome {
                errors,
                pasted,
                ..Outcome::default()
            },
        ),
        Err(e @ (ApiError::Forbidden(_) | ApiError::BadRequest(_))) => (
            e.status(),
            Outcome {
                notice: vec![e.public_message()],
                ..Outcome::default()
            },
        ),
        Err(e) => return Err(e),
    };
    Ok(html_response(status, entry_page(state, user, form, &out)))
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<EntryForm>,
) -> Result<Response, ApiError> {
    let user = match guard(&state, &headers, &form.csrf).await? {
        Ok(u) => u,
        Err(res) => return Ok(res),
    };
    let figure = RawRecord {
        region: &form.region,
        indicator: &form.indicator,
        period: &form.period,
        value: &form.value,
        basis: Some(&form.basis),
        note: Some(&form.note),
        flag: None,
    };
    let outcome = observations::record_text(&state, &user.principal, &[figure]).await;
    render(&state, &user, &form, false, outcome).await
}

pub async fn submit_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsvForm>,
) -> Result<Response, ApiError> {
    let user = match guard(&state, &headers, &form.csrf).await? {
        Ok(u) => u,
        Err(res) => return Ok(res),
    };
    let outcome = record_csv(&state, &user.principal, &form.csv).await;
    render(&state, &user, &EntryForm::default(), true, outcome).await
}

/// Read pasted CSV with import's reader (same header rules, same messages),
/// then record it like any other figures over HTTP.
async fn record_csv(
    state: &AppState,
    who: &Principal,
    text: &str,
) -> Result<WriteResult, ApiError> {
    if who.role == Role::Viewer {
        who.require_writer()?;
    }
    let figures = crate::ingest::read_csv(text.as_bytes(), &state.catalogue, None)
        .map_err(observations::invalid)?;
    let regions = figures.iter().map(|f| (f.line, f.region.as_str()));
    observations::authorise(who, regions, Numbering::Line)?;
    observations::record_figures(state, who, figures, Numbering::Line).await
}
