//! HTML pages (maud, so every text is escaped): the dashboard at `/` and the
//! figure entry page at `/enter` with its login, CSV upload and logout,
//! each in the language the request asks for (see [`crate::http::lang`]),
//! and their stylesheet and font.

pub(crate) mod assets;
pub(crate) mod dashboard;
pub(crate) mod enter;
pub(crate) mod error;
pub(crate) mod goal;
pub(crate) mod lang;
pub(crate) mod layout;
pub(crate) mod login;
mod problems;
pub(crate) mod review;
mod words;

use crate::http::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The pages' routes. A request with `?lang=` gets the cookie that keeps
/// the language for the pages after it.
pub(crate) fn routes() -> Router<AppState> {
    let [regular, bold] = assets::FONT_PATHS;
    Router::new()
        .route("/", get(dashboard::page))
        .route("/enter", get(enter::page).post(enter::submit))
        .route("/enter/csv", post(enter::submit_csv))
        .route("/goals/{id}", get(goal::page))
        .route("/goals/{id}/comment", post(goal::submit_comment))
        .route("/goals/{id}/milestone", post(goal::submit_milestone))
        .route("/enter/confirm", post(enter::confirm))
        .route("/review", get(review::page).post(review::submit))
        .route("/login", post(login::login))
        .route("/logout", post(login::logout))
        .route(assets::STYLESHEET_PATH, get(assets::stylesheet))
        .route(regular, get(|| assets::font(0)))
        .route(bold, get(|| assets::font(1)))
        .route_layer(axum::middleware::from_fn(lang::remember))
}
