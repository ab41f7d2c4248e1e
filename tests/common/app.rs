//! The server in this process: the library's router and accept loop on
//! 127.0.0.1:0 over a temporary database, with tokens of every role and a
//! reqwest client.

use super::cli::Env;
use super::lab::Lab;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::task::JoinHandle;
use waymark::daemon::{self, Shutdown};
use waymark::http::AppState;
use waymark::tokens::{hash_secret, new_secret};

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub shutdown: Shutdown,
    pub server: Option<JoinHandle<anyhow::Result<()>>>,
    pub admin: String,
    /// Operator for liaoning.
    pub operator: String,
    /// Operator for guizhou only.
    pub other_operator: String,
    pub viewer: String,
    /// The folder with its settings and database.
    pub env: Env,
}

/// How the server is set up.
pub struct Options {
    pub public_read: bool,
    /// The catalogue's text; the fixture catalogue if `None`.
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
    /// The server over the fixture catalogue, reads public.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    /// The server set up as `o` says.
    pub async fn spawn_with(o: Options) -> TestApp {
        let env = match &o.catalogue {
            Some(text) => Env::with_catalogue_text(text),
            None => Env::new(),
        };
        env.configure(
            &format!("public_read = {}\n{}", o.public_read, o.server),
            "",
        );
        let Lab {
            env,
            store,
            cat,
            settings,
        } = Lab::open(env).await;
        let token = async |name: &str, role: &str, regions: &[&str]| {
            let secret = new_secret();
            let regions: Vec<String> = regions
                .iter()
                .map(std::string::ToString::to_string)
                .collect();
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
        TestApp {
            base,
            client: super::client(),
            state,
            shutdown,
            server: Some(server),
            admin,
            operator,
            other_operator,
            viewer,
            env,
        }
    }

    /// The router alone, for requests handed to it without a socket.
    pub fn router(&self) -> axum::Router {
        waymark::http::router(self.state.clone())
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path`, without credentials.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// `GET path`, which must answer 200: its JSON.
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

    /// POST `body` to /api/observations with `token`: the status and the answer.
    pub async fn post_figures(&self, token: &str, body: &Value) -> (StatusCode, Value) {
        self.post_raw(Some(token), body.to_string()).await
    }

    /// POST `body` to /api/review (a decision on a held figure) with `token`.
    pub async fn post_review(&self, token: &str, body: &Value) -> (StatusCode, Value) {
        let res = self
            .client
            .post(self.url("/api/review"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = res.status();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// A further token, with its secret.
    pub async fn token(&self, name: &str, role: &str, regions: &[&str]) -> String {
        let secret = new_secret();
        let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
        self.state
            .store
            .create_token(name, role, &regions, &hash_secret(&secret))
            .await
            .unwrap();
        secret
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

/// A kind of caller of the routes that write.
#[derive(Clone, Copy, Debug)]
pub enum Caller {
    Nobody,
    BadToken,
    Viewer,
    OtherOperator,
    Operator,
    Admin,
}

/// Every kind of caller.
pub const CALLERS: [Caller; 6] = [
    Caller::Nobody,
    Caller::BadToken,
    Caller::Viewer,
    Caller::OtherOperator,
    Caller::Operator,
    Caller::Admin,
];

impl TestApp {
    /// The bearer token `c` presents, if any.
    pub fn secret(&self, c: Caller) -> Option<String> {
        match c {
            Caller::Nobody => None,
            Caller::BadToken => Some("wm_0000000000000000000000000000000000000000000".into()),
            Caller::Viewer => Some(self.viewer.clone()),
            Caller::OtherOperator => Some(self.other_operator.clone()),
            Caller::Operator => Some(self.operator.clone()),
            Caller::Admin => Some(self.admin.clone()),
        }
    }
}

impl Caller {
    /// What a write by this caller gets: refused unknown, forbidden outside
    /// its role or regions, or done.
    pub fn expected(self) -> StatusCode {
        match self {
            Caller::Nobody | Caller::BadToken => StatusCode::UNAUTHORIZED,
            Caller::Viewer | Caller::OtherOperator => StatusCode::FORBIDDEN,
            Caller::Operator | Caller::Admin => StatusCode::OK,
        }
    }
}

/// `res` carries the security headers: a strict Content-Security-Policy,
/// no sniffing, no framing; `what` names it in a failure.
pub fn check_headers(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"))
        .to_str()
        .unwrap();
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("script-src 'none'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["x-frame-options"], "DENY", "{what}");
}
