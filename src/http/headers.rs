//! Security headers on every response the router makes, and `Secure` on
//! every cookie when `server.secure_cookies` is on (by default, when
//! `server.public_url` is https).

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// No script at all, styles, images and fonts (the pages' Chinese font)
/// from this server only, forms post here only, and no framing
/// (clickjacking).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'none'; \
     style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

const FIXED: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "same-origin"),
];

/// Middleware adding the headers. A response that says nothing about
/// caching gets `no-store`: pages carry CSRF tokens and signed-in names,
/// answers carry figures that may change; the stylesheet and charts set
/// their own.
pub(crate) async fn add(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in FIXED {
        h.insert(name, HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.settings.server.secure_cookies() {
        mark_cookies_secure(h);
    }
    res
}

/// Add `Secure` to every `Set-Cookie` that lacks it: the browser then sends
/// the cookie over https only.
fn mark_cookies_secure(h: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
    h.remove(header::SET_COOKIE);
    for c in cookies {
        let secure = c.to_str().is_ok_and(|s| {
            s.split(';')
                .any(|attr| attr.trim().eq_ignore_ascii_case("secure"))
        });
        let value = if secure {
            c
        } else {
            let mut bytes = c.as_bytes().to_vec();
            bytes.extend_from_slice(b"; Secure");
            HeaderValue::from_bytes(&bytes).unwrap_or(c)
        };
        h.append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cookie_gets_secure_once() {
        let mut h = HeaderMap::new();
        h.append(
            header::SET_COOKIE,
            HeaderValue::from_static("a=1; HttpOnly"),
        );
        h.append(header::SET_COOKIE, HeaderValue::from_static("b=2; Secure"));
        h.append(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        mark_cookies_secure(&mut h);
        let got: Vec<&str> = h
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(got, ["a=1; HttpOnly; Secure", "b=2; Secure"]);
        assert_eq!(h[header::CONTENT_TYPE], "text/html");
    }
}
