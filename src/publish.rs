//! Publishing a report: evaluate every goal, render the report folder and
//! remember the run's statuses so the next report can say what changed.
//! Shared by `waymark report`, `waymark demo` and the scheduled `report` job.

use crate::assess::{self, Assessed, Query};
use crate::config::Settings;
use crate::domain::{Catalogue, GoalProgress, Lang, Status};
use crate::report::{self, Attention, EmailSettings, GoalView, Overdue, ReportInput, StatusChange};
use crate::store::{Flags, Store};
use anyhow::{Context as _, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a published report wrote.
#[derive(Debug, Clone)]
pub struct Published {
    pub(crate) as_of: NaiveDate,
    /// The folder the report was written to.
    pub dir: PathBuf,
    /// How many files it holds.
    pub files: usize,
}

/// Evaluate, render into `out` (default `<report.out_dir>/<as-of>/`) and
/// record the run. Every word of the report is in `lang`.
pub async fn publish(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    q: &Query,
    out: Option<PathBuf>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Published> {
    let as_of = q.as_of.unwrap_or(today);
    let dir = out.unwrap_or_else(|| settings.report.out_dir.join(as_of.to_string()));
    let assessed = assess::assess(store, cat, q, &settings.thresholds(), today).await?;
    let when = (as_of, q.known_at);
    let input = build_input(settings, store, cat, &assessed, when, lang).await?;
    let target = dir.clone();
    let summary = tokio::task::spawn_blocking(move || report::write_report(&target, &input))
        .await
        .context("rendering the report")??;
    let statuses: BTreeMap<String, String> = assessed
        .iter()
        .map(|a| {
            (
                a.goal.id.to_string(),
                a.progress.status().as_str().to_string(),
            )
        })
        .collect();
    store
        .record_report_run(as_of, q.known_at, &dir.display().to_string(), &statuses)
        .await?;
    Ok(Published {
        as_of,
        dir,
        files: summary.files,
    })
}

/// What became of one report email after [`send`]'s delivery pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailFate {
    /// Handed to the SMTP relay.
    Delivered,
    /// Still in the outbox: `ahead` undelivered messages to the same
    /// recipients go first (the first of them failed with `blocked_by`), or
    /// its own attempt failed with `error` and will be retried.
    Pending {
        /// Undelivered messages ahead of it in its queue.
        ahead: i64,
        /// Why the first of those failed, if it did.
        blocked_by: Option<String>,
        /// Why its own attempt failed, if it did.
        error: Option<String>,
    },
    /// Given up on.
    Failed {
        /// The last error.
        error: String,
    },
}

impl std::fmt::Display for EmailFate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EmailFate::Delivered => write!(f, "delivered"),
            EmailFate::Pending {
                ahead: 0, error, ..
            } => {
                write!(f, "not delivered yet, will be retried")?;
                match error {
                    Some(e) => write!(f, " (last attempt: {e})"),
                    None => Ok(()),
                }
            }
            EmailFate::Pending {
                ahead, blocked_by, ..
            } => {
                let s = if *ahead == 1 { "" } else { "s" };
                write!(
                    f,
                    "pending: queued behind {ahead} undelivered message{s} to the same recipients"
                )?;
                match blocked_by {
                    Some(e) => write!(f, " (the first failed: {e})"),
                    None => Ok(()),
                }
            }
            EmailFate::Failed { error } => write!(f, "failed, not retried: {error}"),
        }
    }
}

