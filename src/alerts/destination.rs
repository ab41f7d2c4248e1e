//! Where a notification goes, stored with it so a queued message is
//! delivered where it was meant to go even if the settings change.

use crate::config::{Channel, Settings};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Destination {
    /// POST the Alertmanager webhook payload to `url`.
    Webhook { url: String, receiver: String },
    /// Send an email: through `email.smtp_url` when set, else into `email.outbox_dir`.
    Email { from: String, to: Vec<String> },
}

impl Destination {
    pub(crate) fn from_channel(settings: &Settings, c: &Channel) -> Destination {
        match (c.kind.as_str(), &c.url) {
            ("webhook", Some(url)) => Destination::Webhook {
                url: url.clone(),
                receiver: c.name.clone().unwrap_or_else(|| "webhook".into()),
            },
            // Settings::validate admits only webhook-with-url and email.
            _ => Destination::email(settings, c.to.as_deref().unwrap_or(&settings.email.to)),
        }
    }

    pub(crate) fn email(settings: &Settings, to: &[String]) -> Destination {
        Destination::Email {
            from: settings.email.from.clone(),
            to: to.to_vec(),
        }
    }

    /// Messages to one queue are delivered in order, one at a time: one
    /// queue per webhook URL; all email goes through one server.
    pub(crate) fn queue(&self) -> String {
        match self {
            Destination::Webhook { url, .. } => format!("webhook {url}"),
            Destination::Email { .. } => "email".into(),
        }
    }

    pub(crate) fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }

    pub(crate) fn from_json(text: &str) -> Result<Destination> {
        serde_json::from_str(text).with_context(|| format!("stored destination {text:?}"))
    }
}
