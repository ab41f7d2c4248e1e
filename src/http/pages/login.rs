//! The sign-in form, `POST /login` and `POST /logout`: a token in a form
//! starts a session (cookie) so operators need not send headers from a
//! browser.

use super::error;
use super::lang::link;
use super::layout::{Chrome, frame};
use crate::domain::Lang;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use crate::http::session::{
    self, LOGIN_CSRF_COOKIE, PageUser, SESSION_COOKIE, SESSION_LIFETIME, same_secret,
};
use crate::t;
use crate::tokens::{Role, hash_secret, new_secret};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use std::time::Duration;

/// Why a posted form's sender is not taken.
pub(crate) enum NotSignedIn {
    /// No session (the sign-in form, 401) or the session store failed:
    /// the answer to send as it is.
    Answer(Response),
    /// Signed in, but the form's CSRF secret is not the session's: each page
    /// answers 403 in its own layout.
    BadCsrf(PageUser),
}

/// The signed-in user whose posted form carries the session's CSRF secret.
pub(crate) async fn form_sender(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<PageUser, NotSignedIn> {
    match session::current(state, headers).await {
        Err(e) => Err(NotSignedIn::Answer(error::page(lang, None, e))),
        Ok(None) => Err(NotSignedIn::Answer(login_page(
            lang,
            StatusCode::UNAUTHORIZED,
            &t!(lang, "page-login-first"),
        ))),
        Ok(Some(user)) if !same_secret(&user.csrf, csrf) => Err(NotSignedIn::BadCsrf(user)),
        Ok(Some(user)) => Ok(user),
    }
}

/// The sign-in form, with a fresh double-submit CSRF cookie; `message`
/// says why it is shown again, if it is.
pub(crate) fn login_page(lang: Lang, status: StatusCode, message: &str) -> Response {
    let csrf = new_secret();
    let body = html! {
        h1 { (t!(lang, "page-enter-heading")) }
        p { (t!(lang, "page-login-intro")) }
        @if !message.is_empty() { p.problem role="alert" { (message) } }
        form.stack method="post" action=(link("/login", lang)) {
            input type="hidden" name="csrf" value=(csrf);
            label for="token" { (t!(lang, "page-login-token")) }
            input id="token" name="token" type="password" autocomplete="off" required;
            button type="submit" { (t!(lang, "page-login-submit")) }
        }
    };
    let chrome = Chrome {
        lang,
        here: "/enter",
        user: None,
    };
    let page = frame(&chrome, &t!(lang, "page-login-title"), body);
    let mut res = (status, Html(page.into_string())).into_response();
    if let Ok(v) = session::set_cookie(LOGIN_CSRF_COOKIE, &csrf, Duration::from_secs(3600)).parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

pub(crate) async fn login(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(r) => return error::form(lang, None, r),
    };
    let expected = session::cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !same_secret(expected, &f.csrf) {
        let words = t!(lang, "page-login-expired");
        return login_page(lang, StatusCode::FORBIDDEN, &words);
    }
    let token_hash = hash_secret(f.token.trim());
    let rec = match state.store.token_by_hash(&token_hash).await {
        Ok(Some(rec)) => rec,
        Ok(None) => {
            let words = t!(lang, "page-login-bad-token");
            return login_page(lang, StatusCode::UNAUTHORIZED, &words);
        }
        Err(e) => return error::page(lang, None, e.into()),
    };
    if Role::parse(&rec.role) == Ok(Role::Viewer) {
        let words = t!(lang, "page-login-viewer");
        return login_page(lang, StatusCode::FORBIDDEN, &words);
    }
    let id = state.sessions.create(token_hash);
    let mut res = Redirect::to("/enter").into_response();
    let cookies = [
        session::set_cookie(SESSION_COOKIE, &id, SESSION_LIFETIME),
        session::clear_cookie(LOGIN_CSRF_COOKIE),
    ];
    for c in cookies {
        match HeaderValue::from_str(&c) {
            Ok(v) => res.headers_mut().append(header::SET_COOKIE, v),
            Err(e) => return error::page(lang, None, ApiError::Internal(e.into())),
        };
    }
    res
}

#[derive(Deserialize)]
pub(crate) struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(r) => return error::form(lang, None, r),
    };
    match session::current(&state, &headers).await {
        Err(e) => return error::page(lang, None, e),
        Ok(Some(user)) => {
            if !same_secret(&user.csrf, &f.csrf) {
                let words = t!(lang, "page-logout-csrf");
                let name = Some(user.principal.name.as_str());
                return error::with_words(lang, name, StatusCode::FORBIDDEN, &words);
            }
            state.sessions.remove(&user);
        }
        Ok(None) => {}
    }
    let mut res = Redirect::to("/enter").into_response();
    match HeaderValue::from_str(&session::clear_cookie(SESSION_COOKIE)) {
        Ok(v) => res.headers_mut().append(header::SET_COOKIE, v),
        Err(e) => return error::page(lang, None, ApiError::Internal(e.into())),
    };
    res
}
