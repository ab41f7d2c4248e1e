//! Settings: built-in defaults → the config file → `WAYMARK_<SECTION>__<KEY>`
//! environment variables → command-line flags (interface.md, "Files").
//! Unknown keys and misspelled variables are errors, never silently ignored.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG: &str = "config/waymark.toml";
pub const DEFAULT_DATABASE: &str = "sqlite://waymark.db";

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The catalogue file; relative paths resolve against the config file's folder.
    pub catalogue: PathBuf,
    pub timezone: String,
    pub database: Database,
    pub server: Server,
    pub report: Report,
    pub progress: Progress,
    pub email: Email,
    pub alerts: Alerts,
    pub channel: Vec<Channel>,
    /// Who gets reminders of a region's overdue figures.
    pub contact: Vec<Contact>,
    pub schedule: Vec<Schedule>,
    /// Remote sources of figures (`crate::sources`), checked as they load.
    pub source: Vec<crate::sources::SourceConfig>,
    /// Where the settings came from (not a setting).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub listen: String,
    pub public_read: bool,
    /// Where people reach the server (e.g. `https://waymark.example/` behind
    /// a TLS proxy); empty means `http://` plus `listen`.
    pub public_url: String,
    /// `Secure` on the session cookies; unset means on when `public_url` is https.
    pub secure_cookies: Option<bool>,
    /// A request's head must be complete this long after the connection is
    /// ready for it (opened, or the previous response sent).
    pub header_read_timeout: String,
    /// A connection with no byte sent either way and no request running for
    /// this long is closed; at most `header_read_timeout`.
    pub keep_alive_timeout: String,
    /// Connections open at once; 0 derives it from the open-file limit.
    pub max_connections: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Report {
    pub out_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Progress {
    pub high: f64,
    pub medium: f64,
    pub low: f64,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Email {
    pub from: String,
    pub to: Vec<String>,
    /// `smtp://host:port` (plain), `smtp://host:port?tls=starttls` (STARTTLS
    /// required), `smtps://host:port` (TLS). May carry credentials: redacted in Debug.
    pub smtp_url: String,
    /// SMTP login, overriding any user in `smtp_url` (e.g. from the environment).
    pub smtp_username: String,
    /// SMTP password, overriding any in `smtp_url`: redacted in Debug.
    pub smtp_password: String,
    pub outbox_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Alerts {
    pub statuses: Vec<String>,
    pub repeat_interval: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub kind: String,
    /// Shown as the webhook's `receiver`; defaults to the kind.
    pub name: Option<String>,
    pub url: Option<String>,
    pub to: Option<Vec<String>>,
}

/// A region's contacts for reminders about its overdue figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub region: String,
    pub email: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub job: String,
    pub cron: String,
    pub timezone: Option<String>,
    pub catch_up: Option<String>,
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
            origin: None,
        }
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
            .finish()
    }
}

/// `scheme://user:secret@host` → `scheme://user:***@host`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// Every key the environment may set, as (section, key); section "" is top level.
const ENV_KEYS: &[(&str, &str)] = &[
    ("", "catalogue"),
    ("", "timezone"),
    ("database", "url"),
    ("server", "listen"),
    ("server", "public_read"),
    ("server", "public_url"),
    ("server", "secure_cookies"),
    ("server", "header_read_timeout"),
    ("server", "keep_alive_timeout"),
    ("server", "max_connections"),
    ("report", "out_dir"),
    ("progress", "high"),
    ("progress", "medium"),
    ("progress", "low"),
    ("email", "from"),
    ("email", "to"),
    ("email", "smtp_url"),
    ("email", "smtp_username"),
    ("email", "smtp_password"),
    ("email", "outbox_dir"),
    ("alerts", "statuses"),
    ("alerts", "repeat_interval"),
];

/// Variables that are not settings but are read by waymark itself.
/// `WAYMARK_FAILPOINT` makes `alerts evaluate` stop dead at a named point
/// (`after_store`), so tests can prove nothing is lost when the process dies,
/// or makes every chart drawing hang (`render_stuck`);
/// `WAYMARK_RENDER_DEADLINE_MS` shortens the drawing deadline for such tests;
/// `WAYMARK_BUSY_TIMEOUT_MS` changes how long a write waits for another.
pub const ENV_OTHER: &[&str] = &[
    "WAYMARK_CONFIG",
    "WAYMARK_LOG",
    "WAYMARK_FAILPOINT",
    "WAYMARK_RENDER_DEADLINE_MS",
    "WAYMARK_BUSY_TIMEOUT_MS",
];

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
    pub fn validate(&self) -> Result<()> {
        self.timezone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| anyhow::anyhow!("key `timezone`: unknown time zone {:?} (expected an IANA name such as Asia/Shanghai)", self.timezone))?;
        crate::schedule::validate(&self.schedule, &self.timezone)?;
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
        self.server.validate()?;
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

    pub fn thresholds(&self) -> crate::domain::Thresholds {
        crate::domain::Thresholds {
            high: self.progress.high,
            medium: self.progress.medium,
            low: self.progress.low,
        }
    }

    /// `alerts.repeat_interval` as a duration.
    pub fn repeat_interval(&self) -> Result<chrono::Duration> {
        crate::domain::alerting::parse_interval(&self.alerts.repeat_interval)
            .map_err(|e| anyhow::anyhow!("[alerts] key `repeat_interval`: {e}"))
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
}

