//! Suspect-figure detection on crafted series: unit slips and outliers are
//! flagged, seasonal swings and ordinary noise are not, and units do not matter.

use super::*;
use proptest::prelude::*;

fn month(y: i32, m: u8) -> Period {
    Period::new(y, m, Frequency::Monthly).unwrap()
}

/// A small deterministic generator, so every run sees the same "noise".
struct Lcg(u64);
impl Lcg {
    /// Uniform in [-1, 1].
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

/// Trains a month with a seasonal profile and a February dip every year.
const SEASON: [f64; 12] = [70., 45., 78., 84., 88., 92., 95., 99., 94., 97., 101., 106.];

/// 2017-01..2021-12 where each month is its value a year earlier times
/// (1.08 ± `noise`): year-on-year changes wander by ± noise.
fn noisy_series(seed: u64, noise: f64) -> BTreeMap<Period, f64> {
    let mut rng = Lcg(seed);
    let mut out = BTreeMap::new();
    for (i, s) in SEASON.iter().enumerate() {
        out.insert(month(2017, i as u8 + 1), *s);
    }
    for y in 2018..=2021 {
        for m in 1..=12u8 {
            let before = out[&month(y - 1, m)];
            out.insert(month(y, m), before * (1.08 + noise * rng.next()));
        }
    }
    out
}

/// Every figure of the series checked against the figures before it.
fn flagged(series: &BTreeMap<Period, f64>) -> Vec<(Period, String)> {
    series
        .iter()
        .filter_map(|(p, v)| {
            let before: BTreeMap<Period, f64> = series.range(..*p).map(|(p, v)| (*p, *v)).collect();
            check(&before, *p, *v).map(|s| (*p, s.reason))
        })
        .collect()
}

#[test]
fn ten_times_the_same_month_a_year_earlier_is_a_unit_slip() {
    let series = noisy_series(7, 0.05);
    let last = month(2021, 12);
    let value = series[&last] * 10.0;
    let s = check(&series, last, value).expect("a tenfold value is flagged");
    assert!(
        s.reason.contains("about 10×") && s.reason.contains("unit slip"),
        "{}",
        s.reason
    );
}

#[test]
fn a_tenth_of_the_same_month_a_year_earlier_is_a_unit_slip() {
    let series = noisy_series(7, 0.05);
    let p = month(2021, 7);
    let s = check(&series, p, series[&p] / 10.0).expect("a tenth is flagged");
    assert!(
        s.reason.contains("1/10 of") && s.reason.contains("2020-07"),
        "{}",
        s.reason
    );
    // Without any history but the year before, a slip is still caught.
    let short: BTreeMap<Period, f64> = [(month(2020, 7), 90.0)].into();
    assert!(check(&short, p, 9.0).is_some());
    assert!(check(&short, p, 900.0).is_some());
}

#[test]
fn ordinary_twenty_percent_year_on_year_noise_is_almost_never_flagged() {
    // Two years of history make a noisy reference, so a rare false alarm on
    // uniform ±20% noise remains; it must stay well under one in a thousand figures.
    let (mut checked, mut flags) = (0, 0);
    for seed in 0..500 {
        let series = noisy_series(seed, 0.20);
        checked += series.len();
        flags += flagged(&series).len();
    }
    assert!(
        flags * 1000 < checked,
        "{flags} of {checked} figures flagged"
    );
    assert_eq!(flagged(&noisy_series(1, 0.20)), vec![]);
}

#[test]
fn a_spring_festival_dip_moving_between_january_and_february_is_not_flagged() {
    // The festival falls in January in 2020 and 2023, in February otherwise:
    // that month loses 40% of its trains, the other is normal.
    let mut rng = Lcg(3);
    let mut series = BTreeMap::new();
    for y in 2017..=2023 {
        let growth = 1.06f64.powi(y - 2017);
        let festival_in_january = matches!(y, 2020 | 2023);
        for m in 1..=12u8 {
            let mut v = 90.0 * growth * (1.0 + 0.03 * rng.next());
            if (m == 1 && festival_in_january) || (m == 2 && !festival_in_january) {
                v *= 0.6;
            }
            series.insert(month(y, m), v);
        }
    }
    assert_eq!(flagged(&series), vec![]);
}

#[test]
fn a_jump_far_outside_the_usual_changes_is_an_outlier() {
    let series = noisy_series(11, 0.03);
    let p = month(2021, 9);
    let s = check(&series, p, series[&month(2020, 9)] * 1.9).expect("+90% is flagged");
    assert!(
        s.reason.contains("modified z-score") && s.reason.contains("2021-09"),
        "{}",
        s.reason
    );
    // The same jump in a series that always swings this much is not.
    let wild = noisy_series(11, 0.9);
    let before = wild[&month(2020, 9)];
    assert!(check(&wild, p, before * 1.6).is_none());
}

#[test]
fn a_constant_series_tolerates_small_moves_but_not_large_ones() {
    let series: BTreeMap<Period, f64> = (2018..=2020)
        .flat_map(|y| (1..=12).map(move |m| (month(y, m), 100.0)))
        .collect();
    let p = month(2021, 3);
    assert!(check(&series, p, 100.0).is_none());
    assert!(check(&series, p, 104.0).is_none());
    assert!(check(&series, p, 150.0).is_some());
}

#[test]
fn too_little_history_judges_only_unit_slips() {
    let series: BTreeMap<Period, f64> = (1..=12).map(|m| (month(2020, m), 100.0)).collect();
    assert!(check(&series, month(2021, 3), 190.0).is_none());
    assert!(check(&series, month(2021, 3), 1000.0).is_some());
}

/// A young series that grew +73% in 2020 and slows month by month in 2021
/// as the base effects fade (the shape of China-Europe train counts then).
fn young_and_fast_growing() -> BTreeMap<Period, f64> {
    let years: [(i32, &[f64]); 3] = [
        (
            2019,
            &[41., 38., 48., 52., 60., 60., 63., 73., 69., 71., 74., 82.],
        ),
        (
            2020,
            &[
                76., 62., 83., 101., 112., 112., 120., 119., 113., 123., 121., 121.,
            ],
        ),
        (2021, &[128., 98., 113., 120., 137., 123.]),
    ];
    years
        .iter()
        .flat_map(|(y, values)| (1u8..).zip(values.iter()).map(|(m, v)| (month(*y, m), *v)))
        .collect()
}

#[test]
fn a_young_series_whose_fast_growth_slows_down_is_not_flagged() {
    let series = young_and_fast_growing();
    // April 2021 is +19% on April 2020 after a year of +48..+94%: far from
    // that year's changes, but in line with 2021's +64%, +36%.
    assert_eq!(flagged(&series), vec![]);
}

#[test]
fn a_slip_in_a_young_fast_growing_series_is_still_flagged() {
    let series = young_and_fast_growing();
    let p = month(2021, 4);
    let s = check(&series, p, 300.0).expect("+197% is far from every change");
    assert!(
        s.reason.contains("2021-04 changed +197%") && s.reason.contains("latest +48%"),
        "{}",
        s.reason
    );
}

#[test]
fn a_revision_replaces_the_stored_value_of_its_period() {
    let mut series = noisy_series(5, 0.05);
    let p = month(2021, 5);
    let good = series[&p];
    series.insert(p, good * 10.0);
    assert!(
        check(&series, p, good).is_none(),
        "the stored slip is ignored"
    );
}

proptest! {
    #[test]
    fn scaling_a_series_by_a_constant_gives_the_same_verdict(
        values in prop::collection::vec(20.0f64..200.0, 36),
        new in 1.0f64..2000.0,
        scale in prop_oneof![0.001f64..1000.0, -1000.0f64..-0.001],
    ) {
        let series: BTreeMap<Period, f64> = values.iter().enumerate()
            .map(|(i, v)| (month(2018 + i as i32 / 12, (i % 12) as u8 + 1), *v))
            .collect();
        let scaled: BTreeMap<Period, f64> = series.iter().map(|(p, v)| (*p, v * scale)).collect();
        let p = month(2021, 4);
        prop_assert_eq!(check(&series, p, new).is_some(), check(&scaled, p, new * scale).is_some());
    }
}

#[test]
fn the_window_reaches_back_to_the_start_of_the_year_before_the_oldest_comparison() {
    assert_eq!(window_start(month(2021, 1)), month(2018, 1));
    assert_eq!(window_start(month(2021, 12)), month(2018, 1));
    let q = |y, i| Period::new(y, i, Frequency::Quarterly).unwrap();
    assert_eq!(window_start(q(2021, 3)), q(2014, 1));
    assert_eq!(
        window_start(Period::annual(2021).unwrap()),
        Period::annual(1996).unwrap()
    );
    assert_eq!(
        window_start(Period::annual(1010).unwrap()),
        Period::annual(1000).unwrap()
    );
}

#[test]
fn gaps_leave_fewer_changes_in_the_window_rather_than_reaching_further_back() {
    // 2014..2021 of steady 8% growth with the whole of 2019 missing: 2020 has
    // no year-on-year changes, so the 24 months before 2021-12 hold only 10
    // (2021-02..2021-11), too few to judge an outlier by, however long the
    // series' older history.
    let mut series = BTreeMap::new();
    let mut v = 100.0;
    for y in 2014..=2021 {
        for m in 1..=12u8 {
            series.insert(month(y, m), v * (1.0 + f64::from(m) / 100.0));
        }
        v *= 1.08;
    }
    let p = month(2021, 12);
    assert!(check(&series, p, series[&p] * 2.5).is_some());
    for m in 1..=12u8 {
        series.remove(&month(2019, m));
    }
    assert!(check(&series, p, series[&p] * 2.5).is_none());
    // A series as long as the window judges the same jump.
    let full = noisy_series(3, 0.0);
    let p = month(2021, 12);
    assert!(check(&full, p, full[&p] * 2.5).is_some());
}

proptest! {
    #[test]
    fn figures_before_the_window_never_change_the_verdict(
        values in prop::collection::vec(20.0f64..200.0, 96),
        new in 1.0f64..2000.0,
        at in 40usize..96,
    ) {
        let series: BTreeMap<Period, f64> = values.iter().enumerate()
            .map(|(i, v)| (month(2014 + i as i32 / 12, (i % 12) as u8 + 1), *v))
            .collect();
        let p = month(2014 + at as i32 / 12, (at % 12) as u8 + 1);
        let start = window_start(p);
        let windowed: BTreeMap<Period, f64> =
            series.range(start..).map(|(p, v)| (*p, *v)).collect();
        prop_assert_eq!(check(&series, p, new), check(&windowed, p, new));
    }
}

proptest! {
    #[test]
    fn the_median_is_the_middle_of_the_sorted_values(
        xs in prop::collection::vec(-1e6f64..1e6, 1..30),
    ) {
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let want = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        let mut v = xs.clone();
        prop_assert_eq!(median(&mut v), want);
    }
}
