//! A series of period values built from stored figures: year-to-date
//! conversion, annual values A(Y), YTD_k(Y), leading counts k(Y) and gaps.
//! (docs/progress.md, "Series")
//!
//! Everything downstream (the progress rules, charts) works on period values,
//! so the conversion from year-to-date totals happens once, here.

use super::catalogue::Measure;
use super::figure::Basis;
use super::period::{Frequency, Period};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One series (region × indicator) as period values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    frequency: Frequency,
    measure: Measure,
    /// Period values (year-to-date figures already converted).
    values: BTreeMap<Period, f64>,
}

impl Series {
    /// Build from current figures as stored. Figures whose period does not
    /// match `frequency` are ignored. A `ytd` figure becomes the difference
    /// from the previous sub-period's year-to-date total (its own value for
    /// the first sub-period); a `ytd` figure whose previous sub-period is
    /// missing cannot be converted and is left out (a gap).
    ///
    /// Year-to-date totals only make sense for flows; for a level the reading
    /// is kept as given whatever its basis. When a period appears twice the
    /// last figure wins.
    pub(crate) fn from_figures(
        frequency: Frequency,
        measure: Measure,
        figures: impl IntoIterator<Item = (Period, f64, Basis)>,
    ) -> Series {
        let given: BTreeMap<Period, (f64, Basis)> = figures
            .into_iter()
            .filter(|(p, _, _)| p.frequency() == frequency)
            .map(|(p, v, basis)| (p, (v, basis)))
            .collect();
        let values = match measure {
            Measure::Flow => period_values(&given),
            Measure::Level => given.into_iter().map(|(p, (v, _))| (p, v)).collect(),
        };
        Series {
            frequency,
            measure,
            values,
        }
    }

    /// Only the periods that ended on or before `as_of`.
    pub(crate) fn as_of(&self, as_of: NaiveDate) -> Series {
        self.filtered(|p| p.end_date() <= as_of)
    }

    /// Only the periods of years up to and including `year` (data after a
    /// goal's target year does not count for it).
    pub(crate) fn up_to_year(&self, year: i32) -> Series {
        self.filtered(|p| p.year() <= year)
    }

    fn filtered(&self, keep: impl Fn(Period) -> bool) -> Series {
        Series {
            frequency: self.frequency,
            measure: self.measure,
            values: self
                .values
                .iter()
                .filter(|(p, _)| keep(**p))
                .map(|(p, v)| (*p, *v))
                .collect(),
        }
    }

    pub(crate) fn frequency(&self) -> Frequency {
        self.frequency
    }

    pub(crate) fn measure(&self) -> Measure {
        self.measure
    }

    /// Period values in order.
    pub(crate) fn values(&self) -> &BTreeMap<Period, f64> {
        &self.values
    }

    /// n: sub-periods a year.
    pub(crate) fn per_year(&self) -> u8 {
        self.frequency.per_year()
    }

    /// The value of one period, if recorded (and usable).
    pub(crate) fn get(&self, period: Period) -> Option<f64> {
        self.values.get(&period).copied()
    }

    /// The value of sub-period `j` (1-based) of `year`.
    pub(crate) fn value(&self, year: i32, j: u8) -> Option<f64> {
        Period::new(year, j, self.frequency).and_then(|p| self.get(p))
    }

    /// The latest recorded period and its value.
    pub(crate) fn latest(&self) -> Option<(Period, f64)> {
        self.values.iter().next_back().map(|(p, v)| (*p, *v))
    }

    /// The latest recorded period of `year` and its value.
    pub(crate) fn latest_in_year(&self, year: i32) -> Option<(Period, f64)> {
        Period::all_in_year(year, self.frequency)
            .filter_map(|p| self.get(p).map(|v| (p, v)))
            .last()
    }

    /// Years with at least one recorded period, latest first.
    pub(crate) fn years_desc(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.values.keys().map(|p| p.year()).collect();
        years.dedup();
        years.reverse();
        years
    }

    /// k(Y): how many leading sub-periods of `year` are recorded without a gap.
    pub(crate) fn leading_count(&self, year: i32) -> u8 {
        (1..=self.per_year())
            .take_while(|&j| self.value(year, j).is_some())
            .count() as u8
    }

