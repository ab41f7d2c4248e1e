//! The doctor's checks on this machine: settings and catalogue, the
//! database (opens, migrations, integrity), free disk space, the folders
//! waymark writes into, and when the schedules next fire.

use super::{Finding, human_size};
use crate::config::{JobKind, Settings, parse_all};
use crate::domain::Catalogue;
use crate::store::backup;
use chrono::{TimeDelta, Utc};
use std::path::{Path, PathBuf};

/// A schedule whose next slot is further off than this is probably a typo.
const FAR: TimeDelta = TimeDelta::days(400);

pub(super) fn settings(settings: &Settings) -> Finding {
    let origin = settings.origin.as_ref().map_or_else(
        || "built-in defaults and WAYMARK_* variables (no settings file)".to_string(),
        |p| p.display().to_string(),
    );
    Finding::ok("settings", origin)
}

pub(super) fn catalogue(settings: &Settings) -> Finding {
    let path = &settings.catalogue;
    let check = "catalogue";
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return Finding::problem(
                check,
                format!("cannot read {}: {e}", path.display()),
                "point `catalogue` in the settings at the catalogue file (relative paths start at the settings file's folder)",
            );
        }
    };
    match Catalogue::from_toml(&text, &path.display().to_string()) {
        Ok(cat) => Finding::ok(
            check,
            format!(
                "{}: {} regions, {} indicators, {} goals",
                path.display(),
                cat.regions.len(),
                cat.indicators.len(),
                cat.goals.len()
            ),
        ),
        Err(problems) => Finding::problem(
            check,
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            "correct those entries; `waymark catalogue check` lists every problem",
        ),
    }
}

pub(super) async fn database(url: &str) -> Finding {
    let check = "database";
    let path = match backup::database_path(url) {
        Ok(p) => p,
        Err(e) => {
            return Finding::problem(
                check,
                format!("{e:#}"),
                "use a sqlite:// URL in [database] url",
            );
        }
    };
    if !path.exists() {
        return Finding::problem(
            check,
            format!("{} does not exist", path.display()),
            "create it with `waymark init` (or correct [database] url)",
        );
    }
    match backup::check_copy(&path).await {
        Ok(c) => {
            let newest = crate::store::MIGRATOR
                .iter()
                .map(|m| m.version)
                .max()
                .unwrap_or(0);
            let pending = if c.migration < newest {
                format!(
                    " ({} newer migrations apply at the next start)",
                    newest - c.migration
                )
            } else {
                String::new()
            };
            Finding::ok(
                check,
                format!(
                    "{}: opens, integrity ok, migration {}{pending}; {} figures, {} revisions",
                    path.display(),
                    c.migration,
                    c.figures,
                    c.revisions
                ),
            )
        }
        Err(e) => Finding::problem(
            check,
            format!("{e:#}"),
            "restore the newest good copy: `waymark restore FILE` (after stopping `waymark serve`)",
        ),
    }
}

/// Free space on the file systems of the database and the report folder.
pub(super) fn disk_space(settings: &Settings, db_url: &str, min_free: u64) -> Vec<Finding> {
    let mut places: Vec<(&str, PathBuf)> = Vec::new();
    if let Ok(db) = backup::database_path(db_url) {
        let folder = db
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        places.push(("database", folder));
    }
    places.push(("report folder", settings.report.out_dir.clone()));
    places
        .into_iter()
        .map(|(what, path)| {
            let check = format!("disk space ({what})");
            let at = existing_ancestor(&path);
            match free_bytes(&at) {
                Ok(free) if free >= min_free => Finding::ok(
                    check,
                    format!("{} free at {}", human_size(free), at.display()),
                ),
                Ok(free) => Finding::problem(
                    check,
                    format!(
                        "only {} free at {} (less than {})",
                        human_size(free),
                        at.display(),
                        human_size(min_free)
                    ),
                    "free some space there (old reports, old backups), or move the folder to a larger disk",
                ),
                Err(e) => Finding::problem(
                    check,
                    format!("cannot read the free space at {}: {e}", at.display()),
                    "check that the folder exists and can be read",
                ),
            }
        })
        .collect()
}

