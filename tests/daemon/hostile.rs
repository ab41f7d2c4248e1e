//! Check 4: at least 10,000 generated hostile requests against the whole
//! router, in process: random bytes, random JSON, mutated valid bodies,
//! wrong content types, huge numbers, deep nesting, bad tokens, random
//! paths and methods. None may panic or get a 5xx, and no rejected
//! request may write a figure.

use crate::common::app::TestApp;
use axum::body::Body;
use axum::http::{Method, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

const CASES: u32 = 10_000;

#[derive(Debug, Clone)]
enum Auth {
    None,
    Admin,
    Operator,
    Viewer,
    /// The admin secret with one character changed.
    NearMiss(usize),
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
struct Hostile {
    method: Method,
    path: String,
    auth: Auth,
    content_type: Option<Vec<u8>>,
    cookie: Option<String>,
    body: Vec<u8>,
}

fn pct(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (*b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        6 => Just(Method::POST),
        3 => Just(Method::GET),
        2 => prop::sample::select(vec![
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::HEAD,
            Method::OPTIONS,
            Method::TRACE,
            Method::CONNECT,
        ]),
        1 => "[A-Z]{1,12}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap()),
    ]
}

const ROUTES: &[&str] = &[
    "/healthz",
    "/metrics",
    "/api/openapi.json",
    "/api/regions",
    "/api/indicators",
    "/api/goals",
    "/api/status",
    "/api/series",
    "/api/alerts",
    "/",
    "/enter",
    "/enter/csv",
    "/login",
    "/logout",
];

fn query() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "as_of",
        "known_at",
        "region",
        "goal",
        "indicator",
        "x",
        "",
    ]);
    let value = prop_oneof![
        Just("2021-06-30".to_string()),
        Just("2021-07-01T00:00:00Z".to_string()),
        Just("liaoning".to_string()),
        Just("china-europe-trains".to_string()),
        Just("liaoning-trains-2021".to_string()),
        Just("99999-99-99".to_string()),
        Just("-262144-01-01".to_string()),
        Just("+275760-09-13T00:00:00Z".to_string()),
        Just("9999-12-31".to_string()),
        Just("0001-01-01".to_string()),
        Just("+262142-12-31".to_string()),
        Just("0000-01-01T00:00:00Z".to_string()),
        Just("9999-12-31T23:59:59.999999999%2B14:00".to_string()),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| pct(&b)),
    ];
    prop::collection::vec((key, value), 0..4).prop_map(|kv| {
        if kv.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> = kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("?{}", parts.join("&"))
        }
    })
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just("/api/observations".to_string()),
        3 => (prop::sample::select(ROUTES), query()).prop_map(|(r, q)| format!("{r}{q}")),
        2 => (
            prop::collection::vec(any::<u8>(), 0..80),
            prop::sample::select(vec!["svg", "png", "gif", ""]),
        )
            .prop_map(|(id, ext)| format!("/api/goals/{}/chart.{ext}", pct(&id))),
        2 => prop::collection::vec(any::<u8>(), 0..120).prop_map(|b| format!("/{}", pct(&b))),
        1 => "(/[a-z.]{0,8}){1,6}",
    ]
}

fn auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        2 => Just(Auth::None),
        6 => Just(Auth::Admin),
        2 => Just(Auth::Operator),
        1 => Just(Auth::Viewer),
        2 => (0usize..46).prop_map(Auth::NearMiss),
        2 => prop_oneof![
            prop::collection::vec(any::<u8>(), 0..80),
            "(Bearer|bearer|BEARER|Basic|Token|) {0,3}[ -~]{0,60}".prop_map(String::into_bytes),
        ]
        .prop_map(Auth::Raw),
    ]
}

fn content_type() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        6 => Just(Some(b"application/json".to_vec())),
        3 => Just(None),
        3 => prop::sample::select(vec![
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=utf-16",
            "application/xml",
            "*/*",
            "",
        ])
        .prop_map(|s| Some(s.as_bytes().to_vec())),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ]
}

/// Any JSON value, nested a few levels.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        prop::sample::select(vec![
            "liaoning",
            "guizhou",
            "china-europe-trains",
            "fdi-actual",
            "2021-01",
            "2021-Q3",
            "2021",
            "ytd",
            "period",
            "1e999",
            "NaN",
            "-0",
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "observations",
                    "region",
                    "indicator",
                    "period",
                    "value",
                    "basis",
                    "note",
                    "valeu",
                    "x",
                ])
                .prop_map(String::from),
                inner,
                0..7
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid body: 1-5 figures that the server would accept.
fn valid() -> impl Strategy<Value = String> {
    let one = (
        prop::sample::select(vec!["liaoning", "guizhou", "zhejiang", "china"]),
        prop::sample::select(vec!["china-europe-trains", "import-export"]),
        0usize..2400,
        -1e6f64..1e6,
    )
        .prop_map(|(r, i, m, v)| crate::common::fig(r, i, &crate::common::month(m), v));
    prop::collection::vec(one, 1..6)
        .prop_map(|figs| serde_json::json!({ "observations": figs }).to_string())
}

/// Byte-level mutations of a valid body.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        valid(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6),
    )
        .prop_map(|(body, edits)| {
            let mut b = body.into_bytes();
            for (at, op, byte) in edits {
                if b.is_empty() {
                    b.push(byte);
                    continue;
                }
                let i = at.index(b.len());
                match op {
                    0 => b[i] = byte,
                    1 => b.insert(i, byte),
                    2 => {
                        b.remove(i);
                    }
                    _ => b.truncate(i),
                }
            }
            b
        })
}

