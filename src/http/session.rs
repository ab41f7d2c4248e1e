//! Browser sessions for the entry page. A session id is a random secret in an
//! HttpOnly, SameSite=Strict cookie; the server keeps only its SHA-256 hash,
//! with the hash of the token that logged in and the session's CSRF token.
//! Sessions live in memory: a restart logs everyone out, which is acceptable
//! for a form people open to type a few figures. Each request re-checks the
//! token in the database, so revoking a token ends its sessions at once.

use super::AppState;
use super::error::ApiError;
use crate::tokens::{Principal, hash_secret, new_secret};
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(crate) const SESSION_COOKIE: &str = "wm_session";
/// Double-submit cookie guarding the login form, before there is a session.
pub(crate) const LOGIN_CSRF_COOKIE: &str = "wm_login_csrf";
/// A session ends this long after login.
pub(crate) const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);

#[derive(Debug, Clone)]
struct Session {
    token_hash: String,
    csrf: String,
    expires: Instant,
}

/// The logged-in caller of a page request.
#[derive(Debug, Clone)]
pub(crate) struct PageUser {
    pub(crate) principal: Principal,
    /// To put in every form of the page.
    pub(crate) csrf: String,
    session_hash: String,
}

#[derive(Default)]
pub(crate) struct Sessions {
    by_hash: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.by_hash.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Start a session for the token whose secret hashes to `token_hash`;
    /// returns the cookie value (the only copy of the session secret).
    pub(crate) fn create(&self, token_hash: String) -> String {
        let id = new_secret();
        let now = Instant::now();
        let mut map = self.lock();
        map.retain(|_, s| s.expires > now);
        map.insert(
            hash_secret(&id),
            Session {
                token_hash,
                csrf: new_secret(),
                expires: now + SESSION_LIFETIME,
            },
        );
        id
    }

    pub(crate) fn remove(&self, user: &PageUser) {
        self.lock().remove(&user.session_hash);
    }
}

/// A cookie's value from the request headers.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for a session or CSRF cookie. `Secure` is added to every
/// cookie by [`crate::http::headers`] when `server.secure_cookies` is on: the
/// daemon itself serves plain HTTP (on loopback by default).
pub(crate) fn set_cookie(name: &str, value: &str, max_age: Duration) -> String {
    format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        max_age.as_secs()
    )
}

pub(crate) fn clear_cookie(name: &str) -> String {
    format!("{name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

/// The caller behind the request's session cookie, if it is logged in with
/// a token that is still valid.
pub(crate) async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<PageUser>, ApiError> {
    let Some(id) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session_hash = hash_secret(id);
    let session = {
        let map = state.sessions.lock();
        match map.get(&session_hash) {
            Some(s) if s.expires > Instant::now() => s.clone(),
            _ => return Ok(None),
        }
    };
    let Some(rec) = state.store.token_by_hash(&session.token_hash).await? else {
        state.sessions.lock().remove(&session_hash);
        return Ok(None);
    };
    Ok(Some(PageUser {
        principal: state.caller(rec).await?,
        csrf: session.csrf,
        session_hash,
    }))
}

/// Compare secrets without an early exit, so timing says nothing about how much matched.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
