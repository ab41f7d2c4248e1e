//! The overview chart: every goal's score (−5..5) as a horizontal bar coloured
//! by status, best first, with the status written beside each bar.

use super::Chart;
use super::GoalView;
use super::charts::{
    Draw, INK, MUTED, bold, drawing, font, for_text, header, render, text_width, tick_size,
};
use super::fonts::init_fonts;
use super::labels::Layout;
use super::style::{clean, rgb, score, status_colour, truncate_to};
use super::words::{self, StatusWords, not_available};
use crate::domain::{Lang, Status};
use crate::t;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A bar chart of all goals' scores. Goals without a score are listed last,
/// marked "n/a". Pick a height of about `overview_height(views.len())`.
/// Every word is in `lang`.
pub(crate) fn overview_chart(
    views: &[GoalView],
    lang: Lang,
    width: u32,
    height: u32,
) -> anyhow::Result<Chart> {
    init_fonts();
    let mut rows: Vec<Row> = views
        .iter()
        .map(|v| Row {
            title: clean(v.goal.title.get(lang)),
            region: clean(&v.region_name),
            score: v.progress.score(),
            status: v.progress.status(),
        })
        .collect();
    // Best score first; no score last; ties keep catalogue order (stable sort).
    rows.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    render(&Overview { rows, lang }, width, height)
}

/// A height that gives each goal a readable row, up to the largest chart
/// drawn (8000 px, about 195 labelled goals; beyond that rows get thinner
/// and titles are left out).
pub(crate) fn overview_height(goals: usize) -> u32 {
    (200 + 40 * goals.min(100_000) as u32).clamp(300, 8000)
}

/// Rows thinner than this are drawn as bars only: titles would overlap.
const MIN_LABELLED_ROW: f64 = 12.0;

struct Row {
    title: String,
    /// The region's name, so goals of one indicator in two regions can be told apart.
    region: String,
    score: Option<f64>,
    status: Status,
}

struct Overview {
    rows: Vec<Row>,
    lang: Lang,
}

impl Draw for Overview {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<Layout> {
        root.fill(&WHITE).map_err(drawing)?;
        let n = self.rows.len();
        let lang = self.lang;
        // Every status that some goal has, in the display order.
        let statuses = StatusWords::new(lang);
        let parts: Vec<String> = Status::ALL
            .into_iter()
            .filter_map(|s| {
                let k = self.rows.iter().filter(|r| r.status == s).count();
                (k > 0).then(|| {
                    t!(
                        lang,
                        "report-count-part",
                        n = k,
                        status = statuses.of(s).to_lowercase()
                    )
                })
            })
            .collect();
        let goals = t!(lang, "goals-count", n = n);
        let mut sub = if parts.is_empty() {
            goals
        } else {
            t!(
                lang,
                "report-counts",
                goals = goals,
                parts = words::list(lang, &parts)
            )
        };
        let (_, full_h) = root.dim_in_pixel();
        if f64::from(full_h) - 250.0 < MIN_LABELLED_ROW * n as f64 {
            sub.push_str(" · ");
            sub.push_str(&t!(lang, "overview-too-many"));
        }
        let top = header(root, &t!(lang, "overview-title"), &sub, MUTED)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        // Columns: title | bar area | status words.
        let label_w = (w * 34 / 100).max(120);
        let words_w = 190.min(w / 4);
        let (bx0, bx1) = (label_w + 16, w - words_w - 8);
        let (by0, by1) = (top + 16, h - 62);
        let x_of = |s: f64| {
            bx0 + ((s.clamp(-5.0, 5.0) + 5.0) / 10.0 * f64::from(bx1 - bx0)).round() as i32
        };
        let tick = tick_size(w as u32);
        let tick_style = font(tick)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for s in -5..=5 {
            let x = x_of(f64::from(s));
            let grid = if s == 0 {
                INK.stroke_width(2)
            } else {
                RGBColor(225, 225, 225).stroke_width(1)
            };
            root.draw(&PathElement::new(vec![(x, by0 - 6), (x, by1)], grid))
                .map_err(drawing)?;
            root.draw_text(&s.to_string(), &tick_style, (x, by1 + 6))
                .map_err(drawing)?;
        }
        let axis = t!(lang, "overview-x-axis");
        let axis_style =
            for_text(font(tick).color(&MUTED), &axis).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw_text(&axis, &axis_style, ((bx0 + bx1) / 2, by1 + 30))
            .map_err(drawing)?;
        if n == 0 {
            let st = font(13.0).color(&MUTED);
            root.draw_text(&t!(lang, "overview-empty"), &st, (bx0, by0 + 10))
                .map_err(drawing)?;
            return Ok(Layout::default());
        }
        let row_h = (f64::from(by1 - by0) / n as f64).min(44.0);
        let labelled = row_h >= MIN_LABELLED_ROW;
        let bar_h = (row_h * 0.62).max(4.0);
        let label_style = font(13.0).pos(Pos::new(HPos::Left, VPos::Center));
        let region_style = font(12.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let words_style = font(12.5).pos(Pos::new(HPos::Left, VPos::Center));
        let na_style = bold(12.5)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let na = not_available(lang);
        for (i, r) in self.rows.iter().enumerate() {
            let mid = by0 + (row_h * (i as f64 + 0.5)).round() as i32;
            if labelled {
                // Left-aligned and cut short of the column: words drawn in a
                // wider font (a browser without Noto Sans SC) stay inside it.
                let room = ((label_w - 16) * 6 / 7) as u32;
                // Title over region when the row has room for two lines, else "title · region".
                let two = row_h >= 30.0 && !r.region.is_empty();
                let text = if two || r.region.is_empty() {
                    r.title.clone()
                } else {
                    format!("{} · {}", r.region, r.title)
                };
                let style = for_text(label_style.clone(), &text);
                let title = truncate_to(&text, |t| text_width(root, t, &style) <= room);
                let ty = if two { mid - 9 } else { mid };
                root.draw_text(&title, &style, (16, ty)).map_err(drawing)?;
                if two {
                    let rs = for_text(region_style.clone(), &r.region);
                    let region = truncate_to(&r.region, |t| text_width(root, t, &rs) <= room);
                    root.draw_text(&region, &rs, (16, mid + 10))
                        .map_err(drawing)?;
                }
            }
            let half = (bar_h / 2.0).round() as i32;
            let colour = rgb(status_colour(r.status));
            match r.score {
                Some(s) => {
                    let (a, b) = (x_of(0.0), x_of(s));
                    let (a, b) = if a <= b { (a, b.max(a + 2)) } else { (b, a) };
                    let rect = [(a, mid - half), (b, mid + half)];
                    root.draw(&Rectangle::new(rect, colour.filled()))
                        .map_err(drawing)?;
                    root.draw(&Rectangle::new(rect, INK.stroke_width(1)))
                        .map_err(drawing)?;
                }
                None if labelled => {
                    root.draw_text(&na, &na_style, (x_of(0.0) + 8, mid))
                        .map_err(drawing)?;
                }
                None => {}
            }
            if !labelled {
                continue;
            }
            let shown = r.score.map_or_else(|| na.clone(), |_| score(lang, r.score));
            let words = format!("{shown} {}", statuses.of(r.status));
            root.draw(&Rectangle::new(
                [(bx1 + 14, mid - 5), (bx1 + 24, mid + 5)],
                colour.filled(),
            ))
            .map_err(drawing)?;
            root.draw_text(&words, &words_style, (bx1 + 30, mid))
                .map_err(drawing)?;
        }
        Ok(Layout::default())
    }
}
