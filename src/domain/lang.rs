//! The languages waymark speaks (English and Simplified Chinese) and
//! catalogue text given in either or both. A text missing in one language
//! falls back to the other, so nothing is ever shown blank.

use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A language of the interface and of catalogue texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    /// English (`en`), the default.
    #[default]
    En,
    /// Simplified Chinese as used in mainland China (`zh-CN`).
    ZhCn,
}

impl Lang {
    /// Every supported language, in the order they are listed to users.
    pub(crate) const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag: `en` or `zh-CN` (what `lang` attributes and
    /// catalogue tables use).
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The other language: where a text falls back to.
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::En => Lang::ZhCn,
            Lang::ZhCn => Lang::En,
        }
    }

    /// A tag as people write it, case- and separator-insensitive: `en`,
    /// `en-GB`, `zh`, `zh-CN`, `zh_cn`, `zh-Hans`, `zh-Hans-CN`. Traditional
    /// Chinese (`zh-TW`, `zh-HK`, `zh-Hant`) and other languages are `None`:
    /// waymark does not speak them.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Lang::ZhCn)
            }
            _ => None,
        }
    }

    /// The first supported language of an HTTP `Accept-Language` header, by
    /// quality (`q=`) and then by order; `None` when it names none waymark
    /// speaks. Entries with `q=0` are refusals and never chosen.
    pub(crate) fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(u16, usize, Lang)> = None;
        for (i, entry) in header.split(',').enumerate().take(64) {
            let mut fields = entry.split(';');
            let Some(lang) = fields.next().and_then(Lang::parse) else {
                continue;
            };
            let q = fields
                .find_map(|f| f.trim().strip_prefix("q="))
                .map_or(Some(1000), quality);
            let Some(q) = q.filter(|q| *q > 0) else {
                continue;
            };
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map(|(_, _, lang)| lang)
    }
}

/// An HTTP quality value (`0`, `0.8`, `1.000`) in thousandths.
fn quality(text: &str) -> Option<u16> {
    let q: f64 = text.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&q)
        .then(|| (q * 1000.0).round() as u16)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag waymark does not speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language {:?}: waymark speaks \"en\" and \"zh-CN\"",
            self.0
        )
    }
}

impl std::error::Error for UnknownLang {}

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A display text of the catalogue (a name, title, unit or note) in English,
/// Chinese or both. At least one is present; `Text::get` falls back to the
/// other language when the one asked for is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    en: Option<String>,
    zh_cn: Option<String>,
}

impl Text {
    /// A text given in one language only (a plain string in the catalogue
    /// is English).
    pub(crate) fn one(lang: Lang, text: impl Into<String>) -> Text {
        let mut t = Text {
            en: None,
            zh_cn: None,
        };
        *t.slot(lang) = Some(text.into());
        t
    }

    /// A text given in both languages.
    #[cfg(test)]
    pub(crate) fn both(en: impl Into<String>, zh_cn: impl Into<String>) -> Text {
        Text {
            en: Some(en.into()),
            zh_cn: Some(zh_cn.into()),
        }
    }

    fn slot(&mut self, lang: Lang) -> &mut Option<String> {
        match lang {
            Lang::En => &mut self.en,
            Lang::ZhCn => &mut self.zh_cn,
        }
    }

    /// The text in `lang` exactly as given, or `None` when it is missing.
    pub(crate) fn exact(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::ZhCn => self.zh_cn.as_deref(),
        }
    }

    /// The text in `lang`, or in the other language when it is missing.
    pub(crate) fn get(&self, lang: Lang) -> &str {
        self.exact(lang)
            .or_else(|| self.exact(lang.other()))
            .unwrap_or_default()
    }

    /// The languages this text is missing (what `catalogue check` lists).
    pub(crate) fn missing(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|l| self.exact(*l).is_none())
    }

    /// Every language given, with its text (for checks that apply to each).
    pub(crate) fn given(&self) -> impl Iterator<Item = (Lang, &str)> + '_ {
        Lang::ALL
            .into_iter()
            .filter_map(|l| self.exact(l).map(|t| (l, t)))
    }
}

/// A plain string is English, as in the catalogue file.
impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::one(Lang::En, text)
    }
}

/// A plain string is English, as in the catalogue file.
impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::one(Lang::En, text)
    }
}