/// Queue the report's `summary.eml` for `email.to` in the durable outbox,
/// make one delivery pass (SMTP, or `.eml` files in `email.outbox_dir`) and
/// say what became of this message: it may wait behind older undelivered
/// ones, since a destination's messages go out in order.
pub async fn send(store: &Store, settings: &Settings, published: &Published) -> Result<EmailFate> {
    let path = published.dir.join("summary.eml");
    let eml = tokio::fs::read(&path)
        .await
        .with_context(|| format!("reading {}", path.display()))?;
    let key = crate::alerts::enqueue_report_email(store, settings, eml).await?;
    crate::alerts::deliver_due(store, settings, Utc::now()).await?;
    let standing = store
        .notification_standing(&key)
        .await?
        .with_context(|| format!("the queued report email {key} is not in the outbox"))?;
    Ok(match standing.state.as_str() {
        "delivered" => EmailFate::Delivered,
        "failed" => EmailFate::Failed {
            error: standing.last_error.unwrap_or_default(),
        },
        _ => EmailFate::Pending {
            ahead: standing.ahead,
            blocked_by: standing.ahead_error,
            error: standing.last_error,
        },
    })
}

/// What the report draws for one assessed goal, its catalogue texts (the
/// region's name included) in `lang`; `flags` are the current figures' (see
/// [`Store::current_flags`]).
pub(crate) fn goal_view(cat: &Catalogue, a: Assessed, flags: &Flags, lang: Lang) -> GoalView {
    let flags = match (&a.progress, &a.goal.indicator) {
        (GoalProgress::Series(_), Some(ind)) => a
            .points
            .iter()
            .filter_map(|(p, _)| Some((*p, flags.of(a.goal.region.as_str(), ind.as_str(), *p)?)))
            .collect(),
        _ => Vec::new(),
    };
    GoalView {
        flags,
        region_name: cat.region(a.goal.region.as_str()).map_or_else(
            |_| a.goal.region.to_string(),
            |r| r.name.get(lang).to_string(),
        ),
        indicator: a
            .goal
            .indicator
            .as_ref()
            .and_then(|i| cat.indicator(i.as_str()).ok())
            .cloned(),
        goal: a.goal,
        progress: a.progress,
        points: a.points,
    }
}

/// `status --format json` for these goals: the array docs/formats.md describes ("Status output"), unrounded.
pub fn status_json(assessed: &[Assessed]) -> Result<String> {
    let all: Vec<_> = assessed.iter().map(|a| &a.progress).collect();
    Ok(serde_json::to_string_pretty(&all)?)
}

async fn build_input(
    settings: &Settings,
    store: &Store,
    cat: &Catalogue,
    assessed: &[Assessed],
    (as_of, known_at): (NaiveDate, Option<DateTime<Utc>>),
    lang: Lang,
) -> Result<ReportInput> {
    let previous = store.previous_report_statuses().await?;
    let mut changed = Vec::new();
    for a in assessed {
        let now = a.progress.status();
        if let Some(prev) = &previous {
            let before = prev.get(a.goal.id.as_str()).and_then(|s| Status::parse(s));
            if before != Some(now) {
                changed.push(StatusChange {
                    title: a.goal.title.get(lang).to_string(),
                    from: before,
                    to: now,
                });
            }
        }
    }
    let flags = store
        .current_flags(&assess::series_of(assessed), known_at)
        .await?;
    let views = assessed
        .iter()
        .cloned()
        .map(|a| goal_view(cat, a, &flags, lang))
        .collect();
    // Named as people read them: the catalogue's names, not the ids.
    let overdue = assess::overdue_figures(cat, assessed, as_of)
        .into_iter()
        .map(|o| Overdue {
            region: cat
                .region(&o.region)
                .map_or_else(|_| o.region.clone(), |r| r.name.get(lang).to_string()),
            indicator: cat
                .indicator(&o.indicator)
                .map_or_else(|_| o.indicator.clone(), |i| i.name.get(lang).to_string()),
            period: o.period,
            due: o.due,
        })
        .collect();
    Ok(ReportInput {
        lang,
        as_of,
        known_at,
        generated_at: Utc::now(),
        views,
        attention: Attention {
            changed,
            overdue,
            alerts: Vec::new(),
        },
        status_json: status_json(assessed)?,
        comments: store
            .recent_comments(known_at, report::COMMENTS_PER_GOAL)
            .await?,
        email: EmailSettings {
            from: settings.email.from.clone(),
            to: settings.email.to.clone(),
        },
    })
}
