//! `GET /api/alerts`: the alerts firing now, as `waymark alerts --format json`.

use crate::alerts::{self, Alert};
use crate::http::AppState;
use crate::http::auth::Reader;
use axum::Json;
use axum::extract::State;

/// The active alerts, in the order `waymark alerts` lists them.
pub(crate) async fn active_alerts(state: &AppState) -> anyhow::Result<Vec<Alert>> {
    alerts::active_alerts(&state.store).await
}

#[utoipa::path(get, path = "/api/alerts", tag = "alerts",
    responses((status = 200, description = "Alerts firing now: fingerprint, state, labels (alertname, goal, region, indicator, status, …), annotations (summary), starts_at, ends_at, last_notified_at", body = [Object])))]
pub(crate) async fn list(
    _: Reader,
    State(state): State<AppState>,
) -> Result<Json<Vec<Alert>>, crate::http::error::ApiError> {
    Ok(Json(active_alerts(&state).await?))
}
