//! The digest: what needs attention, then each goal's figures, as lines of
//! words. The text summary renders them as plain text; the page and the email
//! render the same lines as HTML, so all three always agree.

use super::style::{self, clean, is_off_track, percent_change, ratio, score, sub_period_word};
use super::{GoalView, ReportInput};
use crate::domain::Lang;
use crate::domain::progress::Projection;
use crate::domain::{GoalKind, GoalProgress, Measure, Period, Status};
use chrono::{DateTime, Utc};
use std::fmt::Write;

/// One labelled figure of a goal ("Year on year", "+12.8%").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub label: String,
    pub value: String,
}

/// The attention lists, each line already in words.
#[derive(Debug, Clone, Default)]
pub(crate) struct AttentionLines {
    pub changed: Vec<String>,
    pub off_track: Vec<String>,
    /// Goals whose target year is over with its figures incomplete.
    pub stale: Vec<String>,
    pub overdue: Vec<String>,
    pub alerts: Vec<String>,
}

impl AttentionLines {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty()
            && self.off_track.is_empty()
            && self.stale.is_empty()
            && self.overdue.is_empty()
            && self.alerts.is_empty()
    }

    /// (heading, lines) for the non-empty lists, in the order people act on them.
    pub fn sections(&self) -> Vec<(&'static str, &[String])> {
        [
            (
                "Status changed since the previous report",
                &self.changed[..],
            ),
            ("Off track", &self.off_track[..]),
            ("Target year over, figures missing", &self.stale[..]),
            ("Figures overdue", &self.overdue[..]),
            ("Active alerts", &self.alerts[..]),
        ]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .collect()
    }
}

pub(crate) fn attention(input: &ReportInput) -> AttentionLines {
    let a = &input.attention;
    let changed = a
        .changed
        .iter()
        .map(|c| match c.from {
            Some(from) => format!("{}: {} → {}", clean(&c.title), from.label(), c.to.label()),
            None => format!("{}: new, {}", clean(&c.title), c.to.label()),
        })
        .collect();
    // Worst first: the lowest score is the most urgent.
    let mut off: Vec<&GoalView> = input
        .views
        .iter()
        .filter(|v| is_off_track(v.progress.status()))
        .collect();
    off.sort_by(|a, b| {
        let key = |v: &GoalView| v.progress.score().unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b))
    });
    let off_track = off
        .iter()
        .map(|v| {
            let st = v.progress.status();
            format!(
                "{}: {} (score {})",
                clean(v.goal.title.get(Lang::En)),
                st.label(),
                score(v.progress.score())
            )
        })
        .collect();
    let stale = input
        .views
        .iter()
        .filter_map(|v| match &v.progress {
            GoalProgress::Series(p) => p.stale_words().map(|words| {
                format!(
                    "{}: {words} ({})",
                    clean(v.goal.title.get(Lang::En)),
                    p.status.label()
                )
            }),
            GoalProgress::Milestone(_) => None,
        })
        .collect();
    let overdue = a
        .overdue
        .iter()
        .map(|o| {
            format!(
                "{}, {} {} (due {})",
                clean(&o.region),
                clean(&o.indicator),
                o.period,
                o.due
            )
        })
        .collect();
    let alerts = a.alerts.iter().map(|s| clean(s)).collect();
    AttentionLines {
        changed,
        off_track,
        stale,
        overdue,
        alerts,
    }
}