impl Server {
    /// `header_read_timeout` as a duration.
    pub fn header_read_timeout(&self) -> Result<std::time::Duration> {
        server_duration("header_read_timeout", &self.header_read_timeout)
    }

    /// `keep_alive_timeout` as a duration.
    pub fn keep_alive_timeout(&self) -> Result<std::time::Duration> {
        server_duration("keep_alive_timeout", &self.keep_alive_timeout)
    }

    /// Whether cookies carry `Secure`: as set, else when `public_url` is https.
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        })
    }

    fn validate(&self) -> Result<()> {
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

fn read_table(path: &Path) -> Result<toml::Table> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config {}", path.display()))?;
    text.parse::<toml::Table>()
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim()))
}

/// Overlay `WAYMARK_<SECTION>__<KEY>` variables on the file's table.
fn apply_env(table: &mut toml::Table, env: &[(String, String)]) -> Result<()> {
    let mut problems = Vec::new();
    for (name, raw) in env {
        let Some(rest) = name.strip_prefix("WAYMARK_") else {
            continue;
        };
        if ENV_OTHER.contains(&name.as_str()) {
            continue;
        }
        let lower = rest.to_ascii_lowercase();
        let (section, key) = lower.split_once("__").unwrap_or(("", lower.as_str()));
        if !ENV_KEYS.contains(&(section, key)) {
            let known = ENV_KEYS
                .iter()
                .map(|(s, k)| env_name(s, k))
                .collect::<Vec<_>>();
            let hint = crate::domain::catalogue::closest(name, known.iter().map(String::as_str))
                .map(|k| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            problems.push(format!(
                "environment variable {name}: not a waymark setting{hint}"
            ));
            continue;
        }
        // A TOML literal when it parses as one (numbers, booleans, arrays), else a plain string.
        let value = format!("v = {raw}")
            .parse::<toml::Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(raw.clone()));
        let target = if section.is_empty() {
            &mut *table
        } else {
            let entry = table
                .entry(section)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => t,
                _ => {
                    problems.push(format!(
                        "environment variable {name}: [{section}] in the config file is not a table"
                    ));
                    continue;
                }
            }
        };
        target.insert(key.to_string(), value);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        bail!(problems.join("\n"))
    }
}

