//! One goal's chart: the line plot of a series goal (`model.rs`), or the
//! milestone timeline with the goal's row alone (`timeline.rs`), in PNG and
//! SVG from one drawing.

use super::charts::{Draw, check_size, layout_of, render, render_png, render_svg};
use super::fonts::init_fonts;
use super::labels::Layout;
use super::model;
use super::plot::Plot;
use super::timeline::{Timeline, timeline_height};
use super::{Chart, GOAL_CHART_SIZE, GoalView};
use crate::domain::{GoalProgress, Lang};
use anyhow::Context;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What a goal's chart draws.
enum GoalDrawing {
    Plot(Box<Plot>),
    Timeline(Timeline),
}

fn drawing_of(view: &GoalView, lang: Lang) -> GoalDrawing {
    match Timeline::single(view, lang) {
        Some(t) => GoalDrawing::Timeline(t),
        None => GoalDrawing::Plot(Box::new(model::plot(view, lang))),
    }
}

impl Draw for GoalDrawing {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<Layout> {
        match self {
            GoalDrawing::Plot(p) => p.draw(root),
            GoalDrawing::Timeline(t) => t.draw(root),
        }
    }
}

/// The size a goal's chart is drawn at: [`GOAL_CHART_SIZE`], or for a
/// milestone the compact height of its one-row timeline.
pub fn chart_size(view: &GoalView) -> (u32, u32) {
    match view.progress {
        GoalProgress::Milestone(_) => (GOAL_CHART_SIZE.0, timeline_height(1)),
        GoalProgress::Series(_) => GOAL_CHART_SIZE,
    }
}

/// Draw one goal's chart (see `model.rs` for what each kind of goal
/// shows), every word in `lang`.
pub fn goal_chart(view: &GoalView, lang: Lang, width: u32, height: u32) -> anyhow::Result<Chart> {
    init_fonts();
    render(&drawing_of(view, lang), width, height)
        .with_context(|| format!("drawing the chart of goal {}", view.goal.id))
}

/// Only the SVG of a goal's chart (for routes and benchmarks that need one format).
pub fn goal_chart_svg(
    view: &GoalView,
    lang: Lang,
    width: u32,
    height: u32,
) -> anyhow::Result<String> {
    init_fonts();
    check_size(width, height)?;
    render_svg(&drawing_of(view, lang), width, height)
}

/// Only the PNG of a goal's chart.
pub fn goal_chart_png(
    view: &GoalView,
    lang: Lang,
    width: u32,
    height: u32,
) -> anyhow::Result<Vec<u8>> {
    init_fonts();
    check_size(width, height)?;
    render_png(&drawing_of(view, lang), width, height)
}

/// Where the labels and data points of a goal's chart go at this size.
pub fn goal_chart_layout(
    view: &GoalView,
    lang: Lang,
    width: u32,
    height: u32,
) -> anyhow::Result<Layout> {
    init_fonts();
    layout_of(&drawing_of(view, lang), width, height)
}
