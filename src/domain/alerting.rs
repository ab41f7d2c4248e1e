//! Which alerts should be firing, given goal statuses, overdue and suspect
//! figures and failed source pulls. Pure: the lifecycle (when to notify,
//! what is stored) lives in `crate::alerts`, and so do the words: each alert
//! says what it is about as data ([`About`]), and the caller's `annotate`
//! turns that into the human text (summary, description) in its language.
//!
//! Each alert has a stable fingerprint: a hash of its alert name and the
//! labels that identify it, never of its status, so a goal moving from
//! `needs_acceleration` to `deterioration` is the same alert, changed.

use super::invalid::Invalid;
use super::lang::Lang;
use super::overdue::OverdueFigure;
use super::period::Period;
use super::progress::{Chance, GoalProgress, Status};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The kinds of alert, by their `alertname` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AlertKind {
    GoalStatus,
    GoalAtRisk,
    FigureOverdue,
    FigureSuspect,
    SourceFailed,
}

impl AlertKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AlertKind::GoalStatus => "goal_status",
            AlertKind::GoalAtRisk => "goal_at_risk",
            AlertKind::FigureOverdue => "figure_overdue",
            AlertKind::FigureSuspect => "figure_suspect",
            AlertKind::SourceFailed => "source_failed",
        }
    }

    /// The labels (besides `alertname`) that say which alert this is.
    fn identity(self) -> &'static [&'static str] {
        match self {
            AlertKind::GoalStatus | AlertKind::GoalAtRisk => &["goal"],
            AlertKind::FigureOverdue | AlertKind::FigureSuspect => {
                &["region", "indicator", "period"]
            }
            AlertKind::SourceFailed => &["source"],
        }
    }
}

/// A figure that [`super::suspect::check`] found suspect.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SuspectFigure {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: Period,
    pub(crate) value: f64,
    pub(crate) reason: String,
}

/// A remote source whose pulls fail, since when and why (the latest error).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFailure {
    pub source: String,
    pub error: String,
    pub since: DateTime<Utc>,
}

/// Everything evaluation looks at.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inputs<'a> {
    pub(crate) progress: &'a [GoalProgress],
    pub(crate) overdue: &'a [OverdueFigure],
    pub(crate) suspect: &'a [SuspectFigure],
    pub(crate) failures: &'a [SourceFailure],
    /// Goal statuses that fire a `goal_status` alert (`alerts.statuses`).
    pub(crate) statuses: &'a [Status],
    /// A goal whose chance of meeting its target is below this fires a
    /// `goal_at_risk` alert (`alerts.chance_below`; none when unset).
    pub(crate) chance_below: Option<f64>,
}

/// What an alert is about, as data for its words. Ids are the catalogue's
/// (the caller names them); `title` is the goal's title as assessed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum About {
    GoalStatus {
        goal: String,
        title: String,
        region: String,
        status: Status,
        score: Option<f64>,
    },
    GoalAtRisk {
        goal: String,
        title: String,
        region: String,
        chance: Chance,
        /// The threshold it is below (`alerts.chance_below`).
        below: f64,
    },
    FigureOverdue {
        figure: OverdueFigure,
        /// The goals the figure holds up.
        goals: Vec<String>,
    },
    FigureSuspect(SuspectFigure),
    SourceFailed(SourceFailure),
}

/// The annotations (`summary`, `description`, …) of an alert about this.
pub(crate) type Annotate<'a> = &'a dyn Fn(&About) -> BTreeMap<String, String>;

/// An alert that should be firing now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Desired {
    pub(crate) fingerprint: String,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) about: About,
    pub(crate) annotations: BTreeMap<String, String>,
}

impl Desired {
    fn new(
        kind: AlertKind,
        labels: &[(&str, String)],
        about: About,
        annotate: Annotate,
    ) -> Desired {
        let mut map: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        map.insert("alertname".into(), kind.as_str().into());
        for key in ["goal", "region", "indicator", "status"] {
            map.entry(key.into()).or_default();
        }
        let fingerprint = fingerprint(kind, &map);
        Desired {
            fingerprint,
            labels: map,
            annotations: annotate(&about),
            about,
        }
    }
}

/// 16 hex digits (as Alertmanager's) of SHA-256 over the alert name and its
/// identifying labels.
pub(crate) fn fingerprint(kind: AlertKind, labels: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_str());
    for key in kind.identity() {
        h.update([0]);
        h.update(key);
        h.update([b'=']);
        h.update(labels.get(*key).map_or("", String::as_str));
    }
    hex::encode(&h.finalize()[..8])
}

