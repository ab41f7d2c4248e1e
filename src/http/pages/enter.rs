//! `GET/POST /enter`: operators sign in with a token, pick region (only their
//! own), indicator and period, enter a value, and see the result and the
//! goal's new status; `POST /enter/csv` takes a pasted or uploaded CSV.
//! Problems appear beside their field (a pasted CSV's with their line),
//! checked as import checks them and worded in the reader's language.

use super::error;
use super::lang::link;
use super::layout::{Chrome, frame, status_badge};
use super::login::{NotSignedIn, form_sender, login_page};
use super::{problems, review, words};
use crate::assess::Query;
use crate::domain::Lang;
use crate::http::AppState;
use crate::http::api::observations::{self, WriteResult};
use crate::http::api::status::assess;
use crate::http::error::{ApiError, FieldError};
use crate::http::lang::Language;
use crate::http::session::{self, PageUser};
use crate::ingest::{Numbering, RawRecord};
use crate::record::Confirm;
use crate::tokens::{Principal, Role};
use crate::{i18n, t};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct EntryForm {
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
pub(crate) struct CsvForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    csv: String,
}

/// The longest pasted text given back in the box after a refusal (bytes);
/// a longer one is named in a notice instead, so the answer stays small.
const MAX_PASTE_KEPT: usize = 32 * 1024;

/// What to show under the form.
#[derive(Default)]
struct Outcome {
    errors: Vec<FieldError>,
    /// The figures came from a pasted CSV: problems and warnings name
    /// their line and are all listed above the form.
    pasted: bool,
    /// A problem not about one field (CSRF, a region outside the
    /// operator's), in words.
    notice: Vec<String>,
    result: Option<(WriteResult, Markup)>,
    /// The figures held for review (the user's own get a confirm form).
    held: Vec<crate::store::ReviewRow>,
    /// The pasted text, given back in the box after a refusal so nothing
    /// typed is lost (empty after a success).
    csv: String,
    /// What a confirmation did, in words.
    done: Option<String>,
}

/// The form's fields an error can be shown beside.
const FORM_FIELDS: [&str; 6] = ["region", "indicator", "period", "value", "basis", "note"];

fn field_errors(lang: Lang, placed: &[&FieldError], field: &str) -> Markup {
    html! {
        @for e in placed.iter().filter(|e| e.field.as_deref() == Some(field)) {
            p.error id=(format!("{field}-error")) role="alert" { (problems::problem(lang, e, false)) }
        }
    }
}

