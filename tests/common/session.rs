//! A person at the pages: forms posted as a browser posts them, sign-in
//! through the login form, and the session and CSRF token it gives.

use super::app::TestApp;
use reqwest::StatusCode;

/// `application/x-www-form-urlencoded` bodies (reqwest's `form` feature is off).
pub trait FormExt {
    fn form(self, fields: &[(&str, &str)]) -> Self;
}

impl FormExt for reqwest::RequestBuilder {
    fn form(self, fields: &[(&str, &str)]) -> Self {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    b' ' => "+".into(),
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(body.join("&"))
    }
}

/// The value of `name="NAME" value="…"` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// `NAME=value` from the response's Set-Cookie headers.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let pair = v.split(';').next()?;
        pair.strip_prefix(&format!("{name}="))
            .map(|s| format!("{name}={s}"))
    })
}

/// A signed-in browser: its session cookie and the page's CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Sign in through the login form; `Err(status)` when the login is refused.
pub async fn login(app: &TestApp, token: &str) -> Result<Session, StatusCode> {
    let res = app.get("/enter").await;
    let login_cookie = set_cookie(&res, "wm_login_csrf").expect("login CSRF cookie");
    let csrf = hidden(&res.text().await.unwrap(), "csrf");
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", &login_cookie)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    if res.status() != StatusCode::SEE_OTHER {
        return Err(res.status());
    }
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let session = set
        .iter()
        .find(|c| c.starts_with("wm_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/"),
        "{session}"
    );
    let cookie = session.split(';').next().unwrap().to_string();
    let page = app
        .client
        .get(app.url("/enter"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    Ok(Session {
        csrf: hidden(&html, "csrf"),
        cookie,
    })
}

/// POST the single-figure form; returns the status and page.
pub async fn enter(
    app: &TestApp,
    b: &Session,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let res = app
        .client
        .post(app.url("/enter"))
        .header("cookie", &b.cookie)
        .form(&form[..])
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}
