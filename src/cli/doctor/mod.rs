//! `doctor`: what an administrator would otherwise check by hand, one line
//! per check, `ok` or `problem` with the fix on the next line; exit 1 when
//! any check found a problem. Reads only: it creates, migrates and sends
//! nothing (the SMTP check greets the server and hangs up).

mod local;
mod network;

use crate::config::Settings;
use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

/// How long any one network check may take, whatever the peer does.
const NETWORK_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub(crate) struct DoctorArgs {
    /// Free space below this is a problem, next to the database and the
    /// report folder (e.g. 500M, 2G, 1T)
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub(crate) min_free: u64,
}

/// What one check found.
pub(super) enum Finding {
    Ok {
        check: String,
        detail: String,
    },
    Problem {
        check: String,
        what: String,
        fix: String,
    },
}

impl Finding {
    fn ok(check: impl Into<String>, detail: impl Into<String>) -> Finding {
        Finding::Ok {
            check: check.into(),
            detail: detail.into(),
        }
    }

    fn problem(
        check: impl Into<String>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding::Problem {
            check: check.into(),
            what: what.into(),
            fix: fix.into(),
        }
    }
}

/// Run every check and print each as it ends. `config` and `db` are the
/// command line's `--config` and `--db`.
pub(crate) async fn run(config: Option<PathBuf>, db: Option<String>, a: DoctorArgs) -> Result<()> {
    let mut problems = 0;
    let mut report = |f: Finding| match f {
        Finding::Ok { check, detail } => println!("ok       {check}: {detail}"),
        Finding::Problem { check, what, fix } => {
            problems += 1;
            println!("problem  {check}: {what}");
            println!("         fix: {fix}");
        }
    };
    let env: Vec<(String, String)> = std::env::vars().collect();
    let settings = match Settings::load(config.as_deref(), &env) {
        Ok(s) => s,
        Err(e) => {
            report(Finding::problem(
                "settings",
                format!("{e:#}"),
                "correct the settings named above; the other checks need them",
            ));
            bail!("1 problem found");
        }
    };
    let db_url = db.unwrap_or_else(|| settings.database.url.clone());
    report(local::settings(&settings));
    report(local::catalogue(&settings));
    report(local::database(&db_url).await);
    for f in local::disk_space(&settings, &db_url, a.min_free) {
        report(f);
    }
    for f in local::folders(&settings) {
        report(f);
    }
    report(network::smtp(&settings).await);
    for f in network::webhooks(&settings).await {
        report(f);
    }
    for f in network::sources(&settings).await {
        report(f);
    }
    for f in local::schedules(&settings) {
        report(f);
    }
    match problems {
        0 => {
            println!("no problems found");
            Ok(())
        }
        1 => bail!("1 problem found"),
        n => bail!("{n} problems found"),
    }
}

/// `500M`, `2G`, `1T`, `1048576` (bytes): powers of 1024.
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let scale: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        "T" | "TB" | "TIB" => 1 << 40,
        _ => return Err(format!("{text:?}: expected a size such as 500M, 2G or 1T")),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?}: expected a size such as 500M, 2G or 1T"))
}

/// Bytes as people read them: `1.5 GiB`.
fn human_size(bytes: u64) -> String {
    let mut value = bytes as f64;
    for unit in ["B", "KiB", "MiB", "GiB", "TiB"] {
        if value < 1024.0 || unit == "TiB" {
            return if unit == "B" {
                format!("{bytes} B")
            } else {
                format!("{value:.1} {unit}")
            };
        }
        value /= 1024.0;
    }
    unreachable!("the loop returns at TiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_powers_of_1024() {
        assert_eq!(parse_size("500M"), Ok(500 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("2X").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(human_size(1536 << 20), "1.5 GiB");
        assert_eq!(human_size(12), "12 B");
    }
}
