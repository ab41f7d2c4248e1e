//! The digest: what needs attention, then each goal's figures, as lines of
//! words. The text summary renders them as plain text; the page and the email
//! render the same lines as HTML, so all three always agree.

use super::facts::facts;
use super::style::{clean, is_off_track, score};
use super::words;
use super::{GoalView, ReportInput};
use crate::domain::{GoalProgress, Lang, Status, Subject};
use crate::{i18n, t};
use chrono::{DateTime, Utc};
use std::fmt::Write;

/// The attention lists, each line already in words.
#[derive(Debug, Clone, Default)]
pub(crate) struct AttentionLines {
    pub(crate) changed: Vec<String>,
    pub(crate) off_track: Vec<String>,
    /// Goals whose target year is over with its figures incomplete.
    pub(crate) stale: Vec<String>,
    pub(crate) overdue: Vec<String>,
    pub(crate) alerts: Vec<String>,
}

impl AttentionLines {
    pub(crate) fn is_empty(&self) -> bool {
        self.changed.is_empty()
            && self.off_track.is_empty()
            && self.stale.is_empty()
            && self.overdue.is_empty()
            && self.alerts.is_empty()
    }

    /// (heading, lines) for the non-empty lists, in the order people act on them.
    pub(crate) fn sections(&self, lang: Lang) -> Vec<(String, &[String])> {
        [
            (t!(lang, "report-changed"), &self.changed[..]),
            (t!(lang, "report-off-track"), &self.off_track[..]),
            (t!(lang, "report-stale"), &self.stale[..]),
            (t!(lang, "report-overdue"), &self.overdue[..]),
            (t!(lang, "report-alerts"), &self.alerts[..]),
        ]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .collect()
    }
}

pub(crate) fn attention(input: &ReportInput) -> AttentionLines {
    let lang = input.lang;
    let status = |s: Status| words::status(lang, s);
    let a = &input.attention;
    let changed = a
        .changed
        .iter()
        .map(|c| {
            let title = clean(&c.title);
            match c.from {
                Some(from) => t!(
                    lang,
                    "report-changed-line",
                    title = title,
                    from = status(from),
                    to = status(c.to)
                ),
                None => t!(lang, "report-new-line", title = title, to = status(c.to)),
            }
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
            t!(
                lang,
                "report-off-track-line",
                title = clean(v.goal.title.get(lang)),
                status = status(v.progress.status()),
                score = score(lang, v.progress.score())
            )
        })
        .collect();
    let stale = input
        .views
        .iter()
        .filter_map(|v| match &v.progress {
            GoalProgress::Series(p) => words::stale(lang, p).map(|why| {
                t!(
                    lang,
                    "report-stale-line",
                    title = clean(v.goal.title.get(lang)),
                    why = why,
                    status = status(p.status)
                )
            }),
            GoalProgress::Milestone(_) => None,
        })
        .collect();
    let overdue = a
        .overdue
        .iter()
        .map(|o| {
            t!(
                lang,
                "report-overdue-line",
                region = clean(&o.region),
                indicator = clean(&o.indicator),
                period = i18n::period(lang, o.period),
                due = i18n::date(lang, o.due)
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
    let lang = input.lang;
    let goals = t!(lang, "goals-count", n = input.views.len());
    let parts: Vec<String> = counts(input)
        .iter()
        .map(|(s, n)| {
            // Lower case inside the sentence ("1 on track"); no-op for hanzi.
            let status = words::status(lang, *s).to_lowercase();
            t!(lang, "report-count-part", n = *n, status = status)
        })
        .collect();
    if parts.is_empty() {
        goals
    } else {
        t!(
            lang,
            "report-counts",
            goals = goals,
            parts = words::list(lang, &parts)
        )
    }
}

/// `2021-08-01 08:00 UTC`, `2021年8月1日 08:00（UTC）`.
pub(crate) fn timestamp(lang: Lang, t: DateTime<Utc>) -> String {
    t!(
        lang,
        "time-utc",
        date = i18n::date(lang, t.date_naive()),
        time = t.format("%H:%M").to_string()
    )
}

/// The report's heading: "waymark report as of 2021-06-30".
pub(crate) fn title(input: &ReportInput) -> String {
    let lang = input.lang;
    t!(lang, "report-title", date = i18n::date(lang, input.as_of))
}

/// Region and indicator in one line: "Liaoning · China-Europe freight
/// trains (trains)" (catalogue texts, in `lang` where the catalogue has it).
pub(crate) fn context_line(lang: Lang, view: &GoalView) -> String {
    let mut s = clean(&view.region_name);
    if let Some(i) = &view.indicator {
        let _ = write!(
            s,
            " · {} ({})",
            clean(i.name.get(lang)),
            clean(i.unit.get(lang))
        );
    }
    s
}

/// The plain-text digest (also the email's text part), in the report's language.
pub(crate) fn summary_text(input: &ReportInput) -> String {
    let lang = input.lang;
    let mut t = String::new();
    let _ = writeln!(t, "{}", title(input));
    if let Some(k) = input.known_at {
        let time = timestamp(lang, k);
        let _ = writeln!(t, "{}", t!(lang, "report-recorded-at", time = time));
    }
    let time = timestamp(lang, input.generated_at);
    let _ = writeln!(t, "{}", t!(lang, "report-generated", time = time));
    let _ = writeln!(t, "\n{}", counts_line(input));

    let _ = writeln!(t, "\n{}", t!(lang, "report-attention").to_uppercase());
    let att = attention(input);
    if att.is_empty() {
        let _ = writeln!(t, "\n{}", t!(lang, "report-nothing-needs-attention"));
    }
    for (heading, lines) in att.sections(lang) {
        let _ = writeln!(t, "\n{heading}");
        for l in lines {
            let _ = writeln!(t, "  - {l}");
        }
    }

    let _ = writeln!(t, "\n{}", t!(lang, "report-goals").to_uppercase());
    for v in &input.views {
        let _ = writeln!(t, "\n{}  [{}]", clean(v.goal.title.get(lang)), v.goal.id);
        let _ = writeln!(t, "  {}", context_line(lang, v));
        for f in facts(lang, v) {
            let line = t!(lang, "report-fact", label = f.label, value = f.value);
            let _ = writeln!(t, "  {line}");
        }
        let file = format!("goals/{}.png", v.goal.id);
        let _ = writeln!(t, "  {}", t!(lang, "report-chart-file", file = file));
        let comments = comment_lines(input, v);
        if !comments.is_empty() {
            let _ = writeln!(t, "  {}", t!(lang, "report-comments"));
            for c in comments {
                let _ = writeln!(t, "    - {c}");
            }
        }
    }
    t
}

/// The newest comments under goal `view` (on it, and on its series'
/// figures), one line each: "ana, 2021-06-25 08:00 UTC, on Jun 2021: …".
pub(crate) fn comment_lines(input: &ReportInput, view: &GoalView) -> Vec<String> {
    let lang = input.lang;
    input
        .comments
        .iter()
        .filter(|c| c.subject.concerns(&view.goal))
        .take(super::COMMENTS_PER_GOAL)
        .map(|c| {
            let (author, time, text) = (
                clean(&c.author),
                timestamp(lang, c.recorded_at),
                clean(&c.text),
            );
            match &c.subject {
                Subject::Goal(_) => t!(
                    lang,
                    "report-comment-line",
                    author = author,
                    time = time,
                    text = text
                ),
                Subject::Figure { period, .. } => t!(
                    lang,
                    "report-comment-figure-line",
                    author = author,
                    time = time,
                    period = i18n::period(lang, *period),
                    text = text
                ),
            }
        })
        .collect()
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