    /// Sum of the recorded values among the first `k` sub-periods of `year`.
    /// Equals YTD_k(Y) whenever `k <= leading_count(year)`; use
    /// [`Series::ytd_checked`] when the first `k` may not all be there.
    pub(crate) fn ytd(&self, year: i32, k: u8) -> f64 {
        (1..=k).filter_map(|j| self.value(year, j)).sum()
    }

    /// YTD_k(Y), or `None` unless all of the first `k` sub-periods are recorded.
    pub(crate) fn ytd_checked(&self, year: i32, k: u8) -> Option<f64> {
        (1..=k).map(|j| self.value(year, j)).sum()
    }

    /// A(Y): for a flow the sum of all n sub-periods (only when all are
    /// recorded); for a level the reading of the year's last sub-period.
    pub(crate) fn annual(&self, year: i32) -> Option<f64> {
        match self.measure {
            Measure::Flow => self.ytd_checked(year, self.per_year()),
            Measure::Level => self.value(year, self.per_year()),
        }
    }

    /// Whether `year` is complete: every sub-period of a flow, or the last
    /// sub-period's reading of a level.
    pub(crate) fn is_complete(&self, year: i32) -> bool {
        self.annual(year).is_some()
    }

    /// Running year-to-date totals over the leading run of `year` (1..k),
    /// e.g. for drawing a cumulative chart line.
    #[cfg(test)]
    pub(crate) fn cumulative(&self, year: i32) -> Vec<(Period, f64)> {
        let k = self.leading_count(year);
        Period::all_in_year(year, self.frequency)
            .take(usize::from(k))
            .scan(0.0, |total, p| {
                *total += self.get(p).unwrap_or(0.0);
                Some((p, *total))
            })
            .collect()
    }

    /// Periods from `from` to `to` (both included) that have no usable value.
    pub(crate) fn gaps(&self, from: Period, to: Period) -> Vec<Period> {
        std::iter::successors(Some(from), |p| p.next())
            .take_while(|p| *p <= to)
            .filter(|p| !self.values.contains_key(p))
            .collect()
    }
}

/// Convert a flow's figures to period values. A year-to-date total minus the
/// previous sub-period's year-to-date total gives the period value; that
/// previous total is known when the previous sub-period was given as a ytd
/// total, or as a period value whose own predecessors' total is known.
fn period_values(given: &BTreeMap<Period, (f64, Basis)>) -> BTreeMap<Period, f64> {
    period_values_of(given.iter().map(|(p, (v, b))| (*p, *v, *b))).collect()
}

