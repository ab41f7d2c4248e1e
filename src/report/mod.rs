//! The report: charts (plotters, PNG and SVG from one drawing function), the
//! report page (maud), the plain-text digest, the email (lettre), and writing
//! them all atomically into a report directory (docs/formats.md, "The report folder").
//!
//! Everything here takes plain data ([`GoalView`], [`ReportInput`]) built by
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

use crate::domain::{Flag, Goal, GoalProgress, Indicator, Lang, Period, Status};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::PathBuf;

pub use deadline::{DrawError, Drawer};
pub use digest::summary_text;
pub use email::summary_eml;
pub use fonts::{EMBEDDED_CJK, PAGE_FAMILIES, PAGE_FONT_RULE, init_fonts};
pub use goal::{chart_size, goal_chart, goal_chart_layout, goal_chart_png, goal_chart_svg};
pub use labels::{Layout, PlacedLabel, Rect};
pub use overview::{overview_chart, overview_height};
pub use page::index_html;
pub use style::status_colour;
pub use table::{alt_text, data_csv};
pub use timeline::{milestone_timeline, timeline_height};
pub use write::write_report;
// Also for other generated files that must land whole (the man pages).
pub(crate) use write::{OutFile, write_files};

/// Everything needed to draw and describe one goal. Plain data, built by the caller.
#[derive(Debug, Clone)]
pub struct GoalView {
    pub goal: Goal,
    pub region_name: String,
    /// `None` for milestones.
    pub indicator: Option<Indicator>,
    pub progress: GoalProgress,
    /// Period values of the goal's series, in order (as of the report date).
    pub points: Vec<(Period, f64)>,
    /// The observation status of those figures that have one, in period order.
    pub flags: Vec<(Period, Flag)>,
}

/// One chart in both formats, drawn by the same code.
#[derive(Debug, Clone)]
pub struct Chart {
    pub png: Vec<u8>,
    pub svg: String,
}

/// What the digest lists first.
#[derive(Debug, Clone, Default)]
pub struct Attention {
    /// Goals whose status changed since the previous report.
    pub changed: Vec<StatusChange>,
    /// Figures past their due date and not yet recorded.
    pub overdue: Vec<Overdue>,
    /// Active alerts, one line each, as the alerting module words them.
    pub alerts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StatusChange {
    pub goal: String,
    pub title: String,
    /// `None`: the goal was not in the previous report.
    pub from: Option<Status>,
    pub to: Status,
}

#[derive(Debug, Clone)]
pub struct Overdue {
    /// Region and indicator as people should read them (names, not ids).
    pub region: String,
    pub indicator: String,
    pub period: Period,
    pub due: NaiveDate,
}

/// The `[email]` settings the report needs; parsed (and rejected) here.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    pub from: String,
    pub to: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ReportInput {
    /// The language of every word of the report: page, charts, digest, email.
    pub lang: Lang,
    pub as_of: NaiveDate,
    /// Set when the report was built from figures as recorded at that time.
    pub known_at: Option<DateTime<Utc>>,
    /// Also the email's `Date` header, so an input always renders the same bytes.
    pub generated_at: DateTime<Utc>,
    /// In the order the goals should appear (catalogue order).
    pub views: Vec<GoalView>,
    pub attention: Attention,
    /// Written verbatim to `status.json`.
    pub status_json: String,
    pub email: EmailSettings,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    pub dir: PathBuf,
    /// Number of files written (including the ones under `goals/`).
    pub files: usize,
}

/// Goal chart size in the report and the email: readable on a laptop, still
/// legible when a mail client scales it down to a phone's width.
pub const GOAL_CHART_SIZE: (u32, u32) = (800, 500);