/// The alerts that should be firing, sorted by fingerprint, each annotated
/// by `annotate`.
pub(crate) fn firing(inputs: &Inputs<'_>, annotate: Annotate) -> Vec<Desired> {
    let mut out = Vec::new();
    for p in inputs.progress {
        let status = p.status();
        if !inputs.statuses.contains(&status) {
            continue;
        }
        let (title, indicator) = match p {
            GoalProgress::Series(s) => (s.title.get(Lang::En), s.indicator.clone()),
            GoalProgress::Milestone(m) => (m.title.get(Lang::En), String::new()),
        };
        let severity = match status {
            Status::Deterioration | Status::TargetMissed => "critical",
            _ => "warning",
        };
        out.push(Desired::new(
            AlertKind::GoalStatus,
            &[
                ("goal", p.goal().to_string()),
                ("region", p.region().to_string()),
                ("indicator", indicator),
                ("status", status.as_str().to_string()),
                ("severity", severity.to_string()),
            ],
            About::GoalStatus {
                goal: p.goal().to_string(),
                title: title.to_string(),
                region: p.region().to_string(),
                status,
                score: p.score(),
            },
            annotate,
        ));
    }
    if let Some(below) = inputs.chance_below {
        for p in inputs.progress {
            let GoalProgress::Series(s) = p else { continue };
            if s.chance.is_none_or(|c| c >= below) {
                continue;
            }
            out.push(Desired::new(
                AlertKind::GoalAtRisk,
                &[
                    ("goal", s.goal.clone()),
                    ("region", s.region.clone()),
                    ("indicator", s.indicator.clone()),
                    ("status", "at_risk".into()),
                    ("severity", "warning".into()),
                ],
                About::GoalAtRisk {
                    goal: s.goal.clone(),
                    title: s.title.get(Lang::En).to_string(),
                    region: s.region.clone(),
                    chance: s.chance_detail(),
                    below,
                },
                annotate,
            ));
        }
    }
    // The same missing figure can hold up several goals: one alert names them all.
    let mut overdue: BTreeMap<(&str, &str, Period), (&OverdueFigure, Vec<&str>)> = BTreeMap::new();
    for o in inputs.overdue {
        overdue
            .entry((&o.region, &o.indicator, o.period))
            .or_insert((o, Vec::new()));
    }
    for p in inputs.progress {
        if let GoalProgress::Series(s) = p {
            for ((region, indicator, _), (_, goals)) in &mut overdue {
                if *region == s.region && *indicator == s.indicator {
                    goals.push(&s.goal);
                }
            }
        }
    }
    for (o, goals) in overdue.values() {
        out.push(Desired::new(
            AlertKind::FigureOverdue,
            &[
                ("goal", goals.join(",")),
                ("region", o.region.clone()),
                ("indicator", o.indicator.clone()),
                ("period", o.period.to_string()),
                ("status", "overdue".into()),
                ("severity", "warning".into()),
            ],
            About::FigureOverdue {
                figure: (*o).clone(),
                goals: goals.iter().map(|g| g.to_string()).collect(),
            },
            annotate,
        ));
    }
    for s in inputs.suspect {
        out.push(Desired::new(
            AlertKind::FigureSuspect,
            &[
                ("region", s.region.clone()),
                ("indicator", s.indicator.clone()),
                ("period", s.period.to_string()),
                ("status", "suspect".into()),
                ("severity", "warning".into()),
            ],
            About::FigureSuspect(s.clone()),
            annotate,
        ));
    }
    for f in inputs.failures {
        out.push(Desired::new(
            AlertKind::SourceFailed,
            &[
                ("source", f.source.clone()),
                ("status", "failed".into()),
                ("severity", "warning".into()),
            ],
            About::SourceFailed(f.clone()),
            annotate,
        ));
    }
    out.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    out.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    out
}

/// Parse an interval such as `7d`, `12h`, `30m` or `45s` (also combined: `1d12h`).
pub(crate) fn parse_interval(text: &str) -> Result<Duration, Invalid> {
    let bad = || {
        Invalid::new(
            "bad_interval",
            format!("invalid interval {text:?}: expected e.g. 7d, 12h, 30m or 1d12h"),
        )
    };
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total += match c {
            'd' => Duration::days(n),
            'h' => Duration::hours(n),
            'm' => Duration::minutes(n),
            's' => Duration::seconds(n),
            _ => return Err(bad()),
        };
    }
    if !digits.is_empty() || total <= Duration::zero() {
        return Err(bad());
    }
    Ok(total)
}

#[cfg(test)]
mod tests;
