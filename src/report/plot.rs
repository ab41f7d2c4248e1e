//! A chart as plain data: a heading and either lines, marks and labels on
//! two axes, or a card of text. `model` decides what goes in, `charts`
//! draws it, `layouts` builds the line plots of each kind of goal.

use crate::domain::{Frequency, Lang, Status};

/// A whole chart: heading plus either a plot or a text card.
#[derive(Debug, Clone)]
pub(crate) struct Plot {
    pub(crate) title: String,
    /// Region, status in words, ratio and score.
    pub(crate) subtitle: String,
    pub(crate) status: Status,
    pub(crate) body: Body,
    /// The language of every word drawn, tick labels included.
    pub(crate) lang: Lang,
}

#[derive(Debug, Clone)]
pub(crate) enum Body {
    Lines(LinePlot),
    /// Milestones and goals without figures: a few lines of text.
    Card(Vec<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct LinePlot {
    pub(crate) x_label: String,
    pub(crate) y_label: String,
    pub(crate) x_range: (f64, f64),
    pub(crate) x_ticks: Ticks,
    /// Start the value axis at zero (cumulative totals do).
    pub(crate) y_from_zero: bool,
    pub(crate) lines: Vec<Line>,
    pub(crate) marks: Vec<Mark>,
    /// A horizontal reference line (the target, or a trend's baseline) and its label.
    pub(crate) hline: Option<(f64, String)>,
    /// Extra words in the plot's corner (a trend goal's direction).
    pub(crate) note: Option<String>,
    /// A shaded range of values at one x: where the year would end in each
    /// earlier year's pattern, labelled with the chance of meeting the target.
    pub(crate) band: Option<Band>,
}

#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub(crate) x: f64,
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ticks {
    /// 0..=n sub-periods of one year; labels Jan…Dec or Q1…Q4 (1月…12月, 一季度…四季度).
    SubPeriods(Frequency),
    /// Whole years, one value per year.
    Years,
    /// Whole years on docs/progress.md's time axis (t = Y is the end of year Y), for
    /// readings within the year: labelled "Dec 2020" so June 2021 (t = 2020.5)
    /// visibly sits between Dec 2020 and Dec 2021.
    YearEnds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Actual,
    Projection,
    Path,
    LastYear,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) legend: String,
    pub(crate) role: Role,
    pub(crate) points: Vec<(f64, f64)>,
    /// Dots on the data points (sparse series only).
    pub(crate) dots: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub(crate) at: (f64, f64),
    pub(crate) role: Role,
    pub(crate) label: String,
}
