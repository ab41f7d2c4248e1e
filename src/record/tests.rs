//! The use case on a real database: rules are kept whoever built the
//! figures, a flag alone makes a revision, a dry run writes nothing, and the
//! suspect checks read only each series' window yet agree with checks
//! against the whole series, from the database and through the cache.

use super::*;
use crate::domain::{Basis, Channel, Flag, Frequency, Slug, suspect};
use crate::ingest::Numbering;
use crate::store::SeriesCache;
use crate::test_support::{catalogue, store, test_figure};

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn by() -> Provenance {
    Provenance::new("tester", Channel::Record)
}

fn on(today: &str) -> Options {
    Options {
        dry_run: false,
        today: day(today),
        numbering: Numbering::Line,
    }
}

#[tokio::test]
async fn figures_that_break_a_rule_are_refused_whole_whoever_built_them() {
    let (_dir, store) = store().await;
    let cat = catalogue();
    let ok = test_figure("r", "trains", p("2021-05"), 40.0);
    let cases = [
        (
            Figure {
                line: 7,
                ..test_figure("r", "trains", p("2021-04"), 12.5)
            },
            "7: column value: 12.5 is not a whole number",
        ),
        (
            Figure {
                line: 8,
                ..test_figure("r", "trains", p("2021-04"), 5001.0)
            },
            "8: column value: 5001 is above 5000",
        ),
        (
            Figure {
                line: 9,
                ..test_figure("r", "trains", p("2021-04"), -1.0)
            },
            "9: column value: -1 is below 0",
        ),
        // The month is still under way on its last day.
        (
            Figure {
                line: 10,
                ..test_figure("r", "m", p("2021-06"), 1.0)
            },
            "10: column period: 2021-06 has not ended yet",
        ),
        (
            Figure {
                line: 11,
                ..test_figure("r", "nope", p("2021-05"), 1.0)
            },
            "11: column indicator: unknown indicator \"nope\"",
        ),
    ];
    for (bad, want) in cases {
        let err = record(&store, &cat, vec![ok.clone(), bad], &by(), on("2021-06-30"))
            .await
            .unwrap_err();
        let RecordError::Invalid(problems) = err else {
            panic!("{err:?}");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().starts_with(want), "{}", problems[0]);
        assert_eq!(store.figure_count().await.unwrap(), 0, "nothing written");
    }
    // The day after the month ends, its figure is taken.
    let june = test_figure("r", "m", p("2021-06"), 1.0);
    let r = record(&store, &cat, vec![june], &by(), on("2021-07-01"))
        .await
        .unwrap();
    assert_eq!(r.summary.new, 1);
}

#[tokio::test]
async fn a_flag_alone_makes_a_revision_and_a_dry_run_writes_nothing() {
    let (_dir, store) = store().await;
    let cat = catalogue();
    let figure = |flag| Figure {
        flag,
        ..test_figure("r", "m", p("2021-03"), 10.0)
    };
    let write = async |flag, dry_run| {
        let options = Options {
            dry_run,
            today: day("2022-01-01"),
            numbering: Numbering::Line,
        };
        let r = record(&store, &cat, vec![figure(flag)], &by(), options).await;
        let s = r.unwrap().summary;
        (s.new, s.revised, s.unchanged)
    };
    assert_eq!(write(Some(Flag::Provisional), true).await, (1, 0, 0));
    assert_eq!(store.figure_count().await.unwrap(), 0);
    assert_eq!(write(Some(Flag::Provisional), false).await, (1, 0, 0));
    assert_eq!(write(Some(Flag::Provisional), false).await, (0, 0, 1));
    assert_eq!(write(None, true).await, (0, 1, 0));
    assert_eq!(write(None, false).await, (0, 1, 0));
    assert_eq!(write(Some(Flag::Normal), false).await, (0, 1, 0));
    let history = store.history("r", "m", None).await.unwrap();
    let flags: Vec<Option<&str>> = history.iter().map(|r| r.flag.as_deref()).collect();
    assert_eq!(flags, [Some("P"), None, Some("A")]);
    let current = store.current_figures(None).await.unwrap();
    assert_eq!(current[0].flag.as_deref(), Some("A"));
}

#[tokio::test]
async fn warnings_are_capped_and_the_rest_counted() {
    let (_dir, store) = store().await;
    let cat = catalogue();
    // Each year ten times the last: every month from the second year on
    // looks like a unit slip.
    let mut figures: Vec<Figure> = Vec::new();
    for year in 2000..2020 {
        for month in 1..=12u8 {
            let period = Period::new(year, month, Frequency::Monthly).unwrap();
            let value = 10f64.powi(year - 2000);
            figures.push(Figure {
                line: figures.len() as u64 + 2,
                ..test_figure("r", "m", period, value.min(1e15))
            });
        }
    }
    let r = record(&store, &cat, figures, &by(), on("2022-01-01"))
        .await
        .unwrap();
    let total = r.warnings.shown.len() + r.warnings.more;
    assert_eq!(r.warnings.shown.len(), MAX_WARNINGS, "{total} in all");
    assert!(r.warnings.more > 0);
    let lines: Vec<u64> = r.warnings.shown.iter().map(|w| w.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "the first by line, in order");
    assert_eq!(
        r.warnings.summary().unwrap(),
        format!("… and {} more suspect figures", r.warnings.more)
    );
}

