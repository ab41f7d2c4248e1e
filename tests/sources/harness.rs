//! A temporary database with the test catalogue, settings built from TOML,
//! and helpers to pull and to check that a failure wrote nothing.

use std::path::{Path, PathBuf};
use waymark::config::Settings;
use waymark::domain::Catalogue;
use waymark::sources::{PullOutcome, PullStatus, failing_sources, pull};
use waymark::store::Store;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn read_fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).expect("read fixture")
}

pub struct Db {
    pub store: Store,
    pub catalogue: Catalogue,
    _dir: tempfile::TempDir,
}

/// The test catalogue's text.
pub fn catalogue_text() -> String {
    std::fs::read_to_string(fixture("catalogue.toml")).unwrap()
}

impl Db {
    pub async fn new() -> Db {
        Db::with_catalogue(&catalogue_text()).await
    }

    /// A database synced with the catalogue `text` (the test catalogue, changed).
    pub async fn with_catalogue(text: &str) -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        let catalogue = Catalogue::from_toml(text, "catalogue.toml").expect("catalogue");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::open(&url).await.expect("open store");
        store.sync_catalogue(&catalogue).await.expect("sync");
        Db {
            store,
            catalogue,
            _dir: dir,
        }
    }

    /// Pull with `settings` (all sources); exactly one outcome expected.
    pub async fn pull_one(&self, settings: &Settings) -> PullOutcome {
        let mut out = pull(
            &self.store,
            &self.catalogue,
            settings,
            None,
            chrono::Utc::now(),
        )
        .await
        .expect("pull");
        assert_eq!(out.len(), 1, "{out:?}");
        out.remove(0)
    }

    /// (region, indicator, period, value) of every current figure.
    pub async fn figures(&self) -> Vec<(String, String, String, f64)> {
        self.store
            .current_figures(None)
            .await
            .unwrap()
            .into_iter()
            .map(|f| (f.region, f.indicator, f.period, f.value))
            .collect()
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
