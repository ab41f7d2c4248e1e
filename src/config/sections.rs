//! The plain sections of the settings ([database], [server], [report],
//! [progress], [email], [alerts], [[channel]], [[contact]], [log], [backup], [ui]):
//! their keys, defaults and the checks a value's type does not make.

use crate::domain::text::redact_url;
use anyhow::{Result, bail};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

pub(crate) const DEFAULT_DATABASE: &str = "sqlite://waymark.db";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Server {
    pub(crate) listen: String,
    pub(crate) public_read: bool,
    /// Where people reach the server (e.g. `https://waymark.example/` behind
    /// a TLS proxy); empty means `http://` plus `listen`.
    pub(crate) public_url: String,
    /// `Secure` on the session cookies; unset means on when `public_url` is https.
    pub(crate) secure_cookies: Option<bool>,
    /// A request's head must be complete this long after the connection is
    /// ready for it (opened, or the previous response sent).
    pub(crate) header_read_timeout: String,
    /// A connection with no byte sent either way and no request running for
    /// this long is closed; at most `header_read_timeout`.
    pub(crate) keep_alive_timeout: String,
    /// Connections open at once; 0 derives it from the open-file limit.
    pub(crate) max_connections: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Report {
    pub out_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Progress {
    pub(crate) high: f64,
    pub(crate) medium: f64,
    pub(crate) low: f64,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Email {
    pub(crate) from: String,
    pub to: Vec<String>,
    /// `smtp://host:port` (plain), `smtp://host:port?tls=starttls` (STARTTLS
    /// required), `smtps://host:port` (TLS). May carry credentials: redacted in Debug.
    pub smtp_url: String,
    /// SMTP login, overriding any user in `smtp_url` (e.g. from the environment).
    pub(crate) smtp_username: String,
    /// SMTP password, overriding any in `smtp_url`: redacted in Debug.
    pub(crate) smtp_password: String,
    pub outbox_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Alerts {
    pub(crate) statuses: Vec<String>,
    pub(crate) repeat_interval: String,
    /// Raise `goal_at_risk` when a goal's chance of meeting its target is
    /// below this share (0 to 1); unset: never.
    pub(crate) chance_below: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Channel {
    pub(crate) kind: String,
    /// Shown as the webhook's `receiver`; defaults to the kind.
    pub(crate) name: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) to: Option<Vec<String>>,
}

/// A region's contacts for reminders about its overdue figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    pub(crate) region: String,
    pub(crate) email: Vec<String>,
}

/// How log lines are written to stderr.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Log {
    /// `text` (for people) or `json` (one object per line, for collectors).
    pub(crate) format: String,
}

/// The two log formats `[log] format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

/// Where the scheduled `backup` job writes its dated copies, and how many it keeps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Backup {
    pub(crate) dir: PathBuf,
    /// Copies kept; older ones are deleted after each new one is written.
    pub(crate) keep: usize,
}

impl Default for Log {
    fn default() -> Self {
        Log {
            format: "text".into(),
        }
    }
}

impl Log {
    /// The format, or an error naming the key and the value.
    pub(crate) fn format(&self) -> Result<LogFormat> {
        match self.format.as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => bail!("[log] key `format`: unknown format {other:?} (expected text or json)"),
        }
    }
}

impl Default for Backup {
    fn default() -> Self {
        Backup {
            dir: PathBuf::from("backups"),
            keep: 7,
        }
    }
}

impl Backup {
    pub(super) fn validate(&self) -> Result<()> {
        if self.keep == 0 {
            bail!("[backup] key `keep`: 0 would delete every copy just written; keep at least 1");
        }
        Ok(())
    }
}

impl Default for Database {
    fn default() -> Self {
        Database {
            url: DEFAULT_DATABASE.into(),
        }
    }
}

impl Default for Server {
    fn default() -> Self {
        Server {
            listen: "127.0.0.1:8080".into(),
            public_read: true,
            public_url: String::new(),
            secure_cookies: None,
            header_read_timeout: "10s".into(),
            keep_alive_timeout: "5s".into(),
            max_connections: 0,
        }
    }
}

impl Default for Report {
    fn default() -> Self {
        Report {
            out_dir: PathBuf::from("charts"),
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        let t = crate::domain::Thresholds::default();
        Progress {
            high: t.high,
            medium: t.medium,
            low: t.low,
        }
    }
}

impl Default for Email {
    fn default() -> Self {
        Email {
            from: "waymark <waymark@localhost>".into(),
            to: vec!["reports@localhost".into()],
            smtp_url: String::new(),
            smtp_username: String::new(),
            smtp_password: String::new(),
            outbox_dir: PathBuf::from("outbox"),
        }
    }
}

impl Default for Alerts {
    fn default() -> Self {
        Alerts {
            statuses: [
                "needs_acceleration",
                "limited_progress",
                "deterioration",
                "target_missed",
            ]
            .map(String::from)
            .to_vec(),
            repeat_interval: "7d".into(),
            chance_below: None,
        }
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Email")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("smtp_url", &redact_url(&self.smtp_url))
            .field("smtp_username", &self.smtp_username)
            .field(
                "smtp_password",
                &if self.smtp_password.is_empty() {
                    ""
                } else {
                    "***"
                },
            )
            .field("outbox_dir", &self.outbox_dir)
            .finish()
    }
}

impl Server {
    /// `header_read_timeout` as a duration.
    pub(crate) fn header_read_timeout(&self) -> Result<std::time::Duration> {
        server_duration("header_read_timeout", &self.header_read_timeout)
    }

    /// `keep_alive_timeout` as a duration.
    pub(crate) fn keep_alive_timeout(&self) -> Result<std::time::Duration> {
        server_duration("keep_alive_timeout", &self.keep_alive_timeout)
    }

    /// Whether cookies carry `Secure`: as set, else when `public_url` is https.
    pub(crate) fn secure_cookies(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        })
    }

    pub(super) fn validate(&self) -> Result<()> {
        let header = self.header_read_timeout()?;
        let idle = self.keep_alive_timeout()?;
        if idle > header {
            bail!(
                "[server] key `keep_alive_timeout`: {:?} is longer than header_read_timeout {:?}, which closes idle connections first",
                self.keep_alive_timeout,
                self.header_read_timeout
            );
        }
        let url = self.public_url.to_ascii_lowercase();
        if !url.is_empty() && !url.starts_with("http://") && !url.starts_with("https://") {
            bail!(
                "[server] key `public_url`: {:?} is not an http:// or https:// address",
                self.public_url
            );
        }
        Ok(())
    }
}

fn server_duration(key: &str, text: &str) -> Result<std::time::Duration> {
    crate::domain::alerting::parse_interval(text)
        .ok()
        .and_then(|d| d.to_std().ok())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "[server] key `{key}`: invalid duration {text:?} (expected e.g. 10s, 2m or 1m30s)"
            )
        })
}

/// The interface's language when a request or command does not choose one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    /// `en` (the default) or `zh-CN`: the words of pages, reports, emails,
    /// alerts and the command line. `?lang=`, `Accept-Language` and `--lang`
    /// choose per request or command.
    pub language: crate::domain::Lang,
}
