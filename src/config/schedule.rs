//! One `[[schedule]]` entry, parsed and checked: job kind, cron pattern with
//! crontab semantics, IANA zone, catch-up window and the stable ledger key.

use crate::domain::Invalid;
use chrono::TimeDelta;
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use serde::Deserialize;
use std::fmt;

/// One `[[schedule]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Which job runs: `report`, `alerts`, `reminders`, `pull` or `backup`.
    pub job: String,
    /// When: a five-field cron expression (or `@daily` and friends).
    pub cron: String,
    /// The IANA zone the cron fields are read in; the daemon's default when absent.
    pub timezone: Option<String>,
    /// Which missed slots run after downtime: `latest` (default), `all` or `none`.
    pub catch_up: Option<String>,
}

/// What a schedule runs; the daemon registers one job function per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobKind {
    /// Render and send the report.
    Report,
    /// Evaluate alerts and deliver what changed.
    Alerts,
    /// Remind operators of figures coming due.
    Reminders,
    /// Fetch the configured remote sources.
    Pull,
    /// Take an online backup of the database.
    Backup,
}

impl JobKind {
    pub(crate) const ALL: [JobKind; 5] = [
        JobKind::Report,
        JobKind::Alerts,
        JobKind::Reminders,
        JobKind::Pull,
        JobKind::Backup,
    ];

    pub(crate) fn parse(text: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JobKind::Report => "report",
            JobKind::Alerts => "alerts",
            JobKind::Reminders => "reminders",
            JobKind::Pull => "pull",
            JobKind::Backup => "backup",
        }
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Used when a schedule has no `catch_up`.
pub const DEFAULT_CATCH_UP: &str = "1d";

/// A validated schedule. Built only through `ScheduleSpec::parse`.
#[derive(Debug, Clone)]
pub struct ScheduleSpec {
    /// Position in the settings file (0-based), for messages.
    pub(crate) index: usize,
    pub(crate) job: JobKind,
    /// The pattern as written, whitespace normalised.
    pub(crate) cron_text: String,
    pub(crate) cron: Cron,
    pub(crate) tz: Tz,
    pub(crate) catch_up: TimeDelta,
    /// Ledger identity: `job|cron|timezone`. Changing any of the three makes a
    /// new schedule with a fresh history, because old slots no longer apply.
    pub key: String,
}

/// What is wrong with one `[[schedule]]` entry: which entry (from 1),
/// the key at fault, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleProblem {
    /// The entry's place in the settings file, from 1.
    pub(crate) entry: usize,
    /// The entry's `job`, as written.
    pub(crate) job: String,
    /// The key at fault; `None` for the entry as a whole.
    pub(crate) key: Option<&'static str>,
    pub(crate) message: String,
}

impl fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key {
            Some(key) => write!(
                f,
                "[[schedule]] #{} (job = {:?}) key `{key}`: {}",
                self.entry, self.job, self.message
            ),
            None => write!(f, "[[schedule]] #{}: {}", self.entry, self.message),
        }
    }
}

/// Every problem of a `[[schedule]]` list; shows one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleProblems(pub Vec<ScheduleProblem>);

impl fmt::Display for ScheduleProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScheduleProblems {}

impl ScheduleSpec {
    /// Parse entry `index` of `[[schedule]]`; `default_tz` is the top-level `timezone`.
    /// Every key at fault is reported.
    pub(crate) fn parse(
        index: usize,
        s: &Schedule,
        default_tz: &str,
    ) -> Result<ScheduleSpec, Vec<ScheduleProblem>> {
        let at = |key: &'static str, message: String| ScheduleProblem {
            entry: index + 1,
            job: s.job.clone(),
            key: Some(key),
            message,
        };
        // Every key is checked, so one pass over the file shows every problem.
        let job = JobKind::parse(&s.job).ok_or_else(|| {
            at(
                "job",
                format!(
                    "unknown job {:?} (expected report, alerts, reminders, pull or backup)",
                    s.job
                ),
            )
        });
        let cron_text = s.cron.split_whitespace().collect::<Vec<_>>().join(" ");
        let cron = parse_cron(&cron_text).map_err(|e| at("cron", e.message));
        let zone = s.timezone.as_deref().unwrap_or(default_tz);
        let tz = zone.parse::<Tz>().map_err(|_| {
            let key = if s.timezone.is_some() {
                "timezone"
            } else {
                "timezone (the top-level default)"
            };
            at(
                key,
                format!("unknown time zone {zone:?} (expected an IANA name such as Europe/Berlin)"),
            )
        });
        let catch_up_text = s.catch_up.as_deref().unwrap_or(DEFAULT_CATCH_UP);
        let catch_up = parse_duration(catch_up_text).map_err(|e| at("catch_up", e.message));
        let (job, cron, tz, catch_up) = match (job, cron, tz, catch_up) {
            (Ok(j), Ok(c), Ok(t), Ok(d)) => (j, c, t, d),
            (j, c, t, d) => {
                let problems = [j.err(), c.err(), t.err(), d.err()];
                return Err(problems.into_iter().flatten().collect());
            }
        };
        Ok(ScheduleSpec {
            index,
            job,
            key: format!("{job}|{cron_text}|{tz}"),
            cron_text,
            cron,
            tz,
            catch_up,
        })
    }
}

