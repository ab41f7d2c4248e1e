//! The alert lifecycle, as Alertmanager runs it: compare what should fire
//! with what is stored and decide what changes and whether to notify. Pure
//! (no I/O), so it can be tested with any clock.
//!
//! A notification goes out when an alert starts firing, when its status
//! changes, when it resolves, and again every `repeat_interval` while
//! anything fires. It carries the whole group (every firing alert plus those
//! resolved now), as Alertmanager's grouped notifications do. A new score in
//! an otherwise unchanged summary updates the stored alert silently.

use super::Alert;
use crate::domain::alerting::Desired;
use crate::store::{AlertRow, timestamp};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// What one evaluation changes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Alert rows to write (new, changed, resolved, or re-notified).
    pub(crate) rows: Vec<AlertRow>,
    /// The group to announce, when a notification is due: firing alerts, then resolved ones.
    pub(crate) notify: Vec<Alert>,
    pub(crate) started: usize,
    pub(crate) changed: usize,
    pub(crate) resolved: usize,
    pub(crate) repeated: bool,
    pub(crate) firing: usize,
}

pub(crate) fn plan(
    stored_firing: &[AlertRow],
    desired: &[Desired],
    now: DateTime<Utc>,
    repeat: Duration,
) -> anyhow::Result<Plan> {
    let stamp = timestamp(now);
    let stored: BTreeMap<&str, &AlertRow> = stored_firing
        .iter()
        .map(|r| (r.fingerprint.as_str(), r))
        .collect();
    let mut p = Plan {
        firing: desired.len(),
        ..Plan::default()
    };
    let mut firing_rows = Vec::new();
    let mut dirty = Vec::new();
    let mut due = false;
    for d in desired {
        let labels = serde_json::to_string(&d.labels)?;
        let annotations = serde_json::to_string(&d.annotations)?;
        let row = match stored.get(d.fingerprint.as_str()) {
            None => {
                p.started += 1;
                due = true;
                AlertRow {
                    fingerprint: d.fingerprint.clone(),
                    alertname: d.labels.get("alertname").cloned().unwrap_or_default(),
                    labels,
                    annotations,
                    state: "firing".into(),
                    starts_at: stamp.clone(),
                    ends_at: None,
                    last_notified_at: None,
                    updated_at: stamp.clone(),
                }
            }
            Some(old) => {
                let mut row = (*old).clone();
                if old.labels != labels {
                    p.changed += 1;
                    due = true;
                }
                if old.labels != labels || old.annotations != annotations {
                    row.labels = labels;
                    row.annotations = annotations;
                    row.updated_at = stamp.clone();
                    dirty.push(row.fingerprint.clone());
                }
                let last = old
                    .last_notified_at
                    .as_deref()
                    .and_then(|t| super::parse_time(t).ok());
                if last.is_none_or(|t| now - t >= repeat) {
                    p.repeated = true;
                }
                row
            }
        };
        firing_rows.push(row);
    }
    let mut resolved_rows = Vec::new();
    for old in stored_firing {
        if desired.iter().any(|d| d.fingerprint == old.fingerprint) {
            continue;
        }
        p.resolved += 1;
        due = true;
        let mut row = old.clone();
        row.state = "resolved".into();
        row.ends_at = Some(stamp.clone());
        row.updated_at = stamp.clone();
        resolved_rows.push(row);
    }
    p.repeated &= !due;
    if due || p.repeated {
        for row in firing_rows.iter_mut().chain(resolved_rows.iter_mut()) {
            row.last_notified_at = Some(stamp.clone());
        }
        p.notify = firing_rows
            .iter()
            .chain(resolved_rows.iter())
            .map(Alert::try_from)
            .collect::<anyhow::Result<_>>()?;
        super::sort(&mut p.notify);
        p.rows = firing_rows;
    } else {
        p.rows = firing_rows
            .into_iter()
            .filter(|r| {
                dirty.contains(&r.fingerprint) || !stored.contains_key(r.fingerprint.as_str())
            })
            .collect();
    }
    p.rows.extend(resolved_rows);
    Ok(p)
}
