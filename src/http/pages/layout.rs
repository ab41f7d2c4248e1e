//! The page frame: head with viewport and the one stylesheet, header
//! navigation, and small shared pieces. Pages carry no inline style or
//! script (the Content-Security-Policy forbids both): all styling is in
//! [`STYLESHEET_PATH`], served by [`stylesheet`].

use crate::domain::Status;
use crate::report::{PAGE_FONT_RULE, status_colour};
use axum::http::header;
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Where pages find their stylesheet; the name changes with its content
/// (the package version), so it can be cached for long.
pub const STYLESHEET_PATH: &str = concat!("/assets/waymark-", env!("CARGO_PKG_VERSION"), ".css");

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;color:#1a1a1a;background:#f6f6f4;line-height:1.4}
header{background:#20303f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}
header .brand{font-weight:700;margin-right:auto}
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
"#;

/// The page CSS plus each status's badge colours.
static STYLESHEET: LazyLock<String> = LazyLock::new(|| {
    let mut css = CSS.trim_start().to_string();
    css.push_str(PAGE_FONT_RULE);
    css.push('\n');
    for s in Status::ALL {
        let (r, g, b) = status_colour(s);
        // Black or white text, whichever reads better on the background.
        let lum = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
        let fg = if lum > 140.0 { "#000" } else { "#fff" };
        let _ = writeln!(
            css,
            ".status[data-status={}]{{background:#{r:02x}{g:02x}{b:02x};color:{fg}}}",
            s.as_str()
        );
    }
    css
});

/// `GET` [`STYLESHEET_PATH`].
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET.as_str(),
    )
}

pub fn frame(title: &str, user: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · waymark" }
                link rel="stylesheet" href=(STYLESHEET_PATH);
            }
            body {
                header {
                    span.brand { "waymark" }
                    a href="/" { "Dashboard" }
                    a href="/enter" { "Enter figures" }
                    @if let Some(name) = user { span.muted { "Signed in as " (name) } }
                }
                main { (body) }
            }
        }
    }
}

/// The status in words on its colour (colour is never the only cue).
pub fn status_badge(s: Status) -> Markup {
    html! {
        span.status data-status=(s.as_str()) { (s.label()) }
    }
}

/// A number for people: rounded to the indicator's decimals.
pub fn number(v: Option<f64>, decimals: u8) -> String {
    match v {
        Some(v) => format!("{v:.*}", usize::from(decimals)),
        None => "–".into(),
    }
}
