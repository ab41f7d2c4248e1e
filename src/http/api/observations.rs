//! `POST /api/observations`: figures as JSON, all or nothing, checked by the
//! same [`Validator`] as CSV import so the messages are the same.
//!
//! The body is walked by hand (not derived) so that every structural problem
//! of every figure is reported at once, each with its index and field.

use crate::domain::catalogue::closest;
use crate::domain::echo::echo;
use crate::http::AppState;
use crate::http::auth::{Authenticated, Principal};
use crate::http::error::{ApiError, FieldError};
use crate::ingest::{FigureInput, MAX_PROBLEMS, RawRecord, Validator};
use crate::store::{FigureGroup, OwnedFigure, WriteSummary};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// Request body (documentation; parsed by [`parse_body`]).
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub struct ObservationsBody {
    observations: Vec<Observation>,
}

/// One figure. `value` is a JSON number or a text holding a plain decimal
/// number (`"12406"`, `"-3.5"`, `"1.2e3"`).
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub struct Observation {
    region: String,
    indicator: String,
    /// 2021, 2021-Q3 or 2021-03, matching the indicator's frequency
    period: String,
    #[schema(value_type = f64)]
    value: Value,
    /// period (default) or ytd
    basis: Option<String>,
    note: Option<String>,
}

/// A figure as text fields, as a CSV row would give them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextFigure {
    pub region: String,
    pub indicator: String,
    pub period: String,
    pub value: String,
    pub basis: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WriteResult {
    pub new: usize,
    pub revised: usize,
    pub unchanged: usize,
    /// Figures accepted but worth a second look (suspect values).
    pub warnings: Vec<String>,
}

const FIELDS: [&str; 6] = ["region", "indicator", "period", "value", "basis", "note"];

fn problem(index: Option<usize>, field: Option<&str>, message: String) -> FieldError {
    FieldError {
        index,
        field: field.map(str::to_string),
        message,
    }
}

/// The body's structural problems as import reports a file's: the first
/// [`MAX_PROBLEMS`] (by index: they are found in order), then one entry
/// `… and N more problems` at the index of the first left out, so a 2 MB
/// body of bad items gets a short answer.
#[derive(Default)]
struct Problems {
    shown: Vec<FieldError>,
    total: usize,
    first_left_out: Option<usize>,
}

impl Problems {
    /// `message` is only built when the problem will be shown.
    fn add(&mut self, index: Option<usize>, field: Option<&str>, message: impl FnOnce() -> String) {
        self.total += 1;
        if self.shown.len() < MAX_PROBLEMS {
            self.shown.push(problem(index, field, message()));
        } else if self.first_left_out.is_none() {
            self.first_left_out = index;
        }
    }

    fn into_result<T>(mut self, ok: T) -> Result<T, ApiError> {
        if self.total == 0 {
            return Ok(ok);
        }
        let rest = self.total - self.shown.len();
        if rest > 0 {
            let plural = if rest == 1 { "" } else { "s" };
            self.shown.push(problem(
                self.first_left_out,
                None,
                format!("… and {rest} more problem{plural}"),
            ));
        }
        Err(ApiError::Invalid(self.shown))
    }
}

/// The body's figures as text, or its structural problems (see [`Problems`]).
pub fn parse_body(body: &[u8]) -> Result<Vec<TextFigure>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let mut problems = Problems::default();
    let Value::Object(top) = value else {
        problems.add(None, None, || {
            format!(
                "expected an object {{\"observations\": [...]}}, got {}",
                kind(&value)
            )
        });
        return problems.into_result(Vec::new());
    };
    for key in top.keys().filter(|k| *k != "observations") {
        problems.add(None, Some(key), || {
            format!(
                "unknown field {} (the body has one field, \"observations\")",
                echo(key)
            )
        });
    }
    let list = match top.get("observations") {
        None => {
            problems.add(None, Some("observations"), || {
                "missing field \"observations\"".into()
            });
            return problems.into_result(Vec::new());
        }
        Some(Value::Array(list)) => list,
        Some(other) => {
            problems.add(None, Some("observations"), || {
                format!("expected a list of figures, got {}", kind(other))
            });
            return problems.into_result(Vec::new());
        }
    };
    if list.is_empty() {
        problems.add(None, Some("observations"), || {
            "no figures: the list is empty".into()
        });
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        match item {
            Value::Object(obj) => {
                if let Some(f) = figure(i, obj, &mut problems) {
                    out.push(f);
                }
            }
            other => problems.add(Some(i), None, || {
                format!(
                    "expected an object with region, indicator, period and value, got {}",
                    kind(other)
                )
            }),
        }
    }
    problems.into_result(out)
}