struct Lcg(u64);
impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The daemon's way of reading windows: through the cache.
struct Cached<'a>(&'a SeriesCache, &'a Store);

impl Target for Cached<'_> {
    async fn windows(
        &self,
        wanted: &[(&str, &str, Period)],
    ) -> crate::store::Result<Vec<Arc<Window>>> {
        self.0.windows(self.1, wanted).await
    }

    async fn write(
        &self,
        _: Vec<Figure>,
        _: Vec<crate::store::ForReview>,
        _: &Provenance,
        _: bool,
    ) -> crate::store::Result<WriteSummary> {
        unreachable!("only the checks are compared")
    }
}

#[tokio::test]
async fn windowed_and_cached_checks_agree_with_whole_series_checks() {
    let (_dir, store) = store().await;
    let cat = catalogue();
    let cache = SeriesCache::default();
    let mut rng = Lcg(11);
    // Twelve years of stored history, some of it as year-to-date totals.
    let mut stored = Vec::new();
    for (ind, freq) in [("m", Frequency::Monthly), ("q", Frequency::Quarterly)] {
        for y in 2008..2020 {
            let mut ytd = 0.0;
            for j in 1..=freq.per_year() {
                let v = 100.0 * (1.0 + 0.05 * f64::from(y - 2008)) * (0.9 + 0.2 * rng.unit());
                ytd += v;
                let ytd_basis = y % 3 == 0;
                stored.push(Figure {
                    basis: if ytd_basis { Basis::Ytd } else { Basis::Period },
                    ..test_figure("r", ind, Period::new(y, j, freq).unwrap(), {
                        if ytd_basis { ytd } else { v }
                    })
                });
            }
        }
    }
    store.write_figures(&stored, &by(), false).await.unwrap();
    // Batches of new figures, some ordinary, some slips and jumps, some
    // revising the past.
    let mut flagged = 0;
    for round in 0..100u64 {
        let mut figures: Vec<Figure> = Vec::new();
        // Two monthly figures (sometimes in one year), one quarterly.
        let kinds = [
            ("m", Frequency::Monthly),
            ("m", Frequency::Monthly),
            ("q", Frequency::Quarterly),
        ];
        for (k, (ind, freq)) in kinds.into_iter().enumerate() {
            let year = 2014 + (rng.unit() * 7.0) as i32;
            let j = 1 + (rng.unit() * f64::from(freq.per_year())) as u8;
            let period = Period::new(year, j, freq).unwrap();
            if figures
                .iter()
                .any(|f| f.indicator.as_str() == ind && f.period == period)
            {
                continue;
            }
            let scale = [1.0, 1.0, 1.0, 10.0, 0.1, 1.8][(rng.unit() * 6.0) as usize];
            let value = 100.0 * (1.0 + 0.05 * f64::from(year - 2008)) * scale;
            figures.push(Figure {
                line: round * 3 + k as u64,
                ..test_figure("r", ind, period, value)
            });
        }
        let from_db = warnings::check(&store, &cat, &figures).await.unwrap().0;
        let cached = warnings::check(&Cached(&cache, &store), &cat, &figures)
            .await
            .unwrap()
            .0;
        let whole = whole_series_warnings(&store, &cat, &figures).await;
        assert_eq!(from_db.shown, whole, "round {round}");
        assert_eq!(cached.shown, whole, "round {round}");
        assert_eq!(from_db.more, 0);
        flagged += whole.len();
    }
    assert!(flagged > 5, "the rounds exercise the warnings: {flagged}");
}

/// Each figure checked against its whole stored series (no window), the
/// plain way: the series through [`Series`], then [`suspect::check`].
async fn whole_series_warnings(
    store: &Store,
    cat: &Catalogue,
    figures: &[Figure],
) -> Vec<FigureWarning> {
    let all = store.current_series(None).await.unwrap();
    let mut out = Vec::new();
    for f in figures {
        let ind = cat.indicator(f.indicator.as_str()).unwrap();
        let mut raw: std::collections::BTreeMap<Period, (f64, Basis)> = all
            .iter()
            .find(|s| s.indicator == ind.id.as_str())
            .map(|s| s.figures.iter().map(|(p, v, b)| (*p, (*v, *b))).collect())
            .unwrap_or_default();
        for g in figures.iter().filter(|g| g.indicator == f.indicator) {
            raw.insert(g.period, (g.value, g.basis));
        }
        let series = crate::domain::Series::from_figures(
            ind.frequency,
            ind.measure,
            raw.into_iter().map(|(p, (v, b))| (p, v, b)),
        );
        let Some(value) = series.get(f.period) else {
            continue;
        };
        if let Some(s) = suspect::check(series.values(), f.period, value) {
            out.push(FigureWarning {
                line: f.line,
                column: "value",
                value: f.value,
                message: format!(
                    "{} for {} {} {} looks wrong: {}",
                    f.value, f.region, f.indicator, f.period, s.reason
                ),
            });
        }
    }
    out.sort_by_key(|w| w.line);
    out
}

#[test]
fn slugs_of_one_catalogue_share_their_text() {
    let cat = catalogue();
    let a = cat.regions[0].id.clone();
    let b = Slug::parse("a").unwrap();
    assert_eq!(a, b, "equal by text when not shared");
    assert_eq!(a.cmp(&cat.regions[0].id), std::cmp::Ordering::Equal);
}