/// Goals per status, in the display order, statuses with no goal left out.
pub(crate) fn counts(input: &ReportInput) -> Vec<(Status, usize)> {
    Status::ALL
        .into_iter()
        .map(|s| {
            (
                s,
                input
                    .views
                    .iter()
                    .filter(|v| v.progress.status() == s)
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// "5 goals: 1 on track, 2 limited progress, 1 pending".
pub(crate) fn counts_line(input: &ReportInput) -> String {
    let n = input.views.len();
    let parts: Vec<String> = counts(input)
        .iter()
        .map(|(s, c)| format!("{c} {}", s.label().to_lowercase()))
        .collect();
    let goals = if n == 1 {
        "1 goal".to_string()
    } else {
        format!("{n} goals")
    };
    if parts.is_empty() {
        goals
    } else {
        format!("{goals}: {}", parts.join(", "))
    }
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The figures of one goal, in the order the issue asks for: status, to
/// date, year on year, projected against target, required per period.
pub(crate) fn facts(view: &GoalView) -> Vec<Fact> {
    let fact = |label: &str, value: String| Fact {
        label: label.to_string(),
        value,
    };
    let status = view.progress.status();
    let p = match &view.progress {
        GoalProgress::Milestone(m) => {
            return vec![
                fact(
                    "Status",
                    format!("{} (score {})", status.label(), score(m.score)),
                ),
                fact("Due", m.due.to_string()),
                fact("State", m.milestone_state.as_str().replace('_', " ")),
            ];
        }
        GoalProgress::Series(p) => p,
    };
    let ind = view.indicator.as_ref();
    let val = |v: f64| style::value(v, ind);
    // A stale goal says why it is not judged right after its status.
    let why = p
        .stale_words()
        .map_or(String::new(), |words| format!(", {words}"));
    let mut out = vec![fact(
        "Status",
        format!(
            "{}{why} (ratio {}, score {})",
            status.label(),
            ratio(p.progress_ratio),
            score(p.score)
        ),
    )];
    let flow = ind.is_some_and(|i| i.measure == Measure::Flow);
    if let (Some(v), Some(cp)) = (p.to_date, p.current_period) {
        let span = match cp.index() {
            1 => cp.to_string(),
            // Flow to date is the sum from the year's first sub-period.
            _ if flow => match Period::new(cp.year(), 1, cp.frequency()) {
                Some(first) => format!("{first} to {cp}"),
                None => cp.to_string(),
            },
            _ => cp.to_string(),
        };
        out.push(fact("To date", format!("{} ({span})", val(v))));
    }
    if let Some(y) = p.yoy_to_date {
        out.push(fact(
            "Year on year",
            format!("{} on a year earlier", percent_change(y)),
        ));
    }
    if let Some(v) = p.current_value {
        let year = p
            .current_period
            .map_or(String::new(), |c| format!(" for {}", c.year()));
        let (label, how) = match (p.projected, p.projection) {
            (true, Some(Projection::Seasonal)) => ("Projected vs target", " (seasonal projection)"),
            (true, Some(Projection::Linear)) => ("Projected vs target", " (linear projection)"),
            (true, None) => ("Projected vs target", " (projected)"),
            (false, _) => ("Current vs target", ""),
        };
        let (label, against) = match (
            p.target_value,
            p.target_year,
            p.baseline_value,
            p.baseline_year,
        ) {
            (Some(t), Some(ty), _, _) => (label, format!(" vs target {} in {ty}", val(t))),
            (None, _, Some(b), Some(by)) => (
                "Current vs baseline",
                format!(" vs baseline {} in {by}", val(b)),
            ),
            _ => (label, String::new()),
        };
        out.push(fact(label, format!("{}{year}{how}{against}", val(v))));
    }
    if let GoalKind::Trend { .. } = view.goal.kind {
        out.push(fact(
            "Goal",
            format!("{} (no target value)", view.goal.direction.as_str()),
        ));
    }
    if let Some(e) = p.expected_to_date {
        out.push(fact("Path expects by now", val(e)));
    }
    if let (Some(r), Some(i), Some(cp)) = (p.required_per_period, ind, p.current_period) {
        let word = sub_period_word(i.frequency);
        let left = u32::from(i.frequency.per_year()).saturating_sub(u32::from(cp.index()));
        let limit = if view.goal.direction.sign() < 0.0 {
            "at most"
        } else {
            "at least"
        };
        out.push(fact(
            &format!("Required per remaining {word}"),
            format!("{limit} {} a {word} ({left} {word}s left)", val(r)),
        ));
    }
    let chance = p.chance_detail();
    if let (Some(words), Some([lo, hi])) = (chance.words(), chance.range) {
        let words = format!("{}{}", words[..1].to_uppercase(), &words[1..]);
        out.push(fact(
            "Chance",
            format!("{words} (full year {} to {})", val(lo), val(hi)),
        ));
    }
    if !p.missing.is_empty() {
        let list: Vec<String> = p.missing.iter().map(ToString::to_string).collect();
        out.push(fact("Missing figures", list.join(", ")));
    }
    if let Some(list) = p.overdue_words() {
        out.push(fact("Overdue figures", list));
    }
    if p.stale_since.is_some() {
        let why = "the target year is over, its figures incomplete";
        out.push(fact("Final", why.to_string()));
    } else if p.is_final {
        out.push(fact("Final", "the target year is complete".to_string()));
    }
    out
}

/// Region and indicator in one line: "Liaoning · China-Europe freight trains (trains)".
pub(crate) fn context_line(view: &GoalView) -> String {
    let mut s = clean(&view.region_name);
    if let Some(i) = &view.indicator {
        let _ = write!(
            s,
            " · {} ({})",
            clean(i.name.get(Lang::En)),
            clean(i.unit.get(Lang::En))
        );
    }
    s
}

/// The plain-text digest (also the email's text part).
pub fn summary_text(input: &ReportInput) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "waymark report as of {}", input.as_of);
    if let Some(k) = input.known_at {
        let _ = writeln!(t, "Figures as recorded at {}.", timestamp(k));
    }
    let _ = writeln!(t, "Generated {}.", timestamp(input.generated_at));
    let _ = writeln!(t, "\n{}", counts_line(input));

    let _ = writeln!(t, "\nNEEDS ATTENTION");
    let att = attention(input);
    if att.is_empty() {
        let _ = writeln!(t, "\nNothing needs attention.");
    }
    for (heading, lines) in att.sections() {
        let _ = writeln!(t, "\n{heading}");
        for l in lines {
            let _ = writeln!(t, "  - {l}");
        }
    }

    let _ = writeln!(t, "\nGOALS");
    for v in &input.views {
        let _ = writeln!(
            t,
            "\n{}  [{}]",
            clean(v.goal.title.get(Lang::En)),
            v.goal.id
        );
        let _ = writeln!(t, "  {}", context_line(v));
        for f in facts(v) {
            let _ = writeln!(t, "  {}: {}", f.label, f.value);
        }
        let _ = writeln!(t, "  Chart: goals/{}.png", v.goal.id);
    }
    t
}

/// Used in the subject line: goals on track or achieved, and goals off track.
pub(crate) fn headline_counts(input: &ReportInput) -> (usize, usize) {
    let s = |v: &&GoalView| v.progress.status();
    let good = input
        .views
        .iter()
        .filter(|v| matches!(s(v), Status::OnTrack | Status::TargetAchieved))
        .count();
    let bad = input.views.iter().filter(|v| is_off_track(s(v))).count();
    (good, bad)
}
