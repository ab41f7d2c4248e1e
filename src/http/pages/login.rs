//! `POST /login` and `POST /logout`: a token in a form starts a session
//! (cookie) so operators need not send headers from a browser.

use super::enter::login_page;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::session::{
    self, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SESSION_LIFETIME, same_secret,
};
use crate::tokens::{Role, hash_secret};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let expected = session::cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !same_secret(expected, &f.csrf) {
        return Ok(login_page(
            StatusCode::FORBIDDEN,
            "The form expired or did not come from this site; please sign in again.",
        ));
    }
    let token_hash = hash_secret(f.token.trim());
    let Some(rec) = state.store.token_by_hash(&token_hash).await? else {
        return Ok(login_page(
            StatusCode::UNAUTHORIZED,
            "That token is not valid (unknown or revoked).",
        ));
    };
    if Role::parse(&rec.role) == Ok(Role::Viewer) {
        return Ok(login_page(
            StatusCode::FORBIDDEN,
            "Viewer tokens cannot enter figures; ask for an operator token.",
        ));
    }
    let id = state.sessions.create(token_hash);
    let mut res = Redirect::to("/enter").into_response();
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        session::set_cookie(SESSION_COOKIE, &id, SESSION_LIFETIME)
            .parse()
            .map_err(anyhow::Error::from)?,
    );
    h.append(
        header::SET_COOKIE,
        session::clear_cookie(LOGIN_CSRF_COOKIE)
            .parse()
            .map_err(anyhow::Error::from)?,
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> Result<Response, ApiError> {
    if let Some(user) = session::current(&state, &headers).await? {
        if !same_secret(&user.csrf, &f.csrf) {
            return Ok((StatusCode::FORBIDDEN, "missing or wrong CSRF token").into_response());
        }
        state.sessions.remove(&user);
    }
    let mut res = Redirect::to("/enter").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        session::clear_cookie(SESSION_COOKIE)
            .parse()
            .map_err(anyhow::Error::from)?,
    );
    Ok(res)
}
