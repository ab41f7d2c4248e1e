//! Rendering benchmark (`cargo bench --bench render`): one typical goal chart
//! rendered N times as SVG and as PNG (milliseconds per chart), then the whole
//! report for 1,000 goals through the real pipeline (store, assess, publish).
//! `BENCH_TITLES=zh` names the goals and regions in Chinese, as the real
//! catalogue does, so every title is drawn with CJK glyphs; `BENCH_LANG=zh-CN`
//! words the report itself (headings, legends, axes, digest) in Chinese.

use std::path::Path;
use std::time::Instant;
use waymark::assess::{Query, assess};
use waymark::config::Settings;
use waymark::domain::Catalogue;
use waymark::domain::{Channel, Figure, Lang, Provenance, Slug};
use waymark::report::{GOAL_CHART_SIZE, GoalView, goal_chart_png, goal_chart_svg, init_fonts};
use waymark::store::Store;

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    init_fonts();
    let dir = tempfile::tempdir()?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    let (store, cat) = build(dir.path(), 1000).await?;
    let q = Query {
        as_of: Some(as_of),
        ..Query::default()
    };
    let assessed = assess(&store, &cat, &q, &Default::default(), as_of).await?;

    let a = &assessed[0];
    let view = GoalView {
        goal: a.goal.clone(),
        region_name: "Region".into(),
        indicator: cat.indicators.first().cloned(),
        progress: a.progress.clone(),
        points: a.points.clone(),
        flags: Vec::new(),
    };
    let (w, h) = GOAL_CHART_SIZE;
    let lang: Lang = std::env::var("BENCH_LANG")
        .ok()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    for (name, n) in [("svg", 300), ("png", 100)] {
        let start = Instant::now();
        for _ in 0..n {
            if name == "svg" {
                std::hint::black_box(goal_chart_svg(&view, lang, w, h)?);
            } else {
                std::hint::black_box(goal_chart_png(&view, lang, w, h)?);
            }
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
        println!("{name} goal chart {w}x{h}: {ms:.2} ms per chart ({n} renders)");
    }

    let mut settings = Settings::default();
    settings.report.out_dir = dir.path().join("charts");
    let start = Instant::now();
    let published =
        waymark::publish::publish(&store, &cat, &settings, &q, None, as_of, lang).await?;
    println!(
        "report for {} goals: {:.2} s ({} files)",
        assessed.len(),
        start.elapsed().as_secs_f64(),
        published.files
    );
    Ok(())
}

/// A catalogue of `goals` in-year growth goals, each with monthly figures 2020-01..2021-06.
async fn build(dir: &Path, goals: usize) -> anyhow::Result<(Store, Catalogue)> {
    let mut toml = String::from(
        "[[indicator]]\nid = \"trains\"\nname = \"Trains\"\nunit = \"trains\"\nfrequency = \"monthly\"\nmeasure = \"flow\"\n",
    );
    let zh = std::env::var("BENCH_TITLES").is_ok_and(|v| v == "zh");
    for g in 0..goals {
        let (region, title) = if zh {
            (
                format!("辽宁{g}"),
                format!("中欧班列开行量增长10%以上（{g}）"),
            )
        } else {
            (
                format!("Region {g}"),
                format!("China-Europe trains up more than 10% in 2021 ({g})"),
            )
        };
        toml.push_str(&format!(
            "[[region]]\nid = \"r{g:04}\"\nname = \"{region}\"\n[[goal]]\nid = \"g{g:04}\"\ntitle = \"{title}\"\nregion = \"r{g:04}\"\nindicator = \"trains\"\ntype = \"growth\"\npercent = 10\ntarget_year = 2021\n"
        ));
    }
    let cat = Catalogue::from_toml(&toml, "bench").map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let store = Store::open(&format!("sqlite://{}", dir.join("bench.db").display())).await?;
    store.sync_catalogue(&cat).await?;
    let base = [
        60.0, 35.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0, 90.0, 95.0, 100.0, 105.0,
    ];
    let mut figures = Vec::new();
    for g in &cat.goals {
        let scale = 1.0 + (g.id.as_str()[1..].parse::<f64>()? % 7.0) / 10.0;
        let mut period = "2020-01".parse::<waymark::domain::Period>()?;
        for i in 0..18 {
            let value = base[i % 12] * scale * if i >= 12 { 1.08 } else { 1.0 };
            let trains = Slug::parse("trains").map_err(anyhow::Error::msg)?;
            figures.push(Figure::new(g.region.clone(), trains, period, value));
            period = period.next().unwrap();
        }
    }
    store
        .write_figures(&figures, &Provenance::new("bench", Channel::Record), false)
        .await?;
    Ok((store, cat))
}
