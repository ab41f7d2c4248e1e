//! Goal charts: one drawing function, generic over plotters' `DrawingBackend`,
//! run once into a bitmap (encoded as PNG) and once into SVG, so both files
//! always show the same thing.

use super::Chart;
use super::axis::{ValueAxis, XTicks};
use super::fonts::{FAMILY, family_for};
use super::labels::{GAP, Layout, Placer, Rect, around_point};
use super::plot::{Body, LinePlot, Plot, Role, Ticks};
use super::raster::GlyphBitmap;
use super::style::{clean, rgb, status_colour, text_on, truncate_to, wrap};
use super::words;
use crate::domain::Lang;
use anyhow::{Context, anyhow};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Something drawable on any backend; it says where its labels went.
pub(crate) trait Draw {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<Layout>;
}

/// Where `d`'s labels and data points go at this size (drawn into an SVG
/// that is thrown away: the same measurements as the real drawing).
pub(crate) fn layout_of(d: &impl Draw, width: u32, height: u32) -> anyhow::Result<Layout> {
    check_size(width, height)?;
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
    d.draw(&root)
}

/// The em of tick labels and axis names at `width`: 13 px at 800 px wide,
/// never below 12 px.
pub(crate) fn tick_size(width: u32) -> f64 {
    (13.0 * f64::from(width) / 800.0).clamp(12.0, 18.0)
}

pub(crate) fn check_size(width: u32, height: u32) -> anyhow::Result<()> {
    anyhow::ensure!(
        (16..=8000).contains(&width) && (16..=8000).contains(&height),
        "chart size {width}×{height} is out of range"
    );
    Ok(())
}

/// Draw `d` into a PNG and an SVG of the given size.
pub(crate) fn render(d: &impl Draw, width: u32, height: u32) -> anyhow::Result<Chart> {
    check_size(width, height)?;
    Ok(Chart {
        png: render_png(d, width, height)?,
        svg: render_svg(d, width, height)?,
    })
}

pub(crate) fn render_svg(d: &impl Draw, width: u32, height: u32) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = d.draw(&root)?;
        root.present().map_err(drawing)?;
    }
    Ok(xml_safe(svg))
}

pub(crate) fn render_png(d: &impl Draw, width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut rgb_buf = vec![0u8; width as usize * height as usize * 3];
    {
        let bitmap = BitMapBackend::with_buffer(&mut rgb_buf, (width, height));
        let root = GlyphBitmap(bitmap).into_drawing_area();
        let _ = d.draw(&root)?;
        root.present().map_err(drawing)?;
    }
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &rgb_buf,
        width,
        height,
        image::ColorType::Rgb8,
    )
    .context("encoding the PNG")?;
    Ok(png)
}

/// Drop characters XML 1.0 forbids. Text is cleaned before drawing already;
/// this is the backstop for anything that reaches the SVG another way.
fn xml_safe(svg: String) -> String {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    };
    if svg.contains(bad) {
        svg.replace(bad, "")
    } else {
        svg
    }
}

pub(crate) fn drawing<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing failed: {e}")
}

pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
pub(crate) const MUTED: RGBColor = RGBColor(85, 85, 85);
const PATH: RGBColor = RGBColor(0, 114, 178);
const LAST_YEAR: RGBColor = RGBColor(170, 170, 170);
const GRID: RGBColor = RGBColor(232, 232, 232);

/// plotters sizes a font by its line height (ascent − descent), not its em
/// square: for the embedded Noto Sans SC that is 1.448 em, so a text asked
/// for at plotters' size 13 has 9 px letters in the PNG (and the SVG backend
/// writes `font-size` as the size ÷ 1.24). [`font`] and [`bold`] take the
/// em in pixels and convert.
pub(crate) const LINE_PER_EM: f64 = 1.448;

/// Regular text whose em is `em` pixels in the PNG (a little more in the SVG).
pub(crate) fn font(em: f64) -> TextStyle<'static> {
    (FAMILY, em * LINE_PER_EM).into_font().color(&INK)
}

/// Bold text whose em is `em` pixels in the PNG.
pub(crate) fn bold(em: f64) -> TextStyle<'static> {
    // The style must be part of the tuple: `.style(Bold)` later keeps the
    // regular glyphs in PNG (docs/architecture.md, "Fonts").
    (FAMILY, em * LINE_PER_EM, FontStyle::Bold)
        .into_font()
        .color(&INK)
}

