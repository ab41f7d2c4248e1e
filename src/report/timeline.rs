//! The milestone timeline: every milestone goal as one compact row, a marker
//! at its due date on one shared time axis, coloured by its status and
//! labelled with its state and due date; the as-of date as a dashed line.
//! One goal's chart (the chart routes, `goals/<id>.png`) is the same
//! timeline with that goal's row alone.

use super::charts::{
    Draw, INK, MUTED, bold, draw_label, drawing, font, for_text, header, label_box, text_width,
    tick_size,
};
use super::labels::{Layout, Placer, Rect};
use super::style::{clean, rgb, score, status_colour, truncate_to};
use super::words;
use super::{Chart, GoalView};
use crate::domain::{Frequency, GoalProgress, Lang, MilestoneState, Period, Status};
use crate::{i18n, t};
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height of one milestone's row.
const ROW: i32 = 40;
/// Room for the heading (up to two lines of title and of subtitle).
const HEAD: i32 = 120;
/// Room for the as-of label above the rows and the axis below them.
const AXIS: i32 = 24 + 56;

/// The height of a timeline of `rows` milestones, at most the largest chart drawn.
pub(crate) fn timeline_height(rows: usize) -> u32 {
    let rows = rows.clamp(1, 10_000) as i32;
    (HEAD + AXIS + ROW * rows).clamp(16, 8000) as u32
}

struct Row {
    title: String,
    region: String,
    due: NaiveDate,
    state: MilestoneState,
    status: Status,
}

/// A timeline ready to draw.
pub(crate) struct Timeline {
    title: String,
    subtitle: String,
    rows: Vec<Row>,
    as_of: Option<NaiveDate>,
    lang: Lang,
}

fn row_of(v: &GoalView, lang: Lang) -> Option<Row> {
    let GoalProgress::Milestone(m) = &v.progress else {
        return None;
    };
    Some(Row {
        title: clean(v.goal.title.get(lang)),
        region: clean(&v.region_name),
        due: m.due,
        state: m.milestone_state,
        status: m.status,
    })
}

impl Timeline {
    /// Every milestone goal of `views`, in their order (none: `None`).
    pub(crate) fn all(
        views: &[GoalView],
        lang: Lang,
        as_of: Option<NaiveDate>,
    ) -> Option<Timeline> {
        let rows: Vec<Row> = views.iter().filter_map(|v| row_of(v, lang)).collect();
        if rows.is_empty() {
            return None;
        }
        let parts: Vec<String> = [
            MilestoneState::Done,
            MilestoneState::InProgress,
            MilestoneState::Planned,
            MilestoneState::Dropped,
        ]
        .into_iter()
        .filter_map(|s| {
            let n = rows.iter().filter(|r| r.state == s).count();
            (n > 0).then(|| {
                t!(
                    lang,
                    "report-count-part",
                    n = n,
                    status = words::milestone_state(lang, s)
                )
            })
        })
        .collect();
        let missed = rows
            .iter()
            .filter(|r| r.status == Status::TargetMissed)
            .count();
        let mut subtitle = t!(
            lang,
            "report-counts",
            goals = t!(lang, "milestones-count", n = rows.len()),
            parts = words::list(lang, &parts)
        );
        if missed > 0 {
            subtitle.push_str(" · ");
            subtitle.push_str(&t!(lang, "timeline-missed", n = missed));
        }
        Some(Timeline {
            title: t!(lang, "timeline-title"),
            subtitle,
            rows,
            as_of,
            lang,
        })
    }

    /// One milestone goal's chart: its title and status above its own row.
    pub(crate) fn single(view: &GoalView, lang: Lang) -> Option<Timeline> {
        let GoalProgress::Milestone(m) = &view.progress else {
            return None;
        };
        let mut row = row_of(view, lang)?;
        let subtitle = [
            row.region.clone(),
            words::status(lang, m.status),
            t!(lang, "chart-score", score = score(lang, m.score)),
        ]
        .join(" · ");
        let title = std::mem::take(&mut row.title);
        row.title = std::mem::take(&mut row.region);
        Some(Timeline {
            title,
            subtitle,
            rows: vec![row],
            as_of: None,
            lang,
        })
    }

    /// The status whose colour the heading's swatch shows.
    fn colour(&self) -> RGBColor {
        match self.rows.as_slice() {
            [one] => rgb(status_colour(one.status)),
            _ => MUTED,
        }
    }

