//! Periods (`2021`, `2021-Q3`, `2021-03`) and frequencies: parsing, display, ordering, dates.

use super::invalid::Invalid;
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// How often an indicator is measured: n = 12, 4 or 1 sub-periods a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Frequency {
    /// Twelve periods a year (`2021-06`).
    Monthly,
    /// Four periods a year (`2021-Q2`).
    Quarterly,
    /// One period a year (`2021`).
    Annual,
}

impl Frequency {
    /// Number of sub-periods in a year (n in docs/progress.md).
    pub(crate) fn per_year(self) -> u8 {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Annual => 1,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
        }
    }

    /// An example period of this frequency, for error messages.
    pub(crate) fn example(self) -> &'static str {
        match self {
            Frequency::Monthly => "2021-03",
            Frequency::Quarterly => "2021-Q3",
            Frequency::Annual => "2021",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Frequency {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "monthly" => Ok(Frequency::Monthly),
            "quarterly" => Ok(Frequency::Quarterly),
            "annual" => Ok(Frequency::Annual),
            other => Err(Invalid::new(
                "bad_frequency",
                format!("unknown frequency {other:?} (expected monthly, quarterly or annual)"),
            )),
        }
    }
}

/// One period of a series: a year, a quarter or a month. Fields are private so
/// every `Period` is valid (sub-period index within 1..=n, year 1000..=9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    index: u8,
    frequency: Frequency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "malformed period {}: expected YYYY, YYYY-Qn or YYYY-MM (e.g. 2021, 2021-Q3, 2021-03)",
    super::echo::echo(value)
)]
pub struct PeriodError {
    pub(crate) value: String,
}

impl Period {
    pub(crate) const MIN_YEAR: i32 = 1000;
    pub(crate) const MAX_YEAR: i32 = 9999;

    /// The `index`-th sub-period (1-based) of `year`; `None` when out of range.
    pub(crate) fn new(year: i32, index: u8, frequency: Frequency) -> Option<Period> {
        let valid_year = (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year);
        let valid_index = (1..=frequency.per_year()).contains(&index);
        (valid_year && valid_index).then_some(Period {
            year,
            index,
            frequency,
        })
    }

