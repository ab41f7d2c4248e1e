//! The page frame: head with viewport and the one stylesheet, header
//! navigation with the language switch, and small shared pieces. Pages
//! carry no inline style or script (the Content-Security-Policy forbids
//! both): all styling is in the stylesheet of [`super::assets`].

use super::assets::STYLESHEET_PATH;
use super::lang::link;
use crate::domain::{Lang, Status};
use crate::{i18n, t};
use maud::{DOCTYPE, Markup, html};

/// What the frame of a page needs to know about its request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chrome<'a> {
    /// The language the page is in.
    pub(crate) lang: Lang,
    /// The address the language switch reloads in the other language: the
    /// page's own, with the query worth keeping; for the answer to a form,
    /// the page of the form.
    pub(crate) here: &'a str,
    /// Who is signed in, if anyone.
    pub(crate) user: Option<&'a str>,
}

pub(crate) fn frame(c: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    let lang = c.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t!(lang, "page-title", page = title)) }
                link rel="stylesheet" href=(STYLESHEET_PATH);
            }
            body {
                a.skip href="#main" { (t!(lang, "page-skip-to-content")) }
                header {
                    span.brand { "waymark" }
                    a href=(link("/", lang)) { (t!(lang, "page-nav-dashboard")) }
                    a href=(link("/enter", lang)) { (t!(lang, "page-nav-enter")) }
                    a href=(link("/review", lang)) { (t!(lang, "page-nav-review")) }
                    @if let Some(name) = c.user { span.muted { (t!(lang, "page-signed-in-as", name = name)) } }
                    nav.lang aria-label=(t!(lang, "page-language-switch")) {
                        @for other in Lang::ALL {
                            @if other == lang {
                                span lang=(other.tag()) aria-current="true" { (language_name(lang, other)) }
                            } @else {
                                a href=(link(c.here, other)) lang=(other.tag()) hreflang=(other.tag()) { (language_name(lang, other)) }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" { (body) }
            }
        }
    }
}

/// A language's own name, as a switch shows it whatever the page's language.
fn language_name(lang: Lang, named: Lang) -> String {
    match named {
        Lang::En => t!(lang, "page-language-en"),
        Lang::ZhCn => t!(lang, "page-language-zh-cn"),
    }
}

/// The status in words on its colour (colour is never the only cue).
pub(crate) fn status_badge(lang: Lang, s: Status) -> Markup {
    html! {
        span.status data-status=(s.as_str()) { (i18n::status(lang, s)) }
    }
}

/// A number for people: grouped as the language writes it, rounded to the
/// indicator's decimals; a dash when there is none.
pub(crate) fn number(lang: Lang, v: Option<f64>, decimals: u8) -> String {
    match v {
        Some(v) => i18n::number(lang, v, decimals),
        None => "–".into(),
    }
}
