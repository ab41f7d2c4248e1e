//! `GET/POST /review`: the figures held for review, each with why it was
//! held, and (for whoever may decide on it: an admin, or an operator of its
//! region who did not enter it) forms to accept or reject it with a reason.
//! The held rows on `/enter` carry a form to confirm each (`POST
//! /enter/confirm`, in enter.rs).

use super::error;
use super::lang::link;
use super::layout::{Chrome, frame};
use super::login::{NotSignedIn, form_sender, login_page};
use crate::domain::review::{Reviewer, may_decide};
use crate::domain::{Decision, Lang, ReviewState};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use crate::http::session::{self, PageUser};
use crate::record::review::{self, ReviewError};
use crate::store::{ReviewFilter, ReviewRow};
use crate::tokens::{Principal, Role};
use crate::{i18n, t};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// The most held figures a page lists.
const SHOWN: u32 = 500;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) action: String,
    #[serde(default)]
    pub(super) reason: String,
}

/// A review state in words.
pub(crate) fn state_word(lang: Lang, state: &str) -> String {
    match ReviewState::parse(state) {
        Some(ReviewState::Held) => t!(lang, "review-state-held"),
        Some(ReviewState::Accepted) => t!(lang, "review-state-accepted"),
        Some(ReviewState::Rejected) => t!(lang, "review-state-rejected"),
        Some(ReviewState::Confirmed) => t!(lang, "review-state-confirmed"),
        None => state.to_string(),
    }
}

/// What a held figure is: region, indicator, period and value, in the page's language.
pub(super) fn figure_words(
    state: &AppState,
    lang: Lang,
    r: &ReviewRow,
) -> (String, String, String) {
    let cat = &state.catalogue;
    let region = cat
        .region(&r.region)
        .map_or(r.region.clone(), |x| x.name.get(lang).to_string());
    let (indicator, decimals) = cat
        .indicator(&r.indicator)
        .map_or((r.indicator.clone(), 2), |i| {
            (i.name.get(lang).to_string(), i.decimals.max(2))
        });
    (region, indicator, i18n::number(lang, r.value, decimals))
}

fn may(who: &Principal, r: &ReviewRow) -> bool {
    let reviewer = Reviewer {
        name: &who.name,
        admin: who.role == Role::Admin,
        writes_region: who.may_write(&r.region),
    };
    may_decide(reviewer, &r.entered_by).is_ok()
}

/// The held figures `user` entered, each with a form to confirm it: for
/// the entry page.
pub(crate) fn own_held(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    rows: &[ReviewRow],
) -> Markup {
    let mine: Vec<&ReviewRow> = rows
        .iter()
        .filter(|r| r.entered_by == user.principal.name)
        .collect();
    html! {
        @if !mine.is_empty() {
            section #held aria-labelledby="held-heading" {
                h2 #held-heading { (t!(lang, "page-review-yours-heading")) }
                p.muted { (t!(lang, "page-review-yours-hint")) }
                @for r in mine {
                    @let (region, indicator, value) = figure_words(state, lang, r);
                    div.held data-review=(r.id) {
                        p { strong { (region) " · " (indicator) " · " (r.period) " = " (value) } }
                        p.muted { (t!(lang, "page-review-why", why = r.why.as_str())) }
                        form.stack method="post" action=(link("/enter/confirm", lang)) {
                            input type="hidden" name="csrf" value=(user.csrf);
                            input type="hidden" name="id" value=(r.id);
                            label for=(format!("confirm-{}", r.id)) { (t!(lang, "page-review-confirm-reason")) }
                            input id=(format!("confirm-{}", r.id)) name="reason" required placeholder=(t!(lang, "page-review-reason-hint"));
                            button type="submit" name="action" value="confirm" { (t!(lang, "page-review-confirm")) }
                        }
                    }
                }
            }
        }
    }
}

fn queue_page(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    rows: &[ReviewRow],
    notice: &[String],
) -> Markup {
    let who = &user.principal;
    let body = html! {
        h1 { (t!(lang, "page-review-heading")) }
        p.muted { (t!(lang, "page-review-intro")) }
        @for n in notice { p.notice role="status" { (n) } }
        @if rows.is_empty() {
            p #empty { (t!(lang, "page-review-empty")) }
        }
        @for r in rows {
            @let (region, indicator, value) = figure_words(state, lang, r);
            div.held data-review=(r.id) {
                p { strong { (region) " · " (indicator) " · " (r.period) " = " (value) } }
                p.muted { (t!(lang, "page-review-entered", by = r.entered_by.as_str(), at = r.entered_at.as_str())) }
                p { (t!(lang, "page-review-why", why = r.why.as_str())) }
                @if may(who, r) {
                    form.stack method="post" action=(link("/review", lang)) {
                        input type="hidden" name="csrf" value=(user.csrf);
                        input type="hidden" name="id" value=(r.id);
                        label for=(format!("reason-{}", r.id)) { (t!(lang, "page-review-reason")) }
                        input id=(format!("reason-{}", r.id)) name="reason" placeholder=(t!(lang, "page-review-reason-hint"));
                        div {
                            button type="submit" name="action" value="accept" { (t!(lang, "page-review-accept")) }
                            " "
                            button type="submit" name="action" value="reject" { (t!(lang, "page-review-reject")) }
                        }
                    }
                } @else if r.entered_by == who.name {
                    p.muted { (t!(lang, "page-review-own")) }
                }
            }
        }
    };
    let chrome = Chrome {
        lang,
        here: "/review",
        user: Some(&who.name),
    };
    frame(&chrome, &t!(lang, "page-review-title"), body)
}