fn figure(i: usize, obj: &Map<String, Value>, problems: &mut Problems) -> Option<TextFigure> {
    let before = problems.total;
    for key in obj.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        problems.add(Some(i), Some(key), || {
            let hint = closest(key, FIELDS.iter().copied())
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_default();
            format!(
                "unknown field {} (expected region, indicator, period, value, basis, note){hint}",
                echo(key)
            )
        });
    }
    let mut text = |field: &str, required: bool| -> Option<String> {
        match obj.get(field) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) if !required => Some(String::new()),
            None | Some(Value::Null) => {
                problems.add(Some(i), Some(field), || {
                    format!("column {field}: missing {field}")
                });
                None
            }
            Some(other) => {
                problems.add(Some(i), Some(field), || {
                    format!("column {field}: expected a text, got {}", kind(other))
                });
                None
            }
        }
    };
    let region = text("region", true);
    let indicator = text("indicator", true);
    let period = text("period", true);
    let basis = text("basis", false);
    let note = text("note", false);
    let value = match obj.get("value") {
        // Numbers go through the same text rules as CSV (finite, plain decimal).
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => {
            problems.add(Some(i), Some("value"), || {
                "column value: missing value".into()
            });
            None
        }
        Some(other) => {
            problems.add(Some(i), Some("value"), || {
                format!("column value: expected a number, got {}", kind(other))
            });
            None
        }
    };
    if problems.total != before {
        return None;
    }
    Some(TextFigure {
        region: region?,
        indicator: indicator?,
        period: period?,
        value: value?,
        basis: basis?,
        note: note.filter(|n| !n.is_empty()),
    })
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {}", echo(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// 403 unless `who` may write every figure's region (nothing is written otherwise).
pub fn authorise(who: &Principal, figures: &[TextFigure]) -> Result<(), ApiError> {
    who.require_writer()?;
    let outside: Vec<String> = figures
        .iter()
        .enumerate()
        .filter(|(_, f)| !who.may_write(f.region.trim()))
        .take(5)
        .map(|(i, f)| format!("{} (index {i})", echo(f.region.trim())))
        .collect();
    if outside.is_empty() {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "token {:?} may write figures only for {}; not for {}; nothing was written",
        who.name,
        who.regions.join(", "),
        outside.join(", ")
    )))
}

/// Validate every figure like an import (all or nothing).
pub fn validate(state: &AppState, figures: &[TextFigure]) -> Result<Vec<FigureInput>, ApiError> {
    let mut v = Validator::new(&state.catalogue);
    for (i, f) in figures.iter().enumerate() {
        v.push(
            i as u64,
            RawRecord {
                region: &f.region,
                indicator: &f.indicator,
                period: &f.period,
                value: &f.value,
                basis: Some(&f.basis),
                note: f.note.as_deref(),
            },
        );
    }
    v.finish().map_err(|problems| {
        ApiError::Invalid(
            problems
                .iter()
                .map(|p| FieldError {
                    index: Some(p.line as usize),
                    field: p.column().map(str::to_string),
                    // The validator counts CSV lines; here the line is the list index.
                    message: p.message.replace(" on line ", " at index "),
                })
                .collect(),
        )
    })
}

/// Suspect-figure warnings (a unit slip, an outlier) for accepted figures,
/// checked like `import` checks them; each reads
/// `index I: field value: V for REGION INDICATOR PERIOD looks wrong: why`.
pub async fn warnings(state: &AppState, figures: &[FigureInput]) -> anyhow::Result<Vec<String>> {
    let found = crate::alerts::suspect_warnings_cached(
        &state.series_cache,
        &state.store,
        &state.catalogue,
        figures,
    )
    .await?;
    Ok(found
        .into_iter()
        .map(|w| {
            let what = w
                .message
                .strip_prefix(&format!("column {}: ", w.column))
                .unwrap_or(&w.message);
            format!("index {}: field {}: {what}", w.line, w.column)
        })
        .collect())
}

/// Authorise, validate and record figures on behalf of `who`.
pub async fn record(
    state: &AppState,
    who: &Principal,
    figures: &[TextFigure],
) -> Result<WriteResult, ApiError> {
    authorise(who, figures)?;
    let valid = validate(state, figures)?;
    // Checked before writing, against the series as stored plus these figures
    // (as `import` does); a suspect figure is recorded all the same.
    let warnings = warnings(state, &valid).await?;
    let cat = &state.catalogue;
    let group = FigureGroup {
        figures: valid
            .iter()
            .map(|f| OwnedFigure {
                region: f.region_id(cat).to_string(),
                indicator: f.indicator_id(cat).to_string(),
                period: f.period,
                value: f.value,
                basis: f.basis,
                note: f.note.clone(),
            })
            .collect(),
        recorded_by: who.name.clone(),
        source: "api".into(),
    };
    let WriteSummary {
        new,
        revised,
        unchanged,
    } = state
        .writer
        .write(group)
        .await
        .map_err(ApiError::from_write)?;
    Ok(WriteResult {
        new,
        revised,
        unchanged,
        warnings,
    })
}

#[utoipa::path(post, path = "/api/observations", tag = "figures",
    request_body = ObservationsBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recorded: counts of new, revised and unchanged figures", body = WriteResult),
        (status = 400, description = "The body is not JSON", body = crate::http::error::ErrorBody),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 403, description = "A viewer token, or a region outside the operator's", body = crate::http::error::ErrorBody),
        (status = 413, description = "The body is over the size limit", body = crate::http::error::ErrorBody),
        (status = 422, description = "Invalid figures; nothing was written. At most 100 problems, then one entry `… and N more problems` (index: the first left out, no field)", body = crate::http::error::ErrorsBody),
        (status = 503, description = "Another write (a large import, say) kept the database busy past the busy timeout; nothing was written; retry after the Retry-After seconds", body = crate::http::error::ErrorBody),
        (status = 507, description = "The server's disk is full; nothing was written", body = crate::http::error::ErrorBody)))]
pub async fn post(
    State(state): State<AppState>,
    Authenticated(who): Authenticated,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WriteResult>, ApiError> {
    // A viewer is refused before its body is read.
    who.require_writer()?;
    let figures = parse_body(&body?)?;
    Ok(Json(record(&state, &who, &figures).await?))
}
