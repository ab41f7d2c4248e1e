//! One alert evaluation: gather goal statuses, overdue and suspect figures,
//! decide what fires (domain::alerting), apply the lifecycle and store the
//! changes together with one grouped notification per channel.

use super::destination::Destination;
use super::lifecycle::plan;
use super::words::{self, Namer};
use super::{new_key, payload};
use crate::assess::{self, Query};
use crate::config::Settings;
use crate::domain::alerting::{self, Inputs, SourceFailure, SuspectFigure};
use crate::domain::overdue::OverdueFigure;
use crate::domain::{Catalogue, GoalProgress, Period, Status, suspect};
use crate::store::{NewNotification, Store};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What an evaluation found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EvaluationOutcome {
    /// Alerts firing after this evaluation.
    pub firing: usize,
    /// Alerts that began firing in this pass.
    pub started: usize,
    /// Firing alerts whose status changed.
    pub changed: usize,
    /// Alerts that stopped firing in this pass.
    pub resolved: usize,
    /// Nothing changed but `repeat_interval` had passed: the group was sent again.
    pub repeated: bool,
    /// Notifications stored in the outbox (one per channel, or none).
    pub notifications: usize,
}

/// Evaluate every goal as of `now` (its date in `settings.timezone`), update
/// the stored alerts and queue notifications. Delivery is the worker's job.
/// Summaries, descriptions and emails are in `[ui] language`.
pub async fn evaluate(
    store: &Store,
    catalogue: &Catalogue,
    settings: &Settings,
    now: DateTime<Utc>,
    source_failures: Vec<SourceFailure>,
) -> Result<EvaluationOutcome> {
    let today = now.with_timezone(&settings.tz()).date_naive();
    let assessed = assess::assess(
        store,
        catalogue,
        &Query::default(),
        &settings.thresholds(),
        today,
    )
    .await?;
    let progress: Vec<GoalProgress> = assessed.iter().map(|a| a.progress.clone()).collect();
    let overdue_figures = assess::overdue_figures(catalogue, &assessed, today);
    // `points` are already period values (year-to-date figures converted).
    let series_points: BTreeMap<(String, String), BTreeMap<Period, f64>> = assessed
        .iter()
        .filter_map(|a| {
            let ind = a.goal.indicator.as_ref()?;
            Some((
                (a.goal.region.to_string(), ind.to_string()),
                a.points.iter().copied().collect(),
            ))
        })
        .collect();
    let overdue_figures: Vec<OverdueFigure> = overdue_figures.into_iter().collect();
    let suspect_figures = suspects(&series_points, catalogue);
    let statuses: Vec<Status> = settings
        .alerts
        .statuses
        .iter()
        .filter_map(|s| Status::parse(s))
        .collect();
    let lang = settings.ui.language;
    let namer = Namer { catalogue, lang };
    let inputs = Inputs {
        progress: &progress,
        overdue: &overdue_figures,
        suspect: &suspect_figures,
        failures: &source_failures,
        statuses: &statuses,
        chance_below: settings.alerts.chance_below,
    };
    let desired = alerting::firing(&inputs, &|about| words::annotations(namer, about));
    let stored = store.alerts_in_state("firing").await?;
    let p = plan(&stored, &desired, now, settings.repeat_interval()?)?;
    let mut notifications = Vec::new();
    if !p.notify.is_empty() {
        let external = format!("http://{}", settings.server.listen);
        for channel in &settings.channel {
            let destination = Destination::from_channel(settings, channel);
            let key = new_key();
            let body = match &destination {
                Destination::Webhook { receiver, .. } => {
                    serde_json::to_vec(&payload::webhook_json(receiver, &p.notify, &external))?
                }
                Destination::Email { from, to } => {
                    payload::alert_email(lang, from, to, &key, &p.notify, now)?
                }
            };
            notifications.push(NewNotification {
                kind: "alerts",
                queue: destination.queue(),
                destination: destination.to_json()?,
                idempotency_key: key,
                payload: body,
            });
        }
    }
    if !p.rows.is_empty() || !notifications.is_empty() {
        store
            .apply_alert_changes(&p.rows, &notifications, now)
            .await?;
    }
    Ok(EvaluationOutcome {
        firing: p.firing,
        started: p.started,
        changed: p.changed,
        resolved: p.resolved,
        repeated: p.repeated,
        notifications: notifications.len(),
    })
}

/// The latest year's worth of each series' figures, each checked against the rest.
fn suspects(
    series: &BTreeMap<(String, String), BTreeMap<Period, f64>>,
    catalogue: &Catalogue,
) -> Vec<SuspectFigure> {
    let mut out = Vec::new();
    for ((region, indicator), values) in series {
        let Ok(ind) = catalogue.indicator(indicator) else {
            continue;
        };
        let recent = usize::from(ind.frequency.per_year());
        for (period, value) in values.iter().rev().take(recent) {
            if let Some(s) = suspect::check(values, *period, *value) {
                out.push(SuspectFigure {
                    region: region.clone(),
                    indicator: indicator.clone(),
                    period: *period,
                    value: *value,
                    reason: s.reason,
                });
            }
        }
    }
    out
}
