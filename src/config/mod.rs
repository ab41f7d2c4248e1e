//! Settings: built-in defaults → the config file → `WAYMARK_<SECTION>__<KEY>`
//! environment variables → command-line flags. Unknown keys and misspelled
//! variables are errors, never silently ignored. Every section is parsed and
//! checked here, schedules and sources included, so loading the settings is
//! the whole check; the modules that act on them (the scheduler, the source
//! puller) only read them.

mod env;
mod schedule;
mod sections;
pub mod sources;
#[cfg(test)]
mod tests;

pub use schedule::{
    DEFAULT_CATCH_UP, JobKind, Schedule, ScheduleSpec, parse_all, parse_cron, parse_duration,
};
pub(crate) use sections::{
    Alerts, Backup, Channel, Contact, Database, Email, Log, LogFormat, Progress, Report, Server, Ui,
};
pub(crate) use sources::SourceConfig;

use crate::domain::text::redact_url;
use anyhow::{Context, Result, bail};
use env::{apply_env, read_table};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) const DEFAULT_CONFIG: &str = "config/waymark.toml";

/// Every setting, from `config/waymark.toml` and `WAYMARK_*` variables, validated.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The catalogue file; relative paths resolve against the config file's folder.
    pub catalogue: PathBuf,
    pub(crate) timezone: String,
    /// `[database]`: where the figures live.
    pub database: Database,
    pub(crate) server: Server,
    /// `[report]`: where reports are written and what they hold.
    pub report: Report,
    pub(crate) progress: Progress,
    /// `[email]`: the report email and the SMTP relay.
    pub email: Email,
    pub(crate) alerts: Alerts,
    pub(crate) channel: Vec<Channel>,
    /// Who gets reminders of a region's overdue figures.
    pub(crate) contact: Vec<Contact>,
    pub(crate) schedule: Vec<Schedule>,
    /// Remote sources of figures, checked as they load.
    pub source: Vec<SourceConfig>,
    pub(crate) log: Log,
    pub(crate) backup: Backup,
    /// `[ui]`: the interface language.
    pub ui: Ui,
    /// Where the settings came from (not a setting).
    #[serde(skip)]
    pub(crate) origin: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            catalogue: PathBuf::from("catalogue.toml"),
            timezone: "UTC".into(),
            database: Database::default(),
            server: Server::default(),
            report: Report::default(),
            progress: Progress::default(),
            email: Email::default(),
            alerts: Alerts::default(),
            channel: Vec::new(),
            contact: Vec::new(),
            schedule: Vec::new(),
            source: Vec::new(),
            log: Log::default(),
            backup: Backup::default(),
            ui: Ui::default(),
            origin: None,
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("catalogue", &self.catalogue)
            .field("timezone", &self.timezone)
            .field("database", &redact_url(&self.database.url))
            .field("server", &self.server)
            .field("report", &self.report)
            .field("progress", &self.progress)
            .field("email", &self.email)
            .field("alerts", &self.alerts)
            .field("channel", &self.channel)
            .field("contact", &self.contact)
            .field("schedule", &self.schedule)
            .field("sources", &self.source.len())
            .field("log", &self.log)
            .field("backup", &self.backup)
            .field("ui", &self.ui)
            .finish()
    }
}

impl Settings {
    /// Load settings: `explicit` (--config) else `WAYMARK_CONFIG` else
    /// `config/waymark.toml` when it exists; then the environment `env`.
    pub fn load(explicit: Option<&Path>, env: &[(String, String)]) -> Result<Settings> {
        let from_env = env
            .iter()
            .find(|(k, _)| k == "WAYMARK_CONFIG")
            .map(|(_, v)| PathBuf::from(v));
        let path = explicit.map(Path::to_path_buf).or(from_env);
        let (mut table, origin) = match path {
            Some(p) => (read_table(&p)?, Some(p)),
            None if Path::new(DEFAULT_CONFIG).exists() => {
                let p = PathBuf::from(DEFAULT_CONFIG);
                (read_table(&p)?, Some(p))
            }
            None => (toml::Table::new(), None),
        };
        apply_env(&mut table, env)?;
        let file = origin
            .as_ref()
            .map_or("the environment".to_string(), |p| p.display().to_string());
        let mut settings: Settings = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| anyhow::anyhow!("{file}: {}", e.to_string().trim()))?;
        // Relative paths in the file resolve against its folder; without a file, against config/.
        let base = origin
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("config"), Path::to_path_buf);
        if settings.catalogue.is_relative() {
            settings.catalogue = base.join(&settings.catalogue);
        }
        settings.origin = origin;
        settings
            .validate()
            .with_context(|| format!("invalid settings in {file}"))?;
        Ok(settings)
    }

    /// Problems a value can have that its type does not rule out.
    pub(crate) fn validate(&self) -> Result<()> {
        self.timezone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| anyhow::anyhow!("key `timezone`: unknown time zone {:?} (expected an IANA name such as Asia/Shanghai)", self.timezone))?;
        schedule::validate(&self.schedule, &self.timezone)?;
        let p = self.progress;
        if !(p.high > p.medium && p.medium > p.low) {
            bail!(
                "[progress]: thresholds must satisfy high > medium > low, got {} / {} / {}",
                p.high,
                p.medium,
                p.low
            );
        }
        let mut names = std::collections::HashSet::new();
        for s in &self.source {
            if !names.insert(s.name.as_str()) {
                bail!(
                    "[[source]] {:?}: key `name`: two sources have this name",
                    s.name
                );
            }
        }
        for s in &self.alerts.statuses {
            if crate::domain::Status::parse(s).is_none() {
                bail!("[alerts] key `statuses`: unknown status {s:?}");
            }
        }
        self.repeat_interval()?;
        if let Some(c) = self.alerts.chance_below
            && !(0.0..=1.0).contains(&c)
        {
            bail!("[alerts] key `chance_below`: {c} is not a share from 0 to 1 (e.g. 0.5)");
        }
        self.server.validate()?;
        self.log.format()?;
        self.backup.validate()?;
        for (i, c) in self.channel.iter().enumerate() {
            match (c.kind.as_str(), &c.url) {
                ("webhook", Some(_)) | ("email", None) => {}
                ("webhook", None) => bail!("[[channel]] #{}: a webhook needs `url`", i + 1),
                ("email", Some(_)) => bail!(
                    "[[channel]] #{}: an email channel has `to`, not `url` (the server is email.smtp_url)",
                    i + 1
                ),
                (other, _) => bail!(
                    "[[channel]] #{} key `kind`: unknown channel kind {other:?} (expected webhook or email)",
                    i + 1
                ),
            }
        }
        for (i, c) in self.contact.iter().enumerate() {
            if c.email.is_empty() {
                bail!(
                    "[[contact]] #{} ({}): key `email` lists no address",
                    i + 1,
                    c.region
                );
            }
        }
        Ok(())
    }

    /// The score thresholds that turn a progress ratio into a status.
    pub fn thresholds(&self) -> crate::domain::Thresholds {
        crate::domain::Thresholds {
            high: self.progress.high,
            medium: self.progress.medium,
            low: self.progress.low,
        }
    }

    /// `alerts.repeat_interval` as a duration.
    pub(crate) fn repeat_interval(&self) -> Result<chrono::Duration> {
        crate::domain::alerting::parse_interval(&self.alerts.repeat_interval)
            .map_err(|e| anyhow::anyhow!("[alerts] key `repeat_interval`: {e}"))
    }

    pub(crate) fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
}
