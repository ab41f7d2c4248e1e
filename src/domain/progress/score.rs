//! The arithmetic of docs/progress.md "Ratio, status and score": CAGR, the ratio
//! R, the goal's path P(t), the score curves and the trend pace P with its
//! limit coefficient C. Plain functions of numbers, so charts and tests can
//! use them without a goal or a series.

use super::{Status, Thresholds};

/// What replaces a baseline or target of exactly 0, so that growth rates
/// stay finite (the Open SDG convention).
pub(crate) const ZERO_REPLACEMENT: f64 = 0.001;

/// b or τ as used in growth rates: 0 becomes [`ZERO_REPLACEMENT`].
pub(crate) fn nonzero(x: f64) -> f64 {
    if x == 0.0 { ZERO_REPLACEMENT } else { x }
}

/// CAGR(x1, x0, t1, t0) = (x1/x0)^(1/(t1−t0)) − 1. NaN when x1/x0 < 0 and
/// the exponent is fractional; callers check signs first.
pub(crate) fn cagr(x1: f64, x0: f64, t1: f64, t0: f64) -> f64 {
    (x1 / x0).powf(1.0 / (t1 - t0)) - 1.0
}

/// `-1` when the baseline is negative, else `+1`: growth towards zero of a
/// negative quantity is a rise.
pub(crate) fn sign_of_baseline(b: f64) -> f64 {
    if nonzero(b) < 0.0 { -1.0 } else { 1.0 }
}

/// Whether two values lie on opposite sides of zero (growth between them
/// has no meaning). Zero counts on neither side.
pub(crate) fn opposite_signs(a: f64, b: f64) -> bool {
    (a < 0.0 && b > 0.0) || (a > 0.0 && b < 0.0)
}

/// R = sign × d × CAGR(v, b, t, B) / |CAGR(τ, b, T, B)|, with b and τ of 0
/// replaced. `None` when it is undefined: τ = b (required growth 0),
/// t ≤ B, or signs that make a growth rate meaningless.
pub(crate) fn ratio(
    b: f64,
    tau: f64,
    baseline_year: i32,
    target_year: i32,
    d: f64,
    v: f64,
    t: f64,
) -> Option<f64> {
    let (b0, tau0) = (nonzero(b), nonzero(tau));
    let base = f64::from(baseline_year);
    if tau == b || t <= base || opposite_signs(b0, v) || opposite_signs(b0, tau0) {
        return None;
    }
    let required = cagr(tau0, b0, f64::from(target_year), base).abs();
    let observed = cagr(v, b0, t, base);
    let r = sign_of_baseline(b) * d * observed / required;
    r.is_finite().then_some(r)
}

/// The goal's path P(t) = b × (1 + CAGR(τ, b, T, B))^(t − B): where the value
/// would stand at time t growing steadily from b to τ. `None` when b and τ
/// have opposite signs.
pub(crate) fn path_value(
    b: f64,
    tau: f64,
    baseline_year: i32,
    target_year: i32,
    t: f64,
) -> Option<f64> {
    let (b0, tau0) = (nonzero(b), nonzero(tau));
    let (base, target) = (f64::from(baseline_year), f64::from(target_year));
    let p = b0 * (1.0 + cagr(tau0, b0, target, base)).powf(t - base);
    p.is_finite().then_some(p)
}

/// Status from the ratio's band (thresholds high / medium / low, each a
/// lower edge that belongs to the better band).
pub(crate) fn band(r: f64, th: &Thresholds) -> Status {
    if r >= th.high {
        Status::OnTrack
    } else if r >= th.medium {
        Status::NeedsAcceleration
    } else if r >= th.low {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    }
}

/// Score of a goal not (yet) achieved: min(7.1429·R − 4.2857, 5) for
/// R ≥ 0.6, else max(4.1667·R − 2.5, −5). The constants are Open SDG's
/// rounded ones (so R = 1 scores 2.8572, as Open SDG publishes); the 0.6 knee
/// belongs to the curve and does not move with configured thresholds.
pub(crate) fn score(r: f64) -> f64 {
    if r >= 0.6 {
        (7.1429 * r - 4.2857).min(5.0)
    } else {
        (4.1667 * r - 2.5).max(-5.0)
    }
}

/// Trend pace P = sign × d × CAGR(v, b, t, B) (b of 0 replaced). `None`
/// when t ≤ B or b and v have opposite signs.
pub(crate) fn trend_pace(b: f64, baseline_year: i32, d: f64, v: f64, t: f64) -> Option<f64> {
    let b0 = nonzero(b);
    let base = f64::from(baseline_year);
    if t <= base || opposite_signs(b0, v) {
        return None;
    }
    let p = sign_of_baseline(b) * d * cagr(v, b0, t, base);
    p.is_finite().then_some(p)
}

