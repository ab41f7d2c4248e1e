//! The fonts the charts are drawn with: embedded in the binary, so Chinese
//! text has glyphs on a machine with no font installed, and the family
//! names SVG readers and the pages' CSS pick from.

use ab_glyph::{Font, FontRef};
use plotters::style::{FontStyle, register_font};
use std::sync::{LazyLock, Once};

/// Noto Sans SC cut down to Latin, Greek, Cyrillic, the symbols, CJK and
/// full-width punctuation, and every character of GB 2312 (its 6,763 hanzi);
/// built by `scripts/cjk-font.sh`, licence in `assets/fonts/OFL.txt`.
const NOTO_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansSC-Regular.subset.ttf"
));
const NOTO_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansSC-Bold.subset.ttf"
));

/// Simplified Chinese fonts a reader's machine may have, in CSS syntax:
/// the same design under its other names first, then each platform's own.
macro_rules! cjk_families {
    () => {
        "Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC, Source Han Sans CN, \
         PingFang SC, Hiragino Sans GB, Microsoft YaHei, WenQuanYi Micro Hei"
    };
}

/// The family the charts ask for, registered with the embedded Noto subset
/// by [`init_fonts`]. The SVG backend writes the name as the text's
/// `font-family`, so it is also the CSS list a reader's machine picks from.
pub(crate) const FAMILY: &str = concat!(cjk_families!(), ", sans-serif");

/// For text the Noto subset cannot draw but DejaVu Sans can (Arabic,
/// Hebrew, Armenian, ...): see [`family_for`].
pub(crate) const FALLBACK_FAMILY: &str = concat!("DejaVu Sans, ", cjk_families!(), ", sans-serif");

/// The system's own font first, then the Chinese ones, so a machine whose
/// UI font lacks hanzi still finds some.
macro_rules! page_families {
    () => {
        concat!(
            "system-ui, -apple-system, Segoe UI, Roboto, ",
            cjk_families!()
        )
    };
}

/// The pages' `font-family` rule (see `page_families`).
pub const PAGE_FONT_RULE: &str = concat!(
    "body{font-family:",
    page_families!(),
    ", DejaVu Sans, sans-serif}"
);

/// The families of [`PAGE_FONT_RULE`] before its last resorts, for a page
/// that puts a font of its own after them (the server's pages, which
/// serve the embedded Chinese font to machines that have none).
pub const PAGE_FAMILIES: &str = page_families!();

/// The embedded Chinese font's regular and bold TrueType files.
pub const EMBEDDED_CJK: [&[u8]; 2] = [NOTO_REGULAR, NOTO_BOLD];

/// One embedded font, under the family and style the charts ask for.
pub(crate) struct Face {
    family: &'static str,
    style: FontStyle,
    bytes: &'static [u8],
    pub(crate) font: FontRef<'static>,
}

static FACES: LazyLock<[Face; 4]> = LazyLock::new(|| {
    [
        (FAMILY, FontStyle::Normal, NOTO_REGULAR),
        (FAMILY, FontStyle::Bold, NOTO_BOLD),
        (FALLBACK_FAMILY, FontStyle::Normal, dejavu::sans::regular()),
        (FALLBACK_FAMILY, FontStyle::Bold, dejavu::sans::bold()),
    ]
    .map(|(family, style, bytes)| Face {
        family,
        style,
        bytes,
        // Embedded at build time: failure would be a broken build, not
        // something a user can fix.
        font: FontRef::try_from_slice(bytes).unwrap_or_else(|_| {
            panic!("the embedded {family} ({}) is a valid font", style.as_str())
        }),
    })
});

/// The embedded font for `family` in `style`, or its regular one when that
/// style has none (as plotters falls back); `None` for a family not embedded.
pub(crate) fn face(family: &str, style: FontStyle) -> Option<&'static Face> {
    let of_family = || FACES.iter().filter(move |f| f.family == family);
    of_family()
        .find(|f| f.style.as_str() == style.as_str())
        .or_else(|| of_family().find(|f| matches!(f.style, FontStyle::Normal)))
}

/// Register the embedded fonts with plotters. Idempotent.
///
/// With the `ab_glyph` feature plotters has no fonts of its own: an
/// unregistered family makes PNG rendering fail (and SVG silently succeed),
/// so every chart entry point calls this first. plotters draws a family's
/// text with that one font (a missing character is its box), hence one
/// font covering Latin and Chinese rather than DejaVu plus a CJK font.
pub fn init_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for f in FACES.iter() {
            register_font(f.family, f.style, f.bytes).unwrap_or_else(|_| {
                panic!(
                    "the embedded {} ({}) is a valid font",
                    f.family,
                    f.style.as_str()
                )
            });
        }
    });
}

/// The family to draw `text` in: the Noto subset, unless DejaVu Sans has
/// more of its characters. A line mixing hanzi with a script only DejaVu
/// has keeps boxes for the minority.
pub(crate) fn family_for(text: &str) -> &'static str {
    // Both fonts have all of printable ASCII (the common case: no lookups).
    if text.is_ascii() {
        return FAMILY;
    }
    let known = |family| face(family, FontStyle::Normal).map(|f| &f.font);
    let (Some(noto), Some(dejavu)) = (known(FAMILY), known(FALLBACK_FAMILY)) else {
        unreachable!("both families are embedded");
    };
    let has = |f: &FontRef, c: char| usize::from(f.glyph_id(c).0 != 0);
    let (in_noto, in_dejavu) = text
        .chars()
        .fold((0, 0), |(n, d), c| (n + has(noto, c), d + has(dejavu, c)));
    if in_dejavu > in_noto {
        FALLBACK_FAMILY
    } else {
        FAMILY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_have_the_common_hanzi_and_chinese_punctuation() {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            let face = face(FAMILY, style).unwrap();
            let name = style.as_str();
            let has = |c: char| face.font.glyph_id(c).0 != 0;
            // GB 2312's hanzi, levels 1 and 2.
            let hanzi = ('\u{4E00}'..='\u{9FFF}').filter(|&c| has(c)).count();
            assert_eq!(hanzi, 6763, "{name}");
            let missing: String = (' '..='~')
                .chain('\u{FF01}'..='\u{FF5E}') // full-width ASCII forms
                .chain("、。〈〉《》「」『』【】〔〕〖〗〜“”‘’…—·￥".chars())
                .chain("辽宁中欧班列开行量增长以上贵州进出口总额".chars())
                .filter(|&c| !has(c))
                .collect();
            assert_eq!(missing, "", "{name}");
            assert!(!has('\u{05D0}'), "no Hebrew: DejaVu draws it");
        }
    }

    #[test]
    fn each_style_finds_its_own_font_and_others_fall_back_to_regular() {
        let bytes = |family, style| face(family, style).map(|f| f.bytes);
        // Compared with assert! rather than assert_eq!: no megabytes printed.
        assert!(bytes(FAMILY, FontStyle::Bold) == Some(NOTO_BOLD));
        assert!(bytes(FAMILY, FontStyle::Italic) == Some(NOTO_REGULAR));
        let dejavu = dejavu::sans::bold();
        assert!(bytes(FALLBACK_FAMILY, FontStyle::Bold) == Some(dejavu));
        assert!(bytes("serif", FontStyle::Normal).is_none());
    }
}