/// `style` in the family that can draw `text` (see [`family_for`]): for
/// every string that comes from the catalogue or the figures.
pub(crate) fn for_text(style: TextStyle<'static>, text: &str) -> TextStyle<'static> {
    let family = family_for(text);
    if style.font.get_name() == family {
        return style;
    }
    let font = FontDesc::new(
        FontFamily::Name(family),
        style.font.get_size(),
        style.font.get_style(),
    )
    .transform(style.font.get_transform());
    TextStyle { font, ..style }
}

pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> u32 {
    area.estimate_text_size(text, style)
        .map_or(u32::MAX, |(w, _)| w)
}

/// Title (bold, wrapped to two lines, cut only past them) and the status
/// line with its colour swatch (also up to two lines); returns the height used.
pub(crate) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    colour: RGBColor,
) -> anyhow::Result<i32> {
    let (w, _) = root.dim_in_pixel();
    let room = w.saturating_sub(32);
    let title = clean(title);
    let title_style = for_text(bold(17.0), &title);
    let mut y = 12;
    for line in wrap(&title, 2, |t| text_width(root, t, &title_style) <= room) {
        root.draw_text(&line, &title_style, (16, y))
            .map_err(drawing)?;
        y += 30;
    }
    let top = y + 4;
    root.draw(&Rectangle::new(
        [(16, top), (30, top + 14)],
        colour.filled(),
    ))
    .map_err(drawing)?;
    root.draw(&Rectangle::new(
        [(16, top), (30, top + 14)],
        INK.stroke_width(1),
    ))
    .map_err(drawing)?;
    let subtitle = clean(subtitle);
    let sub_style = for_text(font(13.0).color(&MUTED), &subtitle);
    let sub_room = room.saturating_sub(22);
    let mut y = top - 1;
    for line in wrap(&subtitle, 2, |t| {
        text_width(root, t, &sub_style) <= sub_room
    }) {
        root.draw_text(&line, &sub_style, (38, y))
            .map_err(drawing)?;
        y += 22;
    }
    Ok(y + 5)
}

fn role_style(role: Role) -> (RGBColor, u32) {
    match role {
        Role::Actual | Role::Projection => (INK, 3),
        Role::Path => (PATH, 2),
        Role::LastYear => (LAST_YEAR, 2),
    }
}

impl Draw for Plot {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<Layout> {
        root.fill(&WHITE).map_err(drawing)?;
        let colour = rgb(status_colour(self.status));
        let top = header(root, &self.title, &self.subtitle, colour)?;
        match &self.body {
            Body::Lines(plot) => {
                let top = top + legend(root, plot, top)?;
                let (_, body) = root.split_vertically(top);
                lines(root, &body, plot, self.lang)
            }
            Body::Card(text) => {
                let (_, body) = root.split_vertically(top);
                card(
                    &body,
                    self.status,
                    &words::status(self.lang, self.status),
                    text,
                )?;
                Ok(Layout::default())
            }
        }
    }
}

/// A legend row (wrapping) above the plot: outside the plotting area so it
/// never covers a line, whatever direction the data goes.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &LinePlot,
    top: i32,
) -> anyhow::Result<i32> {
    let (w, _) = root.dim_in_pixel();
    let (mut x, mut y) = (16i32, top);
    // The actual figures first: they matter most.
    let mut entries: Vec<_> = plot.lines.iter().collect();
    entries.sort_by_key(|l| l.role != Role::Actual);
    for l in entries {
        let style = for_text(font(12.5), &l.legend);
        let tw = text_width(root, &l.legend, &style).min(w) as i32;
        if x > 16 && x + 30 + tw > w as i32 - 16 {
            x = 16;
            y += 22;
        }
        let (c, sw) = role_style(l.role);
        let mid = y + 10;
        if l.role == Role::Projection {
            for seg in [(x, x + 9), (x + 14, x + 23)] {
                root.draw(&PathElement::new(
                    vec![(seg.0, mid), (seg.1, mid)],
                    c.stroke_width(sw),
                ))
                .map_err(drawing)?;
            }
        } else {
            root.draw(&PathElement::new(
                vec![(x, mid), (x + 24, mid)],
                c.stroke_width(sw),
            ))
            .map_err(drawing)?;
        }
        root.draw_text(&l.legend, &style, (x + 30, y))
            .map_err(drawing)?;
        x += 30 + tw + 22;
    }
    Ok(y - top + 28)
}