/// A display text as one JSON string, as every JSON output gives it: the
/// outputs keep their shape whatever languages the catalogue holds.
pub(crate) fn serialize_en<S: serde::Serializer>(text: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text.get(Lang::En))
}

/// How the catalogue file writes a text: a plain string (English), or a
/// table of language tags such as `{ en = "…", zh-CN = "…" }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawText {
    Plain(String),
    ByLang(std::collections::BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match RawText::deserialize(d) {
            Ok(RawText::Plain(s)) => Ok(Text::one(Lang::En, s)),
            Ok(RawText::ByLang(map)) => {
                let mut text = Text {
                    en: None,
                    zh_cn: None,
                };
                for (tag, value) in map {
                    let lang: Lang = tag.parse().map_err(D::Error::custom)?;
                    if lang.tag() != tag {
                        return Err(D::Error::custom(format!(
                            "language tag {tag:?}: write it as \"{}\"",
                            lang.tag()
                        )));
                    }
                    *text.slot(lang) = Some(value);
                }
                if text.en.is_none() && text.zh_cn.is_none() {
                    return Err(D::Error::custom(
                        "an empty table: give the text as en = \"…\" and/or zh-CN = \"…\"",
                    ));
                }
                Ok(text)
            }
            Err(_) => Err(D::Error::custom(
                "expected a string, or a table such as { en = \"…\", zh-CN = \"…\" }",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_as_people_write_them() {
        for t in ["en", "EN", "en-GB", "en_US"] {
            assert_eq!(Lang::parse(t), Some(Lang::En), "{t}");
        }
        for t in ["zh", "zh-CN", "zh_cn", "zh-Hans", "zh-Hans-CN", "ZH-cn"] {
            assert_eq!(Lang::parse(t), Some(Lang::ZhCn), "{t}");
        }
        for t in ["zh-TW", "zh-Hant", "zh-HK", "fr", "", "*"] {
            assert_eq!(Lang::parse(t), None, "{t}");
        }
        assert!(
            "de".parse::<Lang>()
                .unwrap_err()
                .to_string()
                .contains("\"en\" and \"zh-CN\"")
        );
    }

    #[test]
    fn accept_language_takes_the_best_supported_entry() {
        let pick = Lang::from_accept_language;
        assert_eq!(pick("zh-CN,zh;q=0.9,en;q=0.8"), Some(Lang::ZhCn));
        assert_eq!(pick("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Lang::En));
        assert_eq!(pick("fr-FR, de;q=0.9, zh;q=0.5"), Some(Lang::ZhCn));
        assert_eq!(pick("en;q=0.2, zh-CN;q=0.7"), Some(Lang::ZhCn));
        assert_eq!(pick("zh-CN;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(pick("zh-TW, fr"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("en;q=abc"), None);
    }

    #[test]
    fn a_missing_language_falls_back_to_the_other() {
        let en = Text::one(Lang::En, "Liaoning");
        assert_eq!(en.get(Lang::ZhCn), "Liaoning");
        assert_eq!(en.missing().collect::<Vec<_>>(), vec![Lang::ZhCn]);
        let both = Text::both("Liaoning", "辽宁");
        assert_eq!(both.get(Lang::ZhCn), "辽宁");
        assert_eq!(both.get(Lang::En), "Liaoning");
        assert_eq!(both.missing().count(), 0);
    }

    #[derive(Deserialize, Debug)]
    struct Holder {
        name: Text,
    }

    #[test]
    fn the_catalogue_writes_a_string_or_a_table_of_tags() {
        let h: Holder = toml::from_str(r#"name = "Liaoning""#).unwrap();
        assert_eq!(h.name, Text::one(Lang::En, "Liaoning"));
        let h: Holder = toml::from_str(r#"name = { en = "Liaoning", zh-CN = "辽宁" }"#).unwrap();
        assert_eq!(h.name, Text::both("Liaoning", "辽宁"));
        let h: Holder = toml::from_str(r#"name = { zh-CN = "辽宁" }"#).unwrap();
        assert_eq!(h.name.get(Lang::En), "辽宁");
        for (bad, says) in [
            (r#"name = { fr = "x" }"#, "unknown language \"fr\""),
            (r#"name = { zh = "x" }"#, "write it as \"zh-CN\""),
            ("name = {}", "an empty table"),
            ("name = 3", "expected a string, or a table"),
        ] {
            let e = toml::from_str::<Holder>(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