fn env_name(section: &str, key: &str) -> String {
    if section.is_empty() {
        format!("WAYMARK_{}", key.to_ascii_uppercase())
    } else {
        format!(
            "WAYMARK_{}__{}",
            section.to_ascii_uppercase(),
            key.to_ascii_uppercase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("waymark.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn defaults_then_file_then_environment() {
        let (dir, path) = write("[database]\nurl = \"sqlite://file.db\"\n[progress]\nhigh = 0.9\n");
        let s = Settings::load(Some(&path), &env(&[("WAYMARK_PROGRESS__HIGH", "0.97")])).unwrap();
        assert_eq!(s.database.url, "sqlite://file.db");
        assert_eq!(s.progress.high, 0.97);
        assert_eq!(s.progress.medium, 0.6);
        assert_eq!(s.catalogue, dir.path().join("catalogue.toml"));
        assert_eq!(s.server.listen, "127.0.0.1:8080");
    }

    #[test]
    fn an_unknown_key_in_the_file_is_reported() {
        let (_dir, path) = write("[database]\nurll = \"x\"\n");
        let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
        assert!(
            err.contains("waymark.toml") && err.contains("unknown field `urll`"),
            "{err}"
        );
    }

    #[test]
    fn a_misspelled_environment_variable_is_reported_with_a_suggestion() {
        let (_dir, path) = write("");
        let err = format!(
            "{:#}",
            Settings::load(Some(&path), &env(&[("WAYMARK_DATABSE__URL", "x")])).unwrap_err()
        );
        assert!(
            err.contains("WAYMARK_DATABSE__URL")
                && err.contains("did you mean WAYMARK_DATABASE__URL?"),
            "{err}"
        );
    }

    #[test]
    fn environment_values_are_typed() {
        let (_dir, path) = write("");
        let s = Settings::load(
            Some(&path),
            &env(&[
                ("WAYMARK_SERVER__PUBLIC_READ", "false"),
                ("WAYMARK_EMAIL__TO", "[\"a@x\", \"b@x\"]"),
                ("WAYMARK_DATABASE__URL", "sqlite://e.db"),
            ]),
        )
        .unwrap();
        assert!(!s.server.public_read);
        assert_eq!(s.email.to, vec!["a@x", "b@x"]);
        assert_eq!(s.database.url, "sqlite://e.db");
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let mut s = Settings::default();
        s.email.smtp_url = "smtp://user:hunter2@mail:25".into();
        s.email.smtp_password = "swordfish".into();
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("hunter2")
                && !shown.contains("swordfish")
                && shown.contains("user:***@mail:25"),
            "{shown}"
        );
    }

    #[test]
    fn bad_schedules_are_reported_with_their_entry_and_key() {
        let (_dir, path) = write(
            "[[schedule]]\njob = \"report\"\ncron = \"0 8 1 * *\"\n\
             [[schedule]]\njob = \"repport\"\ncron = \"0 8 * * *\"\n\
             [[schedule]]\njob = \"alerts\"\ncron = \"0 61 * * *\"\n\
             [[schedule]]\njob = \"pull\"\ncron = \"0 8 * * *\"\ntimezone = \"Mars/Olympus\"\n\
             [[schedule]]\njob = \"reminders\"\ncron = \"0 8 * * *\"\ncatch_up = \"1 day\"\n\
             [[schedule]]\njob = \"pull\"\ncron = \"0 9 * * *\"\ntimezone = \"Nowhere\"\ncatch_up = \"soon\"\n",
        );
        let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
        for part in [
            "waymark.toml",
            "[[schedule]] #2 (job = \"repport\") key `job`",
            "[[schedule]] #3 (job = \"alerts\") key `cron`",
            "[[schedule]] #4 (job = \"pull\") key `timezone`: unknown time zone \"Mars/Olympus\"",
            "[[schedule]] #5 (job = \"reminders\") key `catch_up`",
            "[[schedule]] #6 (job = \"pull\") key `timezone`",
            "[[schedule]] #6 (job = \"pull\") key `catch_up`",
        ] {
            assert!(err.contains(part), "{part:?} missing from {err}");
        }
        assert!(!err.contains("#1 "), "{err}");
    }

    #[test]
    fn bad_thresholds_and_time_zones_are_rejected() {
        let (_dir, path) = write("timezone = \"Mars/Olympus\"\n");
        assert!(
            format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err()).contains("Mars/Olympus")
        );
        let (_dir, path) = write("[progress]\nhigh = 0.5\n");
        assert!(
            format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err())
                .contains("high > medium")
        );
    }

    #[test]
    fn channels_and_contacts_are_checked() {
        let (_dir, path) = write(
            "[[channel]]\nkind = \"webhook\"\nurl = \"http://x/hook\"\n[[contact]]\nregion = \"liaoning\"\nemail = [\"a@x\"]\n",
        );
        let s = Settings::load(Some(&path), &[]).unwrap();
        assert_eq!(s.contact[0].email, vec!["a@x"]);
        for (text, want) in [
            ("[[channel]]\nkind = \"pager\"\n", "unknown channel kind"),
            ("[[channel]]\nkind = \"webhook\"\n", "needs `url`"),
            (
                "[[contact]]\nregion = \"x\"\nemail = []\n",
                "lists no address",
            ),
            (
                "[[contact]]\nregion = \"x\"\nemails = [\"a@x\"]\n",
                "unknown field `emails`",
            ),
            (
                "[alerts]\nrepeat_interval = \"weekly\"\n",
                "repeat_interval",
            ),
        ] {
            let (_dir, path) = write(text);
            let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn server_limits_and_cookie_security_are_read_and_checked() {
        let (_dir, path) = write("");
        let s = Settings::load(Some(&path), &[]).unwrap();
        assert_eq!(
            s.server.header_read_timeout().unwrap(),
            std::time::Duration::from_secs(10)
        );
        assert_eq!(
            s.server.keep_alive_timeout().unwrap(),
            std::time::Duration::from_secs(5)
        );
        assert_eq!(s.server.max_connections, 0);
        assert!(!s.server.secure_cookies());
        let s = Settings::load(
            Some(&path),
            &env(&[
                ("WAYMARK_SERVER__PUBLIC_URL", "HTTPS://waymark.example/"),
                ("WAYMARK_SERVER__MAX_CONNECTIONS", "100"),
            ]),
        )
        .unwrap();
        assert!(s.server.secure_cookies(), "https means secure cookies");
        assert_eq!(s.server.max_connections, 100);
        let (_dir, path) =
            write("[server]\npublic_url = \"https://w.example/\"\nsecure_cookies = false\n");
        assert!(
            !Settings::load(Some(&path), &[])
                .unwrap()
                .server
                .secure_cookies()
        );
        for (text, want) in [
            (
                "[server]\nheader_read_timeout = \"soon\"\n",
                "[server] key `header_read_timeout`: invalid duration \"soon\"",
            ),
            (
                "[server]\nkeep_alive_timeout = \"1m\"\n",
                "[server] key `keep_alive_timeout`: \"1m\" is longer than header_read_timeout \"10s\"",
            ),
            (
                "[server]\npublic_url = \"waymark.example\"\n",
                "[server] key `public_url`",
            ),
            ("[server]\nmax_connections = -1\n", "max_connections"),
        ] {
            let (_dir, path) = write(text);
            let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