    /// From the start of the quarter before the earliest date (a due date or
    /// the as-of date) to the end of the quarter after the latest, so no
    /// marker sits on the frame.
    fn range(&self) -> (NaiveDate, NaiveDate) {
        let dates = self.rows.iter().map(|r| r.due).chain(self.as_of);
        let lo = dates.clone().min().unwrap_or_default();
        let hi = dates.max().unwrap_or(lo);
        (quarter_start(lo, -1), quarter_start(hi, 2))
    }
}

/// Both formats of the timeline of every milestone goal in `views`
/// (`None` when there is none), `width` wide and as tall as
/// [`timeline_height`] gives for them.
pub(crate) fn milestone_timeline(
    views: &[GoalView],
    lang: Lang,
    as_of: Option<NaiveDate>,
    width: u32,
) -> anyhow::Result<Option<Chart>> {
    super::fonts::init_fonts();
    let Some(t) = Timeline::all(views, lang, as_of) else {
        return Ok(None);
    };
    let h = timeline_height(t.rows.len());
    super::charts::render(&t, width, h).map(Some)
}

/// The first day of the quarter `k` quarters after the one holding `d`.
fn quarter_start(d: NaiveDate, k: i32) -> NaiveDate {
    let q = d.year() * 4 + (d.month0() / 3) as i32 + k;
    NaiveDate::from_ymd_opt(q.div_euclid(4), (q.rem_euclid(4) * 3 + 1) as u32, 1).unwrap_or(d)
}