async fn held(state: &AppState) -> Result<Vec<ReviewRow>, ApiError> {
    Ok(state
        .store
        .reviews(&ReviewFilter {
            state: Some(ReviewState::Held),
            region: None,
            limit: SHOWN,
        })
        .await?)
}

/// The held figures, for the entry page.
pub(crate) async fn held_rows(state: &AppState) -> Result<Vec<ReviewRow>, ApiError> {
    held(state).await
}

async fn render(
    state: &AppState,
    lang: Lang,
    user: &PageUser,
    status: StatusCode,
    notice: &[String],
) -> Response {
    match held(state).await {
        Ok(rows) => (
            status,
            Html(queue_page(state, lang, user, &rows, notice).into_string()),
        )
            .into_response(),
        Err(e) => error::page(lang, Some(&user.principal.name), e),
    }
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
) -> Response {
    match session::current(&state, &headers).await {
        Err(e) => error::page(lang, None, e),
        Ok(None) => login_page(lang, StatusCode::OK, ""),
        Ok(Some(user)) => render(&state, lang, &user, StatusCode::OK, &[]).await,
    }
}

/// The signed-in user whose form carries the session's CSRF secret.
pub(super) async fn guard(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<PageUser, Response> {
    match form_sender(state, lang, headers, csrf).await {
        Ok(user) => Ok(user),
        Err(NotSignedIn::Answer(res)) => Err(res),
        Err(NotSignedIn::BadCsrf(user)) => {
            let words = [t!(lang, "page-enter-csrf")];
            Err(render(state, lang, &user, StatusCode::FORBIDDEN, &words).await)
        }
    }
}

/// A decision's failure in words, and its status.
pub(super) fn refusal(lang: Lang, e: ReviewError) -> (StatusCode, String) {
    match e {
        ReviewError::NotAllowed(_) => (StatusCode::FORBIDDEN, t!(lang, "page-review-not-allowed")),
        ReviewError::NoReason(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            t!(lang, "page-review-reason-needed"),
        ),
        ReviewError::Store(crate::store::Error::NotFound(_)) => {
            (StatusCode::NOT_FOUND, t!(lang, "page-review-gone"))
        }
        ReviewError::Store(crate::store::Error::Conflict(m)) => (
            StatusCode::CONFLICT,
            t!(lang, "page-review-conflict", why = m),
        ),
        ReviewError::Store(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            t!(lang, "page-error-unavailable"),
        ),
    }
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(r) => return error::form(lang, None, r),
    };
    let user = match guard(&state, lang, &headers, &form.csrf).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let who = &user.principal;
    let decision = match form.action.as_str() {
        "accept" => Decision::Accept,
        "reject" => Decision::Reject,
        _ => {
            return render(
                &state,
                lang,
                &user,
                StatusCode::BAD_REQUEST,
                &[t!(lang, "page-error-bad-request")],
            )
            .await;
        }
    };
    let Ok(id) = form.id.trim().parse::<i64>() else {
        return render(
            &state,
            lang,
            &user,
            StatusCode::BAD_REQUEST,
            &[t!(lang, "page-error-bad-request")],
        )
        .await;
    };
    if who.role == Role::Viewer {
        return render(
            &state,
            lang,
            &user,
            StatusCode::FORBIDDEN,
            &[t!(lang, "page-review-not-allowed")],
        )
        .await;
    }
    let done = review::decide(
        &state.store,
        id,
        decision,
        &who.name,
        who.role == Role::Admin,
        |region| who.may_write(region),
        Some(&form.reason),
    )
    .await;
    match done {
        Ok(row) => {
            let (region, indicator, value) = figure_words(&state, lang, &row);
            let words = t!(
                lang,
                "page-review-done",
                state = state_word(lang, &row.state),
                figure = format!("{region} · {indicator} · {} = {value}", row.period)
            );
            render(&state, lang, &user, StatusCode::OK, &[words]).await
        }
        Err(e) => {
            let (status, words) = refusal(lang, e);
            render(&state, lang, &user, status, &[words]).await
        }
    }
}
