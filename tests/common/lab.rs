//! A laboratory: an [`Env`] folder opened through the library, its
//! database synced with the catalogue and its settings loaded, so a test
//! can call the services directly and write figures without the CLI.

use super::cli::Env;
use std::path::PathBuf;
use waymark::config::Settings;
use waymark::domain::{Catalogue, Channel, Figure, Period, Provenance, Slug};
use waymark::store::Store;

/// An [`Env`] with its store open.
pub struct Lab {
    pub env: Env,
    pub store: Store,
    pub cat: Catalogue,
    pub settings: Settings,
}

impl Lab {
    /// The test catalogue of tests/fixtures, default settings.
    pub async fn new() -> Lab {
        Lab::open(Env::new()).await
    }

    /// Load `env`'s settings and catalogue, open its database and sync the catalogue.
    pub async fn open(env: Env) -> Lab {
        let settings = Settings::load(Some(&env.config()), &[]).expect("settings");
        let text = std::fs::read_to_string(&settings.catalogue).expect("read the catalogue");
        let cat = Catalogue::from_toml(&text, "catalogue.toml").expect("catalogue");
        let store = Store::open(&settings.database.url)
            .await
            .expect("open store");
        store.sync_catalogue(&cat).await.expect("sync catalogue");
        Lab {
            env,
            store,
            cat,
            settings,
        }
    }

    /// A file in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.env.path(name)
    }

    /// Record `figures` as a person with `waymark record` would.
    pub async fn write(&self, figures: &[Figure]) {
        let by = Provenance::new("test", Channel::Record);
        self.store.write_figures(figures, &by, false).await.unwrap();
    }

    /// Record monthly China-Europe trains for Liaoning from `first` (YYYY-MM) on.
    pub async fn trains(&self, first: &str, values: &[f64]) {
        self.write(&series("liaoning", "china-europe-trains", first, values))
            .await;
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

    /// Close the store, leaving the folder to the CLI or a daemon.
    pub async fn close(self) -> Env {
        self.store.close().await;
        self.env
    }
}

/// Figures of one series, one per period from `first` on.
pub fn series(region: &str, indicator: &str, first: &str, values: &[f64]) -> Vec<Figure> {
    let slug = |s: &str| Slug::parse(s).unwrap();
    let mut p: Period = first.parse().unwrap();
    values
        .iter()
        .map(|v| {
            let f = Figure::new(slug(region), slug(indicator), p, *v);
            p = p.next().unwrap();
            f
        })
        .collect()
}
