//! The report: charts (plotters, PNG and SVG from one drawing function), the
//! report page (maud), the plain-text digest, the email (lettre), and writing
//! them all atomically into a report directory (docs/formats.md, "The report folder").
//!
//! Everything here takes plain data ([`GoalView`], `ReportInput`) built by
//! the caller, so it neither reads the database nor evaluates progress itself:
//! it only presents the numbers docs/progress.md defines.

mod axis;
mod charts;
mod deadline;
mod digest;
mod email;
mod facts;
mod fonts;
mod goal;
mod labels;
mod layouts;
mod model;
mod overview;
mod page;
mod plot;
mod raster;
mod style;
mod table;
mod timeline;
mod words;
mod write;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

use crate::domain::{Comment, Flag, Goal, GoalProgress, Indicator, Lang, Period, Status};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::PathBuf;

pub(crate) use deadline::Drawer;
#[cfg(test)]
use digest::summary_text;
#[cfg(test)]
use email::summary_eml;
pub use fonts::{EMBEDDED_CJK, PAGE_FAMILIES, PAGE_FONT_RULE, init_fonts};
pub use goal::{chart_size, goal_chart, goal_chart_layout, goal_chart_png, goal_chart_svg};
pub(crate) use overview::{overview_chart, overview_height};
pub(crate) use page::index_html;
pub(crate) use style::{css_hex, status_colour, text_on};
#[cfg(test)]
use table::alt_text;
pub(crate) use table::data_csv;
pub(crate) use timeline::milestone_timeline;
pub(crate) use write::write_report;
// Also for other generated files that must land whole (the man pages).
pub(crate) use write::{OutFile, write_files};

/// Everything needed to draw and describe one goal. Plain data, built by the caller.
#[derive(Debug, Clone)]
pub struct GoalView {
    /// The goal.
    pub goal: Goal,
    /// Its region's name in the report's language.
    pub region_name: String,
    /// `None` for milestones.
    pub indicator: Option<Indicator>,
    /// Its progress.
    pub progress: GoalProgress,
    /// Period values of the goal's series, in order (as of the report date).
    pub points: Vec<(Period, f64)>,
    /// The observation status of those figures that have one, in period order.
    pub flags: Vec<(Period, Flag)>,
}

/// One chart in both formats, drawn by the same code.
#[derive(Debug, Clone)]
pub struct Chart {
    pub(crate) png: Vec<u8>,
    pub(crate) svg: String,
}

/// What the digest lists first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attention {
    /// Goals whose status changed since the previous report.
    pub(crate) changed: Vec<StatusChange>,
    /// Figures past their due date and not yet recorded.
    pub(crate) overdue: Vec<Overdue>,
    /// Active alerts, one line each, as the alerting module words them.
    pub(crate) alerts: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct StatusChange {
    pub(crate) title: String,
    /// `None`: the goal was not in the previous report.
    pub(crate) from: Option<Status>,
    pub(crate) to: Status,
}

#[derive(Debug, Clone)]
pub(crate) struct Overdue {
    /// Region and indicator as people should read them (names, not ids).
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: Period,
    pub(crate) due: NaiveDate,
}

/// The `[email]` settings the report needs; parsed (and rejected) here.
#[derive(Debug, Clone)]
pub(crate) struct EmailSettings {
    pub(crate) from: String,
    pub(crate) to: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ReportInput {
    /// The language of every word of the report: page, charts, digest, email.
    pub(crate) lang: Lang,
    pub(crate) as_of: NaiveDate,
    /// Set when the report was built from figures as recorded at that time.
    pub(crate) known_at: Option<DateTime<Utc>>,
    /// Also the email's `Date` header, so an input always renders the same bytes.
    pub(crate) generated_at: DateTime<Utc>,
    /// In the order the goals should appear (catalogue order).
    pub(crate) views: Vec<GoalView>,
    pub(crate) attention: Attention,
    /// Written verbatim to `status.json`.
    pub(crate) status_json: String,
    /// Recent comments, newest first: each goal shows those on it and on
    /// its series' figures (at most [`COMMENTS_PER_GOAL`]).
    pub(crate) comments: Vec<Comment>,
    pub(crate) email: EmailSettings,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReportSummary {
    pub(crate) dir: PathBuf,
    /// Number of files written (including the ones under `goals/`).
    pub(crate) files: usize,
}

/// How many comments (the newest) the report and the email show under a goal.
pub(crate) const COMMENTS_PER_GOAL: usize = 5;

/// Goal chart size in the report and the email: readable on a laptop, still
/// legible when a mail client scales it down to a phone's width.
pub const GOAL_CHART_SIZE: (u32, u32) = (800, 500);
