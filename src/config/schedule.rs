//! One `[[schedule]]` entry, parsed and checked: job kind, cron pattern with
//! crontab semantics, IANA zone, catch-up window and the stable ledger key.

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
    pub job: String,
    pub cron: String,
    pub timezone: Option<String>,
    pub catch_up: Option<String>,
}

/// What a schedule runs; the daemon registers one job function per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobKind {
    Report,
    Alerts,
    Reminders,
    Pull,
    Backup,
}

impl JobKind {
    pub const ALL: [JobKind; 5] = [
        JobKind::Report,
        JobKind::Alerts,
        JobKind::Reminders,
        JobKind::Pull,
        JobKind::Backup,
    ];

    pub fn parse(text: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
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

/// A validated schedule. Built only through [`ScheduleSpec::parse`].
#[derive(Debug, Clone)]
pub struct ScheduleSpec {
    /// Position in the settings file (0-based), for messages.
    pub index: usize,
    pub job: JobKind,
    /// The pattern as written, whitespace normalised.
    pub cron_text: String,
    pub(crate) cron: Cron,
    pub tz: Tz,
    pub catch_up: TimeDelta,
    /// Ledger identity: `job|cron|timezone`. Changing any of the three makes a
    /// new schedule with a fresh history, because old slots no longer apply.
    pub key: String,
}

impl ScheduleSpec {
    /// Parse entry `index` of `[[schedule]]`; `default_tz` is the top-level `timezone`.
    /// The error names the entry and the key at fault.
    pub fn parse(index: usize, s: &Schedule, default_tz: &str) -> Result<ScheduleSpec, String> {
        let at = |key: &str| {
            format!(
                "[[schedule]] #{} (job = {:?}) key `{key}`",
                index + 1,
                s.job
            )
        };
        // Every key is checked, so one pass over the file shows every problem.
        let job = JobKind::parse(&s.job).ok_or_else(|| {
            format!(
                "{}: unknown job {:?} (expected report, alerts, reminders, pull or backup)",
                at("job"),
                s.job
            )
        });
        let cron_text = s.cron.split_whitespace().collect::<Vec<_>>().join(" ");
        let cron = parse_cron(&cron_text).map_err(|e| format!("{}: {e}", at("cron")));
        let zone = s.timezone.as_deref().unwrap_or(default_tz);
        let tz = zone.parse::<Tz>().map_err(|_| {
            let key = if s.timezone.is_some() {
                "timezone"
            } else {
                "timezone (the top-level default)"
            };
            format!(
                "{}: unknown time zone {zone:?} (expected an IANA name such as Europe/Berlin)",
                at(key)
            )
        });
        let catch_up_text = s.catch_up.as_deref().unwrap_or(DEFAULT_CATCH_UP);
        let catch_up =
            parse_duration(catch_up_text).map_err(|e| format!("{}: {e}", at("catch_up")));
        let (job, cron, tz, catch_up) = match (job, cron, tz, catch_up) {
            (Ok(j), Ok(c), Ok(t), Ok(d)) => (j, c, t, d),
            (j, c, t, d) => {
                let problems = [j.err(), c.err(), t.err(), d.err()];
                return Err(problems
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"));
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

/// Every `[[schedule]]` entry parsed; all problems at once, one per line.
pub fn parse_all(
    schedules: &[Schedule],
    default_tz: &str,
) -> Result<Vec<ScheduleSpec>, Vec<String>> {
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    for (i, s) in schedules.iter().enumerate() {
        match ScheduleSpec::parse(i, s, default_tz) {
            Ok(spec) => {
                // Two identical entries would share one ledger: the second would never run.
                if let Some(first) = specs.iter().find(|o: &&ScheduleSpec| o.key == spec.key) {
                    problems.push(format!(
                        "[[schedule]] #{}: same job, cron and timezone as #{}",
                        i + 1,
                        first.index + 1
                    ));
                }
                specs.push(spec);
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(specs)
    } else {
        Err(problems)
    }
}

/// Check `[[schedule]]` for `Settings::validate` (and so `catalogue check`).
pub fn validate(schedules: &[Schedule], default_tz: &str) -> anyhow::Result<()> {
    parse_all(schedules, default_tz)
        .map(|_| ())
        .map_err(|problems| anyhow::anyhow!(problems.join("\n")))
}

/// Crontab pattern: 5 fields (minute first; seconds are 0) or 6 with leading
/// seconds. Day-of-month and day-of-week combine with OR when both are
/// restricted, as in crontab (`0 9 1 * MON` = the 1st and every Monday);
/// croner's `+` prefix on day-of-week asks for AND explicitly.
pub fn parse_cron(text: &str) -> Result<Cron, String> {
    let fields = text.split_whitespace().count();
    if text.trim_start().starts_with('@') {
        return Err(format!(
            "{text:?}: nicknames such as @daily are not supported; write the fields"
        ));
    }
    if !(fields == 5 || fields == 6) {
        return Err(format!(
            "{text:?} has {fields} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)"
        ));
    }
    let cron = CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .dom_and_dow(false)
        .build()
        .parse(text)
        .map_err(|e| format!("{text:?}: {e}"))?;
    // A pattern such as "0 0 30 2 *" parses but never fires: say so now rather than never run.
    let probe = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date");
    if cron.find_next_occurrence(&probe, false).is_err() {
        return Err(format!("{text:?} never matches a real date"));
    }
    Ok(cron)
}

/// Durations such as `1d`, `6h`, `30m`, `90s`, `1d12h`, or `0` (none).
pub fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    let t = text.trim();
    if t == "0" {
        return Ok(TimeDelta::zero());
    }
    let bad = || {
        format!(
            "invalid duration {text:?}: expected e.g. \"1d\", \"6h\", \"30m\", \"90s\", \"1d12h\" or \"0\""
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