/// What recording did: the counts, the figures worth a second look, and
/// the new status of the goals they feed.
fn recorded(lang: Lang, r: &WriteResult, statuses: &Markup, pasted: bool) -> Markup {
    let count = |n: usize| i18n::number(lang, n as f64, 0);
    html! {
        div.notice role="status" id="result" {
            p { (t!(lang, "page-enter-recorded", new = count(r.new), revised = count(r.revised), unchanged = count(r.unchanged))) }
            @if r.held > 0 { p #held-count { (t!(lang, "page-enter-held", held = count(r.held))) } }
            @for w in &r.suspects.shown {
                p { (t!(lang, "page-enter-warning", text = problems::suspect(lang, w, pasted))) }
            }
            @if let Some(more) = problems::suspects_more(lang, &r.suspects) { p { (more) } }
            (statuses)
        }
    }
}

fn entry_page(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    form: &EntryForm,
    out: &Outcome,
) -> Markup {
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
        h1 { (t!(lang, "page-enter-heading")) }
        @if let Some((r, statuses)) = &out.result { (recorded(lang, r, statuses, out.pasted)) }
        @if let Some(done) = &out.done { p.notice role="status" { (done) } }
        @for n in &out.notice { p.problem role="alert" { (n) } }
        @for e in &unplaced { p.problem role="alert" { (problems::problem(lang, e, out.pasted)) } }
        (review::own_held(state, lang, user, &out.held))
        form.stack method="post" action=(link("/enter", lang)) id="entry" {
            input type="hidden" name="csrf" value=(user.csrf);
            label for="region" { (t!(lang, "page-field-region")) }
            select id="region" name="region" {
                @for r in &regions { option value=(r.id.as_str()) selected[form.region == r.id.as_str()] { (r.name.get(lang)) } }
            }
            (field_errors(lang, &placed, "region"))
            label for="indicator" { (t!(lang, "page-field-indicator")) }
            select id="indicator" name="indicator" {
                @for i in &cat.indicators {
                    option value=(i.id.as_str()) selected[form.indicator == i.id.as_str()] { (t!(lang, "page-enter-indicator", name = i.name.get(lang), unit = i.unit.get(lang), frequency = words::frequency(lang, i.frequency))) }
                }
            }
            (field_errors(lang, &placed, "indicator"))
            label for="period" { (t!(lang, "page-field-period")) }
            input id="period" name="period" value=(form.period) placeholder=(t!(lang, "page-enter-period-hint")) required;
            (field_errors(lang, &placed, "period"))
            label for="value" { (t!(lang, "page-field-value")) }
            input id="value" name="value" value=(form.value) inputmode="decimal" required;
            (field_errors(lang, &placed, "value"))
            label for="basis" { (t!(lang, "page-field-basis")) }
            select id="basis" name="basis" {
                option value="period" selected[form.basis != "ytd"] { (t!(lang, "page-enter-basis-period")) }
                option value="ytd" selected[form.basis == "ytd"] { (t!(lang, "page-enter-basis-ytd")) }
            }
            (field_errors(lang, &placed, "basis"))
            label for="note" { (t!(lang, "page-enter-note")) }
            input id="note" name="note" value=(form.note);
            (field_errors(lang, &placed, "note"))
            button type="submit" id="save" { (t!(lang, "page-enter-save")) }
        }
        h2 { (t!(lang, "page-enter-csv-heading")) }
        form.stack method="post" action=(link("/enter/csv", lang)) id="csv-form" {
            input type="hidden" name="csrf" value=(user.csrf);
            label for="csv" { (t!(lang, "page-enter-csv-hint")) }
            textarea id="csv" name="csv" rows="6" { (out.csv) }
            button type="submit" { (t!(lang, "page-enter-csv-submit")) }
        }
        form method="post" action=(link("/logout", lang)) {
            input type="hidden" name="csrf" value=(user.csrf);
            button type="submit" id="logout" { (t!(lang, "page-logout")) }
        }
    };
    let chrome = Chrome {
        lang,
        here: "/enter",
        user: Some(&p.name),
    };
    frame(&chrome, &t!(lang, "page-enter-title"), body)
}

/// The entry page after a held figure was confirmed (or could not be), with `words` above.
pub(crate) async fn after_confirm(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    status: StatusCode,
    words: String,
) -> Response {
    let held = match review::held_rows(state).await {
        Ok(h) => h,
        Err(e) => return error::page(lang, Some(&user.principal.name), e),
    };
    let (done, notice) = if status.is_success() {
        (Some(words), Vec::new())
    } else {
        (None, vec![words])
    };
    let out = Outcome {
        notice,
        done,
        held,
        ..Outcome::default()
    };
    html_response(
        status,
        entry_page(state, lang, user, &EntryForm::default(), &out),
    )
}

fn html_response(status: StatusCode, m: Markup) -> Response {
    (status, Html(m.into_string())).into_response()
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
) -> Response {
    match session::current(&state, &headers).await {
        Err(e) => error::page(lang, None, e),
        Ok(None) => login_page(lang, StatusCode::OK, ""),
        Ok(Some(user)) => {
            let held = match review::held_rows(&state).await {
                Ok(h) => h,
                Err(e) => return error::page(lang, Some(&user.principal.name), e),
            };
            let out = Outcome {
                held,
                ..Outcome::default()
            };
            html_response(
                StatusCode::OK,
                entry_page(&state, lang, &user, &EntryForm::default(), &out),
            )
        }
    }
}

