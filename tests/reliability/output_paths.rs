//! File names built from ids never leave the output folder: ids are slugs,
//! checked when the catalogue loads, and a report writes only under `--out`.

use crate::common::catalogue::Builder;
use crate::common::cli::{Env, Run};
use crate::common::fixture;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use waymark::domain::Slug;

/// Ids that would escape a folder or confuse a path, as TOML string bodies.
const BAD_IDS: [&str; 10] = [
    "../x",
    "/etc/passwd",
    "a\\u0000b",
    "..",
    ".",
    "a/b",
    "a\\\\b",
    "",
    "x/../../y",
    "C:\\\\evil",
];

fn catalogue_with(region: &str, goal: &str) -> String {
    Builder::new()
        .region(region, "R")
        .indicator("i", "I", "u", "annual", "flow")
        .growth(goal, "T", (region, "i"), 10, 2021)
        .build()
}

fn check(catalogue: &str) -> Run {
    Env::with_catalogue_text(catalogue).run(&["catalogue", "check"])
}

#[test]
fn catalogue_check_rejects_every_id_that_could_leave_a_folder() {
    check(&catalogue_with("r", "g")).ok();
    for bad in BAD_IDS {
        let run = check(&catalogue_with("r", bad)).fails(1);
        assert!(
            run.stderr.contains("key `id`") && run.stderr.contains("not a valid id"),
            "goal id {bad:?}: {}",
            run.stderr
        );
        let run = check(&catalogue_with(bad, "g")).fails(1);
        assert!(
            run.stderr.contains("not a valid id"),
            "region id {bad:?}: {}",
            run.stderr
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever `Slug` accepts is one plain path component, the same on any OS.
    #[test]
    fn a_slug_is_always_a_single_plain_file_name(s in "[a-z0-9./\\\\:\\x00-]{0,10}|.{0,10}") {
        if let Ok(slug) = Slug::parse(&s) {
            let file = format!("{slug}.svg");
            let parts: Vec<Component> = Path::new(&file).components().collect();
            prop_assert_eq!(parts, vec![Component::Normal(file.as_ref())]);
            prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
    }
}

/// Every file under `root` with its contents.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn a_report_writes_only_inside_its_out_folder() {
    let env = Env::new();
    let figures = fixture("import/good.csv");
    env.run(&["import", figures.to_str().unwrap()]).ok();
    let parent = tempfile::tempdir().unwrap();
    std::fs::write(parent.path().join("sentinel.txt"), "untouched").unwrap();
    std::fs::create_dir(parent.path().join("sibling")).unwrap();
    let env_before = snapshot(env.dir.path());
    let before = snapshot(parent.path());

    let out = parent.path().join("out");
    for _ in 0..2 {
        env.run(&[
            "report",
            "--as-of",
            "2021-06-30",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    }

    let after = snapshot(parent.path());
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let new: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(new.len() >= 8, "{new:?}");
    for p in &new {
        assert!(
            p.starts_with("out"),
            "{} written outside --out",
            p.display()
        );
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(
            !name.starts_with('.'),
            "temp file {} left behind",
            p.display()
        );
    }
    // Beside the report, only the database may change in the working folder.
    let env_after = snapshot(env.dir.path());
    for p in env_after.keys().filter(|p| !env_before.contains_key(*p)) {
        let name = p.to_str().unwrap();
        assert!(
            name.starts_with("waymark.db"),
            "{name} appeared in the working folder"
        );
    }
}
