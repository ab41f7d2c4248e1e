//! `status` and `milestone`: goal progress for people (table) and programs (JSON, CSV).

use super::{Context, operator, table};
use crate::assess::{self, Assessed, Query, RawQuery};
use crate::domain::progress::{GoalProgress, MilestoneProgress, SeriesProgress};
use crate::domain::{Catalogue, Lang, MilestoneState, Status};
use crate::publish::status_json;
use crate::store::Flags;
use crate::{i18n, t};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum StatusFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Use only periods that ended on or before this date (YYYY-MM-DD; default today)
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Use each figure as it was recorded at this time (RFC 3339)
    #[arg(long, value_name = "TS")]
    pub(crate) known_at: Option<String>,
    /// Only goals of this region (its id)
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Only this goal (its id)
    #[arg(long)]
    pub(crate) goal: Option<String>,
    /// Per-region roll-up instead of one row per goal
    #[arg(long)]
    pub(crate) rollup: bool,
    /// Output: a table for people, JSON or CSV for programs
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: StatusFormat,
}

#[derive(Debug, Args)]
pub(crate) struct MilestoneArgs {
    /// The milestone goal's id
    goal: String,
    /// planned, in_progress, done or dropped
    state: String,
    /// A note kept with the change, e.g. why
    #[arg(long)]
    note: Option<String>,
    /// Who sets it (default: the login name)
    #[arg(long)]
    by: Option<String>,
}

/// Check the query's flags (`--as-of`, `--known-at`, `--region`, `--goal`)
/// and build it; a problem names its flag.
pub(crate) fn query(cat: &Catalogue, raw: RawQuery<'_>) -> Result<Query> {
    Query::parse(raw, cat).map_err(|e| anyhow!("{}: {e}", e.param().flag()))
}

pub(crate) async fn status(ctx: &Context, a: StatusArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let raw = RawQuery {
        as_of: a.as_of.as_deref(),
        known_at: a.known_at.as_deref(),
        region: a.region.as_deref(),
        goal: a.goal.as_deref(),
    };
    let q = query(&cat, raw)?;
    let assessed =
        assess::assess(&store, &cat, &q, &ctx.settings.thresholds(), ctx.today()).await?;
    let table = matches!(a.format, StatusFormat::Table) && !a.rollup;
    let flags = if table {
        store
            .current_flags(&assess::series_of(&assessed), q.known_at)
            .await?
    } else {
        Flags::default()
    };
    store.close().await;
    let mut out = std::io::stdout().lock();
    if a.rollup {
        let rollups = assess::rollups(&assessed);
        match a.format {
            StatusFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rollups)?)?,
            StatusFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(["region", "goals", "score", "status"])?;
                for r in &rollups {
                    w.write_record([
                        table::csv_text(&r.region),
                        r.goals.to_string(),
                        num(r.score),
                        r.status.as_str().into(),
                    ])?;
                }
                w.flush()?;
            }
            StatusFormat::Table => {
                let rows: Vec<Vec<String>> = rollups
                    .iter()
                    .map(|r| {
                        vec![
                            r.region.clone(),
                            r.goals.to_string(),
                            fixed(r.score, 2),
                            i18n::status(ctx.lang, r.status),
                        ]
                    })
                    .collect();
                write!(
                    out,
                    "{}",
                    table::render(
                        &[
                            t!(ctx.lang, "cli-status-region").as_str(),
                            &t!(ctx.lang, "cli-status-goals"),
                            &t!(ctx.lang, "cli-status-score"),
                            &t!(ctx.lang, "cli-status-status"),
                        ],
                        &rows,
                        &[false, true, true, false]
                    )
                )?;
            }
        }
        return Ok(());
    }
    match a.format {
        StatusFormat::Json => writeln!(out, "{}", status_json(&assessed)?)?,
        StatusFormat::Csv => write_csv(&mut out, &assessed)?,
        StatusFormat::Table => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            write!(
                out,
                "{}",
                status_table(
                    ctx.lang,
                    &cat,
                    &assessed,
                    &flags,
                    q.as_of.unwrap_or(ctx.today()),
                    colour
                )
            )?;
        }
    }
    Ok(())
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn fixed(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "–".into(), |x| format!("{x:.decimals$}"))
}

