//! The axes of a goal chart. The value axis: a range that holds every drawn
//! value with head room, and the tick labels, for any finite values at all.
//! The time axis: its tick labels in the chart's language.
//!
//! plotters works in plain f64 and has no guard of its own: a range whose
//! width overflows to infinity (values near ±f64::MAX) makes its tick search
//! loop forever, and a width below f64::EPSILON gives a single tick. So the
//! values are drawn in units of 10^shift, chosen so that every number the
//! drawing computes (the range, its width, the head room, the ticks) stays
//! finite and well away from both overflow and underflow. Charts of ordinary
//! figures use shift 0 and are drawn exactly as before.

use super::plot::{LinePlot, Ticks};
use super::style::number;
use crate::domain::{Frequency, Lang, Period};
use crate::{i18n, t};
use std::sync::LazyLock;

/// Largest magnitude drawn without a shift: leaves head room for the padding
/// and for plotters' own arithmetic (differences, tick multiples).
const LARGEST_PLAIN: f64 = 1e300;
/// Values that differ by less than this (relative to their size) are drawn as
/// one flat level: their ticks could not be told apart.
const FLAT: f64 = 1e-9;
/// A range narrower than this is drawn shifted so its ticks stay distinct.
const NARROWEST_PLAIN: f64 = 1e-6;
/// From this size on, ticks are labelled in scientific notation.
const LARGEST_GROUPED: f64 = 1e13;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ValueAxis {
    /// Drawn value = real value × 10^-shift.
    pub(crate) shift: i32,
    /// The range in drawn units: lo < hi, both finite, hi − lo finite.
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    /// About the distance between ticks (drawn units): how precise labels must be.
    step: f64,
    labels: Labels,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Labels {
    /// Grouped digits; millions and billions as M and B.
    Plain,
    /// `1.5e308`.
    Scientific,
}

impl ValueAxis {
    /// The axis for every value `plot` draws (lines, markers, the reference line).
    pub(crate) fn new(plot: &LinePlot) -> ValueAxis {
        let ys = plot.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
        let ys = ys
            .chain(plot.marks.iter().map(|m| m.at.1))
            .chain(plot.hline.iter().map(|h| h.0))
            .chain(plot.band.iter().flat_map(|b| [b.lo, b.hi]));
        ValueAxis::over(ys, plot.y_from_zero)
    }

    pub(crate) fn over(ys: impl Iterator<Item = f64>, from_zero: bool) -> ValueAxis {
        let (mut lo, mut hi) = ys
            .filter(|y| y.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
                (lo.min(y), hi.max(y))
            });
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        let shift = shift_for(lo, hi);
        let (lo, hi) = (scale(lo, -shift), scale(hi, -shift));
        let big = lo.abs().max(hi.abs());
        let span = if hi - lo > big * FLAT {
            hi - lo
        } else {
            big.max(1.0)
        };
        // Head room for the labels drawn above markers and the target line.
        let lo = if from_zero && lo == 0.0 {
            0.0
        } else {
            lo - 0.08 * span
        };
        let hi = hi + 0.14 * span;
        // About the step plotters picks for 8 labels.
        let step = (hi - lo) / 8.0;
        let reach = lo.abs().max(hi.abs());
        // Plain labels have at most 6 decimals (of billions, for the largest).
        let labels =
            if shift == 0 && reach < LARGEST_GROUPED && step >= 1e-6 * unit(Lang::En, reach).0 {
                Labels::Plain
            } else {
                Labels::Scientific
            };
        ValueAxis {
            shift,
            lo,
            hi,
            step,
            labels,
        }
    }

    /// `plot` with its values in drawn units.
    pub(crate) fn drawn(&self, plot: &LinePlot) -> LinePlot {
        let mut plot = plot.clone();
        let s = |y: &mut f64| *y = scale(*y, -self.shift);
        for l in &mut plot.lines {
            l.points.iter_mut().for_each(|p| s(&mut p.1));
        }
        plot.marks.iter_mut().for_each(|m| s(&mut m.at.1));
        plot.hline.iter_mut().for_each(|h| s(&mut h.0));
        if let Some(b) = &mut plot.band {
            s(&mut b.lo);
            s(&mut b.hi);
        }
        plot
    }

    /// The label of the tick at `y` (drawn units), as `lang` writes numbers.
    pub(crate) fn label(&self, lang: Lang, y: f64) -> String {
        match self.labels {
            Labels::Plain => plain_label(lang, y, self.step),
            Labels::Scientific => scientific_label(y, self.step, self.shift),
        }
    }
}

