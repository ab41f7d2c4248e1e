//! One pull of one or every source: fetch, parse, validate, record — all or
//! nothing per source — and remember the outcome.

use super::client::{Fetched, Fetcher, Validators};
use super::error::{SourceError, place};
use super::formats;
use crate::config::Settings;
use crate::config::sources::{Format, SourceConfig};
use crate::domain::catalogue::{IdKind, UnknownId};
use crate::domain::{Catalogue, Figure, Provenance};
use crate::ingest::Numbering;
use crate::record::{self, Options, RecordError};
use crate::store::{SourceStateRow, Store, WriteSummary};
use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How one source's pull ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PullStatus {
    /// Fetched and recorded.
    Ok,
    /// The source answered 304: nothing new.
    NotModified,
    /// The pull failed; nothing was recorded.
    Failed,
}

impl PullStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PullStatus::Ok => "ok",
            PullStatus::NotModified => "not_modified",
            PullStatus::Failed => "failed",
        }
    }
}

/// What one source's pull did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PullOutcome {
    /// The source's name.
    pub source: String,
    /// How it ended.
    pub status: PullStatus,
    /// Figures recorded for the first time.
    pub new: usize,
    /// Figures whose value changed.
    pub revised: usize,
    /// Figures that were already there as they are.
    pub unchanged: usize,
    /// Why it failed (`status = failed` only).
    pub error: Option<String>,
    /// When the pull ran (RFC 3339 UTC).
    pub(crate) at: String,
}

/// A source whose last pull failed: what the `source_failed` alert reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFailure {
    /// The source's name.
    pub source: String,
    /// Why its last pull failed.
    pub error: String,
    /// The first failure of the current run of failures (RFC 3339 UTC).
    pub since: String,
    /// Failures in a row.
    pub attempts: u32,
}

