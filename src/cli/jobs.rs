//! `jobs`: each schedule, its next slot in its own zone, and its recent runs
//! from the ledger.

use super::Context;
use super::table::{clean, render, truncate};
use crate::config::{ScheduleSpec, parse_all};
use crate::schedule::human;
use crate::store::{RunRecord, Store};
use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, ValueEnum};
use serde::Serialize;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum JobsFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct JobsArgs {
    /// Output: a table for people, or JSON for programs
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: JobsFormat,
    /// How many recent runs to show per schedule
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) runs: u32,
}

/// Everything `jobs` shows. `--format json` prints exactly this.
#[derive(Debug, Serialize)]
pub(crate) struct JobsView {
    pub(crate) schedules: Vec<ScheduleView>,
    /// The last pull of each remote source.
    pub(crate) sources: Vec<crate::sources::PullOutcome>,
    /// Notifications waiting in the delivery outbox.
    pub(crate) delivery: crate::alerts::Backlog,
}

#[derive(Debug, Serialize)]
pub(crate) struct ScheduleView {
    /// 1-based position in the settings file, as in validation messages.
    pub(crate) index: usize,
    pub(crate) job: String,
    pub(crate) cron: String,
    pub(crate) timezone: String,
    pub(crate) catch_up: String,
    pub(crate) key: String,
    /// Next slot in the schedule's zone (RFC 3339); null if the pattern never matches again.
    pub(crate) next: Option<String>,
    /// Newest slot first.
    pub(crate) recent: Vec<RunView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RunView {
    #[serde(flatten)]
    pub(crate) run: RunRecord,
    pub(crate) duration_seconds: Option<f64>,
}

pub(crate) async fn jobs(ctx: &Context, a: JobsArgs) -> Result<()> {
    let store = Store::open(&ctx.db_url).await?;
    let view = gather(ctx, &store, Utc::now(), a.runs).await;
    store.close().await;
    let view = view?;
    match a.format {
        JobsFormat::Json => println!("{}", serde_json::to_string_pretty(&view)?),
        JobsFormat::Table => print!("{}", print_text(&view)),
    }
    Ok(())
}

pub(crate) async fn gather(
    ctx: &Context,
    store: &Store,
    now: DateTime<Utc>,
    runs: u32,
) -> Result<JobsView> {
    let s = &ctx.settings;
    let specs = parse_all(&s.schedule, &s.timezone)?;
    let mut schedules = Vec::new();
    for spec in specs {
        let recent = store.recent_job_runs(&spec.key, runs).await?;
        schedules.push(schedule_view(
            &spec,
            &s.schedule[spec.index].catch_up,
            now,
            recent,
        ));
    }
    Ok(JobsView {
        schedules,
        sources: crate::sources::last_outcomes(store).await?,
        delivery: crate::alerts::backlog(store).await?,
    })
}

fn schedule_view(
    spec: &ScheduleSpec,
    catch_up: &Option<String>,
    now: DateTime<Utc>,
    recent: Vec<RunRecord>,
) -> ScheduleView {
    ScheduleView {
        index: spec.index + 1,
        job: spec.job.to_string(),
        cron: spec.cron_text.clone(),
        timezone: spec.tz.to_string(),
        catch_up: catch_up
            .clone()
            .unwrap_or_else(|| crate::config::DEFAULT_CATCH_UP.into()),
        key: spec.key.clone(),
        next: spec.next_after(now).map(|t| spec.local(t).to_rfc3339()),
        recent: recent
            .into_iter()
            .map(|run| RunView {
                duration_seconds: run.duration().map(|d| d.num_milliseconds() as f64 / 1000.0),
                run,
            })
            .collect(),
    }
}

/// The text form: per schedule, a heading, the next slot and a table of runs.
pub(crate) fn print_text(view: &JobsView) -> String {
    let mut out = schedules_text(view);
    if !view.sources.is_empty() {
        out.push_str("Remote sources (last pull)\n");
        let rows: Vec<Vec<String>> = view
            .sources
            .iter()
            .map(|o| {
                let what = match &o.error {
                    Some(e) => format!("error: {e}"),
                    None => format!(
                        "{} new, {} revised, {} unchanged",
                        o.new, o.revised, o.unchanged
                    ),
                };
                vec![
                    clean(&o.source),
                    o.status.as_str().to_string(),
                    o.at.clone(),
                    truncate(&clean(&what), 100),
                ]
            })
            .collect();
        for line in render(
            &["source", "outcome", "at", "figures / error"],
            &rows,
            &[false; 4],
        )
        .lines()
        {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    let d = &view.delivery;
    out.push_str(&format!(
        "Delivery backlog: {} pending, {} given up{}\n",
        d.pending,
        d.failed,
        d.oldest
            .map(|t| format!(", oldest queued {}", t.to_rfc3339()))
            .unwrap_or_default()
    ));
    out
}

fn schedules_text(view: &JobsView) -> String {
    if view.schedules.is_empty() {
        return "no [[schedule]] entries in the settings\n\n".into();
    }
    let mut out = String::new();
    for s in &view.schedules {
        let zone: Tz = s.timezone.parse().unwrap_or(chrono_tz::UTC);
        out.push_str(&format!(
            "#{} {}  \"{}\"  {}  catch_up {}\n  next: {}\n",
            s.index,
            s.job,
            s.cron,
            s.timezone,
            s.catch_up,
            s.next
                .as_deref()
                .unwrap_or("never (the pattern matches no future time)")
        ));
        if s.recent.is_empty() {
            out.push_str("  no runs yet\n\n");
            continue;
        }
        let rows: Vec<Vec<String>> = s.recent.iter().map(|r| run_row(&r.run, &zone)).collect();
        let table = render(
            &["slot", "state", "started", "took", "outcome / error"],
            &rows,
            &[false, false, false, true, false],
        );
        for line in table.lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

fn run_row(r: &RunRecord, zone: &Tz) -> Vec<String> {
    let local = |t: DateTime<Utc>| {
        t.with_timezone(zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let slot = DateTime::parse_from_rfc3339(&r.local_slot)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S%:z").to_string())
        .unwrap_or_else(|_| r.local_slot.clone());
    let text = match (&r.error, &r.outcome) {
        (Some(e), _) => format!("error: {e}"),
        (None, Some(o)) => o.clone(),
        (None, None) => String::new(),
    };
    vec![
        slot,
        r.state.to_string(),
        r.started_at.map(local).unwrap_or_else(|| "-".into()),
        r.duration().map(human).unwrap_or_else(|| "-".into()),
        truncate(&clean(&text), 100),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{JobKind, Schedule, Settings};
    use crate::schedule::{Jobs, ManualClock, Scheduler};
    use chrono::TimeZone;
    use std::sync::Arc;

    #[tokio::test]
    async fn jobs_shows_next_slots_in_local_time_and_recent_runs() {
        let (dir, store) = crate::test_support::empty_store().await;
        let store = Arc::new(store);
        let settings = Settings {
            timezone: "Asia/Shanghai".into(),
            schedule: vec![
                Schedule {
                    job: "report".into(),
                    cron: "0 8 1 * *".into(),
                    timezone: None,
                    catch_up: None,
                },
                Schedule {
                    job: "pull".into(),
                    cron: "30 2 * * *".into(),
                    timezone: Some("Europe/Berlin".into()),
                    catch_up: Some("6h".into()),
                },
            ],
            ..Settings::default()
        };
        let t = |d, h| Utc.with_ymd_and_hms(2025, 3, d, h, 0, 0).unwrap();
        let jobs = Jobs::new()
            .with(JobKind::Report, |_| async {
                Ok("wrote 12 files".to_string())
            })
            .with(JobKind::Pull, |_| async {
                Err(anyhow::anyhow!("wb-trade: HTTP 503"))
            });
        let start = Utc.with_ymd_and_hms(2025, 2, 28, 12, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        let sched = Scheduler::new(
            store.clone(),
            &settings.schedule,
            &settings.timezone,
            clock,
            jobs,
        )
        .unwrap();
        sched.step(start).await;
        sched.step(t(30, 4)).await;
        sched.wait_idle().await;

        let ctx = Context {
            settings,
            db_url: crate::test_support::db_url(dir.path()),
            lang: crate::domain::Lang::En,
        };
        let view = gather(&ctx, &store, t(30, 4), 5).await.unwrap();
        let text = print_text(&view);
        for part in [
            "#1 report  \"0 8 1 * *\"  Asia/Shanghai  catch_up 1d",
            "next: 2025-04-01T08:00:00+08:00",
            "2025-03-01 08:00:00+08:00  missed",
            "#2 pull  \"30 2 * * *\"  Europe/Berlin  catch_up 6h",
            "next: 2025-03-31T02:30:00+02:00",
            "2025-03-30 03:00:00+02:00  failed",
            "error: wb-trade: HTTP 503",
        ] {
            assert!(text.contains(part), "{part:?} missing from\n{text}");
        }
        let json: serde_json::Value = serde_json::to_value(&view).unwrap();
        let pull = &json["schedules"][1];
        assert_eq!(pull["key"], "pull|30 2 * * *|Europe/Berlin");
        assert_eq!(pull["recent"][0]["state"], "failed");
        assert_eq!(pull["recent"][0]["slot"], "2025-03-30T01:00:00Z");
        assert!(pull["recent"][0]["duration_seconds"].is_number());
    }
}
