//! Where a chart's labels go: each label tries a few positions around the
//! thing it names and takes the first whose box stays inside the frame and
//! clear of every data point and every label already placed; a label with
//! no free position is left out rather than drawn over something.
//!
//! The boxes placed are kept as the chart's [`Layout`], so a test can check
//! for overlaps from the layout instead of from pixels.

/// A box in pixels of the whole chart: left, top (inclusive), right, bottom (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub(crate) x0: i32,
    /// Top edge.
    pub(crate) y0: i32,
    /// Right edge (exclusive).
    pub(crate) x1: i32,
    /// Bottom edge (exclusive).
    pub(crate) y1: i32,
}

impl Rect {
    /// The box of `size` whose top-left corner is `at`.
    pub(crate) fn at((x, y): (i32, i32), (w, h): (i32, i32)) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    /// The square of half-side `r` around `(x, y)`.
    pub(crate) fn around((x, y): (i32, i32), r: i32) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r + 1,
            y1: y + r + 1,
        }
    }

    /// Whether the two boxes share a pixel.
    pub(crate) fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether `self` lies wholly inside `o`.
    pub(crate) fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }
}

/// A label as placed: its text and its box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedLabel {
    /// The words drawn.
    pub(crate) text: String,
    /// Where they are drawn.
    pub(crate) rect: Rect,
}

/// What a chart put where: the labels placed inside the plot, the boxes of
/// the data points they must keep clear of, and the labels left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Every label placed by the collision check.
    pub(crate) labels: Vec<PlacedLabel>,
    /// Every data point drawn as a dot or marker.
    pub(crate) points: Vec<Rect>,
    /// Labels that found no free place and were not drawn.
    pub(crate) dropped: Vec<String>,
}

impl Layout {
    /// Pairs that overlap: label with label, or label with a data point,
    /// as "`a` overlaps `b`" lines (empty when the layout is clean).
    #[cfg(test)]
    pub(crate) fn overlaps(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in self.labels.iter().enumerate() {
            for b in &self.labels[i + 1..] {
                if a.rect.overlaps(&b.rect) {
                    out.push(format!("label {:?} overlaps label {:?}", a.text, b.text));
                }
            }
            for p in &self.points {
                if a.rect.overlaps(p) {
                    out.push(format!("label {:?} overlaps the point at {p:?}", a.text));
                }
            }
        }
        out
    }
}

/// Gap in pixels between a label and what it names.
pub(crate) const GAP: i32 = 6;

/// Places labels one by one inside `frame`.
pub(crate) struct Placer {
    frame: Rect,
    layout: Layout,
}

impl Placer {
    /// Labels must stay inside `frame`.
    pub(crate) fn new(frame: Rect) -> Placer {
        Placer {
            frame,
            layout: Layout::default(),
        }
    }

    /// A data point (dot or marker) of half-size `r` at `at`: no label may cover it.
    pub(crate) fn point(&mut self, at: (i32, i32), r: i32) {
        self.layout.points.push(Rect::around(at, r));
    }

    /// The first of `candidates` (top-left corners of a box of `size`) that
    /// is inside the frame and clear of every point and label so far; it is
    /// recorded as taken. `None`: the label is left out.
    pub(crate) fn place(
        &mut self,
        text: &str,
        size: (i32, i32),
        candidates: impl IntoIterator<Item = (i32, i32)>,
    ) -> Option<Rect> {
        let free = |r: &Rect| {
            r.inside(&self.frame)
                && !self.layout.points.iter().any(|p| p.overlaps(r))
                && !self.layout.labels.iter().any(|l| l.rect.overlaps(r))
        };
        let found = candidates.into_iter().map(|c| Rect::at(c, size)).find(free);
        match found {
            Some(rect) => self.layout.labels.push(PlacedLabel {
                text: text.to_string(),
                rect,
            }),
            None => self.layout.dropped.push(text.to_string()),
        }
        found
    }

    /// The layout so far.
    pub(crate) fn finish(self) -> Layout {
        self.layout
    }
}

/// Top-left corners of a `size` box around a point of half-size `r` at
/// `(x, y)`, in order of preference: above-left (the label ends at the
/// point, so one at the right edge stays inside), above-right, below-left,
/// below-right, left, right, then further up and down.
pub(crate) fn around_point((x, y): (i32, i32), r: i32, (w, h): (i32, i32)) -> Vec<(i32, i32)> {
    let d = r + GAP / 2;
    vec![
        (x - d - w, y - d - h),
        (x + d, y - d - h),
        (x - d - w, y + d),
        (x + d, y + d),
        (x - d - w, y - h / 2),
        (x + d, y - h / 2),
        (x - w / 2, y - d - h),
        (x - w / 2, y + d),
        (x - d - w, y - d - 2 * h),
        (x - d - w, y + d + h),
        (x + d, y - d - 2 * h),
        (x + d, y + d + h),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_moves_off_a_point_and_off_another_label_or_is_left_out() {
        let mut p = Placer::new(Rect::at((0, 0), (200, 100)));
        p.point((100, 50), 4);
        let a = p
            .place("a", (30, 10), around_point((100, 50), 4, (30, 10)))
            .unwrap();
        let b = p
            .place("b", (30, 10), around_point((100, 50), 4, (30, 10)))
            .unwrap();
        assert_ne!(a, b);
        // Nowhere to go: a box larger than the frame.
        assert!(p.place("c", (300, 10), [(0, 0)]).is_none());
        let layout = p.finish();
        assert!(layout.overlaps().is_empty(), "{:?}", layout.overlaps());
        assert_eq!(layout.dropped, ["c"]);
        assert_eq!(layout.labels.len(), 2);
    }

    #[test]
    fn overlaps_are_found() {
        let layout = Layout {
            labels: vec![
                PlacedLabel {
                    text: "a".into(),
                    rect: Rect::at((0, 0), (10, 10)),
                },
                PlacedLabel {
                    text: "b".into(),
                    rect: Rect::at((9, 9), (10, 10)),
                },
            ],
            points: vec![Rect::around((30, 30), 3), Rect::around((5, 5), 1)],
            dropped: vec![],
        };
        assert_eq!(layout.overlaps().len(), 2, "{:?}", layout.overlaps());
        assert!(!Rect::at((0, 0), (10, 10)).overlaps(&Rect::at((10, 0), (5, 5))));
    }
}
