//! The pages' language switch: links that add `?lang=` to a page, and the
//! cookie that remembers the choice for the pages and form posts after it.

use crate::domain::Lang;
use crate::http::lang::{COOKIE_NAME, from_query};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// How long a chosen language is remembered: a year.
const REMEMBER_SECS: u64 = 365 * 24 * 3600;

/// Middleware on the page routes: an answer to a request with a `?lang=`
/// waymark speaks sets the cookie that remembers it.
pub(crate) async fn remember(req: Request, next: Next) -> Response {
    let chosen = from_query(req.uri().query().unwrap_or(""));
    let mut res = next.run(req).await;
    if let Some(lang) = chosen
        && let Ok(v) = HeaderValue::from_str(&cookie(lang))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The `Set-Cookie` value for `lang`: sent with every request to the
/// server, not HttpOnly (it holds nothing secret), and Lax, so a link from
/// elsewhere still opens the pages in the chosen language.
pub(crate) fn cookie(lang: Lang) -> String {
    format!(
        "{COOKIE_NAME}={}; Path=/; SameSite=Lax; Max-Age={REMEMBER_SECS}",
        lang.tag()
    )
}

/// The address `here` (a path, perhaps with a query) asking for `lang`.
pub(crate) fn link(here: &str, lang: Lang) -> String {
    let sep = if here.contains('?') { '&' } else { '?' };
    format!("{here}{sep}lang={}", lang.tag())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_add_the_language_to_the_query() {
        assert_eq!(link("/", Lang::ZhCn), "/?lang=zh-CN");
        assert_eq!(
            link("/?region=liaoning", Lang::En),
            "/?region=liaoning&lang=en"
        );
        let c = cookie(Lang::ZhCn);
        assert!(c.starts_with("waymark_lang=zh-CN; Path=/; SameSite=Lax; Max-Age=31536000"));
        assert!(!c.contains("HttpOnly"));
    }
}
