//! Ratio, score and status of a goal at its current point (docs/progress.md
//! "Ratio, status and score"), for goals with a target and for trends.

use super::current::CurrentPoint;
use super::score::{
    self, band, limit_coefficient, nonzero, path_value, ratio, trend_pace, trend_score,
    trend_status,
};
use super::{Status, Thresholds};
use crate::domain::catalogue::{Goal, Measure};

/// Ratio, score and status of one goal.
pub(super) struct Judgement {
    pub(crate) ratio: Option<f64>,
    pub(crate) score: Option<f64>,
    pub(crate) status: Status,
}

impl Judgement {
    pub(crate) fn not_available() -> Judgement {
        Judgement {
            ratio: None,
            score: None,
            status: Status::NotAvailable,
        }
    }
}

/// A goal with a target: from b in year B to τ in year T.
pub(super) struct Line {
    pub(crate) b: f64,
    pub(crate) tau: f64,
    pub(crate) base: i32,
    pub(crate) target: i32,
}

impl Line {
    /// P(t), the goal's path.
    pub(crate) fn at(&self, t: f64) -> Option<f64> {
        path_value(self.b, self.tau, self.base, self.target, t)
    }

    /// Whether actual figures at the current point meet τ. A projection
    /// never does; the actual year-to-date total of an incomplete target
    /// year may (an increase cannot be undone by the rest of the year).
    fn achieved(&self, d: f64, cp: &CurrentPoint, measure: Measure) -> bool {
        let meets = |x: f64| {
            if d > 0.0 {
                x >= self.tau
            } else {
                x <= self.tau
            }
        };
        match (measure, cp.is_projected()) {
            (Measure::Level, _) | (Measure::Flow, false) => meets(cp.value),
            (Measure::Flow, true) => d > 0.0 && cp.year == self.target && cp.to_date >= self.tau,
        }
    }

    /// Status, first match wins: not available (t ≤ B, or b and v on
    /// opposite sides of zero), achieved, missed (target year complete),
    /// then the ratio's band. τ = b has no ratio: −5 unless achieved.
    pub(crate) fn judge(
        &self,
        goal: &Goal,
        cp: &CurrentPoint,
        is_final: bool,
        measure: Measure,
        th: &Thresholds,
    ) -> Judgement {
        if cp.time <= f64::from(self.base) || score::opposite_signs(nonzero(self.b), cp.value) {
            return Judgement::not_available();
        }
        let d = goal.direction.sign();
        let r = ratio(
            self.b,
            self.tau,
            self.base,
            self.target,
            d,
            cp.value,
            cp.time,
        );
        let flat = self.tau == self.b;
        let (score, status) = if self.achieved(d, cp, measure) {
            (Some(5.0), Status::TargetAchieved)
        } else if flat {
            let status = if is_final {
                Status::TargetMissed
            } else {
                Status::Deterioration
            };
            (Some(-5.0), status)
        } else if is_final {
            (r.map(score::score), Status::TargetMissed)
        } else {
            match r {
                Some(r) => (Some(score::score(r)), band(r, th)),
                None => return Judgement::not_available(),
            }
        };
        Judgement {
            ratio: r,
            score,
            status,
        }
    }
}

/// Trend goals: pace P against thresholds scaled by the limit coefficient C.
pub(super) fn judge_trend(
    goal: &Goal,
    b: f64,
    base: i32,
    limit: Option<f64>,
    cp: &CurrentPoint,
) -> Judgement {
    let d = goal.direction.sign();
    let Some(p) = trend_pace(b, base, d, cp.value, cp.time) else {
        return Judgement::not_available();
    };
    let c = limit_coefficient(b, limit);
    Judgement {
        ratio: Some(p),
        score: Some(trend_score(p, c)),
        status: trend_status(p, c),
    }
}