/// The signed-in user and the CSRF check, or the page for the way it fails.
async fn guard(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<PageUser, Response> {
    form_sender(state, lang, headers, csrf)
        .await
        .map_err(|e| match e {
            NotSignedIn::Answer(res) => res,
            NotSignedIn::BadCsrf(user) => {
                let out = Outcome {
                    notice: vec![t!(lang, "page-enter-csrf")],
                    ..Outcome::default()
                };
                html_response(
                    StatusCode::FORBIDDEN,
                    entry_page(state, lang, &user, &EntryForm::default(), &out),
                )
            }
        })
}

/// The new status of each goal the figures feed.
async fn statuses(
    state: &AppState,
    lang: Lang,
    series: &[(String, String)],
) -> Result<Markup, ApiError> {
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
    let sep = t!(lang, "page-label-separator");
    Ok(html! {
        @for a in hit {
            p.goal-status data-goal=(a.goal.id.as_str()) { (a.goal.title.get(lang)) (sep) (status_badge(lang, a.progress.status())) }
        }
    })
}

/// Why figures were not recorded, when the page words it itself.
enum Refused {
    /// Regions outside the operator's: each figure's line (in a pasted
    /// CSV) and region, as given.
    Outside(Vec<(Option<u64>, String)>),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Api(e)
    }
}

/// The figures' regions `who` may not write, as a refusal, if any.
fn outside<'r>(
    who: &Principal,
    regions: impl IntoIterator<Item = (u64, &'r str)>,
    pasted: bool,
) -> Result<(), Refused> {
    let refused = observations::outside(who, regions);
    if refused.is_empty() {
        return Ok(());
    }
    let named = refused
        .into_iter()
        .map(|(n, r)| (pasted.then_some(n), r.to_string()))
        .collect();
    Err(Refused::Outside(named))
}

/// A refusal for regions outside the operator's, in words.
fn outside_words(lang: Lang, who: &Principal, refused: &[(Option<u64>, String)]) -> String {
    let sep = t!(lang, "page-list-separator");
    let named: Vec<String> = refused
        .iter()
        .map(|(line, region)| match line {
            Some(n) => t!(
                lang,
                "page-enter-refused-at-line",
                region = region.as_str(),
                line = *n
            ),
            None => t!(lang, "page-enter-refused", region = region.as_str()),
        })
        .collect();
    t!(
        lang,
        "page-enter-forbidden",
        yours = who.regions.join(&sep),
        refused = named.join(&sep)
    )
}

