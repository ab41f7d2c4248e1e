//! The PNG backend: plotters' bitmap backend, except that each glyph of a
//! text is placed by its side bearing.
//!
//! plotters' own text drawing (its `ab_glyph` font code) starts every glyph's
//! ink at the pen position, ignoring the space the font puts before it. For
//! Latin letters that only makes the spacing uneven; for full-width
//! punctuation, whose ink sits in one side of a square, it puts an opening
//! bracket against the character before it and the gap after it: 力争( 2021年)
//! instead of 力争（2021年）. Only drawing changes here: widths come from the
//! same advances plotters measures with, so layouts and the SVG agree.

use super::fonts::face;
use ab_glyph::{Font, GlyphId, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

type Error = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

/// A [`BitMapBackend`] drawing text with the embedded fonts.
pub(crate) struct GlyphBitmap<'a>(pub(crate) BitMapBackend<'a>);

impl<'a> DrawingBackend for GlyphBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let Some(face) = face(style.family().as_str(), style.style()) else {
            return self.0.draw_text(text, style, pos);
        };
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        // Anchored on the box plotters measures (the sum of the advances), as
        // its own drawing is, so text lands where the layout expects it.
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let font = face.font.as_scaled(style.size() as f32);
        // plotters' baseline (half the size below the top), on a whole pixel
        // so horizontal strokes stay sharp.
        let baseline = (style.size() as f32 / 2.0).round();
        let mut pen = 0.0f32;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                pen += font.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(font.scale(), point(pen, baseline));
            pen += font.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue; // a space
            };
            let ink = outline.px_bounds();
            let mut result = Ok(());
            outline.draw(|x, y, coverage| {
                let (x, y) = (ink.min.x as i32 + x as i32, ink.min.y as i32 + y as i32);
                let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
                let pixel = (pos.0 + x, pos.1 + y);
                if result.is_ok() && coverage > 0.0 {
                    let alpha = f64::from(coverage.min(1.0));
                    result = self.0.draw_pixel(pixel, colour.mix(alpha));
                }
            });
            result?;
        }
        Ok(())
    }

    // Everything else is the bitmap backend's own.

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, colour: BackendColor) -> Result<(), Error> {
        self.0.draw_pixel(point, colour)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.0.fill_polygon(vert, style)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        self.0.estimate_text_size(text, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.0.blit_bitmap(pos, (iw, ih), src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::{FAMILY, init_fonts};
    use plotters::style::text_anchor::Pos;

    const W: u32 = 400;

    /// The inked box (left, top, right, bottom) of `text` drawn at (200, 200)
    /// by our backend, or by plotters' own bitmap drawing when `plain`.
    fn ink(text: &str, style: &TextStyle, plain: bool) -> (u32, u32, u32, u32) {
        let mut buf = vec![255u8; (W * W * 3) as usize];
        {
            let bitmap = BitMapBackend::with_buffer(&mut buf, (W, W));
            if plain {
                let root = bitmap.into_drawing_area();
                root.draw_text(text, style, (200, 200)).unwrap();
            } else {
                let root = GlyphBitmap(bitmap).into_drawing_area();
                root.draw_text(text, style, (200, 200)).unwrap();
            }
        }
        let inked = |i: usize| buf[i * 3..i * 3 + 3] != [255, 255, 255];
        let points: Vec<(u32, u32)> = (0..(W * W) as usize)
            .filter(|&i| inked(i))
            .map(|i| (i as u32 % W, i as u32 / W))
            .collect();
        assert!(!points.is_empty(), "{text}: nothing drawn");
        let xs = || points.iter().map(|p| p.0);
        let ys = || points.iter().map(|p| p.1);
        let (l, r) = (xs().min().unwrap(), xs().max().unwrap());
        (l, ys().min().unwrap(), r, ys().max().unwrap())
    }

    /// Fonts are looked up when a style is made: register them first.
    fn style(size: f64) -> TextStyle<'static> {
        init_fonts();
        TextStyle::from((FAMILY, size).into_font())
    }

    #[test]
    fn full_width_brackets_keep_the_space_the_font_puts_before_them() {
        let style = style(40.0);
        // The ink of an opening bracket sits in the right half of its square:
        // about 14 px in at this size. plotters starts it at the pen.
        let (left, ..) = ink("（", &style, false);
        assert!(left >= 200 + 10, "ink starts {} px in", left - 200);
        assert_eq!(ink("（", &style, true).0, 200, "plotters' own drawing");
        // A closing one: ink in the left half, the space after it.
        let (left, _, right, _) = ink("）", &style, false);
        assert!(left < 200 + 10 && right < 200 + 20, "{left}..{right}");
    }

    #[test]
    fn anchored_and_rotated_text_lands_where_plotters_puts_it() {
        let base = style(20.0);
        for (anchor, h, v) in [
            ("top left", HPos::Left, VPos::Top),
            ("centre", HPos::Center, VPos::Center),
            ("bottom right", HPos::Right, VPos::Bottom),
        ] {
            for (turn, rotate) in [
                ("", FontTransform::None),
                (", turned", FontTransform::Rotate270),
            ] {
                let style = base.clone().pos(Pos::new(h, v)).transform(rotate);
                let (ours, theirs) = (
                    ink("Target 746", &style, false),
                    ink("Target 746", &style, true),
                );
                let near = |a: u32, b: u32| a.abs_diff(b) <= 3;
                assert!(
                    near(ours.0, theirs.0)
                        && near(ours.1, theirs.1)
                        && near(ours.2, theirs.2)
                        && near(ours.3, theirs.3),
                    "{anchor}{turn}: ours {ours:?}, plotters {theirs:?}"
                );
            }
        }
    }
}
