//! A webhook receiver on loopback: it answers scripted status codes, keeps
//! every request it got, and lets a test wait for the next one.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// What the receiver saw: the status it answered, the Idempotency-Key and the body.
#[derive(Debug, Clone)]
pub struct Received {
    pub answered: u16,
    pub key: String,
    pub body: serde_json::Value,
}

struct Script {
    /// Answered first, in turn.
    answers: Mutex<VecDeque<u16>>,
    /// Answered once the script is used up.
    then: AtomicU16,
    log: Mutex<Vec<Received>>,
    /// How many requests have arrived.
    count: watch::Sender<usize>,
}

/// A webhook receiver on 127.0.0.1:0, serving `POST /hook` until the test ends.
pub struct Webhook {
    pub url: String,
    script: Arc<Script>,
    /// Requests handed out by [`Webhook::next`] so far.
    seen: usize,
}

impl Webhook {
    /// Answer the scripted codes in turn, then 200.
    pub async fn start(answers: &[u16]) -> Webhook {
        let script = Arc::new(Script {
            answers: Mutex::new(answers.iter().copied().collect()),
            then: AtomicU16::new(200),
            log: Mutex::default(),
            count: watch::channel(0).0,
        });
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Webhook {
            url,
            script,
            seen: 0,
        }
    }

    /// Answer `code` to every request from now on.
    pub fn answer(&self, code: u16) {
        self.script.answers.lock().unwrap().clear();
        self.script.then.store(code, Ordering::SeqCst);
    }

    /// The settings table of a webhook channel named "ops" posting here.
    pub fn channel(&self) -> String {
        format!(
            "[[channel]]\nkind = \"webhook\"\nname = \"ops\"\nurl = \"{}\"\n",
            self.url
        )
    }

    /// Every request so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.script.log.lock().unwrap().clone()
    }

    /// The bodies it accepted (answered 2xx), in arrival order.
    pub fn accepted(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.answered < 300)
            .collect()
    }

    /// The next request not yet handed out, once it arrives; `None` if
    /// none arrives within `limit` (a safety net).
    pub async fn next(&mut self, limit: Duration) -> Option<Received> {
        let want = self.seen + 1;
        let mut count = self.script.count.subscribe();
        tokio::time::timeout(limit, count.wait_for(|n| *n >= want))
            .await
            .ok()?
            .ok()?;
        self.seen = want;
        Some(self.script.log.lock().unwrap()[want - 1].clone())
    }
}

async fn hook(State(s): State<Arc<Script>>, headers: HeaderMap, body: String) -> StatusCode {
    let answer = s
        .answers
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| s.then.load(Ordering::SeqCst));
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    s.log.lock().unwrap().push(Received {
        answered: answer,
        key,
        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    });
    s.count.send_modify(|n| *n += 1);
    StatusCode::from_u16(answer).unwrap()
}
