//! The pages' words for the core's values (flags, milestone states,
//! frequencies, runs of periods, the chance, field names) in the reader's
//! language. The core's own `word()`s and `…_words()` are English; the
//! pages take the structure from the core and every word from the
//! catalogue.

use crate::domain::overdue::runs_of;
use crate::domain::progress::{Chance, OVERDUE_RUNS_SHOWN};
use crate::domain::{Flag, Frequency, Lang, MilestoneState, Period};
use crate::{i18n, t};

/// A figure's flag in a word: the words the report and the CLI use too.
pub(crate) fn flag(lang: Lang, f: Flag) -> String {
    i18n::flag(lang, f)
}

/// A milestone's state in words (shared with the report and the CLI).
pub(crate) fn milestone_state(lang: Lang, s: MilestoneState) -> String {
    i18n::milestone_state(lang, s)
}

/// How often an indicator is reported, in a word.
pub(crate) fn frequency(lang: Lang, f: Frequency) -> String {
    match f {
        Frequency::Monthly => t!(lang, "page-frequency-monthly"),
        Frequency::Quarterly => t!(lang, "page-frequency-quarterly"),
        Frequency::Annual => t!(lang, "page-frequency-annual"),
    }
}

/// Ordered periods with consecutive runs joined, as the core counts them
/// ("Jul 2021 to Dec 2021", "2021年7月至2021年12月"): at most as many runs
/// as every view names, then how many periods are left.
pub(crate) fn periods(lang: Lang, list: &[Period]) -> String {
    let (runs, more) = runs_of(list, OVERDUE_RUNS_SHOWN);
    let mut words: Vec<String> = runs
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                i18n::period(lang, a)
            } else {
                let (from, to) = (i18n::period(lang, a), i18n::period(lang, b));
                t!(lang, "page-period-run", from = from, to = to)
            }
        })
        .collect();
    if more > 0 {
        words.push(t!(lang, "page-periods-more", n = more));
    }
    words.join(&t!(lang, "page-list-separator"))
}

/// The chance of meeting the target in words, where there is one.
pub(crate) fn chance(lang: Lang, c: Chance) -> Option<String> {
    let met = c.met()?;
    Some(t!(
        lang,
        "page-goal-chance-words",
        met = met,
        years = c.years
    ))
}

/// A field's name as the form labels it; a name the pages do not know (a
/// source's own column) as it is.
pub(crate) fn field(lang: Lang, name: &str) -> String {
    match name {
        "region" => t!(lang, "page-field-region"),
        "indicator" => t!(lang, "page-field-indicator"),
        "period" => t!(lang, "page-field-period"),
        "value" => t!(lang, "page-field-value"),
        "basis" => t!(lang, "page-field-basis"),
        "note" => t!(lang, "page-field-note"),
        "flag" => t!(lang, "page-field-flag"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn runs_of_periods_are_worded_in_each_language() {
        let list = [p("2020-03"), p("2021-07"), p("2021-08"), p("2021-09")];
        assert_eq!(periods(Lang::En, &list), "Mar 2020, Jul 2021 to Sep 2021");
        assert_eq!(
            periods(Lang::ZhCn, &list),
            "2020年3月、2021年7月至2021年9月"
        );
        // Every other month of two years: six runs named, the rest counted.
        let scattered: Vec<Period> = (1..=12)
            .step_by(2)
            .flat_map(|m| [2020, 2021].map(|y| p(&format!("{y}-{m:02}"))))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert!(periods(Lang::En, &scattered).ends_with(", and 6 more"));
        assert!(periods(Lang::ZhCn, &scattered).ends_with("、另有 6 期"));
    }

    #[test]
    fn the_chance_and_the_core_words_come_from_the_catalogue() {
        let c = Chance {
            chance: Some(0.6),
            years: 5,
            range: None,
        };
        assert_eq!(
            chance(Lang::ZhCn, c).unwrap(),
            "按以往 5 年的走势推算，其中 3 年可实现目标"
        );
        assert!(chance(Lang::En, Chance::default()).is_none());
        assert_eq!(flag(Lang::ZhCn, Flag::Estimated), "估计数");
        assert_eq!(field(Lang::ZhCn, "value"), "数值");
        assert_eq!(field(Lang::ZhCn, "OBS_STATUS"), "OBS_STATUS");
        assert_eq!(frequency(Lang::ZhCn, Frequency::Quarterly), "季度");
    }
}
