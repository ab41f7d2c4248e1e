//! Starts a server on 127.0.0.1:0 with its own temporary database, tokens
//! of every role, and a reqwest client.

use reqwest::StatusCode;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tokio::task::JoinHandle;
use waymark::config::Settings;
use waymark::daemon::{self, Shutdown};
use waymark::domain::Catalogue;
use waymark::http::AppState;
use waymark::store::Store;
use waymark::tokens::{hash_secret, new_secret};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub shutdown: Shutdown,
    pub server: Option<JoinHandle<anyhow::Result<()>>>,
    pub db_path: PathBuf,
    pub admin: String,
    /// Operator for liaoning.
    pub operator: String,
    /// Operator for guizhou only.
    pub other_operator: String,
    pub viewer: String,
    _dir: tempfile::TempDir,
}

pub struct Options {
    pub public_read: bool,
    pub catalogue: Option<String>,
    /// More `[server]` settings, as TOML lines.
    pub server: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            public_read: true,
            catalogue: None,
            server: String::new(),
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(o: Options) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let cat_path = match &o.catalogue {
            Some(text) => {
                let p = dir.path().join("catalogue.toml");
                std::fs::write(&p, text).unwrap();
                p
            }
            None => fixture("catalogue.toml"),
        };
        let db_path = dir.path().join("test.db");
        let config = format!(
            "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n[server]\npublic_read = {}\n{}\n",
            cat_path.display().to_string(),
            db_path.display(),
            o.public_read,
            o.server
        );
        let config_path = dir.path().join("waymark.toml");
        std::fs::write(&config_path, config).unwrap();
        let settings = Settings::load(Some(&config_path), &[]).expect("settings");
        let text = std::fs::read_to_string(&cat_path).unwrap();
        let cat = Catalogue::from_toml(&text, "catalogue.toml").expect("catalogue");
        let store = Store::open(&settings.database.url).await.expect("store");
        store.sync_catalogue(&cat).await.unwrap();
        let token = async |name: &str, role: &str, regions: &[&str]| {
            let secret = new_secret();
            let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
            store
                .create_token(name, role, &regions, &hash_secret(&secret))
                .await
                .unwrap();
            secret
        };
        let admin = token("admin", "admin", &[]).await;
        let operator = token("op-liaoning", "operator", &["liaoning"]).await;
        let other_operator = token("op-guizhou", "operator", &["guizhou"]).await;
        let viewer = token("viewer", "viewer", &[]).await;
        let state = AppState::new(store, cat, settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shutdown = Shutdown::new();
        let server = tokio::spawn(daemon::run(
            state.clone(),
            listener,
            shutdown.signal(),
            Vec::new(),
        ));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
        TestApp {
            base,
            client,
            state,
            shutdown,
            server: Some(server),
            db_path,
            admin,
            operator,
            other_operator,
            viewer,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    /// POST a raw body to /api/observations with an optional bearer token.
    pub async fn post_raw(
        &self,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .post(self.url("/api/observations"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
    }

    pub async fn post_figures(&self, token: &str, body: &Value) -> (StatusCode, Value) {
        self.post_raw(Some(token), body.to_string()).await
    }

    /// Number of figure revisions stored.
    pub async fn figure_count(&self) -> i64 {
        self.state.store.figure_count().await.unwrap()
    }

    /// Stop the server and wait for it.
    pub async fn stop(&mut self) {
        self.shutdown.trigger();
        if let Some(h) = self.server.take() {
            h.await.unwrap().unwrap();
        }
    }
}

/// One figure as JSON.
pub fn fig(region: &str, indicator: &str, period: &str, value: f64) -> Value {
    serde_json::json!({"region": region, "indicator": indicator, "period": period, "value": value})
}

pub fn body(figures: Vec<Value>) -> Value {
    serde_json::json!({ "observations": figures })
}

/// The worked example of docs/progress.md: Liaoning's trains 2020 and Jan–Jun 2021.
pub fn liaoning_figures() -> Vec<Value> {
    let v2020 = [60., 35., 70., 75., 80., 85., 90., 95., 90., 95., 100., 105.];
    let v2021 = [70., 45., 78., 84., 88., 92.];
    let mut out = Vec::new();
    for (m, v) in v2020.iter().enumerate() {
        out.push(fig(
            "liaoning",
            "china-europe-trains",
            &format!("2020-{:02}", m + 1),
            *v,
        ));
    }
    for (m, v) in v2021.iter().enumerate() {
        out.push(fig(
            "liaoning",
            "china-europe-trains",
            &format!("2021-{:02}", m + 1),
            *v,
        ));
    }
    out
}

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
