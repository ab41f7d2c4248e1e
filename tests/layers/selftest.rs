//! The checker on small made-up crates: each rule must catch what it guards,
//! at the right file and line, and ignore what is not an import.

use super::graph::{self, Edge};

const LAYERS: &[(&str, &[&str])] = &[("low", &["a"]), ("high", &["b", "c"])];

fn crate_of(files: &[(&str, &str)]) -> graph::Graph {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(f, s)| (f.to_string(), s.to_string()))
        .collect();
    graph::build(&files)
}

fn edges(g: &graph::Graph, folder: &str) -> Vec<(String, String)> {
    g.edges
        .keys()
        .filter(|e| e.folder == folder)
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

const LIB: (&str, &str) = ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n");

#[test]
fn an_upward_import_is_named_with_its_file_and_line() {
    let g = crate_of(&[
        LIB,
        ("a.rs", "//! low\n\nuse crate::b::Thing;\n"),
        ("b.rs", ""),
        ("c.rs", ""),
    ]);
    let problems = graph::check(&g, LAYERS, &[]);
    assert_eq!(
        problems,
        ["src/a.rs:3: a (low) imports b (high), a higher layer"]
    );
}

#[test]
fn a_module_in_no_layer_is_reported() {
    let g = crate_of(&[
        LIB,
        ("a.rs", ""),
        ("b.rs", ""),
        ("c.rs", ""),
        ("d/mod.rs", ""),
    ]);
    let problems = graph::check(&g, LAYERS, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("src/d: module `d` is in no layer"),
        "{problems:?}"
    );
}

#[test]
fn a_cycle_between_top_level_modules_of_one_layer_is_reported() {
    let g = crate_of(&[
        LIB,
        ("a.rs", ""),
        ("b.rs", "fn f() { crate::c::g() }\n"),
        ("c.rs", "use crate::{a, b::{self}};\n"),
    ]);
    let problems = graph::check(&g, LAYERS, &[]);
    assert_eq!(
        problems,
        ["cycle in src among {b, c}:\n    b -> c: src/b.rs:1\n    c -> b: src/c.rs:1"]
    );
}

#[test]
fn a_cycle_between_files_of_one_folder_is_reported_and_can_be_allowed() {
    let g = crate_of(&[
        ("lib.rs", "pub mod a;\n"),
        ("a/mod.rs", "mod x;\nmod y;\nmod z;\n"),
        ("a/x.rs", "use super::y::Y;\n"),
        ("a/y.rs", "use super::z;\n"),
        ("a/z.rs", "pub fn f() {\n    super::x::g();\n}\n"),
    ]);
    let problems = graph::check(&g, LAYERS, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("cycle in src/a among {x, y, z}:"),
        "{problems:?}"
    );
    assert!(problems[0].contains("z -> x: src/a/z.rs:2"), "{problems:?}");
    assert!(graph::check(&g, LAYERS, &[("a", &["x", "y", "z"])]).is_empty());
    let stale = graph::check(&g, LAYERS, &[("a", &["x", "y", "z"]), ("a", &["x", "y"])]);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].contains("is gone: remove it"), "{stale:?}");
}

#[test]
fn grouped_uses_and_paths_in_code_count_but_comments_and_strings_do_not() {
    let g = crate_of(&[
        LIB,
        (
            "a.rs",
            "// use crate::b::X;\n/* crate::c::Y /* nested */ crate::c::Z */\n\
             /// See [`crate::b::Doc`].\nconst S: &str = \"crate::b::s\";\n\
             const R: &str = r#\"crate::c::r \"quoted\"\"#;\nconst Q: char = '\\'';\n\
             fn f<'a>(x: &'a str) {}\n",
        ),
        ("b.rs", "use crate::{\n    a::{self as low, f},\n};\n"),
        ("c.rs", "fn g() -> u8 {\n    crate::a::h::<u8>()\n}\n"),
    ]);
    assert_eq!(edges(&g, ""), [pair("b", "a"), pair("c", "a")]);
    let at = |from: &str| {
        let e = Edge {
            folder: String::new(),
            from: from.into(),
            to: "a".into(),
        };
        g.edges[&e].clone()
    };
    // Two leaves of one grouped `use`, on one line: one site.
    assert_eq!(at("b"), [("src/b.rs".to_string(), 2)]);
    assert_eq!(at("c"), [("src/c.rs".to_string(), 2)]);
}