    pub(crate) fn annual(year: i32) -> Option<Period> {
        Period::new(year, 1, Frequency::Annual)
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// 1-based position within the year (j in docs/progress.md).
    pub(crate) fn index(self) -> u8 {
        self.index
    }

    pub(crate) fn frequency(self) -> Frequency {
        self.frequency
    }

    fn months(self) -> u32 {
        12 / u32::from(self.frequency.per_year())
    }

    #[cfg(test)]
    pub(crate) fn start_date(self) -> NaiveDate {
        let month = (u32::from(self.index) - 1) * self.months() + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("valid period start")
    }

    /// The last day of the period.
    pub(crate) fn end_date(self) -> NaiveDate {
        let last_month = u32::from(self.index) * self.months();
        let (y, m) = if last_month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, last_month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .expect("valid date")
            .pred_opt()
            .expect("valid date")
    }

    /// Time of a reading at the end of this period: Y − 1 + j/n.
    pub(crate) fn time(self) -> f64 {
        f64::from(self.year - 1) + f64::from(self.index) / f64::from(self.frequency.per_year())
    }

    /// The same sub-period one year earlier.
    pub(crate) fn year_before(self) -> Option<Period> {
        Period::new(self.year - 1, self.index, self.frequency)
    }

    /// The following period of the same frequency; `None` past the last representable year.
    pub fn next(self) -> Option<Period> {
        if self.index < self.frequency.per_year() {
            Period::new(self.year, self.index + 1, self.frequency)
        } else {
            Period::new(self.year + 1, 1, self.frequency)
        }
    }

    pub(crate) fn prev(self) -> Option<Period> {
        if self.index > 1 {
            Period::new(self.year, self.index - 1, self.frequency)
        } else {
            Period::new(self.year - 1, self.frequency.per_year(), self.frequency)
        }
    }

    /// All sub-periods of `year` at `frequency`, in order.
    pub(crate) fn all_in_year(year: i32, frequency: Frequency) -> impl Iterator<Item = Period> {
        (1..=frequency.per_year()).filter_map(move |j| Period::new(year, j, frequency))
    }

    /// The period of `frequency` that contains `date`.
    #[cfg(test)]
    pub(crate) fn containing(date: NaiveDate, frequency: Frequency) -> Option<Period> {
        use chrono::Datelike;
        let months = 12 / u32::from(frequency.per_year());
        let index = (date.month0() / months + 1) as u8;
        Period::new(date.year(), index, frequency)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.end_month(), self.frequency).cmp(&(
            other.year,
            other.end_month(),
            other.frequency,
        ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    fn end_month(self) -> u32 {
        u32::from(self.index) * self.months()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.frequency {
            Frequency::Annual => write!(f, "{:04}", self.year),
            Frequency::Quarterly => write!(f, "{:04}-Q{}", self.year, self.index),
            Frequency::Monthly => write!(f, "{:04}-{:02}", self.year, self.index),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError {
            value: s.to_string(),
        };
        let b = s.as_bytes();
        let digits = |x: &[u8]| !x.is_empty() && x.iter().all(u8::is_ascii_digit);
        if b.len() < 4 || !digits(&b[..4]) {
            return Err(err());
        }
        let year: i32 = s[..4].parse().map_err(|_| err())?;
        let period = match &b[4..] {
            [] => Period::annual(year),
            [b'-', b'Q', q] if q.is_ascii_digit() => {
                Period::new(year, q - b'0', Frequency::Quarterly)
            }
            [b'-', m1, m2] if digits(&[*m1, *m2]) => {
                Period::new(year, (m1 - b'0') * 10 + (m2 - b'0'), Frequency::Monthly)
            }
            _ => None,
        };
        period.ok_or_else(err)
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(
            "2021".parse::<Period>().unwrap(),
            Period::annual(2021).unwrap()
        );
        let q: Period = "2021-Q3".parse().unwrap();
        assert_eq!(
            (q.year(), q.index(), q.frequency()),
            (2021, 3, Frequency::Quarterly)
        );
        let m: Period = "2021-03".parse().unwrap();
        assert_eq!(
            (m.year(), m.index(), m.frequency()),
            (2021, 3, Frequency::Monthly)
        );
    }

    #[test]
    fn rejects_malformed_periods() {
        for bad in [
            "",
            "21",
            "2021-",
            "2021-13",
            "2021-00",
            "2021-Q5",
            "2021-Q0",
            "2021-q3",
            "2021-3",
            "2021-003",
            "2021/03",
            " 2021",
            "2021 ",
            "０２０２",
            "2021-Q",
            "abcd",
            "0999",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn end_dates_and_times() {
        let feb: Period = "2024-02".parse().unwrap();
        assert_eq!(
            feb.end_date(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        let q4: Period = "2021-Q4".parse().unwrap();
        assert_eq!(
            q4.end_date(),
            NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()
        );
        let june: Period = "2021-06".parse().unwrap();
        assert_eq!(june.time(), 2020.5);
        assert_eq!(Period::annual(2021).unwrap().time(), 2021.0);
    }

    #[test]
    fn order_follows_time() {
        let a: Period = "2020-12".parse().unwrap();
        let b: Period = "2021-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(a.next(), Some(b));
        assert_eq!(b.prev(), Some(a));
    }

    fn any_period() -> impl Strategy<Value = Period> {
        (
            1000i32..=9999,
            prop_oneof![
                Just(Frequency::Monthly),
                Just(Frequency::Quarterly),
                Just(Frequency::Annual)
            ],
            1u8..=12,
        )
            .prop_filter_map("index in range", |(y, f, j)| Period::new(y, j, f))
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(p in any_period()) {
            prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
        }

        #[test]
        fn parse_then_display_round_trips(s in "[0-9]{4}(-Q[0-9]|-[0-9]{2})?") {
            if let Ok(p) = s.parse::<Period>() {
                prop_assert_eq!(p.to_string(), s);
            }
        }

        #[test]
        fn containing_its_end_date_is_itself(p in any_period()) {
            prop_assert_eq!(Period::containing(p.end_date(), p.frequency()), Some(p));
            prop_assert_eq!(Period::containing(p.start_date(), p.frequency()), Some(p));
        }

        #[test]
        fn next_is_later_and_prev_undoes_it(p in any_period()) {
            if let Some(n) = p.next() {
                prop_assert!(n > p);
                prop_assert_eq!(n.prev(), Some(p));
            }
        }
    }
}