/// Every `[[schedule]]` entry parsed; all problems at once.
pub fn parse_all(
    schedules: &[Schedule],
    default_tz: &str,
) -> Result<Vec<ScheduleSpec>, ScheduleProblems> {
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    for (i, s) in schedules.iter().enumerate() {
        match ScheduleSpec::parse(i, s, default_tz) {
            Ok(spec) => {
                // Two identical entries would share one ledger: the second would never run.
                if let Some(first) = specs.iter().find(|o: &&ScheduleSpec| o.key == spec.key) {
                    problems.push(ScheduleProblem {
                        entry: i + 1,
                        job: s.job.clone(),
                        key: None,
                        message: format!("same job, cron and timezone as #{}", first.index + 1),
                    });
                }
                specs.push(spec);
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(specs)
    } else {
        Err(ScheduleProblems(problems))
    }
}

/// Check `[[schedule]]` for `Settings::validate` (and so `catalogue check`).
pub(crate) fn validate(schedules: &[Schedule], default_tz: &str) -> Result<(), ScheduleProblems> {
    parse_all(schedules, default_tz).map(|_| ())
}

/// Crontab pattern: 5 fields (minute first; seconds are 0) or 6 with leading
/// seconds. Day-of-month and day-of-week combine with OR when both are
/// restricted, as in crontab (`0 9 1 * MON` = the 1st and every Monday);
/// croner's `+` prefix on day-of-week asks for AND explicitly.
/// A pattern that does not parse has code `bad_cron`.
pub fn parse_cron(text: &str) -> Result<Cron, Invalid> {
    let bad = |message: String| Invalid::new("bad_cron", message);
    let fields = text.split_whitespace().count();
    if text.trim_start().starts_with('@') {
        return Err(bad(format!(
            "{text:?}: nicknames such as @daily are not supported; write the fields"
        )));
    }
    if !(fields == 5 || fields == 6) {
        return Err(bad(format!(
            "{text:?} has {fields} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)"
        )));
    }
    let cron = CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .dom_and_dow(false)
        .build()
        .parse(text)
        .map_err(|e| bad(format!("{text:?}: {e}")))?;
    // A pattern such as "0 0 30 2 *" parses but never fires: say so now rather than never run.
    let probe = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date");
    if cron.find_next_occurrence(&probe, false).is_err() {
        return Err(bad(format!("{text:?} never matches a real date")));
    }
    Ok(cron)
}

/// Durations such as `1d`, `6h`, `30m`, `90s`, `1d12h`, or `0` (none);
/// code `bad_duration` otherwise.
pub fn parse_duration(text: &str) -> Result<TimeDelta, Invalid> {
    let t = text.trim();
    if t == "0" {
        return Ok(TimeDelta::zero());
    }
    let bad = || {
        Invalid::new(
            "bad_duration",
            format!(
                "invalid duration {text:?}: expected e.g. \"1d\", \"6h\", \"30m\", \"90s\", \"1d12h\" or \"0\""
            ),
        )
    };
    let mut total = TimeDelta::zero();
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        let part = match c {
            'd' => TimeDelta::try_days(n),
            'h' => TimeDelta::try_hours(n),
            'm' => TimeDelta::try_minutes(n),
            's' => TimeDelta::try_seconds(n),
            _ => None,
        }
        .ok_or_else(bad)?;
        total = total.checked_add(&part).ok_or_else(bad)?;
    }
    if !digits.is_empty() || t.is_empty() {
        return Err(bad());
    }
    Ok(total)
}
