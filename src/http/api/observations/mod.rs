//! `POST /api/observations`: figures as JSON, all or nothing, checked by the
//! same [`Validator`] as CSV import so the messages are the same, and
//! recorded through the one use case every way in shares ([`crate::record`]);
//! the entry pages record through here too.

mod body;

pub(crate) use body::{ObservationsBody, parse_body};

use crate::domain::echo::echo;
use crate::domain::{Catalogue, Channel, Figure, Period, Provenance};
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::{ApiError, FieldError};
use crate::ingest::{Numbering, Problem, RawRecord, Validator};
use crate::record::{self, Confirm, Options, RecordError, Target, Warnings};
use crate::store::{self, FigureGroup, ForReview, Window, WriteSummary};
use crate::tokens::Principal;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub(crate) struct WriteResult {
    pub(crate) new: usize,
    pub(crate) revised: usize,
    pub(crate) unchanged: usize,
    /// Figures held for review (suspect, or by the indicator's `review`
    /// setting): not counted until someone accepts them.
    pub(crate) held: usize,
    /// Figures recorded but worth a second look (suspect values), and why
    /// each held one was held.
    pub(crate) warnings: Vec<String>,
    /// The figures held for review, or confirmed at once.
    pub(crate) review: Vec<HeldItem>,
    /// The same suspect figures, for the entry page to word in the
    /// reader's language (not part of the JSON answer).
    #[serde(skip)]
    pub(crate) suspects: Warnings,
}

/// A figure held for review by a write, or confirmed at once by its `confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub(crate) struct HeldItem {
    /// Its position: the index in the list (the line of a pasted text).
    pub(crate) index: u64,
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: String,
    pub(crate) value: f64,
    /// Why it was held.
    pub(crate) why: String,
    /// `held` (waiting for a second person) or `confirmed`.
    pub(crate) state: &'static str,
}

/// 403 unless `who` may write every figure's region (nothing is written
/// otherwise); `regions` are each figure's position (counted as
/// `numbering` says: its index in a JSON list, its line in a pasted CSV)
/// and region.
pub(crate) fn authorise<'r>(
    who: &Principal,
    regions: impl IntoIterator<Item = (u64, &'r str)>,
    numbering: Numbering,
) -> Result<(), ApiError> {
    who.require_writer()?;
    let refused: Vec<String> = outside(who, regions)
        .into_iter()
        .map(|(n, region)| format!("{} ({})", echo(region), numbering.at(n)))
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "token {:?} may write figures only for {}; not for {}; nothing was written",
        who.name,
        who.regions.join(", "),
        refused.join(", ")
    )))
}

/// The first [`OUTSIDE_SHOWN`] figures whose region `who` may not write:
/// each one's position and region (trimmed).
pub(crate) fn outside<'r>(
    who: &Principal,
    regions: impl IntoIterator<Item = (u64, &'r str)>,
) -> Vec<(u64, &'r str)> {
    regions
        .into_iter()
        .map(|(n, region)| (n, region.trim()))
        .filter(|(_, region)| !who.may_write(region))
        .take(OUTSIDE_SHOWN)
        .collect()
}

/// How many figures outside the caller's regions a refusal names.
pub(crate) const OUTSIDE_SHOWN: usize = 5;

/// Validate every record like an import (all or nothing); a record's
/// position in `records` is its index.
pub(crate) fn validate(
    catalogue: &Catalogue,
    records: &[RawRecord<'_>],
) -> Result<Vec<Figure>, ApiError> {
    let mut v = Validator::new(catalogue, Numbering::Index);
    for (i, rec) in records.iter().enumerate() {
        v.push(i as u64, *rec);
    }
    v.finish().map_err(invalid)
}

/// Problems as the 422 answer lists them.
pub(crate) fn invalid(problems: Vec<Problem>) -> ApiError {
    ApiError::Invalid(problems.into_iter().map(FieldError::from_problem).collect())
}

/// Record validated figures on behalf of `who` (already authorised), and
/// say what happened with each suspect figure as
/// `index I: field value: V for REGION INDICATOR PERIOD looks wrong: why`.
pub(crate) async fn record_figures(
    state: &AppState,
    who: &Principal,
    figures: Vec<Figure>,
    numbering: Numbering,
    confirm: &Confirm,
) -> Result<WriteResult, ApiError> {
    let by = Provenance::new(who.name.clone(), Channel::Api);
    let options = Options {
        numbering,
        ..Options::now()
    };
    let recorded = record::record_reviewed(state, &state.catalogue, figures, &by, options, confirm)
        .await
        .map_err(|e| match e {
            RecordError::Invalid(p) => invalid(p),
            RecordError::Failed(e) => ApiError::from(e),
        })?;
    let WriteSummary {
        new,
        revised,
        unchanged,
        held,
    } = recorded.summary;
    let review: Vec<HeldItem> = recorded
        .held
        .iter()
        .map(|h| HeldItem {
            index: h.line,
            region: h.region.clone(),
            indicator: h.indicator.clone(),
            period: h.period.to_string(),
            value: h.value,
            why: h.why.clone(),
            state: if h.confirmed { "confirmed" } else { "held" },
        })
        .collect();
    let mut warnings: Vec<String> = recorded
        .warnings
        .shown
        .iter()
        .map(|w| {
            format!(
                "{}: field {}: {}",
                numbering.at(w.line),
                w.column,
                w.message
            )
        })
        .collect();
    warnings.extend(recorded.warnings.summary());
    Ok(WriteResult {
        new,
        revised,
        unchanged,
        held,
        warnings,
        review,
        suspects: recorded.warnings,
    })
}

/// Authorise, validate and record figures given as text on behalf of `who`.
pub(crate) async fn record_text(
    state: &AppState,
    who: &Principal,
    records: &[RawRecord<'_>],
    confirm: &Confirm,
) -> Result<WriteResult, ApiError> {
    let regions = records
        .iter()
        .enumerate()
        .map(|(i, r)| (i as u64, r.region));
    authorise(who, regions, Numbering::Index)?;
    let figures = validate(&state.catalogue, records)?;
    record_figures(state, who, figures, Numbering::Index, confirm).await
}

/// Figures that come over HTTP go through the daemon's group-commit writer,
/// and their series' recent figures are read through its cache.
impl Target for AppState {
    async fn windows(&self, wanted: &[(&str, &str, Period)]) -> store::Result<Vec<Arc<Window>>> {
        self.series_cache.windows(&self.store, wanted).await
    }

    async fn write(
        &self,
        figures: Vec<Figure>,
        reviews: Vec<ForReview>,
        provenance: &Provenance,
        dry_run: bool,
    ) -> store::Result<WriteSummary> {
        if dry_run {
            // Counting takes no lock: the store classifies against a snapshot.
            return self.store.write_figures(&figures, provenance, true).await;
        }
        let group = FigureGroup {
            figures,
            provenance: provenance.clone(),
            reviews,
        };
        self.writer.write(group).await
    }
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
pub(crate) async fn post(
    State(state): State<AppState>,
    Authenticated(who): Authenticated,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WriteResult>, ApiError> {
    // A viewer is refused before its body is read.
    who.require_writer()?;
    let body = parse_body(&body?)?;
    let confirm = Confirm::Lines(body.confirms());
    Ok(Json(
        record_text(&state, &who, &body.records()?, &confirm).await?,
    ))
}
