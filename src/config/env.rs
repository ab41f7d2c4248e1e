//! `WAYMARK_<SECTION>__<KEY>` environment variables laid over the settings
//! file's table, each checked against the keys that exist.

use anyhow::{Context, Result, bail};
use std::path::Path;

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
    ("alerts", "chance_below"),
    ("log", "format"),
    ("backup", "dir"),
    ("backup", "keep"),
    ("ui", "language"),
];

/// Shorter names for settings people set by hand most: (variable, section, key).
const ENV_ALIASES: &[(&str, &str, &str)] = &[("WAYMARK_LOG_FORMAT", "log", "format")];

/// Variables that are not settings but are read by waymark itself.
/// `WAYMARK_FAILPOINT` makes `alerts evaluate` stop dead at a named point
/// (`after_store`), so tests can prove nothing is lost when the process dies,
/// or makes every chart drawing hang (`render_stuck`);
/// `WAYMARK_RENDER_DEADLINE_MS` shortens the drawing deadline for such tests;
/// `WAYMARK_BUSY_TIMEOUT_MS` changes how long a write waits for another;
/// `WAYMARK_LANG` is the command line's `--lang`.
pub(crate) const ENV_OTHER: &[&str] = &[
    "WAYMARK_CONFIG",
    "WAYMARK_LANG",
    "WAYMARK_LOG",
    "WAYMARK_FAILPOINT",
    "WAYMARK_RENDER_DEADLINE_MS",
    "WAYMARK_BUSY_TIMEOUT_MS",
];

pub(super) fn read_table(path: &Path) -> Result<toml::Table> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config {}", path.display()))?;
    text.parse::<toml::Table>()
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim()))
}

/// Overlay `WAYMARK_<SECTION>__<KEY>` variables on the file's table.
pub(super) fn apply_env(table: &mut toml::Table, env: &[(String, String)]) -> Result<()> {
    let mut problems = Vec::new();
    for (name, raw) in env {
        let Some(rest) = name.strip_prefix("WAYMARK_") else {
            continue;
        };
        if ENV_OTHER.contains(&name.as_str()) {
            continue;
        }
        let lower = rest.to_ascii_lowercase();
        let (section, key) = match ENV_ALIASES.iter().find(|(n, ..)| n == name) {
            Some(&(_, section, key)) => (section, key),
            None => lower.split_once("__").unwrap_or(("", lower.as_str())),
        };
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