/// The page after recording: with the result, or with the problems (of a
/// `pasted` CSV's lines, or of the form's fields) and a 4xx status.
async fn render(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    form: &EntryForm,
    pasted_text: Option<&str>,
    outcome: Result<WriteResult, Refused>,
) -> Response {
    let name = Some(user.principal.name.as_str());
    let pasted = pasted_text.is_some();
    let (status, mut out) = match outcome {
        Ok(r) => {
            let mut series: Vec<(String, String)> = Vec::new();
            if !form.region.is_empty() {
                series.push((form.region.trim().into(), form.indicator.trim().into()));
            }
            let st = match statuses(state, lang, &series).await {
                Ok(st) => st,
                Err(e) => return error::page(lang, name, e),
            };
            let result = Some((r, st));
            let held = match review::held_rows(state).await {
                Ok(h) => h,
                Err(e) => return error::page(lang, name, e),
            };
            let out = Outcome {
                result,
                pasted,
                held,
                ..Outcome::default()
            };
            (StatusCode::OK, out)
        }
        Err(Refused::Outside(refused)) => {
            let notice = vec![outside_words(lang, &user.principal, &refused)];
            (
                StatusCode::FORBIDDEN,
                Outcome {
                    notice,
                    ..Outcome::default()
                },
            )
        }
        Err(Refused::Api(ApiError::Invalid(errors))) => {
            let out = Outcome {
                errors,
                pasted,
                ..Outcome::default()
            };
            (StatusCode::UNPROCESSABLE_ENTITY, out)
        }
        Err(Refused::Api(e @ (ApiError::Forbidden(_) | ApiError::BadRequest(_)))) => {
            let notice = vec![match e {
                ApiError::Forbidden(_) => t!(lang, "page-error-forbidden"),
                _ => t!(lang, "page-error-bad-request"),
            }];
            (
                e.status(),
                Outcome {
                    notice,
                    ..Outcome::default()
                },
            )
        }
        Err(Refused::Api(e)) => return error::page(lang, name, e),
    };
    if status != StatusCode::OK {
        match pasted_text {
            Some(text) if text.len() <= MAX_PASTE_KEPT => out.csv = text.to_string(),
            // Bounded: the answer to a huge paste stays small.
            Some(_) => out.notice.push(t!(
                lang,
                "page-enter-csv-not-kept",
                kb = MAX_PASTE_KEPT / 1024
            )),
            None => {}
        }
    }
    html_response(status, entry_page(state, lang, user, form, &out))
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<EntryForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(r) => return error::form(lang, None, r),
    };
    let user = match guard(&state, lang, &headers, &form.csrf).await {
        Ok(u) => u,
        Err(res) => return res,
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
    let outcome = match outside(&user.principal, [(0, form.region.as_str())], false) {
        Ok(()) => observations::record_text(&state, &user.principal, &[figure], &Confirm::None)
            .await
            .map_err(Refused::from),
        Err(refused) => Err(refused),
    };
    render(&state, lang, &user, &form, None, outcome).await
}

pub(crate) async fn submit_csv(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<CsvForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(r) => return error::form(lang, None, r),
    };
    let user = match guard(&state, lang, &headers, &form.csrf).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let outcome = record_csv(&state, &user.principal, &form.csv).await;
    render(
        &state,
        lang,
        &user,
        &EntryForm::default(),
        Some(&form.csv),
        outcome,
    )
    .await
}

/// Read pasted CSV with import's reader (same header rules, same checks),
/// then record it like any other figures over HTTP.
async fn record_csv(state: &AppState, who: &Principal, text: &str) -> Result<WriteResult, Refused> {
    if who.role == Role::Viewer {
        who.require_writer()?;
    }
    let figures = crate::ingest::read_csv(text.as_bytes(), &state.catalogue, None)
        .map_err(observations::invalid)?;
    let regions = || figures.iter().map(|f| (f.line, f.region.as_str()));
    outside(who, regions(), true)?;
    observations::authorise(who, regions(), Numbering::Line)?;
    Ok(observations::record_figures(state, who, figures, Numbering::Line, &Confirm::None).await?)
}

/// `POST /enter/confirm`: the operator who entered a held figure confirms it.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<review::DecisionForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(r) => return error::form(lang, None, r),
    };
    let user = match review::guard(&state, lang, &headers, &form.csrf).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let who = &user.principal;
    let Ok(id) = form.id.trim().parse::<i64>() else {
        let words = t!(lang, "page-error-bad-request");
        return after_confirm(&state, lang, &user, StatusCode::BAD_REQUEST, words).await;
    };
    let done = crate::record::review::confirm(
        &state.store,
        id,
        &who.name,
        |region| who.may_write(region),
        &form.reason,
    )
    .await;
    let (status, words) = match done {
        Ok(row) => {
            let (region, indicator, value) = review::figure_words(&state, lang, &row);
            (
                StatusCode::OK,
                t!(
                    lang,
                    "page-review-done",
                    state = review::state_word(lang, &row.state),
                    figure = format!("{region} · {indicator} · {} = {value}", row.period)
                ),
            )
        }
        Err(e) => review::refusal(lang, e),
    };
    after_confirm(&state, lang, &user, status, words).await
}