#[test]
fn super_in_an_inline_module_and_re_exports_in_mod_rs_lead_to_the_right_file() {
    let g = crate_of(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a/mod.rs",
            "mod x;\nmod y;\npub use x::Thing;\nuse crate::b::Other as Renamed;\npub struct Own;\n",
        ),
        (
            "a/x.rs",
            "pub struct Thing;\nmod inner {\n    use super::*;\n    use super::super::y::T;\n}\n",
        ),
        (
            "a/y.rs",
            "use super::{Own, Thing};\nfn f() {\n    let _ = super::Renamed;\n}\n",
        ),
        ("b.rs", "pub struct Other;\n"),
    ]);
    // x's inline module reaches y; y reaches x through the face's re-export;
    // `Own` is the face's own and makes no edge; `Renamed` leads out to b.
    assert_eq!(edges(&g, "a"), [pair("x", "y"), pair("y", "x")]);
    assert_eq!(edges(&g, ""), [pair("a", "b")]);
    let to_b = &g.edges[&Edge {
        folder: String::new(),
        from: "a".into(),
        to: "b".into(),
    }];
    assert_eq!(
        to_b,
        &[
            ("src/a/mod.rs".to_string(), 4),
            ("src/a/y.rs".to_string(), 3)
        ]
    );
}

#[test]
fn a_subfolder_is_one_node_of_its_parent_folder() {
    let g = crate_of(&[
        ("lib.rs", "pub mod a;\n"),
        ("a/mod.rs", "pub mod p;\npub mod q;\n"),
        ("a/p/mod.rs", "pub mod deep;\n"),
        ("a/p/deep.rs", "use crate::a::q::Q;\n"),
        ("a/q.rs", "pub fn f() { crate::a::p::deep::g() }\n"),
    ]);
    assert_eq!(edges(&g, "a"), [pair("p", "q"), pair("q", "p")]);
    assert!(edges(&g, "a/p").is_empty());
}

#[test]
fn code_under_cfg_test_is_left_out_but_what_follows_it_counts() {
    let g = crate_of(&[
        LIB,
        (
            "a/mod.rs",
            "#[cfg(test)]\nmod t;\n#[cfg(test)]\n#[allow(dead_code)]\npub(crate) fn helper() -> u8 {\n    crate::b::f()\n}\n\
             #[cfg(test)]\nuse crate::b::{X, Y};\n#[cfg(test)]\nmod tests {\n    use crate::c::Z;\n}\n\
             #[cfg(test)]\nconst N: [u8; 2] = [0; 2];\nfn real() {\n    crate::c::g();\n}\n",
        ),
        ("a/t.rs", "use crate::b::T;\n"),
        ("b.rs", ""),
        ("c.rs", ""),
    ]);
    assert_eq!(edges(&g, ""), [pair("a", "c")]);
    let e = Edge {
        folder: String::new(),
        from: "a".into(),
        to: "c".into(),
    };
    assert_eq!(g.edges[&e], [("src/a/mod.rs".to_string(), 17)]);
}

#[test]
fn a_top_level_module_only_tests_bring_in_needs_no_layer() {
    let g = crate_of(&[
        (
            "lib.rs",
            "pub mod a;\npub mod b;\npub mod c;\n#[cfg(test)]\npub(crate) mod kit;\n",
        ),
        ("kit.rs", "use crate::c::Store;\n"),
        (
            "a.rs",
            "#[cfg(test)]\nmod tests {\n    use crate::kit::store;\n}\n",
        ),
        ("b.rs", ""),
        ("c.rs", ""),
    ]);
    assert!(!g.top.contains("kit"), "{:?}", g.top);
    assert!(g.edges.is_empty(), "{:?}", g.edges.keys());
    assert_eq!(graph::check(&g, LAYERS, &[]), Vec::<String>::new());
    // Declared without `#[cfg(test)]`, the same module must sit in a layer.
    let g = crate_of(&[
        (
            "lib.rs",
            "pub mod a;\npub mod b;\npub mod c;\npub(crate) mod kit;\n",
        ),
        ("kit.rs", ""),
    ]);
    assert!(g.top.contains("kit"));
    let problems = graph::check(&g, LAYERS, &[]);
    assert!(
        problems.iter().any(|p| p.contains("`kit` is in no layer")),
        "{problems:?}"
    );
}
