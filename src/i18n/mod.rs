//! The interface's words in each language: one Fluent message catalogue per
//! language (`locales/en.ftl`, `locales/zh-CN.ftl`), compiled into the
//! binary, and the locale's way of writing numbers, dates and periods.
//!
//! Code asks for a message by key with [`t!`](crate::t): `t!(lang,
//! "status-on-track")`, or with arguments, `t!(lang, "goals-count", n =
//! 3)`. A test reads every `t!` key in the sources and checks that both
//! catalogues have it, and that the two catalogues have the same keys.

mod format;

pub(crate) use format::{date, number, period};

use crate::domain::{Flag, Lang, MilestoneState, Status};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The catalogue source of each language, as compiled in.
pub(crate) const SOURCES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../../locales/en.ftl")),
    (Lang::ZhCn, include_str!("../../locales/zh-CN.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| SOURCES.map(|(l, s)| bundle(l, s)));

fn bundle(lang: Lang, source: &str) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent wraps each argument in invisible bidi isolation marks by
    // default; waymark's texts are left-to-right, and the marks would show
    // up in terminals, CSV cells and email subjects.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl: {errors:?}", lang.tag()));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("locales/{}.ftl: {errors:?}", lang.tag()));
    bundle
}

fn bundle_for(lang: Lang) -> &'static Bundle {
    &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

/// An argument to a message: text, or a number Fluent may choose a plural
/// form by (`{ $n -> [one] … *[other] … }`).
pub(crate) enum Arg<'a> {
    /// Text, inserted as it is.
    Text(std::borrow::Cow<'a, str>),
    /// A count or other number; shown as Fluent writes it (no grouping):
    /// format it with [`number`] and pass text when grouping matters.
    Number(f64),
}

macro_rules! arg_from {
    (text: $($t:ty),*) => {$(
        impl<'a> From<$t> for Arg<'a> {
            fn from(v: $t) -> Self { Arg::Text(v.into()) }
        }
    )*};
    (number: $($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(v: $t) -> Self { Arg::Number(v as f64) }
        }
    )*};
}
arg_from!(text: &'a str, String, &'a String, std::borrow::Cow<'a, str>);
arg_from!(number: i32, i64, u8, u16, u32, u64, usize, f64);

/// The message `key` in `lang`, with `args` filled in. A key missing from
/// the catalogue (which the completeness test rules out) shows as the key
/// itself rather than failing the page or report it is in.
pub(crate) fn message(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle_for(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, lang = lang.tag(), "no such message in the catalogue");
        return key.to_string();
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            let v = match value {
                Arg::Text(t) => FluentValue::from(t.as_ref()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fa.set(*name, v);
        }
        fa
    });
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(
            key,
            lang = lang.tag(),
            ?errors,
            "a message could not be filled in"
        );
    }
    text.into_owned()
}

/// A message in `lang`: `t!(lang, "key")` or `t!(lang, "key", name = value,
/// …)`, where each value is text or a number (see `Arg`).
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:literal) => {
        $crate::i18n::message($lang, $key, &[])
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// A status in words (`On track`, `进展顺利`).
pub(crate) fn status(lang: Lang, s: Status) -> String {
    // One key per status, named after its JSON value: status-on_track.
    let key = format!("status-{}", s.as_str());
    message(lang, &key, &[])
}

/// A figure's flag in words (`estimated`, `估计值`).
pub(crate) fn flag(lang: Lang, f: Flag) -> String {
    let key = match f {
        Flag::Normal => "flag-normal",
        Flag::Estimated => "flag-estimated",
        Flag::Provisional => "flag-provisional",
        Flag::Break => "flag-break",
    };
    message(lang, key, &[])
}

/// A milestone's state in words (`in progress`, `进行中`).
pub(crate) fn milestone_state(lang: Lang, s: MilestoneState) -> String {
    let key = match s {
        MilestoneState::Planned => "milestone-planned",
        MilestoneState::InProgress => "milestone-in_progress",
        MilestoneState::Done => "milestone-done",
        MilestoneState::Dropped => "milestone-dropped",
    };
    message(lang, key, &[])
}

/// The keys of a catalogue source, in file order (messages only; terms,
/// which start with `-`, are internal to the catalogue).
#[cfg(test)]
pub(crate) fn keys(source: &str) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
