//! The pages' static files: the one stylesheet, and the embedded Chinese
//! font for readers whose machine has none. Each path names the package
//! version, so a browser may keep the file for long and still gets the new
//! one after an upgrade.

use crate::domain::Status;
use crate::report::{EMBEDDED_CJK, PAGE_FAMILIES, css_hex, status_colour, text_on};
use axum::http::header;
use axum::response::IntoResponse;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Where pages find their stylesheet.
pub(crate) const STYLESHEET_PATH: &str =
    concat!("/assets/waymark-", env!("CARGO_PKG_VERSION"), ".css");

/// Where the stylesheet finds the embedded Chinese font, regular and bold
/// (in the order of [`EMBEDDED_CJK`]).
pub(crate) const FONT_PATHS: [&str; 2] = [
    concat!(
        "/assets/waymark-cjk-regular-",
        env!("CARGO_PKG_VERSION"),
        ".ttf"
    ),
    concat!(
        "/assets/waymark-cjk-bold-",
        env!("CARGO_PKG_VERSION"),
        ".ttf"
    ),
];

/// The family the stylesheet gives Chinese text, first in the list: the
/// served font, or the same design (or a platform's own Chinese font)
/// where the machine has one. Left to fall through the list, Chinese text
/// on a machine without a Chinese font was drawn partly as empty boxes by
/// Chromium, even with the served font loaded; named first, it never is.
const CJK_FAMILY: &str = "waymark CJK";

/// Installed fonts used instead of the download, by full or PostScript
/// name, for each weight of [`FONT_PATHS`].
const LOCAL_CJK: [&str; 2] = [
    "local(\"Noto Sans SC Regular\"),local(\"NotoSansSC-Regular\"),\
     local(\"Noto Sans CJK SC Regular\"),local(\"NotoSansCJKsc-Regular\"),\
     local(\"Source Han Sans SC Regular\"),local(\"SourceHanSansSC-Regular\"),\
     local(\"PingFang SC Regular\"),local(\"PingFangSC-Regular\"),local(\"Microsoft YaHei\")",
    "local(\"Noto Sans SC Bold\"),local(\"NotoSansSC-Bold\"),\
     local(\"Noto Sans CJK SC Bold\"),local(\"NotoSansCJKsc-Bold\"),\
     local(\"Source Han Sans SC Bold\"),local(\"SourceHanSansSC-Bold\"),\
     local(\"PingFang SC Semibold\"),local(\"PingFangSC-Semibold\"),\
     local(\"Microsoft YaHei Bold\")",
];

/// The ranges [`CJK_FAMILY`] is for: CJK punctuation, the ideographs and
/// full-width forms. Other text goes on down the list to the system's own
/// font, and a page without Chinese downloads nothing.
const CJK_RANGES: &str = "U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FF00-FFEF";

const CSS: &str = r"
*{box-sizing:border-box}
body{margin:0;color:#1a1a1a;background:#f6f6f4;line-height:1.4}
body:lang(zh-CN){line-height:1.6}
button,input,select,textarea{font-family:inherit}
header{background:#20303f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}
header .brand{font-weight:700;margin-right:auto}
header nav.lang{display:flex;gap:.5rem}
header nav.lang [aria-current]{font-weight:700}
main{max-width:60rem;margin:0 auto;padding:1rem}
.goal{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:0 0 1rem}
.goal h2{font-size:1.1rem;margin:0 0 .4rem}
.status{display:inline-block;padding:.15rem .5rem;border-radius:4px;font-weight:600}
.goal img{width:100%;height:auto;margin-top:.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0}
dt{color:#555}dd{margin:0}
form.stack label{display:block;margin:.6rem 0 .2rem;font-weight:600}
form.stack input,form.stack select,form.stack textarea{width:100%;padding:.5rem;font-size:1rem;border:1px solid #999;border-radius:4px}
button{padding:.55rem 1.1rem;font-size:1rem;margin-top:.8rem;border-radius:4px;border:1px solid #20303f;background:#20303f;color:#fff}
.error{color:#a40000;margin:.2rem 0}
.notice{background:#e8f3ea;border:1px solid #8c8;padding:.6rem;border-radius:4px}
.problem{background:#fbeaea;border:1px solid #d88;padding:.6rem;border-radius:4px}
.muted{color:#666;font-size:.9rem}
header .muted{color:#ccd}
.table-wrap{overflow-x:auto}
img.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.comments{list-style:none;padding:0;margin:.5rem 0}
.comments li{border-left:4px solid #20303f;padding:.2rem .6rem;margin:0 0 .6rem}
.comment-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0 0}
[aria-invalid=true]{border-color:#a40000;border-width:2px}
.skip{position:absolute;left:-10000px;top:0;background:#fff;color:#000;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
ul.counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
";

/// The page CSS, the fonts, and each status's badge colours.
static STYLESHEET: LazyLock<String> = LazyLock::new(|| {
    let mut css = CSS.trim_start().to_string();
    for ((path, local), weight) in FONT_PATHS.iter().zip(LOCAL_CJK).zip([400, 700]) {
        let _ = writeln!(
            css,
            "@font-face{{font-family:\"{CJK_FAMILY}\";font-weight:{weight};font-display:swap;\
             src:{local},url({path}) format(\"truetype\");unicode-range:{CJK_RANGES}}}"
        );
    }
    let _ = writeln!(
        css,
        "body{{font-family:\"{CJK_FAMILY}\", {PAGE_FAMILIES}, DejaVu Sans, sans-serif}}"
    );
    for s in Status::ALL {
        let bg = status_colour(s);
        // Black or white text, whichever contrasts more (WCAG): at least
        // 4.5:1 on every status colour, as the report's badges.
        let _ = writeln!(
            css,
            ".status[data-status={}]{{background:{};color:{}}}",
            s.as_str(),
            css_hex(bg),
            css_hex(text_on(bg))
        );
    }
    css
});

/// `GET` [`STYLESHEET_PATH`].
pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET.as_str(),
    )
}

/// `GET` one of [`FONT_PATHS`]: the font at the same position of
/// [`EMBEDDED_CJK`]. Its path changes with the version, so it never goes
/// stale in a cache.
pub(crate) async fn font(index: usize) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "font/ttf"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        EMBEDDED_CJK[index],
    )
}

#[cfg(test)]
mod contrast_tests {
    use super::STYLESHEET;

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn every_status_badge_meets_wcag_aa_contrast() {
        let mut seen = 0;
        for rule in STYLESHEET
            .lines()
            .filter(|l| l.starts_with(".status[data-status="))
        {
            let bg = rule.split("background:").nth(1).unwrap();
            let fg = rule.split("color:").nth(1).unwrap();
            let (bg, fg) = (&bg[..7], &fg[..7]);
            let (a, b) = (luminance(bg), luminance(fg));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= 4.5, "{rule}: contrast {ratio:.2} < 4.5");
            seen += 1;
        }
        assert_eq!(seen, crate::domain::Status::ALL.len(), "{}", *STYLESHEET);
    }
}
