//! Message bodies: the Alertmanager webhook payload (version "4", so existing
//! receivers accept it) and the alert email, in `[ui] language`.

use super::Alert;
use super::words;
use crate::domain::Lang;
use crate::t;
use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use lettre::Message;
use lettre::message::{Mailbox, header::ContentType};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Alertmanager's "no end time" for firing alerts.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// firing when anything in the group fires, else resolved.
fn group_status(alerts: &[Alert]) -> &'static str {
    if alerts.iter().any(|a| a.state == "firing") {
        "firing"
    } else {
        "resolved"
    }
}

/// Labels (or annotations) with the same value in every alert.
fn common(maps: Vec<&BTreeMap<String, String>>) -> BTreeMap<String, String> {
    let Some((first, rest)) = maps.split_first() else {
        return BTreeMap::new();
    };
    first
        .iter()
        .filter(|(k, v)| rest.iter().all(|m| m.get(*k) == Some(v)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The webhook body for one grouped notification.
pub(crate) fn webhook_json(receiver: &str, alerts: &[Alert], external_url: &str) -> Value {
    let items: Vec<Value> = alerts
        .iter()
        .map(|a| {
            json!({
                "status": a.state,
                "labels": a.labels,
                "annotations": a.annotations,
                "startsAt": rfc3339(a.starts_at),
                "endsAt": a.ends_at.map_or_else(|| ZERO_TIME.to_string(), rfc3339),
                "generatorURL": format!("{external_url}/api/alerts"),
                "fingerprint": a.fingerprint,
            })
        })
        .collect();
    json!({
        "version": "4",
        "receiver": receiver,
        "status": group_status(alerts),
        "alerts": items,
        // One group holds every waymark alert: grouped by nothing.
        "groupLabels": {},
        "commonLabels": common(alerts.iter().map(|a| &a.labels).collect()),
        "commonAnnotations": common(alerts.iter().map(|a| &a.annotations).collect()),
        "externalURL": external_url,
        "groupKey": "{}:{}",
        "truncatedAlerts": 0,
    })
}

/// The subject line: "[waymark] 2 alerts firing, 1 resolved".
pub(crate) fn subject(lang: Lang, alerts: &[Alert]) -> String {
    let firing = alerts.iter().filter(|a| a.state == "firing").count();
    words::subject(lang, firing, alerts.len() - firing)
}

/// The alert email in `lang`: one line per alert (its summary as worded
/// when it was evaluated), firing ones first.
pub(crate) fn alert_email(
    lang: Lang,
    from: &str,
    to: &[String],
    key: &str,
    alerts: &[Alert],
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let mut text = String::new();
    for (state, title) in [
        ("firing", t!(lang, "alert-email-firing")),
        ("resolved", t!(lang, "alert-email-resolved")),
    ] {
        let lines: Vec<&Alert> = alerts.iter().filter(|a| a.state == state).collect();
        if lines.is_empty() {
            continue;
        }
        text.push_str(&format!("{title}\n"));
        for a in lines {
            let severity = a.labels.get("severity").map_or("", String::as_str);
            text.push_str(&format!(
                "  - [{}] {}\n",
                words::severity(lang, severity),
                a.summary()
            ));
        }
        text.push('\n');
    }
    text.push_str(&format!("-- \n{}\n", t!(lang, "alert-email-footer")));
    build_text_email(from, to, key, &subject(lang, alerts), text, now)
}

/// A plain-text email with a Message-ID derived from `key`, so a retried
/// delivery is recognisably the same message.
pub(crate) fn build_text_email(
    from: &str,
    to: &[String],
    key: &str,
    subject: &str,
    text: String,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let from: Mailbox = from
        .parse()
        .with_context(|| format!("invalid email.from setting {from:?}"))?;
    let mut b = Message::builder()
        .from(from.clone())
        .subject(subject)
        .date(now.into())
        .message_id(Some(format!("<waymark-{key}@{}>", from.email.domain())));
    if to.is_empty() {
        anyhow::bail!("no email recipient: set email.to or the channel's `to`");
    }
    for t in to {
        let m: Mailbox = t
            .parse()
            .with_context(|| format!("invalid email recipient {t:?}"))?;
        b = b.to(m);
    }
    let msg = b
        .header(ContentType::TEXT_PLAIN)
        .body(text)
        .context("building the email")?;
    Ok(msg.formatted())
}
