//! The pages in the reader's language: `?lang=`, the cookie the switch
//! sets, `Accept-Language`; no English word left on a Chinese page outside
//! the catalogue's own texts; a pasted CSV's problems worded in Chinese;
//! error pages in the language too.

use crate::common::app::{Options, TestApp};
use crate::common::catalogue::fixture_with;
use crate::common::session::{FormExt, login, set_cookie};
use crate::common::{body, trains};
use reqwest::StatusCode;
use serde_json::Value;
use waymark::domain::Status;

/// The text a reader sees: text between tags, the page title, and the
/// attributes a browser shows (alt, placeholder, aria-label), entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c);
        let tag = &rest[open..close];
        for attr in ["alt", "placeholder", "aria-label"] {
            if let Some(at) = tag.find(&format!(" {attr}=\"")) {
                let value = &tag[at + attr.len() + 3..];
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every display text of the catalogue, as the API lists it: what the
/// pages show as the catalogue gives it, whatever the page's language.
async fn catalogue_texts(app: &TestApp) -> Vec<String> {
    let mut texts = Vec::new();
    for (path, fields) in [
        ("/api/regions", &["id", "name"][..]),
        ("/api/indicators", &["id", "name", "unit"][..]),
        ("/api/goals", &["id", "title", "note"][..]),
    ] {
        let list = app.get_json(path).await;
        for item in list.as_array().expect("a list") {
            for f in fields {
                if let Some(Value::String(s)) = item.get(*f) {
                    texts.push(s.clone());
                }
            }
        }
    }
    // Longest first, so a title goes before a word inside it.
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts
}

/// The Latin words a Chinese page shows outside the catalogue's texts,
/// besides the product's name, the switch's "English" and `allowed`.
async fn english_words(app: &TestApp, html: &str, allowed: &[&str]) -> Vec<String> {
    let mut text = visible_text(html);
    for t in catalogue_texts(app).await {
        text = text.replace(&t, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
        .filter(|w| !["waymark", "English"].contains(w) && !allowed.contains(w))
        .map(String::from)
        .collect()
}

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

/// A server with figures behind every kind of dashboard line: the trains
/// goal moved to the current year (a projection, a chance, a latest figure
/// flagged as estimated) while the trade goal is stale with overdue periods.
async fn app_with_figures() -> TestApp {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    // The year of last month: at least one month of it has ended.
    let last_month = today.with_day(1).unwrap().pred_opt().unwrap();
    let year = last_month.year();
    let catalogue = fixture_with(&[(
        "target_year = 2021\nbaseline_year = 2020\n",
        &format!("target_year = {year}\nbaseline_year = {}\n", year - 1),
    )]);
    let app = TestApp::spawn_with(Options {
        catalogue: Some(catalogue),
        ..Options::default()
    })
    .await;
    let mut figures = Vec::new();
    for y in year - 6..year {
        figures.extend(trains(y, &[100.; 12]));
    }
    let months = last_month.month() as usize;
    figures.extend(trains(year, &vec![105.; months]));
    figures.last_mut().unwrap()["flag"] = "E".into();
    let (code, answer) = app.post_figures(&app.admin, &body(figures)).await;
    assert_eq!(code, StatusCode::OK, "{answer}");
    app
}

#[tokio::test]
async fn the_dashboard_in_chinese_has_no_english_word_outside_the_catalogue() {
    let app = app_with_figures().await;
    for headers in [vec![], vec![("accept-language", "zh-CN,zh;q=0.9,en;q=0.5")]] {
        let path = if headers.is_empty() {
            "/?lang=zh-CN"
        } else {
            "/"
        };
        let html = page(&app, path, &headers).await.text().await.unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
        for s in Status::ALL {
            assert!(!html.contains(s.label()), "{:?} in {html}", s.label());
        }
        assert!(html.contains("<h1>目标进展</h1>"), "{html}");
        assert!(
            html.contains("累计完成") && html.contains("逾期未报"),
            "{html}"
        );
        // The current goal is judged on a projection, unless it is the
        // year's last weeks and December's figure is already overdue.
        let trains = &html[html.find("id=\"goal-liaoning-trains-2021\"").unwrap()..];
        let trains = &trains[..trains.find("</section>").unwrap()];
        if !trains.contains("起缺失") {
            assert!(
                trains.contains("全年预计") && trains.contains("实现可能性"),
                "{trains}"
            );
            assert!(trains.contains("（估计数）"), "{trains}");
        }
        // Dates and periods as Chinese text writes them.
        assert!(html.contains("截至") && html.contains("年"), "{html}");
        let left = english_words(&app, &html, &[]).await;
        assert!(left.is_empty(), "English words {left:?} on {html}");
    }
    // Thousands are grouped: the target is 1,320 trains.
    let html = app.get("/?lang=zh-CN").await.text().await.unwrap();
    assert!(html.contains("1,320"), "{html}");

    // And back: ?lang=en wins over a Chinese browser.
    let res = page(&app, "/?lang=en", &[("accept-language", "zh-CN")]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("<h1>Goals</h1>") && html.contains("To date"),
        "{html}"
    );
    assert!(!html.contains("目标进展"), "{html}");
}

#[tokio::test]
async fn the_switch_sets_a_cookie_that_keeps_the_language_through_sign_in_and_forms() {
    let app = TestApp::spawn().await;
    let res = app.get("/?lang=zh-CN").await;
    let header = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("waymark_lang="))
        .expect("the language cookie");
    assert_eq!(
        header,
        "waymark_lang=zh-CN; Path=/; SameSite=Lax; Max-Age=31536000"
    );
    let html = res.text().await.unwrap();
    // The switch links to the page in the other language.
    assert!(html.contains("href=\"/?lang=en\""), "{html}");
    let lang = set_cookie(&app.get("/?lang=zh-CN").await, "waymark_lang").unwrap();

    // Another page, no ?lang=, an English browser: the cookie decides.
    let en_browser = ("accept-language", "en-US,en;q=0.9");
    let html = page(&app, "/enter", &[("cookie", &lang), en_browser])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("请使用填报令牌登录"), "{html}");

    // Signed in, a form posted with both cookies answers in Chinese.
    let b = login(&app, &app.operator).await.unwrap();
    let cookies = format!("{}; {lang}", b.cookie);
    let res = app
        .client
        .post(app.url("/enter"))
        .header("cookie", &cookies)
        .header(en_browser.0, en_browser.1)
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("region", "liaoning"),
            ("indicator", "china-europe-trains"),
            ("period", "2021-06"),
            ("value", "300"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("已记录：新增 1 条，修订 0 条，未变 0 条。"),
        "{html}"
    );
    // The forms post back with the page's language.
    assert!(html.contains("action=\"/enter?lang=zh-CN\""), "{html}");
    let left = english_words(
        &app,
        &html,
        &[
            "region",
            "indicator",
            "period",
            "value",
            "basis",
            "note",
            "CSV",
            "op",
            "liaoning",
        ],
    )
    .await;
    assert!(left.is_empty(), "English words {left:?} on {html}");
}

#[tokio::test]
async fn a_pasted_row_problem_names_its_line_and_field_in_chinese_with_the_value_as_given() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let csv = "region,indicator,period,value\n\
               liaoning,china-europe-trains,2021-01,5\n\
               liaoning,china-europe-trains,2021-02,12,406\n\
               liaoning,china-europe-trains,2021-13,<b>\n";
    let res = app
        .client
        .post(app.url("/enter/csv?lang=zh-CN"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("第 3 行：字段数与表头的列数不一致"), "{html}");
    assert!(
        html.contains("第 4 行：期间“2021-13”：不是有效的期间"),
        "{html}"
    );
    // The value as given, escaped.
    assert!(
        html.contains("第 4 行：数值“&lt;b&gt;”：不是有效的数字"),
        "{html}"
    );
    assert!(!html.contains("<b>"), "{html}");
    assert!(!html.contains("invalid number"), "{html}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn error_pages_and_refusals_are_worded_in_the_page_language() {
    let app = TestApp::spawn().await;
    // An unknown address: a page for a browser, JSON for a program.
    let res = page(&app, "/nowhere?lang=zh-CN", &[("accept", "text/html")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"zh-CN\">") && html.contains("没有这个页面"),
        "{html}"
    );
    let res = app.get("/nowhere").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "no such route");

    // A pasted CSV with another operator's region is refused in Chinese,
    // naming the region and its line.
    let b = login(&app, &app.operator).await.unwrap();
    let csv = "region,indicator,period,value\nguizhou,china-europe-trains,2021-01,5\n";
    let res = app
        .client
        .post(app.url("/enter/csv?lang=zh-CN"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("您只能录入以下地区的数据：liaoning；不能录入：“guizhou”（第 2 行）。"),
        "{html}"
    );
    // A form body over the limit: the page says so, in the language asked for.
    let big = "x".repeat(waymark::http::BODY_LIMIT + 1);
    let res = app
        .client
        .post(app.url("/enter/csv?lang=zh-CN"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", &big)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("请分批粘贴"));
}

#[tokio::test]
async fn the_stylesheet_names_chinese_fonts_and_the_server_serves_its_own() {
    let app = TestApp::spawn().await;
    let html = app.get("/?lang=zh-CN").await.text().await.unwrap();
    let href = html
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let css = app.get(href).await.text().await.unwrap();
    assert!(
        css.contains("PingFang SC, Hiragino Sans GB, Microsoft YaHei"),
        "{css}"
    );
    let urls: Vec<&str> = css
        .split(",url(")
        .skip(1)
        .map(|rest| &rest[..rest.find(')').unwrap()])
        .collect();
    assert_eq!(urls.len(), 2, "{css}");
    for url in urls {
        let res = app.get(url).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        assert_eq!(res.headers()["content-type"], "font/ttf");
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("font-src 'self'"), "{csp}");
        let bytes = res.bytes().await.unwrap();
        // A TrueType file (version 1.0 tag), not an error page.
        assert_eq!(&bytes[..4], &[0, 1, 0, 0], "{url}");
        assert!(bytes.len() > 1_000_000, "{url}: {} bytes", bytes.len());
    }
}