fn day_number(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

impl Draw for Timeline {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<Layout> {
        root.fill(&WHITE).map_err(drawing)?;
        let lang = self.lang;
        let top = header(root, &self.title, &self.subtitle, self.colour())?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let label_w = (w * 38 / 100).max(110);
        let (bx0, bx1) = (label_w + 16, w - 24);
        let by0 = top + 24;
        let n = self.rows.len() as i32;
        let row_h = (f64::from(h - AXIS - top) / f64::from(n))
            .clamp(4.0, f64::from(ROW))
            .floor() as i32;
        let by1 = by0 + row_h * n;
        let (d0, d1) = self.range();
        let span = (day_number(d1) - day_number(d0)).max(1.0);
        let x_of = |d: NaiveDate| {
            bx0 + ((day_number(d) - day_number(d0)) / span * f64::from(bx1 - bx0)).round() as i32
        };
        let mut placer = Placer::new(Rect {
            x0: bx0 - 4,
            y0: top + 2,
            x1: w - 2,
            y1: by1 + 2,
        });

        // Every other row shaded, under everything else.
        for i in (1..n).step_by(2) {
            let top_y = by0 + row_h * i;
            root.draw(&Rectangle::new(
                [(16, top_y), (w - 16, top_y + row_h)],
                RGBColor(247, 247, 247).filled(),
            ))
            .map_err(drawing)?;
        }

        // The time axis: a line at each quarter (darker at each year), each
        // quarter labelled when few, else each year.
        let tick = tick_size(w as u32);
        let tick_style = font(tick)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let mut quarters = Vec::new();
        let mut q = d0;
        while q <= d1 && quarters.len() < 400 {
            quarters.push(q);
            q = quarter_start(q, 1);
        }
        let by_quarter = quarters.len() <= 9;
        for (i, q) in quarters.iter().enumerate() {
            let x = x_of(*q);
            let grid = if q.month() == 1 {
                RGBColor(190, 190, 190).stroke_width(1)
            } else {
                RGBColor(232, 232, 232).stroke_width(1)
            };
            if quarters.len() <= 60 || q.month() == 1 {
                root.draw(&PathElement::new(vec![(x, by0), (x, by1)], grid))
                    .map_err(drawing)?;
            }
            let Some(next) = quarters.get(i + 1) else {
                continue;
            };
            let label = if by_quarter {
                Period::new(q.year(), (q.month0() / 3 + 1) as u8, Frequency::Quarterly)
                    .map(|p| i18n::period(lang, p))
            } else if q.month() == 1 || i == 0 {
                Some(t!(lang, "timeline-year", year = q.year().to_string()))
            } else {
                None
            };
            let Some(label) = label else { continue };
            // In the middle of its quarter, or of the year's part shown.
            let end = if by_quarter {
                *next
            } else {
                NaiveDate::from_ymd_opt(q.year() + 1, 1, 1)
                    .unwrap_or(*next)
                    .min(d1)
            };
            let mid = (x + x_of(end)) / 2;
            let lw = text_width(root, &label, &tick_style) as i32;
            if x_of(end) - x >= lw {
                root.draw_text(&label, &tick_style, (mid, by1 + 6))
                    .map_err(drawing)?;
            }
        }
        root.draw(&PathElement::new(
            vec![(bx0, by1), (bx1, by1)],
            MUTED.stroke_width(1),
        ))
        .map_err(drawing)?;
        let axis_label = t!(lang, "timeline-axis");
        let desc =
            for_text(font(tick).color(&MUTED), &axis_label).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw_text(&axis_label, &desc, ((bx0 + bx1) / 2, by1 + 30))
            .map_err(drawing)?;

        // The as-of date, with its label above the rows.
        if let Some(d) = self.as_of.filter(|d| (d0..=d1).contains(d)) {
            let x = x_of(d);
            let mut y = by0 - 4;
            while y < by1 {
                root.draw(&PathElement::new(
                    vec![(x, y), (x, (y + 5).min(by1))],
                    INK.stroke_width(1),
                ))
                .map_err(drawing)?;
                y += 9;
            }
            let label = t!(lang, "timeline-as-of", date = i18n::date(lang, d));
            let style = font(12.0).color(&INK);
            let (lw, lh) = label_box(root, &label, &style);
            let at = [(x + 4, by0 - 6 - lh), (x - 4 - lw, by0 - 6 - lh)];
            if let Some(r) = placer.place(&label, (lw, lh), at) {
                draw_label(root, &label, &style, r, x)?;
            }
        }

        // The rows: a marker per milestone, its label beside it.
        let labelled = row_h >= 16;
        let r = (row_h / 2 - 3).clamp(2, 7);
        for (i, row) in self.rows.iter().enumerate() {
            let mid = by0 + row_h * i as i32 + row_h / 2;
            placer.point((x_of(row.due), mid), r + 1);
        }
        let title_size = if row_h >= 34 { 13.0 } else { 12.0 };
        let statuses = words::StatusWords::new(lang);
        for (i, row) in self.rows.iter().enumerate() {
            let top_y = by0 + row_h * i as i32;
            let mid = top_y + row_h / 2;
            let colour = rgb(status_colour(row.status));
            let x = x_of(row.due);
            if labelled {
                // Left-aligned and cut short of the column: words drawn in a
                // wider font (a browser without Noto Sans SC) stay inside it.
                let room = ((label_w - 16) * 6 / 7) as u32;
                let two = row_h >= 34 && !row.region.is_empty() && row.title != row.region;
                let st =
                    for_text(font(title_size), &row.title).pos(Pos::new(HPos::Left, VPos::Center));
                let title = truncate_to(&row.title, |t| text_width(root, t, &st) <= room);
                let ty = if two { mid - 9 } else { mid };
                root.draw_text(&title, &st, (16, ty)).map_err(drawing)?;
                if two {
                    let rs = for_text(font(12.0).color(&MUTED), &row.region)
                        .pos(Pos::new(HPos::Left, VPos::Center));
                    let region = truncate_to(&row.region, |t| text_width(root, t, &rs) <= room);
                    root.draw_text(&region, &rs, (16, mid + 10))
                        .map_err(drawing)?;
                }
            }
            // A faint guide from the axis start to the marker, so the eye finds its row.
            root.draw(&PathElement::new(
                vec![(bx0, mid), (x, mid)],
                RGBColor(205, 205, 205).stroke_width(1),
            ))
            .map_err(drawing)?;
            let marker = if row.state == MilestoneState::Dropped {
                Circle::new((x, mid), r, WHITE.filled())
            } else {
                Circle::new((x, mid), r, colour.filled())
            };
            root.draw(&marker).map_err(drawing)?;
            root.draw(&Circle::new((x, mid), r, INK.stroke_width(1)))
                .map_err(drawing)?;
            if !labelled {
                continue;
            }
            let label = t!(
                lang,
                "timeline-label",
                date = i18n::date(lang, row.due),
                state = words::milestone_state(lang, row.state),
                status = statuses.of(row.status).to_string()
            );
            let style = for_text(bold(12.5), &label);
            let (lw, lh) = label_box(root, &label, &style);
            let d = r + 6;
            let at = [(x + d, mid - lh / 2), (x - d - lw, mid - lh / 2)];
            if let Some(rect) = placer.place(&label, (lw, lh), at) {
                draw_label(root, &label, &style, rect, x)?;
            }
        }
        Ok(placer.finish())
    }
}
