//! The cache answers exactly what the database holds, however writes and
//! reads interleave: writes it is told about, writes it is not (another
//! process, another part of the daemon), and reads racing a commit.

use super::*;
use crate::domain::{Channel, Figure, Flag, Provenance};
use crate::store::FigureGroup;
use crate::test_support::{store, test_figure};

/// A small deterministic generator.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const SERIES: [(&str, &str); 4] = [("a", "m"), ("b", "m"), ("a", "q"), ("b", "q")];

fn period(series: usize, n: u64) -> Period {
    let (_, ind) = SERIES[series];
    if ind == "m" {
        Period::new(
            2010 + (n / 12) as i32,
            (n % 12) as u8 + 1,
            Frequency::Monthly,
        )
        .unwrap()
    } else {
        Period::new(
            2010 + (n / 4) as i32,
            (n % 4) as u8 + 1,
            Frequency::Quarterly,
        )
        .unwrap()
    }
}

use crate::domain::Frequency;

fn random_figure(rng: &mut Lcg) -> Figure {
    let s = rng.below(4) as usize;
    // Mostly recent periods, sometimes a revision far back.
    let period = period(s, 40 + rng.below(60));
    Figure {
        basis: if rng.below(4) == 0 {
            Basis::Ytd
        } else {
            Basis::Period
        },
        // The cache keeps no flags: a figure that differs from its cached
        // one only in its flag must still be told a revision.
        flag: [None, None, Some(Flag::Provisional)][rng.below(3) as usize],
        ..test_figure(SERIES[s].0, SERIES[s].1, period, rng.below(5) as f64)
    }
}

fn by(name: &str, channel: Channel) -> Provenance {
    Provenance::new(name, channel)
}