/// Well-formed figures with hostile values in their fields.
fn hostile_fields() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        Just("1e999".to_string()),
        Just("-1e999".to_string()),
        Just("1e308".to_string()),
        Just("123456789012345678901234567890123456789012345678901234567890".to_string()),
        Just("-0".to_string()),
        Just("0.0000000000000000000000000000001".to_string()),
        Just("\"1e400\"".to_string()),
        Just("\"  12 \"".to_string()),
        Just("\"0x10\"".to_string()),
        Just("\"inf\"".to_string()),
        Just("\"\\u0000\"".to_string()),
        any::<f64>().prop_map(|f| serde_json::json!(f).to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
    ];
    let text = prop_oneof![
        Just("\"liaoning\"".to_string()),
        Just("\"china-europe-trains\"".to_string()),
        Just("\"2021-06\"".to_string()),
        Just("\"\\u0000\"".to_string()),
        Just("\"../../etc/passwd\"".to_string()),
        Just("\"=cmd|' /C calc'!A0\"".to_string()),
        ".{0,30}".prop_map(|s| serde_json::json!(s).to_string()),
        "[0-9]{1,6}(-Q?[0-9]{1,3})?".prop_map(|s| serde_json::json!(s).to_string()),
        (1usize..5000).prop_map(|n| serde_json::json!("x".repeat(n)).to_string()),
    ];
    (
        text.clone(),
        text.clone(),
        text.clone(),
        value,
        text,
        1usize..40,
    )
        .prop_map(|(r, i, p, v, note, n)| {
            let one = format!(
                r#"{{"region":{r},"indicator":{i},"period":{p},"value":{v},"note":{note}}}"#
            );
            format!(r#"{{"observations":[{}]}}"#, vec![one; n].join(",")).into_bytes()
        })
}

fn deep() -> impl Strategy<Value = Vec<u8>> {
    (
        1usize..5000,
        prop::sample::select(vec!["[", "{\"a\":", "{\"observations\":["]),
    )
        .prop_map(|(n, open)| open.repeat(n).into_bytes())
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => mutated(),
        3 => hostile_fields(),
        2 => json().prop_map(|v| v.to_string().into_bytes()),
        2 => json().prop_map(|v| serde_json::json!({ "observations": [v] }).to_string().into_bytes()),
        2 => prop::collection::vec(any::<u8>(), 0..512),
        1 => deep(),
        1 => valid().prop_map(String::into_bytes),
        1 => Just(Vec::new()),
        1 => "[a-z_]{1,10}=[ -~]{0,40}(&[a-z_]{1,10}=[ -~]{0,40}){0,3}".prop_map(String::into_bytes),
    ]
}

fn hostile() -> impl Strategy<Value = Hostile> {
    (
        method(),
        path(),
        auth(),
        content_type(),
        prop::option::weighted(0.1, "[ -~]{0,80}"),
        body(),
    )
        .prop_map(|(method, path, auth, content_type, cookie, body)| Hostile {
            method,
            path,
            auth,
            content_type,
            cookie,
            body,
        })
}

fn near_miss(secret: &str, at: usize) -> String {
    let mut b = secret.as_bytes().to_vec();
    let i = at % b.len();
    b[i] = if b[i] == b'x' { b'y' } else { b'x' };
    String::from_utf8(b).unwrap()
}

#[test]
fn ten_thousand_hostile_requests_get_no_5xx_and_rejected_ones_write_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = rt.block_on(TestApp::spawn());
    let router = app.router();
    let counts: [AtomicUsize; 6] = Default::default(); // 1xx..5xx by class, [0] unused
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&hostile(), |h| {
        let bearer = match &h.auth {
            Auth::None => None,
            Auth::Admin => Some(format!("Bearer {}", app.admin).into_bytes()),
            Auth::Operator => Some(format!("Bearer {}", app.operator).into_bytes()),
            Auth::Viewer => Some(format!("Bearer {}", app.viewer).into_bytes()),
            Auth::NearMiss(at) => {
                Some(format!("Bearer {}", near_miss(&app.admin, *at)).into_bytes())
            }
            Auth::Raw(b) => Some(b.clone()),
        };
        let mut req = Request::builder().method(h.method.clone()).uri(&h.path);
        if let Some(v) = bearer.and_then(|b| axum::http::HeaderValue::from_bytes(&b).ok()) {
            req = req.header("authorization", v);
        }
        if let Some(v) = h
            .content_type
            .as_ref()
            .and_then(|b| axum::http::HeaderValue::from_bytes(b).ok())
        {
            req = req.header("content-type", v);
        }
        if let Some(c) = &h.cookie {
            req = req.header("cookie", c.as_str());
        }
        let req = req
            .body(Body::from(h.body.clone()))
            .map_err(|e| TestCaseError::fail(format!("building the request: {e}")))?;
        let (status, answer, before, after) = rt.block_on(async {
            let before = app.figure_count().await;
            let res = router.clone().oneshot(req).await.unwrap();
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            (status, bytes, before, app.figure_count().await)
        });
        let text = String::from_utf8_lossy(&answer);
        counts[(status.as_u16() / 100) as usize % 6].fetch_add(1, Ordering::Relaxed);
        prop_assert!(
            !status.is_server_error(),
            "{status} for {} {}: {text:.300}",
            h.method,
            h.path
        );
        if status.is_client_error() {
            prop_assert_eq!(
                before,
                after,
                "{} for {} {} wrote figures",
                status,
                h.method,
                h.path
            );
        } else {
            prop_assert!(after >= before);
        }
        Ok(())
    });
    let c: Vec<usize> = counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
    eprintln!(
        "hostile: {} requests: {} 2xx, {} 3xx, {} 4xx, {} 5xx; {} figures written by accepted ones",
        c.iter().sum::<usize>(),
        c[2],
        c[3],
        c[4],
        c[5],
        rt.block_on(app.figure_count())
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(c.iter().sum::<usize>() >= CASES as usize);
}
