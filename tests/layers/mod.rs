//! The module graph as a gate: every top-level module of the library sits in
//! one layer and imports only from its own layer or those below, and no
//! folder (the crate root included) has an import cycle between its files.
//!
//! What counts as an import: every leaf of a `use` tree and every
//! `crate::…`/`super::…`/`self::…` path in code. Code under `#[cfg(test)]`
//! is left out: it is not part of the library as built, and a test may check
//! one layer against another. Comments, doc links and strings do not count.
//! `src/main.rs` is a separate crate that only calls `waymark::cli`, so it is
//! left out. `scripts/module-graph.sh` prints the graph.

mod cycles;
mod graph;
mod lex;
mod scan;
mod selftest;
mod testonly;

use std::path::{Path, PathBuf};

/// The layers, bottom first; the doc comment of `src/lib.rs` says the same.
const LAYERS: &[(&str, &[&str])] = &[
    ("core", &["domain", "i18n"]),
    ("adapters", &["store", "ingest", "report", "config"]),
    (
        "services",
        &[
            "assess", "publish", "record", "tokens", "alerts", "sources", "schedule",
        ],
    ),
    ("shells", &["http", "cli", "daemon"]),
];

/// Cycles tolerated for now, as (folder under `src/`, its members): none.
/// An entry is for a cycle that must stay while the files are reworked; the
/// gate says when it is stale.
const ALLOWED_CYCLES: &[(&str, &[&str])] = &[];

/// Every `.rs` file under `root` but `main.rs`: (path under `root`, text).
fn library_files(root: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .expect("under src")
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "main.rs" {
                    let text = std::fs::read_to_string(&p)
                        .unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
                    out.push((rel, text));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn modules_import_only_their_layer_or_below_and_no_folder_has_a_cycle() {
    let g = graph::build(&library_files(&src()));
    assert!(
        g.top.contains("domain") && g.edges.len() > 50,
        "the scan found the crate"
    );
    let problems = graph::check(&g, LAYERS, ALLOWED_CYCLES);
    assert!(
        problems.is_empty(),
        "the module graph breaks the layers ({} problems):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn lib_rs_names_the_same_layers_as_the_table() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("reading src/lib.rs");
    for (layer, modules) in LAYERS {
        let prefix = format!("//! - {layer}: ");
        let line = lib
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("src/lib.rs's doc comment has no `{prefix}…` line"));
        // The names before the parenthesis, each in backticks.
        let listed = line[prefix.len()..].split('(').next().unwrap_or("");
        let named: Vec<&str> = listed.split('`').skip(1).step_by(2).collect();
        for m in *modules {
            let exists = src().join(m).is_dir() || src().join(format!("{m}.rs")).is_file();
            assert_eq!(
                named.contains(m),
                exists,
                "src/lib.rs's {layer} line and the module `{m}` disagree: {line}"
            );
        }
        for n in &named {
            assert!(
                modules.contains(n),
                "src/lib.rs puts `{n}` in {layer}, LAYERS does not"
            );
        }
    }
}

/// Prints the top-level edges and every cycle, of `$MODULE_GRAPH_SRC` (a
/// `src` folder, e.g. of another checkout) or of this crate; run by
/// `scripts/module-graph.sh`.
#[test]
#[ignore = "prints the module graph; not a check"]
fn module_graph() {
    let root = std::env::var_os("MODULE_GRAPH_SRC").map_or_else(src, PathBuf::from);
    print!(
        "{}",
        graph::print_top(&graph::build(&library_files(&root)), LAYERS)
    );
}
