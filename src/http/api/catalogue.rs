//! `GET /api/regions`, `/api/indicators`, `/api/goals`: the catalogue as loaded.

use crate::domain::Lang;
use crate::domain::{Goal, GoalKind, Indicator, Region};
use crate::http::AppState;
use crate::http::auth::Reader;
use crate::http::lang::Language;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RegionOut {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) parent: Option<String>,
}

impl RegionOut {
    fn new(r: &Region, lang: Lang) -> Self {
        RegionOut {
            id: r.id.to_string(),
            name: r.name.get(lang).to_string(),
            parent: r.parent.as_ref().map(ToString::to_string),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IndicatorOut {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) unit: String,
    /// monthly | quarterly | annual
    pub(crate) frequency: String,
    /// flow | level
    pub(crate) measure: String,
    pub(crate) due_days: u32,
    pub(crate) decimals: u8,
}

impl IndicatorOut {
    fn new(i: &Indicator, lang: Lang) -> Self {
        IndicatorOut {
            id: i.id.to_string(),
            name: i.name.get(lang).to_string(),
            unit: i.unit.get(lang).to_string(),
            frequency: i.frequency.to_string(),
            measure: i.measure.as_str().into(),
            due_days: i.due_days,
            decimals: i.decimals,
        }
    }
}

/// A goal as written in the catalogue; only its type's own fields are set.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GoalOut {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) region: String,
    pub(crate) indicator: Option<String>,
    /// growth | multiple | level | trend | milestone
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) direction: String,
    pub(crate) baseline_year: Option<i32>,
    pub(crate) baseline_value: Option<f64>,
    pub(crate) target_year: Option<i32>,
    pub(crate) percent: Option<f64>,
    pub(crate) factor: Option<f64>,
    pub(crate) value: Option<f64>,
    pub(crate) limit: Option<f64>,
    /// Milestones: YYYY-MM-DD
    pub(crate) due: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) quote: Option<String>,
    pub(crate) note: Option<String>,
}

impl GoalOut {
    fn new(g: &Goal, lang: Lang) -> Self {
        let mut out = GoalOut {
            id: g.id.to_string(),
            title: g.title.get(lang).to_string(),
            region: g.region.to_string(),
            indicator: g.indicator.as_ref().map(ToString::to_string),
            kind: g.kind.type_name().into(),
            direction: g.direction.as_str().into(),
            baseline_year: g.baseline_year,
            baseline_value: g.baseline_value,
            target_year: g.target_year,
            percent: None,
            factor: None,
            value: None,
            limit: None,
            due: None,
            source: g.source.clone(),
            quote: g.quote.clone(),
            note: g.note.as_ref().map(|n| n.get(lang).to_string()),
        };
        match &g.kind {
            GoalKind::Growth { percent } => out.percent = Some(*percent),
            GoalKind::Multiple { factor } => out.factor = Some(*factor),
            GoalKind::Level { value } => out.value = Some(*value),
            GoalKind::Trend { limit } => out.limit = *limit,
            GoalKind::Milestone { due } => out.due = Some(due.to_string()),
        }
        out
    }
}

#[utoipa::path(get, path = "/api/regions", tag = "catalogue",
    params(("lang" = Option<String>, Query, description = "Language of the names: en or zh-CN (else Accept-Language, then the [ui] setting)")),
    responses((status = 200, description = "Every region, in catalogue order", body = [RegionOut])))]
pub(crate) async fn regions(
    _: Reader,
    Language(lang): Language,
    State(state): State<AppState>,
) -> Json<Vec<RegionOut>> {
    let cat = &state.catalogue;
    Json(
        cat.regions
            .iter()
            .map(|r| RegionOut::new(r, lang))
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/indicators", tag = "catalogue",
    params(("lang" = Option<String>, Query, description = "Language of names and units: en or zh-CN (else Accept-Language, then the [ui] setting)")),
    responses((status = 200, description = "Every indicator, in catalogue order", body = [IndicatorOut])))]
pub(crate) async fn indicators(
    _: Reader,
    Language(lang): Language,
    State(state): State<AppState>,
) -> Json<Vec<IndicatorOut>> {
    let cat = &state.catalogue;
    Json(
        cat.indicators
            .iter()
            .map(|i| IndicatorOut::new(i, lang))
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/goals", tag = "catalogue",
    params(("lang" = Option<String>, Query, description = "Language of titles and notes: en or zh-CN (else Accept-Language, then the [ui] setting)")),
    responses((status = 200, description = "Every goal, in catalogue order", body = [GoalOut])))]
pub(crate) async fn goals(
    _: Reader,
    Language(lang): Language,
    State(state): State<AppState>,
) -> Json<Vec<GoalOut>> {
    Json(
        state
            .catalogue
            .goals
            .iter()
            .map(|g| GoalOut::new(g, lang))
            .collect(),
    )
}