const CSV_COLUMNS: [&str; 31] = [
    "goal",
    "title",
    "region",
    "indicator",
    "unit",
    "type",
    "direction",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "current_period",
    "current_value",
    "projected",
    "projection",
    "to_date",
    "expected_to_date",
    "yoy_to_date",
    "required_per_period",
    "progress_ratio",
    "score",
    "status",
    "final",
    "missing",
    "overdue",
    "chance",
    "chance_years",
    "projection_range",
    "stale_since",
    "due",
    "milestone_state",
];

fn write_csv(out: &mut impl Write, assessed: &[Assessed]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for a in assessed {
        let row: Vec<String> = match &a.progress {
            GoalProgress::Series(s) => series_csv_row(s),
            GoalProgress::Milestone(m) => milestone_csv_row(m),
        };
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

fn series_csv_row(s: &SeriesProgress) -> Vec<String> {
    let t = table::csv_text;
    let int = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        t(&s.goal),
        t(s.title.get(Lang::En)),
        t(&s.region),
        t(&s.indicator),
        t(s.unit.get(Lang::En)),
        s.kind.into(),
        s.direction.into(),
        int(s.baseline_year),
        num(s.baseline_value),
        int(s.target_year),
        num(s.target_value),
        s.current_period.map(|p| p.to_string()).unwrap_or_default(),
        num(s.current_value),
        s.projected.to_string(),
        s.projection
            .map(|p| format!("{p:?}").to_lowercase())
            .unwrap_or_default(),
        num(s.to_date),
        num(s.expected_to_date),
        num(s.yoy_to_date),
        num(s.required_per_period),
        num(s.progress_ratio),
        num(s.score),
        s.status.as_str().into(),
        s.is_final.to_string(),
        periods(&s.missing),
        periods(&s.overdue),
        num(s.chance),
        s.chance_years.to_string(),
        // Low and high, in one cell like the period lists.
        s.projection_range
            .map(|[lo, hi]| format!("{} {}", num(Some(lo)), num(Some(hi))))
            .unwrap_or_default(),
        s.stale_since.map(|p| p.to_string()).unwrap_or_default(),
        String::new(),
        String::new(),
    ]
}

/// Periods in one CSV cell, separated by spaces.
fn periods(list: &[crate::domain::Period]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn milestone_csv_row(m: &MilestoneProgress) -> Vec<String> {
    let t = table::csv_text;
    let mut row = vec![String::new(); CSV_COLUMNS.len()];
    let mut set = |column: &str, value: String| {
        let i = CSV_COLUMNS
            .iter()
            .position(|c| *c == column)
            .expect("a CSV column");
        row[i] = value;
    };
    set("goal", t(&m.goal));
    set("title", t(m.title.get(Lang::En)));
    set("region", t(&m.region));
    set("type", m.kind.into());
    set("score", num(m.score));
    set("status", m.status.as_str().into());
    set("due", m.due.to_string());
    set("milestone_state", m.milestone_state.as_str().into());
    row
}

/// ANSI colour per status for terminals (the words are always there too).
fn paint(lang: Lang, status: Status, colour: bool) -> String {
    let words = i18n::status(lang, status);
    if !colour {
        return words;
    }
    let code = match status {
        Status::TargetAchieved | Status::OnTrack => "1;34",
        Status::NeedsAcceleration => "33",
        Status::LimitedProgress => "35",
        Status::Deterioration | Status::TargetMissed => "1;31",
        Status::Pending | Status::NotAvailable => "2",
    };
    format!("\x1b[{code}m{words}\x1b[0m")
}

/// A number for reading: the indicator's decimals, thousands grouped; `–` when there is none.
pub(crate) fn amount(v: Option<f64>, decimals: u8) -> String {
    v.map_or_else(|| "–".into(), |v| i18n::number(Lang::En, v, decimals))
}

fn status_table(
    lang: Lang,
    cat: &Catalogue,
    assessed: &[Assessed],
    flags: &Flags,
    as_of: NaiveDate,
    colour: bool,
) -> String {
    let region_name = |id: &str| {
        cat.region(id)
            .map_or(id.to_string(), |r| table::clean(r.name.get(lang)))
    };
    let mut rows = Vec::new();
    let mut milestones = Vec::new();
    for a in assessed {
        match &a.progress {
            GoalProgress::Series(s) => {
                let decimals = cat.indicator(&s.indicator).map_or(0, |i| i.decimals);
                let to_date = match s.current_period {
                    // The latest figure's status, when it has one, beside its period.
                    Some(p) => match flags.of(&s.region, &s.indicator, p) {
                        Some(flag) => format!(
                            "{} ({p}, {})",
                            amount(s.to_date, decimals),
                            i18n::flag(lang, flag)
                        ),
                        None => format!("{} ({p})", amount(s.to_date, decimals)),
                    },
                    None => "–".into(),
                };
                let versus = match s.target_value {
                    Some(t) => format!(
                        "{} / {}",
                        amount(s.current_value, decimals),
                        amount(Some(t), decimals)
                    ),
                    None => t!(
                        lang,
                        "versus-trend",
                        value = amount(s.current_value, decimals)
                    ),
                };
                let mark = if s.projected { "*" } else { "" };
                // A stale goal says why it is not judged, next to its status.
                let status = match s.stale_since {
                    Some(p) => format!(
                        "{}: {}",
                        paint(lang, s.status, colour),
                        t!(lang, "stale-since", period = p.to_string())
                    ),
                    None => paint(lang, s.status, colour),
                };
                rows.push(vec![
                    table::truncate(&table::clean(s.title.get(lang)), 52),
                    region_name(&s.region),
                    to_date,
                    format!("{versus}{mark}"),
                    table::clean(s.unit.get(lang)),
                    fixed(s.progress_ratio, 2),
                    fixed(s.score, 2),
                    s.chance_detail().fraction().unwrap_or_else(|| "–".into()),
                    status,
                ]);
            }
            GoalProgress::Milestone(m) => milestones.push(vec![
                table::truncate(&table::clean(m.title.get(lang)), 60),
                region_name(&m.region),
                i18n::date(lang, m.due),
                i18n::milestone_state(lang, m.milestone_state),
                paint(lang, m.status, colour),
            ]),
        }
    }
    let mut out = t!(lang, "cli-status-heading", date = i18n::date(lang, as_of)) + "\n\n";
    if !rows.is_empty() {
        let headers = [
            t!(lang, "cli-status-goal"),
            t!(lang, "cli-status-region"),
            t!(lang, "cli-status-to-date"),
            t!(lang, "cli-status-versus"),
            t!(lang, "cli-status-unit"),
            t!(lang, "cli-status-ratio"),
            t!(lang, "cli-status-score"),
            t!(lang, "cli-status-chance"),
            t!(lang, "cli-status-status"),
        ];
        out.push_str(&table::render(
            &headers.each_ref().map(String::as_str),
            &rows,
            &[false, false, true, true, false, true, true, true, false],
        ));
        out.push_str(&(t!(lang, "cli-status-projected-note") + "\n"));
        if rows.iter().any(|r| r[7] != "–") {
            out.push_str(&(t!(lang, "cli-status-chance-note") + "\n"));
        }
    }
    if !milestones.is_empty() {
        out.push_str(&format!("\n{}\n\n", t!(lang, "cli-status-milestones")));
        let headers = [
            t!(lang, "cli-status-milestone"),
            t!(lang, "cli-status-region"),
            t!(lang, "cli-status-due"),
            t!(lang, "cli-status-state"),
            t!(lang, "cli-status-status"),
        ];
        out.push_str(&table::render(
            &headers.each_ref().map(String::as_str),
            &milestones,
            &[false; 5],
        ));
    }
    out
}

pub(crate) async fn milestone(ctx: &Context, a: MilestoneArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    // A miss suggests the closest milestone, not any goal.
    let goal = crate::domain::comment::milestone(&cat, &a.goal)?;
    if !goal.is_milestone() {
        bail!(
            "goal {:?} is a {} goal, not a milestone: its progress comes from figures",
            a.goal,
            goal.kind.type_name()
        );
    }
    let state: MilestoneState = a.state.parse().map_err(anyhow::Error::msg)?;
    let note = crate::domain::comment::note(a.note.as_deref())
        .map_err(|p| anyhow!("--note: {}", p.message))?;
    store
        .set_milestone(&a.goal, state, note.as_deref(), &operator(a.by))
        .await?;
    for r in store.milestone_history(&a.goal).await? {
        println!(
            "{}  {:<12} {}  {}",
            r.recorded_at,
            r.state,
            table::clean(&r.recorded_by),
            table::clean(r.note.as_deref().unwrap_or(""))
        );
    }
    store.close().await;
    Ok(())
}