/// A label's box: its measured size, a sixth wider. A browser showing the
/// SVG without Noto Sans SC draws the words in its own sans-serif, which
/// runs up to about that much wider; the box keeps room for it.
pub(crate) fn label_box<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> (i32, i32) {
    let (w, h) = root.estimate_text_size(text, style).unwrap_or((0, 0));
    ((w as i32) * 7 / 6 + 1, h as i32)
}

/// Draw `text` in the box placed for it, set against the side facing
/// `toward` (the x of what it names): words drawn wider than measured grow
/// away from it, into the box's spare room.
pub(crate) fn draw_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    r: Rect,
    toward: i32,
) -> anyhow::Result<()> {
    if r.x1 <= toward {
        let right = style.pos(Pos::new(HPos::Right, VPos::Top));
        root.draw_text(text, &right, (r.x1, r.y0))
    } else {
        root.draw_text(text, style, (r.x0, r.y0))
    }
    .map_err(drawing)
}

/// The plot: axes, lines and markers, then the labels, each where the
/// collision check finds room (`root` is the whole chart, `area` the part
/// below the heading and legend).
fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    plot: &LinePlot,
    lang: Lang,
) -> anyhow::Result<Layout> {
    let axis = ValueAxis::new(plot);
    let x_ticks = XTicks::new(plot.x_ticks, lang);
    let plot = &axis.drawn(plot);
    let (x0, x1) = plot.x_range;
    let (y0, y1) = (axis.lo, axis.hi);
    let mut chart = ChartBuilder::on(area)
        .margin_left(12)
        .margin_right(28)
        .margin_bottom(10)
        .margin_top(4)
        .x_label_area_size(56)
        .y_label_area_size(92)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(drawing)?;
    let n_x = match plot.x_ticks {
        Ticks::SubPeriods(f) => usize::from(f.per_year()) + 1,
        Ticks::Years | Ticks::YearEnds => ((x1 - x0).ceil() as usize).saturating_add(1).min(14),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID)
        .x_labels(n_x)
        .y_labels(8)
        .x_label_formatter(&|x| x_ticks.label(*x))
        .y_label_formatter(&|y| axis.label(lang, *y))
        .x_desc(plot.x_label.as_str())
        .y_desc(plot.y_label.as_str())
        .label_style(font(tick_size(root.dim_in_pixel().0)))
        .axis_desc_style(for_text(
            font(tick_size(root.dim_in_pixel().0)).color(&MUTED),
            &format!("{}{}", plot.x_label, plot.y_label),
        ))
        .axis_style(MUTED)
        .draw()
        .map_err(drawing)?;
    if y0 < 0.0 && y1 > 0.0 {
        chart
            .draw_series(LineSeries::new(
                [(x0, 0.0), (x1, 0.0)],
                MUTED.stroke_width(1),
            ))
            .map_err(drawing)?;
    }
    if let Some((y, _)) = &plot.hline {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, *y), (x1, *y)],
                6,
                4,
                MUTED.stroke_width(1),
            ))
            .map_err(drawing)?;
    }
    if let Some(b) = &plot.band {
        // A narrow shaded bar just inside the year's end, under the lines;
        // its label joins the projected total's (see layouts.rs).
        let (c, _) = role_style(Role::Projection);
        let w = (x1 - x0) * 0.04;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(b.x - w, b.lo), (b.x, b.hi)],
                c.mix(0.25).filled(),
            )))
            .map_err(drawing)?;
    }
    let mut dots = Vec::new();
    for l in &plot.lines {
        let (c, sw) = role_style(l.role);
        let pts = l.points.iter().copied();
        if l.role == Role::Projection {
            chart
                .draw_series(DashedLineSeries::new(pts, 9, 6, c.stroke_width(sw)))
                .map_err(drawing)?;
        } else {
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(sw)))
                .map_err(drawing)?;
        }
        if l.dots {
            // The in-year lines start at (0, 0), the start of the year: not a figure.
            let figures = l
                .points
                .iter()
                .filter(|p| !(matches!(plot.x_ticks, Ticks::SubPeriods(_)) && p.0 == 0.0));
            let figures: Vec<(f64, f64)> = figures.copied().collect();
            chart
                .draw_series(figures.iter().map(|p| Circle::new(*p, 4, c.filled())))
                .map_err(drawing)?;
            dots.extend(figures.iter().map(|p| chart.backend_coord(p)));
        }
    }
    for m in &plot.marks {
        let (c, _) = role_style(m.role);
        let marker = match m.role {
            Role::Projection => Circle::new(m.at, 6, WHITE.filled()),
            _ => Circle::new(m.at, 6, c.filled()),
        };
        chart
            .draw_series([marker, Circle::new(m.at, 6, c.stroke_width(2))])
            .map_err(drawing)?;
    }
    place_labels(root, &chart, plot, &dots)
}

