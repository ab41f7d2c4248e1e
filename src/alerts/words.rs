//! The human text of alerts and reminders, in `[ui] language`: each alert's
//! `summary` and `description` annotations, the alert email's subject and
//! headings, a severity for people. Labels (names and values) and JSON keys
//! stay machine values; regions, indicators and goals are named from the
//! catalogue, as people know them, their ids being in the labels.

use crate::domain::alerting::About;
use crate::domain::{Catalogue, Lang};
use crate::{i18n, t};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What names the catalogue's entries in the words: the catalogue and the language.
#[derive(Clone, Copy)]
pub(crate) struct Namer<'a> {
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) lang: Lang,
}

impl Namer<'_> {
    // The catalogue's texts in `lang`, where the catalogue gives them.
    fn region(&self, id: &str) -> String {
        self.catalogue
            .region(id)
            .map_or_else(|_| id.to_string(), |r| r.name.get(self.lang).to_string())
    }

    fn indicator(&self, id: &str) -> String {
        self.catalogue
            .indicator(id)
            .map_or_else(|_| id.to_string(), |i| i.name.get(self.lang).to_string())
    }

    /// The goal's title from the catalogue, else as assessed.
    fn title(&self, goal: &str, assessed: &str) -> String {
        self.catalogue.goal(goal).map_or_else(
            |_| assessed.to_string(),
            |g| g.title.get(self.lang).to_string(),
        )
    }

    /// A figure with its indicator's decimals.
    fn value(&self, indicator: &str, v: f64) -> String {
        let decimals = self
            .catalogue
            .indicator(indicator)
            .map_or(2, |i| i.decimals);
        i18n::number(self.lang, v, decimals)
    }
}

/// `2021-07-01 08:00 UTC`, `2021年7月1日 08:00（UTC）`.
pub(crate) fn time(lang: Lang, t: DateTime<Utc>) -> String {
    t!(
        lang,
        "time-utc",
        date = i18n::date(lang, t.date_naive()),
        time = t.format("%H:%M").to_string()
    )
}

/// The `summary` (one line) and `description` (what it means, what to do)
/// of an alert about `about`.
pub(crate) fn annotations(n: Namer<'_>, about: &About) -> BTreeMap<String, String> {
    let lang = n.lang;
    let status_words = |s| i18n::status(lang, s).to_lowercase();
    let (summary, description) = match about {
        About::GoalStatus {
            goal,
            title,
            region,
            status,
            score,
        } => {
            let (region, title) = (n.region(region), n.title(goal, title));
            let status = status_words(*status);
            let summary = match score {
                Some(s) => t!(
                    lang,
                    "alert-goal-status",
                    region = region,
                    title = title,
                    status = status.as_str(),
                    score = i18n::number(lang, *s, 1)
                ),
                None => t!(
                    lang,
                    "alert-goal-status-unscored",
                    region = region,
                    title = title,
                    status = status.as_str()
                ),
            };
            let description = t!(
                lang,
                "alert-goal-status-description",
                status = status,
                goal = goal.as_str()
            );
            (summary, description)
        }
        About::GoalAtRisk {
            goal,
            title,
            region,
            chance,
            below,
        } => {
            let met = chance.met().unwrap_or(0);
            let percent = |share: f64| i18n::number(lang, share * 100.0, 0);
            let summary = t!(
                lang,
                "alert-goal-at-risk",
                region = n.region(region),
                title = n.title(goal, title),
                met = met,
                years = chance.years,
                chance = percent(chance.chance.unwrap_or(0.0)),
                below = percent(*below)
            );
            let description = t!(
                lang,
                "alert-goal-at-risk-description",
                met = met,
                years = chance.years,
                below = percent(*below)
            );
            (summary, description)
        }
        About::FigureOverdue { figure: o, goals } => {
            let summary = t!(
                lang,
                "alert-figure-overdue",
                region = n.region(&o.region),
                indicator = n.indicator(&o.indicator),
                period = i18n::period(lang, o.period),
                due = i18n::date(lang, o.due)
            );
            let titles: Vec<String> = goals.iter().map(|g| n.title(g, g)).collect();
            let goals = titles.join(&t!(lang, "report-list-separator"));
            let description = t!(lang, "alert-figure-overdue-description", goals = goals);
            (summary, description)
        }
        About::FigureSuspect(s) => {
            let summary = t!(
                lang,
                "alert-figure-suspect",
                region = n.region(&s.region),
                indicator = n.indicator(&s.indicator),
                period = i18n::period(lang, s.period),
                value = n.value(&s.indicator, s.value),
                reason = s.reason.as_str()
            );
            (summary, t!(lang, "alert-figure-suspect-description"))
        }
        About::SourceFailed(f) => {
            let summary = t!(
                lang,
                "alert-source-failed",
                source = f.source.as_str(),
                since = time(lang, f.since),
                error = f.error.as_str()
            );
            let description = t!(
                lang,
                "alert-source-failed-description",
                source = f.source.as_str()
            );
            (summary, description)
        }
    };
    BTreeMap::from([
        ("summary".to_string(), summary),
        ("description".to_string(), description),
    ])
}

/// The alert email's subject: "[waymark] 2 alerts firing, 1 resolved".
pub(crate) fn subject(lang: Lang, firing: usize, resolved: usize) -> String {
    t!(
        lang,
        "alert-email-subject",
        firing = firing,
        resolved = resolved
    )
}

/// A `severity` label's value for people; an unknown one as it is.
pub(crate) fn severity(lang: Lang, value: &str) -> String {
    match value {
        "warning" => t!(lang, "severity-warning"),
        "critical" => t!(lang, "severity-critical"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