/// What the database holds for each series from `from` on.
async fn truth(store: &Store, wanted: &[(&str, &str, Period)]) -> Vec<Window> {
    let (_, stored) = store.current_windows(wanted).await.unwrap();
    wanted
        .iter()
        .map(|(r, i, from)| Window {
            from: *from,
            figures: stored
                .iter()
                .find(|s| s.region == *r && s.indicator == *i)
                .map(|s| s.figures.iter().map(|(p, v, b)| (*p, (*v, *b))).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// The cache's windows cut to what was asked (a window may start earlier).
async fn cached(
    cache: &SeriesCache,
    store: &Store,
    wanted: &[(&str, &str, Period)],
) -> Vec<Window> {
    let got = cache.windows(store, wanted).await.unwrap();
    got.iter()
        .zip(wanted)
        .map(|(w, (_, _, from))| {
            assert!(w.from <= *from, "a window starts no later than asked");
            Window {
                from: *from,
                figures: w.figures.range(*from..).map(|(p, x)| (*p, *x)).collect(),
            }
        })
        .collect()
}

async fn write_told(store: &Store, cache: &SeriesCache, figures: Vec<Figure>) {
    // What the write must report, from the database as it stands.
    type Current = (f64, String, Option<String>);
    let mut current: HashMap<(String, String, String), Current> = store
        .current_figures(None)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                (c.region, c.indicator, c.period),
                (c.value, c.basis, c.flag),
            )
        })
        .collect();
    let mut expected = crate::store::WriteSummary::default();
    for f in &figures {
        let key = (
            f.region.to_string(),
            f.indicator.to_string(),
            f.period.to_string(),
        );
        let flag = f.flag.map(|f| f.as_code().to_string());
        let now = (f.value, f.basis.as_str().to_string(), flag);
        match current.get(&key) {
            Some(c) if *c == now => expected.unchanged += 1,
            Some(_) => expected.revised += 1,
            None => expected.new += 1,
        }
        current.insert(key, now);
    }
    let groups = vec![FigureGroup {
        figures,
        provenance: by("t", Channel::Api),
        reviews: Vec::new(),
    }];
    // Current values come from the cache wherever it can answer.
    let w = store
        .write_figure_groups(&groups, Some(cache))
        .await
        .unwrap();
    assert_eq!(w.summaries, vec![expected]);
    cache.apply(
        w.before,
        w.after,
        groups[0].figures.iter().map(|f| {
            (
                f.region.as_str(),
                f.indicator.as_str(),
                f.period,
                f.value,
                f.basis,
            )
        }),
    );
}

async fn write_untold(store: &Store, figures: &[Figure]) {
    store
        .write_figures(figures, &by("other", Channel::Import("x".into())), false)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_always_answers_what_the_database_holds() {
    let (_dir, store) = store().await;
    for (seed, capacity) in [(1, 100_000), (2, 100_000), (3, 30)] {
        let cache = SeriesCache::with_capacity(capacity);
        let mut rng = Lcg(seed);
        for step in 0..120 {
            match rng.below(10) {
                0..=4 => {
                    // Unique keys within one write, as validation guarantees.
                    let mut figures: Vec<Figure> = Vec::new();
                    for _ in 0..1 + rng.below(6) {
                        let f = random_figure(&mut rng);
                        if !figures.iter().any(|g| {
                            (&g.region, &g.indicator, g.period)
                                == (&f.region, &f.indicator, f.period)
                        }) {
                            figures.push(f);
                        }
                    }
                    write_told(&store, &cache, figures).await;
                }
                5 => write_untold(&store, &[random_figure(&mut rng)]).await,
                _ => {
                    let wanted: Vec<(&str, &str, Period)> = (0..1 + rng.below(4) as usize)
                        .map(|k| {
                            let s = (k + rng.below(4) as usize) % 4;
                            (SERIES[s].0, SERIES[s].1, period(s, 12 * rng.below(8)))
                        })
                        .collect();
                    let mut unique = wanted.clone();
                    unique.sort();
                    unique.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
                    assert_eq!(
                        cached(&cache, &store, &unique).await,
                        truth(&store, &unique).await,
                        "seed {seed} step {step}"
                    );
                }
            }
        }
        let (held, _) = cache.size();
        assert!(held <= capacity, "{held} figures held, capacity {capacity}");
    }
}

#[tokio::test]
async fn a_second_read_with_no_write_in_between_is_answered_from_memory() {
    let (_dir, store) = store().await;
    let cache = SeriesCache::default();
    let mut rng = Lcg(9);
    write_told(
        &store,
        &cache,
        (0..4).map(|_| random_figure(&mut rng)).collect(),
    )
    .await;
    let wanted = [("a", "m", period(0, 0)), ("b", "q", period(3, 0))];
    let first = cache.windows(&store, &wanted).await.unwrap();
    let second = cache.windows(&store, &wanted).await.unwrap();
    for (x, y) in first.iter().zip(&second) {
        assert!(Arc::ptr_eq(x, y), "the same window, not a fresh read");
    }
    // A write the cache is told about updates it in place...
    let f = test_figure("a", "m", period(0, 200), 7.0);
    write_told(&store, &cache, vec![f.clone()]).await;
    let third = cache.windows(&store, &wanted).await.unwrap();
    assert_eq!(third[0].figures.get(&f.period), Some(&(7.0, Basis::Period)));
    assert!(
        Arc::ptr_eq(&second[1], &third[1]),
        "an untouched series stays"
    );
    // ...and one it is not told about is noticed.
    write_untold(
        &store,
        &[Figure {
            value: 8.0,
            ..f.clone()
        }],
    )
    .await;
    let fourth = cache.windows(&store, &wanted).await.unwrap();
    assert_eq!(
        fourth[0].figures.get(&f.period),
        Some(&(8.0, Basis::Period))
    );
}

#[tokio::test]
async fn a_commit_already_read_by_a_reader_is_not_applied_twice_or_lost() {
    let (_dir, store) = store().await;
    let cache = SeriesCache::default();
    let wanted = [("a", "m", period(0, 0))];
    cache.windows(&store, &wanted).await.unwrap();
    let f = test_figure("a", "m", period(0, 5), 3.0);
    let groups = vec![FigureGroup {
        figures: vec![f.clone()],
        provenance: by("t", Channel::Api),
        reviews: Vec::new(),
    }];
    let w = store.write_figure_groups(&groups, None).await.unwrap();
    // A reader gets in between the commit and the writer's apply.
    let seen = cache.windows(&store, &wanted).await.unwrap();
    assert_eq!(seen[0].figures.get(&f.period), Some(&(3.0, Basis::Period)));
    cache.apply(
        w.before,
        w.after,
        [("a", "m", f.period, 3.0, Basis::Period)],
    );
    assert_eq!(cache.size().1, w.after);
    let after = cache.windows(&store, &wanted).await.unwrap();
    assert!(Arc::ptr_eq(&seen[0], &after[0]));
}

#[test]
fn windows_fed_one_new_period_at_a_time_stay_bounded() {
    let cache = SeriesCache::default();
    let from = period(0, 0);
    {
        let mut inner = cache.lock();
        inner.insert(
            "a",
            "m",
            Arc::new(Window {
                from,
                figures: BTreeMap::new(),
            }),
            usize::MAX,
        );
    }
    for n in 0..1000u64 {
        cache.apply(
            n as i64,
            n as i64 + 1,
            [("a", "m", period(0, n), 1.0, Basis::Period)],
        );
    }
    let inner = cache.lock();
    let w = inner.get("a", "m").unwrap();
    let latest = period(0, 999);
    let start = window_start(latest);
    assert!(w.from <= start);
    assert!(
        w.figures.len() <= 2 * 48,
        "{} figures kept",
        w.figures.len()
    );
    assert_eq!(inner.figures, w.figures.len());
    let needed = (latest.year() - start.year()) as usize * 12 + usize::from(latest.index());
    assert_eq!(w.figures.range(start..).count(), needed);
}
