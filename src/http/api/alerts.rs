//! `GET /api/alerts`: active alerts.

use crate::http::AppState;
use crate::http::auth::Reader;
use axum::Json;
use axum::extract::State;
use serde_json::Value;

/// TO WIRE: the alerts module (src/alerts/) provides the active alerts; until
/// it is merged there are none.
pub async fn active_alerts(_state: &AppState) -> anyhow::Result<Vec<Value>> {
    Ok(Vec::new())
}

#[utoipa::path(get, path = "/api/alerts", tag = "alerts",
    responses((status = 200, description = "Active alerts", body = [Object])))]
pub async fn list(
    _: Reader,
    State(state): State<AppState>,
) -> Result<Json<Vec<Value>>, crate::http::error::ApiError> {
    Ok(Json(active_alerts(&state).await?))
}
