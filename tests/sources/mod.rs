//! Remote sources against local test servers (wiremock on 127.0.0.1:0):
//! each test has its own temporary database.

mod cli;
mod config;
mod failures;
mod formats;
mod rules;
mod safety;
mod sdmx;

use crate::common::cli::Env;
use crate::common::lab::Lab;
use waymark::config::Settings;
use waymark::sources::{PullOutcome, PullStatus, failing_sources, pull};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A [`Lab`] that pulls.
pub struct Db(Lab);

impl std::ops::Deref for Db {
    type Target = Lab;
    fn deref(&self) -> &Lab {
        &self.0
    }
}

impl Db {
    /// The test catalogue of tests/fixtures.
    pub async fn new() -> Db {
        Db(Lab::new().await)
    }

    /// A database synced with the catalogue `text` (the test catalogue, changed).
    pub async fn with_catalogue(text: &str) -> Db {
        Db(Lab::open(Env::with_catalogue_text(text)).await)
    }

    /// Pull with `settings` (all sources); exactly one outcome expected.
    pub async fn pull_one(&self, settings: &Settings) -> PullOutcome {
        let mut out = pull(&self.store, &self.cat, settings, None, chrono::Utc::now())
            .await
            .expect("pull");
        assert_eq!(out.len(), 1, "{out:?}");
        out.remove(0)
    }

    /// The pull failed with `needle` in its message, the failure is recorded
    /// for alerts, and no figure was written.
    pub async fn assert_failed(&self, outcome: &PullOutcome, needle: &str) -> String {
        assert_eq!(outcome.status, PullStatus::Failed, "{outcome:?}");
        let error = outcome.error.clone().expect("an error message");
        assert!(error.contains(needle), "expected {needle:?} in: {error}");
        let failing = failing_sources(&self.store).await.unwrap();
        assert!(
            failing
                .iter()
                .any(|f| f.source == outcome.source && f.error == error),
            "{failing:?}"
        );
        assert_eq!(
            self.store.figure_count().await.unwrap(),
            0,
            "nothing written"
        );
        error
    }
}

/// Settings holding the given `[[source]]` tables.
pub fn settings(toml_text: &str) -> Settings {
    toml::from_str(toml_text).unwrap_or_else(|e| panic!("settings: {e}\n{toml_text}"))
}

/// One source named "feed" at `server`/feed; `extra` adds keys (mappings, filters).
pub fn feed(server: &MockServer, format: &str, extra: &str) -> Settings {
    settings(&format!(
        "[[source]]\nname = \"feed\"\nurl = \"{}/feed\"\nformat = \"{format}\"\nallow_private = true\n{extra}",
        server.uri()
    ))
}

/// Answer every GET with `response`.
pub async fn serve(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(server)
        .await;
}