/// Pull `name`, or every configured source, in settings order. A failing
/// source does not stop the others; `Err` only for an unknown name or when
/// the database cannot record an outcome.
pub async fn pull(
    store: &Store,
    catalogue: &Catalogue,
    settings: &Settings,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<PullOutcome>> {
    let chosen: Vec<&SourceConfig> = match name {
        None => {
            let names: Vec<&str> = settings.source.iter().map(|s| s.name.as_str()).collect();
            store.forget_sources_except(&names).await?;
            settings.source.iter().collect()
        }
        Some(n) => match settings.source.iter().find(|s| s.name == n) {
            Some(s) => vec![s],
            None => {
                if settings.source.is_empty() {
                    bail!("unknown source {n:?}: no [[source]] is configured");
                }
                let known = settings.source.iter().map(|s| s.name.as_str());
                bail!("{}", UnknownId::among(IdKind::Source, n, known));
            }
        },
    };
    let mut outcomes = Vec::with_capacity(chosen.len());
    for source in chosen {
        outcomes.push(pull_one(store, catalogue, source, now).await?);
    }
    Ok(outcomes)
}

async fn pull_one(
    store: &Store,
    catalogue: &Catalogue,
    source: &SourceConfig,
    now: DateTime<Utc>,
) -> Result<PullOutcome> {
    let by = Provenance::pull(&source.name);
    let outcome = |status, s: WriteSummary, error| PullOutcome {
        source: source.name.clone(),
        status,
        new: s.new,
        revised: s.revised,
        unchanged: s.unchanged,
        error,
        at: crate::store::timestamp(now),
    };
    let state = store.source_state(&source.name).await?;
    let since = state.as_ref().map(|s| Validators {
        etag: s.etag.clone(),
        last_modified: s.last_modified.clone(),
    });
    let attempt = async {
        let fetched = fetch_and_parse(catalogue, source, since.as_ref()).await?;
        let Some((figures, validators)) = fetched else {
            return Ok(None);
        };
        let options = Options {
            dry_run: false,
            today: now.date_naive(),
            numbering: numbering(source.format),
        };
        let recorded = record::record(store, catalogue, figures, &by, options)
            .await
            .map_err(|e| match e {
                RecordError::Invalid(problems) => SourceError::Invalid { problems },
                RecordError::Failed(e) => SourceError::Store(e),
            })?;
        if !recorded.warnings.is_empty() {
            let total = recorded.warnings.shown.len() + recorded.warnings.more;
            let first = &recorded.warnings.shown[0];
            tracing::warn!(
                source = %source.name, suspect = total,
                "pulled figures that look wrong, recorded all the same; {}: {}",
                place(numbering(source.format).at(first.line)), first.text()
            );
        }
        Ok::<_, SourceError>(Some((recorded.summary, validators)))
    };
    match attempt.await {
        Ok(None) => {
            let summary = WriteSummary::default();
            store
                .record_source_success(&source.name, "not_modified", summary, None, now)
                .await?;
            Ok(outcome(PullStatus::NotModified, summary, None))
        }
        Ok(Some((summary, v))) => {
            // Validators are kept only now that the body is recorded: kept
            // earlier, a body that failed to record would later answer 304.
            let validators = Some((v.etag.as_deref(), v.last_modified.as_deref()));
            store
                .record_source_success(&source.name, "ok", summary, validators, now)
                .await?;
            Ok(outcome(PullStatus::Ok, summary, None))
        }
        Err(e) => {
            let message = e.to_string();
            tracing::warn!(source = %source.name, error = %message, "pull failed");
            store
                .record_source_failure(&source.name, &message, now)
                .await?;
            Ok(outcome(
                PullStatus::Failed,
                WriteSummary::default(),
                Some(message),
            ))
        }
    }
}

/// Fetch every page and validate; `None` when the server says nothing changed.
async fn fetch_and_parse(
    catalogue: &Catalogue,
    source: &SourceConfig,
    since: Option<&Validators>,
) -> Result<Option<(Vec<Figure>, Validators)>, SourceError> {
    let fetcher = Fetcher::new(source)?;
    let (body, validators) = match fetcher.get(&source.url, since).await? {
        Fetched::NotModified => return Ok(None),
        Fetched::Body { bytes, validators } => (bytes, validators),
    };
    let figures = match source.format {
        Format::Csv => formats::read_csv(&body, catalogue)?,
        Format::Json => formats::read_json(&body, catalogue)?,
        Format::SdmxCsv => formats::read_sdmx_csv(&body, source, catalogue)?,
        Format::WorldBank => {
            let first = formats::read_worldbank_page(&body)?;
            if first.pages > u64::from(source.max_pages) {
                return Err(SourceError::malformed(
                    "worldbank",
                    format!(
                        "{} pages is more than max_pages = {} (raise it, or per_page in the URL)",
                        first.pages, source.max_pages
                    ),
                ));
            }
            let mut pages = vec![first];
            for n in 2..=pages[0].pages {
                let url = formats::page_url(&source.url, n);
                let Fetched::Body { bytes, .. } = fetcher.get(&url, None).await? else {
                    unreachable!("an unconditional request never yields NotModified");
                };
                let page = formats::read_worldbank_page(&bytes)?;
                if page.page != n {
                    return Err(SourceError::malformed(
                        "worldbank",
                        format!("asked for page {n}, got page {}", page.page),
                    ));
                }
                pages.push(page);
            }
            formats::worldbank_figures(&pages, source, catalogue)?
        }
    };
    Ok(Some((figures, validators)))
}

/// What a format's figures are numbered by in messages.
/// What a figure's `line` counts in a payload of `format`.
fn numbering(format: Format) -> Numbering {
    match format {
        Format::Json | Format::WorldBank => Numbering::Item,
        Format::Csv | Format::SdmxCsv => Numbering::Line,
    }
}

/// Sources whose last pull failed, by name: the input of the `source_failed` alert.
pub async fn failing_sources(store: &Store) -> Result<Vec<SourceFailure>> {
    Ok(store
        .source_states()
        .await?
        .into_iter()
        .filter_map(|s| {
            Some(SourceFailure {
                error: s.error?,
                since: s.failing_since?,
                attempts: u32::try_from(s.failed_attempts).unwrap_or(u32::MAX),
                source: s.name,
            })
        })
        .collect())
}

/// The last outcome of every source that has been pulled, by name.
pub async fn last_outcomes(store: &Store) -> Result<Vec<PullOutcome>> {
    Ok(store
        .source_states()
        .await?
        .into_iter()
        .map(outcome_of)
        .collect())
}

fn outcome_of(s: SourceStateRow) -> PullOutcome {
    let status = match s.last_status.as_str() {
        "ok" => PullStatus::Ok,
        "not_modified" => PullStatus::NotModified,
        _ => PullStatus::Failed,
    };
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    PullOutcome {
        source: s.name,
        status,
        new: count(s.last_new),
        revised: count(s.last_revised),
        unchanged: count(s.last_unchanged),
        error: s.error,
        at: s.last_pull_at,
    }
}