/// The power of ten to draw in: 0 unless the values are huge or their
/// spread is tiny.
fn shift_for(lo: f64, hi: f64) -> i32 {
    let big = lo.abs().max(hi.abs());
    if big > LARGEST_PLAIN {
        return big.log10().ceil() as i32 - 300;
    }
    let spread = hi - lo; // finite: both are at most 1e300 in size
    let spread = if spread > big * FLAT { spread } else { big };
    if spread > 0.0 && spread < NARROWEST_PLAIN {
        // Subnormals included: log10 of the smallest is about −323.6.
        return spread.log10().floor() as i32;
    }
    0
}

/// `v × 10^e` without overflowing or underflowing on the way: 10^e itself
/// is out of f64's range for |e| > 308.
fn scale(mut v: f64, mut e: i32) -> f64 {
    while e != 0 {
        let step = e.clamp(-300, 300);
        v *= 10f64.powi(step);
        e -= step;
    }
    v
}

/// Decimals the value-axis labels need to tell ticks `step` apart.
fn tick_decimals(step: f64) -> u8 {
    if step <= 0.0 || !step.is_finite() {
        return 0;
    }
    (-step.log10().floor()).clamp(0.0, 6.0) as u8
}

/// The unit and suffix plain labels of values this large use: millions and
/// billions in English, 万 (10^4) and 亿 (10^8) as Chinese writes large numbers.
fn unit(lang: Lang, a: f64) -> (f64, &'static str) {
    match (lang, a) {
        (Lang::En, a) if a >= 1e10 => (1e9, "B"),
        (Lang::En, a) if a >= 1e7 => (1e6, "M"),
        (Lang::ZhCn, a) if a >= 1e9 => (1e8, "亿"),
        (Lang::ZhCn, a) if a >= 1e7 => (1e4, "万"),
        _ => (1.0, ""),
    }
}

/// Large values in the language's large units so the labels fit their
/// column, with the decimals ticks `step` apart need.
fn plain_label(lang: Lang, y: f64, step: f64) -> String {
    let (unit, suffix) = unit(lang, y.abs());
    if suffix.is_empty() {
        return number(lang, y, tick_decimals(step));
    }
    let v = y / unit;
    let d = if v.fract() == 0.0 {
        0
    } else {
        tick_decimals(step / unit).max(1)
    };
    format!("{}{suffix}", number(lang, v, d))
}

/// `y × 10^shift` as `m.mmm…e±x`, with as many mantissa digits as ticks
/// `step` apart need. The exponent is added as text, so a label can name a
/// value beyond f64's range (the head room above f64::MAX).
fn scientific_label(y: f64, step: f64, shift: i32) -> String {
    // plotters' ticks near zero can carry rounding residue (1e-17 for 0).
    if !y.is_finite() || y.abs() < step * 1e-6 {
        return "0".to_string();
    }
    let digits = (y.abs().log10().floor() - step.log10().floor()).clamp(0.0, 15.0) as usize;
    let text = format!("{y:.digits$e}");
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp = exp.parse::<i32>().unwrap_or(0).saturating_add(shift);
    format!("{mantissa}e{exp}")
}

/// Month and quarter names for tick labels in each language, 1-based
/// (index 0 unused): looked up once for the process, as every chart draws them.
fn sub_period_names(lang: Lang, f: Frequency) -> &'static [String] {
    struct Names {
        months: Vec<String>,
        quarters: Vec<String>,
    }
    static NAMES: LazyLock<[Names; 2]> = LazyLock::new(|| {
        Lang::ALL.map(|lang| Names {
            months: (0..=12)
                .map(|m| t!(lang, "chart-tick-month", m = m))
                .collect(),
            quarters: (0..=4)
                .map(|q| t!(lang, "chart-tick-quarter", q = q))
                .collect(),
        })
    });
    let names = &NAMES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
    match f {
        Frequency::Monthly => &names.months,
        Frequency::Quarterly => &names.quarters,
        Frequency::Annual => &[],
    }
}

/// The x axis's tick labels of one chart.
pub(crate) struct XTicks {
    ticks: Ticks,
    lang: Lang,
}

impl XTicks {
    pub(crate) fn new(ticks: Ticks, lang: Lang) -> XTicks {
        XTicks { ticks, lang }
    }

    /// The label of the tick at `x`: none between whole values.
    pub(crate) fn label(&self, x: f64) -> String {
        if (x - x.round()).abs() > 1e-6 {
            return String::new();
        }
        let i = x.round() as i64;
        match self.ticks {
            Ticks::Years => i.to_string(),
            Ticks::YearEnds => i32::try_from(i)
                .ok()
                .and_then(|y| Period::new(y, 12, Frequency::Monthly))
                .map_or_else(|| i.to_string(), |p| i18n::period(self.lang, p)),
            Ticks::SubPeriods(_) if i == 0 => String::new(),
            Ticks::SubPeriods(f) => usize::try_from(i)
                .ok()
                .and_then(|j| sub_period_names(self.lang, f).get(j))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests;