/// The limit coefficient C: 1 without a limit or far from it, shrinking to 0
/// as the baseline approaches the limit (less room to move is asked less).
pub(crate) fn limit_coefficient(b: f64, limit: Option<f64>) -> f64 {
    let Some(l) = limit else { return 1.0 };
    let (b, l) = (b.abs(), l.abs());
    if b >= 2.0 * l {
        1.0
    } else if b <= l {
        1.0 - (b / l).powf(4.44)
    } else {
        1.0 - ((2.0 * l - b) / l).powf(4.44)
    }
}

/// Trend status: P ≥ 0.015·C on track, ≥ 0.005·C needs acceleration, ≥ 0
/// limited progress, else deterioration.
pub(crate) fn trend_status(p: f64, c: f64) -> Status {
    if p >= 0.015 * c {
        Status::OnTrack
    } else if p >= 0.005 * c {
        Status::NeedsAcceleration
    } else if p >= 0.0 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    }
}

/// Trend score. Negative pace is checked first so that C = 0 (baseline at
/// the limit) still scores a decline.
pub(crate) fn trend_score(p: f64, c: f64) -> f64 {
    if p < 0.0 {
        (125.0 * p - 2.5).max(-5.0)
    } else if c == 0.0 {
        5.0
    } else if p >= 0.015 * c {
        (500.0 * p / c - 5.0).min(5.0)
    } else if p >= 0.005 * c {
        250.0 * p / c - 1.25
    } else {
        500.0 * p / c - 2.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_replaced_in_growth_rates_only() {
        assert_eq!(nonzero(0.0), 0.001);
        assert_eq!(nonzero(-2.0), -2.0);
        assert_eq!(sign_of_baseline(0.0), 1.0);
        assert_eq!(sign_of_baseline(-0.5), -1.0);
    }

    #[test]
    fn score_curves_meet_at_the_knee_and_are_capped() {
        assert!(score(0.6).abs() < 1e-3);
        assert_eq!(score(3.0), 5.0);
        assert_eq!(score(-3.0), -5.0);
        assert!((score(1.0) - 2.8572).abs() < 1e-12);
    }

    #[test]
    fn trend_score_is_continuous_at_its_thresholds() {
        let c = 0.8;
        for edge in [0.005 * c, 0.015 * c] {
            let (below, above) = (trend_score(edge - 1e-12, c), trend_score(edge, c));
            assert!((below - above).abs() < 1e-6, "{below} {above}");
        }
        assert_eq!(trend_score(0.0, c), -2.5);
        assert_eq!(trend_score(-1.0, c), -5.0);
        assert_eq!(trend_score(0.1, 0.0), 5.0);
        assert_eq!(trend_status(0.0, 0.0), Status::OnTrack);
    }

    #[test]
    fn limit_coefficient_follows_the_three_ranges() {
        assert_eq!(limit_coefficient(5.0, None), 1.0);
        assert_eq!(limit_coefficient(20.0, Some(10.0)), 1.0);
        assert_eq!(limit_coefficient(10.0, Some(10.0)), 0.0);
        assert!((limit_coefficient(5.0, Some(10.0)) - (1.0 - 0.5f64.powf(4.44))).abs() < 1e-12);
        assert!((limit_coefficient(-15.0, Some(10.0)) - (1.0 - 0.5f64.powf(4.44))).abs() < 1e-12);
    }

    #[test]
    fn ratio_is_undefined_without_required_growth_or_elapsed_time() {
        assert_eq!(ratio(100.0, 100.0, 2020, 2023, 1.0, 120.0, 2022.0), None);
        assert_eq!(ratio(100.0, 200.0, 2020, 2023, 1.0, 120.0, 2020.0), None);
        assert_eq!(ratio(100.0, 200.0, 2020, 2023, 1.0, -1.0, 2022.0), None);
        assert_eq!(ratio(-100.0, 200.0, 2020, 2023, 1.0, -50.0, 2022.0), None);
    }

    #[test]
    fn path_runs_from_baseline_to_target() {
        let p = |t| path_value(100.0, 200.0, 2020, 2023, t).unwrap();
        assert!((p(2020.0) - 100.0).abs() < 1e-9);
        assert!((p(2023.0) - 200.0).abs() < 1e-9);
        assert_eq!(path_value(-1.0, 1.0, 2020, 2023, 2021.0), None);
    }
}