/// The labels of a plot, each at the first free place near what it names:
/// markers' labels first (the target, the projection), then the reference
/// line's, then the corner note. Anything without room is left out.
fn place_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    plot: &LinePlot,
    dots: &[(i32, i32)],
) -> anyhow::Result<Layout> {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let mut placer = Placer::new(Rect {
        x0: xs.start,
        y0: ys.start,
        x1: xs.end,
        y1: ys.end,
    });
    for d in dots {
        placer.point(*d, 5);
    }
    for m in &plot.marks {
        placer.point(chart.backend_coord(&m.at), 7);
    }
    let size = |text: &str, style: &TextStyle| label_box(root, text, style);
    let centre = (xs.start + xs.end) / 2;
    let edge = |r: &Rect| {
        if (r.x0 + r.x1) / 2 > centre {
            xs.end
        } else {
            xs.start
        }
    };
    let draw = |placer: &mut Placer,
                text: &str,
                style: &TextStyle,
                at: Vec<(i32, i32)>,
                toward: Option<i32>|
     -> anyhow::Result<()> {
        let wh = size(text, style);
        if let Some(r) = placer.place(text, wh, at) {
            draw_label(root, text, style, r, toward.unwrap_or_else(|| edge(&r)))?;
        }
        Ok(())
    };
    for m in &plot.marks {
        let (c, _) = role_style(m.role);
        let label = clean(&m.label);
        let style = for_text(bold(12.5), &label).color(&c);
        let wh = size(&label, &style);
        let p = chart.backend_coord(&m.at);
        draw(
            &mut placer,
            &label,
            &style,
            around_point(p, 7, wh),
            Some(p.0),
        )?;
    }
    if let Some((y, label)) = &plot.hline {
        let label = clean(label);
        let style = for_text(bold(12.5), &label).color(&MUTED);
        let (w, h) = size(&label, &style);
        let (_, py) = chart.backend_coord(&(plot.x_range.0, *y));
        let (l, r) = (xs.start + GAP, xs.end - GAP - w);
        let mid = (xs.start + xs.end - w) / 2;
        let mut at = Vec::new();
        for x in [l, r, mid] {
            at.push((x, py - 3 - h));
            at.push((x, py + 3));
        }
        draw(&mut placer, &label, &style, at, None)?;
    }
    if let Some(note) = &plot.note {
        let note = clean(note);
        let style = for_text(bold(13.0), &note);
        let (w, h) = size(&note, &style);
        let (l, r) = (xs.start + 10, xs.end - 10 - w);
        let (t, b) = (ys.start + 8, ys.end - 8 - h);
        draw(
            &mut placer,
            &note,
            &style,
            vec![(r, t), (l, t), (r, b), (l, b)],
            None,
        )?;
    }
    Ok(placer.finish())
}

/// Milestones and goals without figures: the status in a coloured block, then text.
fn card<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    status: crate::domain::Status,
    status_words: &str,
    text: &[String],
) -> anyhow::Result<()> {
    let (w, _) = area.dim_in_pixel();
    let c = status_colour(status);
    let (x0, x1) = (16, w as i32 - 16);
    area.draw(&Rectangle::new([(x0, 16), (x1, 86)], rgb(c).filled()))
        .map_err(drawing)?;
    let on = rgb(text_on(c));
    area.draw_text(status_words, &bold(20.0).color(&on), (x0 + 20, 34))
        .map_err(drawing)?;
    for (i, line) in text.iter().enumerate() {
        let line = clean(line);
        let style = for_text(font(13.5), &line);
        let line = truncate_to(&line, |t| text_width(area, t, &style) <= (x1 - x0) as u32);
        area.draw_text(&line, &style, (x0, 112 + 30 * i as i32))
            .map_err(drawing)?;
    }
    Ok(())
}
