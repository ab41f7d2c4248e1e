//! The report's words for the domain's values (statuses, milestone states,
//! figure flags, projections, stale and overdue periods, the chance) in the
//! report's language, from the message catalogues. The domain's own
//! `label()`/`word()` texts are English and for other views; the report
//! asks here instead.

use crate::domain::overdue::{RunWords, period_runs_in};
use crate::domain::progress::{OVERDUE_RUNS_SHOWN, Projection, SeriesProgress};
use crate::domain::{Flag, Lang, MilestoneState, Period, Status};
use crate::i18n;
use crate::t;

/// A status in words (`On track`, `进展顺利`).
pub(crate) fn status(lang: Lang, s: Status) -> String {
    i18n::status(lang, s)
}

/// Every status's words, looked up once: for drawings that name a status
/// per row (the overview), so the catalogue is not asked a thousand times.
pub(crate) struct StatusWords([String; Status::ALL.len()]);

impl StatusWords {
    pub(crate) fn new(lang: Lang) -> StatusWords {
        StatusWords(Status::ALL.map(|s| status(lang, s)))
    }

    pub(crate) fn of(&self, s: Status) -> &str {
        let i = Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
        &self.0[i]
    }
}

pub(crate) fn milestone_state(lang: Lang, s: MilestoneState) -> String {
    match s {
        MilestoneState::Planned => t!(lang, "milestone-planned"),
        MilestoneState::InProgress => t!(lang, "milestone-in_progress"),
        MilestoneState::Done => t!(lang, "milestone-done"),
        MilestoneState::Dropped => t!(lang, "milestone-dropped"),
    }
}

pub(crate) fn flag(lang: Lang, f: Flag) -> String {
    match f {
        Flag::Normal => t!(lang, "flag-normal"),
        Flag::Estimated => t!(lang, "flag-estimated"),
        Flag::Provisional => t!(lang, "flag-provisional"),
        Flag::Break => t!(lang, "flag-break"),
    }
}

/// How an incomplete year was projected, for a legend (`seasonal`, `按季节规律`).
pub(crate) fn projection(lang: Lang, p: &SeriesProgress) -> String {
    match p.projection {
        Some(Projection::Seasonal) => t!(lang, "chart-how-seasonal"),
        Some(Projection::Linear) => t!(lang, "chart-how-linear"),
        None => t!(lang, "chart-how-projected"),
    }
}

/// `n/a` where a ratio or score cannot be computed.
pub(crate) fn not_available(lang: Lang) -> String {
    t!(lang, "report-not-available")
}

/// Items of a list joined as the language does (`, ` or `、`).
pub(crate) fn list(lang: Lang, items: &[String]) -> String {
    items.join(&t!(lang, "report-list-separator"))
}

/// A run of periods, `Jan 2021 to Jun 2021`.
pub(crate) fn span(lang: Lang, first: Period, last: Period) -> String {
    t!(
        lang,
        "report-span",
        first = i18n::period(lang, first),
        last = i18n::period(lang, last)
    )
}

/// For a stale goal, what every view says instead of a projection:
/// "figures missing since Jul 2021".
pub(crate) fn stale(lang: Lang, p: &SeriesProgress) -> Option<String> {
    let since = p.stale_since?;
    Some(t!(
        lang,
        "report-stale-since",
        period = i18n::period(lang, since)
    ))
}

/// The periods in words, runs joined, the rest beyond a few runs counted:
/// `Jul 2021 to Dec 2021, and 3 more`.
pub(crate) fn periods(lang: Lang, periods: &[Period]) -> String {
    let separator = t!(lang, "report-list-separator");
    period_runs_in(
        periods,
        OVERDUE_RUNS_SHOWN,
        &RunWords {
            period: &|p| i18n::period(lang, p),
            span: &|first, last| t!(lang, "report-span", first = first, last = last),
            more: &|n| t!(lang, "report-and-more", n = n),
            separator: &separator,
        },
    )
}

/// A goal's overdue periods in words, if any.
pub(crate) fn overdue(lang: Lang, p: &SeriesProgress) -> Option<String> {
    (!p.overdue.is_empty()).then(|| periods(lang, &p.overdue))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_periods_are_worded_in_each_language() {
        let ps: Vec<Period> = ["2021-07", "2021-08", "2021-09", "2021-11"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(periods(Lang::En, &ps), "Jul 2021 to Sep 2021, Nov 2021");
        assert_eq!(periods(Lang::ZhCn, &ps), "2021年7月至2021年9月、2021年11月");
        let many: Vec<Period> = (1..=12)
            .step_by(2)
            .chain([12])
            .map(|m| Period::new(2020, m, crate::domain::Frequency::Monthly).unwrap())
            .chain(std::iter::once("2021-03".parse().unwrap()))
            .collect();
        assert!(
            periods(Lang::ZhCn, &many).ends_with("另有 1 期"),
            "{}",
            periods(Lang::ZhCn, &many)
        );
    }

    #[test]
    fn every_status_has_its_words_once() {
        let words = StatusWords::new(Lang::ZhCn);
        for s in Status::ALL {
            assert_eq!(words.of(s), status(Lang::ZhCn, s));
        }
    }
}
