//! Reminders: each region's contacts get the list of their overdue figures,
//! once per overdue figure and due date (a ledger in the database), through
//! the same outbox as alerts.

use super::destination::Destination;
use super::{new_key, payload};
use crate::assess::{self, Query};
use crate::config::Settings;
use crate::domain::Catalogue;
use crate::domain::overdue::OverdueFigure;
use crate::store::{NewNotification, ReminderKey, Store};
use crate::{i18n, t};
use anyhow::Result;
use chrono::{NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// What a reminder run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReminderOutcome {
    /// Regions sent a reminder.
    pub regions: usize,
    /// Overdue figures reminded of for the first time.
    pub figures: usize,
    /// Regions with overdue figures but no `[[contact]]`.
    pub(crate) without_contact: Vec<String>,
}

/// Queue a reminder for each region with overdue figures not yet reminded
/// of (as of `today`); the message lists all the region's overdue figures,
/// in `[ui] language`.
pub async fn send_reminders(
    store: &Store,
    catalogue: &Catalogue,
    settings: &Settings,
    today: NaiveDate,
) -> Result<ReminderOutcome> {
    let assessed = assess::assess(
        store,
        catalogue,
        &Query::default(),
        &settings.thresholds(),
        today,
    )
    .await?;
    let mut by_region: BTreeMap<String, BTreeSet<OverdueFigure>> = BTreeMap::new();
    for o in assess::overdue_figures(catalogue, &assessed, today) {
        by_region.entry(o.region.clone()).or_default().insert(o);
    }
    let lang = settings.ui.language;
    let mut out = ReminderOutcome::default();
    for (region, figures) in by_region {
        let contacts: Vec<String> = settings
            .contact
            .iter()
            .filter(|c| c.region == region)
            .flat_map(|c| c.email.iter().cloned())
            .collect();
        if contacts.is_empty() {
            out.without_contact.push(region);
            continue;
        }
        let done: BTreeSet<ReminderKey> = store.reminded(&region).await?.into_iter().collect();
        let keys: Vec<(ReminderKey, &OverdueFigure)> =
            figures.iter().map(|o| (key(o), o)).collect();
        let fresh: Vec<ReminderKey> = keys
            .iter()
            .filter(|(k, _)| !done.contains(k))
            .map(|(k, _)| k.clone())
            .collect();
        if fresh.is_empty() {
            continue;
        }
        let name = catalogue
            .region(&region)
            .map_or(region.as_str(), |r| r.name.get(lang));
        let date = i18n::date(lang, today);
        let intro = t!(lang, "reminder-intro", region = name, date = date);
        let mut text = format!("{intro}\n\n");
        let new = t!(lang, "reminder-new");
        for (k, o) in &keys {
            let indicator = catalogue
                .indicator(&o.indicator)
                .map_or(o.indicator.as_str(), |i| i.name.get(lang));
            let line = t!(
                lang,
                "reminder-line",
                indicator = indicator,
                period = i18n::period(lang, o.period),
                due = i18n::date(lang, o.due)
            );
            let mark = if done.contains(k) {
                String::new()
            } else {
                format!("  {new}")
            };
            text.push_str(&format!("  - {line}{mark}\n"));
        }
        text.push_str(&format!("\n{}\n", t!(lang, "reminder-outro")));
        let destination = Destination::email(settings, &contacts);
        let id = new_key();
        let subject = t!(lang, "reminder-subject", region = name, n = keys.len());
        let Destination::Email { from, to } = &destination else {
            unreachable!("reminders are email")
        };
        let body = payload::build_text_email(from, to, &id, &subject, text, Utc::now())?;
        let n = NewNotification {
            kind: "reminder",
            queue: destination.queue(),
            destination: destination.to_json()?,
            idempotency_key: id,
            payload: body,
        };
        store.record_reminder(&n, &fresh, Utc::now()).await?;
        out.regions += 1;
        out.figures += fresh.len();
    }
    Ok(out)
}

fn key(o: &OverdueFigure) -> ReminderKey {
    ReminderKey {
        region: o.region.clone(),
        indicator: o.indicator.clone(),
        period: o.period.to_string(),
        due: o.due.to_string(),
    }
}
