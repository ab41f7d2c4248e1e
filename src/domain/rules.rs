//! What an indicator accepts: the optional `min`, `max`, `integer` and
//! `allow_future` keys of its catalogue entry. Every way a figure gets in
//! checks them, so a figure that breaks one is never stored.

use super::period::Period;
use super::review::RuleSeverity;
use chrono::NaiveDate;

/// The largest magnitude a figure may have, whatever its indicator's rules.
/// Beyond it a value is a slip (an identifier in the value column, a unit
/// mistake) rather than a statistic, and it would overflow sums and chart
/// scales downstream.
pub(crate) const MAX_MAGNITUDE: f64 = 1e15;

/// An indicator's rules. Without `min`/`max` a value is bounded only by
/// [`MAX_MAGNITUDE`]; they bound the value as given, so a
/// year-to-date total is held to them as it is written.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub(crate) struct Rules {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max: Option<f64>,
    /// Whole numbers only (trains are counted, not measured).
    pub(crate) integer: bool,
    /// Whether a period that has not ended yet is accepted (it is not by default).
    pub(crate) allow_future: bool,
    /// What breaking `min`, `max` or `integer` does: refuse the figure (the
    /// default) or hold it for review (`rule_severity = "warn"`).
    #[serde(skip_serializing_if = "is_refuse")]
    pub(crate) severity: RuleSeverity,
}

fn is_refuse(s: &RuleSeverity) -> bool {
    *s == RuleSeverity::Refuse
}

/// A rule a figure breaks: the field it is about, which rule, and what is
/// wrong, naming the value and the rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Broken {
    /// `value` or `period`.
    pub(crate) field: &'static str,
    /// `rule_min`, `rule_max`, `rule_integer` or `rule_future`.
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// The bound broken (`min` or `max`), for words of other languages.
    pub(crate) bound: Option<f64>,
}

impl Rules {
    /// Every rule that `value` for `period` breaks and that refuses the
    /// figure, for indicator `id`, when today (UTC) is `today`. A period has
    /// ended once its last day is past. Value rules of `warn` severity are
    /// [`Rules::doubts`] instead.
    pub(crate) fn check(
        &self,
        id: &str,
        period: Period,
        value: f64,
        today: NaiveDate,
    ) -> Vec<Broken> {
        let mut out = match self.severity {
            RuleSeverity::Refuse => self.value_rules(id, value),
            RuleSeverity::Warn => Vec::new(),
        };
        if !self.allow_future && period.end_date() >= today {
            out.push(Broken {
                field: "period",
                code: "rule_future",
                message: format!(
                    "{period} has not ended yet (its last day is {}); indicator {id:?} takes \
                     figures only for periods that have ended (allow_future = false)",
                    period.end_date()
                ),
                bound: None,
            });
        }
        out
    }

    /// The value rules of `warn` severity that `value` breaks: the figure is
    /// taken and held for review rather than refused.
    pub(crate) fn doubts(&self, id: &str, value: f64) -> Vec<Broken> {
        match self.severity {
            RuleSeverity::Refuse => Vec::new(),
            RuleSeverity::Warn => self.value_rules(id, value),
        }
    }

    /// The `min`, `max` and `integer` rules `value` breaks.
    fn value_rules(&self, id: &str, value: f64) -> Vec<Broken> {
        let mut out = Vec::new();
        let mut broken = |field, code, message, bound| {
            out.push(Broken {
                field,
                code,
                message,
                bound,
            })
        };
        if let Some(min) = self.min
            && value < min
        {
            broken(
                "value",
                "rule_min",
                format!(
                    "{value} is below {min}, the smallest value indicator {id:?} accepts (min = {min})"
                ),
                Some(min),
            );
        }
        if let Some(max) = self.max
            && value > max
        {
            broken(
                "value",
                "rule_max",
                format!(
                    "{value} is above {max}, the largest value indicator {id:?} accepts (max = {max})"
                ),
                Some(max),
            );
        }
        if self.integer && value.fract() != 0.0 {
            broken(
                "value",
                "rule_integer",
                format!(
                    "{value} is not a whole number; indicator {id:?} counts in whole numbers \
                     (integer = true)"
                ),
                None,
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_is_accepted_the_day_after_its_last_day_and_not_before() {
        let rules = Rules::default();
        let today = day("2021-04-01");
        assert!(rules.check("i", p("2021-03"), 1.0, today).is_empty());
        assert!(rules.check("i", p("2021-Q1"), 1.0, today).is_empty());
        for open in ["2021-04", "2021-Q2", "2021"] {
            let broken = rules.check("i", p(open), 1.0, today);
            assert_eq!(broken.len(), 1, "{open}");
            assert_eq!((broken[0].field, broken[0].code), ("period", "rule_future"));
            assert!(
                broken[0]
                    .message
                    .starts_with(&format!("{open} has not ended yet"))
                    && broken[0].message.contains("(allow_future = false)"),
                "{}",
                broken[0].message
            );
        }
        // On its last day a month is still under way.
        assert_eq!(
            rules.check("i", p("2021-03"), 1.0, day("2021-03-31")).len(),
            1
        );
        let open = Rules {
            allow_future: true,
            ..Rules::default()
        };
        assert!(open.check("i", p("2999-12"), 1.0, today).is_empty());
    }

    #[test]
    fn bounds_and_whole_numbers_name_the_value_and_the_rule() {
        let rules = Rules {
            min: Some(0.0),
            max: Some(5000.0),
            integer: true,
            allow_future: false,
            severity: RuleSeverity::Refuse,
        };
        let today = day("2022-01-01");
        let at = |v: f64| rules.check("trains", p("2021-06"), v, today);
        assert!(at(0.0).is_empty() && at(5000.0).is_empty() && at(12.0).is_empty());
        assert_eq!(
            at(-1.0)[0].message,
            "-1 is below 0, the smallest value indicator \"trains\" accepts (min = 0)"
        );
        assert_eq!(
            at(5001.0)[0].message,
            "5001 is above 5000, the largest value indicator \"trains\" accepts (max = 5000)"
        );
        assert_eq!(
            at(12.5)[0].message,
            "12.5 is not a whole number; indicator \"trains\" counts in whole numbers (integer = true)"
        );
        let both = at(-0.5);
        assert_eq!(both.len(), 2, "{both:?}");
        assert!(both.iter().all(|b| b.field == "value"));
        let codes = [at(-1.0), at(5001.0), at(12.5)].map(|b| b[0].code);
        assert_eq!(codes, ["rule_min", "rule_max", "rule_integer"]);
    }

    #[test]
    fn value_rules_of_warn_severity_are_doubts_not_refusals() {
        let rules = Rules {
            max: Some(100.0),
            integer: true,
            severity: RuleSeverity::Warn,
            ..Rules::default()
        };
        let today = day("2022-01-01");
        assert!(rules.check("t", p("2021-06"), 150.5, today).is_empty());
        let doubts = rules.doubts("t", 150.5);
        let codes: Vec<&str> = doubts.iter().map(|b| b.code).collect();
        assert_eq!(codes, ["rule_max", "rule_integer"]);
        // The period rule always refuses.
        assert_eq!(rules.check("t", p("2022-06"), 1.0, today).len(), 1);
        assert!(Rules::default().doubts("t", 1e9).is_empty());
    }
}