/// The folders waymark writes into: the report folder, the email outbox
/// (when there is no SMTP server) and the backup folder (when a backup job
/// is scheduled). Each must be a folder this user can write, or one it can
/// create.
pub(super) fn folders(settings: &Settings) -> Vec<Finding> {
    let mut list = vec![(
        "report folder",
        "[report] out_dir",
        &settings.report.out_dir,
    )];
    if settings.email.smtp_url.trim().is_empty() {
        list.push((
            "outbox folder",
            "[email] outbox_dir",
            &settings.email.outbox_dir,
        ));
    }
    if settings
        .schedule
        .iter()
        .any(|s| s.job == JobKind::Backup.as_str())
    {
        list.push(("backup folder", "[backup] dir", &settings.backup.dir));
    }
    list.into_iter()
        .map(|(check, key, dir)| match writable(dir) {
            Ok(detail) => Finding::ok(check, detail),
            Err(what) => Finding::problem(
                check,
                what,
                format!(
                    "make {} a folder the service's user can write (`mkdir -p` it and `chown` it to that user), or point {key} elsewhere",
                    dir.display()
                ),
            ),
        })
        .collect()
}

/// Whether files can be written in `dir`: by writing (and removing) one.
fn writable(dir: &Path) -> Result<String, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let at = existing_ancestor(dir);
    let probe = at.join(format!(".waymark-doctor-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| format!("cannot write in {}: {e}", at.display()))?;
    Ok(if at == dir {
        format!("{} is writable", dir.display())
    } else {
        format!(
            "{} will be created (in {}, which is writable)",
            dir.display(),
            at.display()
        )
    })
}

/// How far off each schedule's next slot is.
pub(super) fn schedules(settings: &Settings) -> Vec<Finding> {
    let specs = match parse_all(&settings.schedule, &settings.timezone) {
        Ok(s) => s,
        // Settings::load has checked them; kept for completeness.
        Err(p) => {
            return vec![Finding::problem(
                "schedules",
                p.0.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                "correct [[schedule]]",
            )];
        }
    };
    if specs.is_empty() {
        return vec![Finding::ok(
            "schedules",
            "no [[schedule]]: `serve` runs no jobs (reports, alerts, pulls and backups only on demand)",
        )];
    }
    let now = Utc::now();
    crate::schedule::next_slots(&specs, now)
        .into_iter()
        .map(|n| {
            let s = &n.spec;
            let check = format!(
                "schedule #{} ({} \"{}\" {})",
                s.index + 1,
                s.job,
                s.cron_text,
                s.tz
            );
            match n.at {
                Some(at) if at.with_timezone(&Utc) - now <= FAR => Finding::ok(
                    check,
                    format!(
                        "next {} (in {})",
                        at.to_rfc3339(),
                        crate::schedule::human(at.with_timezone(&Utc) - now)
                    ),
                ),
                Some(at) => Finding::problem(
                    check,
                    format!("the next run is far off: {}", at.to_rfc3339()),
                    "check the cron pattern's fields (minute hour day-of-month month day-of-week)",
                ),
                None => Finding::problem(
                    check,
                    "the pattern never fires again",
                    "check the cron pattern's fields (minute hour day-of-month month day-of-week)",
                ),
            }
        })
        .collect()
}

/// `path`, or its nearest parent that exists (where it would be created).
fn existing_ancestor(path: &Path) -> PathBuf {
    let mut p = if path.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        path.to_path_buf()
    };
    while !p.exists() {
        match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => p = parent.to_path_buf(),
            _ => return PathBuf::from("."),
        }
    }
    p
}

/// Bytes an unprivileged user may still write on `path`'s file system.
fn free_bytes(path: &Path) -> std::io::Result<u64> {
    let out = rustix::fs::statvfs(path)?;
    Ok(out.f_bavail.saturating_mul(out.f_frsize))
}