/// The period values of a flow's figures, given in period order with no
/// period twice: each `ytd` figure becomes the difference from the previous
/// sub-period's year-to-date total (its own value for the first sub-period);
/// one whose previous sub-period is missing is left out.
pub(crate) fn period_values_of(
    given: impl IntoIterator<Item = (Period, f64, Basis)>,
) -> impl Iterator<Item = (Period, f64)> {
    // Year-to-date total through `prev`, when it can be known.
    let mut total: Option<f64> = None;
    let mut prev: Option<Period> = None;
    given.into_iter().filter_map(move |(p, v, basis)| {
        let before = if p.index() == 1 {
            Some(0.0)
        } else if prev.is_some() && prev == p.prev() {
            total
        } else {
            None
        };
        let value = match basis {
            Basis::Period => {
                total = before.map(|t| t + v);
                Some(v)
            }
            Basis::Ytd => {
                total = Some(v);
                before.map(|t| v - t)
            }
        };
        prev = Some(p);
        value.map(|value| (p, value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn flow(figures: &[(&str, f64, Basis)]) -> Series {
        Series::from_figures(
            Frequency::Monthly,
            Measure::Flow,
            figures.iter().map(|(p, v, b)| (month(p), *v, *b)),
        )
    }

    fn monthly(year: i32, values: &[f64]) -> Vec<(Period, f64, Basis)> {
        values
            .iter()
            .zip(1u8..)
            .map(|(v, j)| {
                (
                    Period::new(year, j, Frequency::Monthly).unwrap(),
                    *v,
                    Basis::Period,
                )
            })
            .collect()
    }

    #[test]
    fn ytd_totals_become_period_values() {
        let s = flow(&[
            ("2021-01", 70.0, Basis::Ytd),
            ("2021-02", 115.0, Basis::Ytd),
            ("2021-03", 78.0, Basis::Period),
            ("2021-04", 277.0, Basis::Ytd),
        ]);
        let got: Vec<f64> = s.values().values().copied().collect();
        assert_eq!(got, vec![70.0, 45.0, 78.0, 84.0]);
    }

    #[test]
    fn a_ytd_figure_after_a_missing_period_is_not_usable() {
        let s = flow(&[
            ("2021-01", 70.0, Basis::Ytd),
            ("2021-03", 193.0, Basis::Ytd),
            ("2021-04", 277.0, Basis::Ytd),
        ]);
        assert_eq!(s.get(month("2021-03")), None);
        // April's predecessor was given as a ytd total, so April is usable.
        assert_eq!(s.get(month("2021-04")), Some(84.0));
        assert_eq!(s.leading_count(2021), 1);
        assert_eq!(
            s.gaps(month("2021-01"), month("2021-04")),
            vec![month("2021-02"), month("2021-03")]
        );
    }

    #[test]
    fn a_ytd_figure_after_a_period_value_with_a_gap_before_it_is_not_usable() {
        let s = flow(&[
            ("2021-02", 45.0, Basis::Period),
            ("2021-03", 193.0, Basis::Ytd),
        ]);
        assert_eq!(s.get(month("2021-02")), Some(45.0));
        assert_eq!(s.get(month("2021-03")), None);
    }

    #[test]
    fn a_year_is_not_carried_into_the_next() {
        let mut figures = monthly(2020, &[10.0; 12]);
        figures.push((month("2021-01"), 5.0, Basis::Ytd));
        let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
        assert_eq!(s.get(month("2021-01")), Some(5.0));
    }

    #[test]
    fn annual_value_of_a_flow_needs_every_sub_period() {
        let s = Series::from_figures(Frequency::Monthly, Measure::Flow, monthly(2020, &[1.0; 12]));
        assert_eq!(s.annual(2020), Some(12.0));
        let partial = s.as_of(NaiveDate::from_ymd_opt(2020, 11, 30).unwrap());
        assert_eq!(partial.annual(2020), None);
        assert_eq!(partial.leading_count(2020), 11);
        assert_eq!(partial.ytd(2020, 3), 3.0);
    }

    #[test]
    fn annual_value_of_a_level_is_the_last_reading() {
        let s = Series::from_figures(
            Frequency::Quarterly,
            Measure::Level,
            [
                ("2020-Q2".parse().unwrap(), 7.0, Basis::Period),
                ("2020-Q4".parse().unwrap(), 9.0, Basis::Period),
            ],
        );
        assert_eq!(s.annual(2020), Some(9.0));
        assert!(s.is_complete(2020));
        assert_eq!(s.latest_in_year(2020).unwrap().1, 9.0);
    }

    #[test]
    fn a_gap_stops_the_leading_count() {
        let mut figures = monthly(2021, &[1.0, 2.0]);
        figures.push((month("2021-04"), 4.0, Basis::Period));
        let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
        assert_eq!(s.leading_count(2021), 2);
        assert_eq!(s.ytd(2021, 2), 3.0);
        assert_eq!(s.ytd_checked(2021, 4), None);
        assert_eq!(
            s.cumulative(2021),
            vec![(month("2021-01"), 1.0), (month("2021-02"), 3.0)]
        );
    }

    #[test]
    fn as_of_keeps_only_periods_ended_by_then() {
        let s = Series::from_figures(
            Frequency::Monthly,
            Measure::Flow,
            monthly(2021, &[1.0, 2.0, 3.0]),
        );
        let cut = s.as_of(NaiveDate::from_ymd_opt(2021, 2, 27).unwrap());
        assert_eq!(cut.latest(), Some((month("2021-01"), 1.0)));
        let cut = s.as_of(NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
        assert_eq!(cut.latest(), Some((month("2021-02"), 2.0)));
    }

    #[test]
    fn figures_of_another_frequency_are_ignored() {
        let s = Series::from_figures(
            Frequency::Monthly,
            Measure::Flow,
            [(Period::annual(2021).unwrap(), 1.0, Basis::Period)],
        );
        assert!(s.values().is_empty());
        assert_eq!(s.years_desc(), Vec::<i32>::new());
    }
}
