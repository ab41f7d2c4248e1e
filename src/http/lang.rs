//! Which language a request is answered in: `?lang=` first, then a `lang`
//! cookie (set by the pages' language switch), then the browser's
//! `Accept-Language`, then `[ui] language`. A value waymark does not speak
//! (`?lang=fr`) is passed over, as browsers pass over languages a site
//! lacks, rather than refused.

use super::AppState;
use crate::domain::Lang;
use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use std::convert::Infallible;

/// The language of the answer to this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Language(pub Lang);

/// The name of the cookie that remembers a chosen language.
pub(crate) const COOKIE_NAME: &str = "waymark_lang";

impl FromRequestParts<AppState> for Language {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Language(negotiate(parts, state.settings.ui.language)))
    }
}

/// The language `parts` asks for, else `default`.
pub(crate) fn negotiate(parts: &Parts, default: Lang) -> Lang {
    from_query(parts.uri.query().unwrap_or(""))
        .or_else(|| from_cookie(parts))
        .or_else(|| {
            let header = parts.headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
            Lang::from_accept_language(header)
        })
        .unwrap_or(default)
}

/// `lang=` in a query string (the last one given wins, as in forms).
pub(crate) fn from_query(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .filter_map(Lang::parse)
        .next_back()
}

fn from_cookie(parts: &Parts) -> Option<Lang> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(COOKIE_NAME)?.strip_prefix('='))
        .find_map(Lang::parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut b = Request::builder().uri(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).unwrap().into_parts().0
    }

    #[test]
    fn the_query_wins_then_the_cookie_then_the_browser_then_the_setting() {
        let zh = Lang::ZhCn;
        let en = Lang::En;
        let al = ("accept-language", "zh-CN,zh;q=0.9");
        assert_eq!(negotiate(&parts("/?lang=en", &[al]), zh), en);
        assert_eq!(negotiate(&parts("/?a=1&lang=zh-CN", &[]), en), zh);
        assert_eq!(negotiate(&parts("/", &[al]), en), zh);
        assert_eq!(negotiate(&parts("/", &[]), zh), zh);
        assert_eq!(
            negotiate(&parts("/", &[("cookie", "x=1; waymark_lang=zh-CN")]), en),
            zh
        );
        assert_eq!(
            negotiate(&parts("/?lang=en", &[("cookie", "waymark_lang=zh-CN")]), zh),
            en
        );
        // Unknown values are passed over, not refused.
        assert_eq!(negotiate(&parts("/?lang=fr", &[al]), en), zh);
        assert_eq!(negotiate(&parts("/?lang=zh-TW", &[]), en), en);
    }
}
