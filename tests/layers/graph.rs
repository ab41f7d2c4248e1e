//! Turns references into edges and judges them. A reference from file F to
//! path P is an edge inside the deepest folder holding both: between F's and
//! P's children of that folder (a file, or a subfolder as a whole). The crate
//! root is one such folder, so top-level edges and within-folder edges are
//! found the same way. A folder's `mod.rs` (or `x.rs` beside `x/`) is its face:
//! it assembles the children, so it is no node of its own; a name a child
//! takes from the face is followed through the face's `use` to the child that
//! defines it, and stops at the face when the face defines it.

use super::cycles::cycles;
use super::scan::{Reference, scan};
use std::collections::{BTreeMap, BTreeSet};

/// An edge between two children of `folder` ("" for the crate root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub folder: String,
    pub from: String,
    pub to: String,
}

/// Where an edge is written: file (from the crate root) and line.
pub type Site = (String, usize);

pub struct Graph {
    pub edges: BTreeMap<Edge, Vec<Site>>,
    /// Top-level modules, whether or not anything imports them.
    pub top: BTreeSet<String>,
}

/// The module path of a file under `src/`: `alerts/mod.rs` and `alerts.rs` are
/// both `alerts`; `lib.rs` is the root.
fn module_path(file: &str) -> Vec<String> {
    let mut p: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if p.last().map(String::as_str) == Some("mod") || p == ["lib"] {
        p.pop();
    }
    p
}

struct Crate {
    modules: BTreeSet<Vec<String>>,
    /// Each file's top-level `use` leaves, by module path: what its face binds.
    faces: BTreeMap<Vec<String>, Vec<Reference>>,
}

impl Crate {
    /// The absolute module path `r` names, or None for another crate's.
    fn resolve(&self, module: &[String], r: &Reference) -> Option<Vec<String>> {
        let mut base: Vec<String> = module.iter().chain(&r.scope).cloned().collect();
        let mut rest = r.path.as_slice();
        match rest.first()?.as_str() {
            "crate" => {
                base.clear();
                rest = &rest[1..];
            }
            "super" | "self" => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                if rest.first().map(String::as_str) == Some("self") {
                    rest = &rest[1..];
                }
            }
            first => {
                let mut child = base.clone();
                child.push(first.to_string());
                if !self.modules.contains(&child) {
                    return None;
                }
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The edge from `from` (a file's module) to `target`, if any.
    fn edge(&self, from: &[String], mut target: Vec<String>) -> Option<Edge> {
        // Each step follows one face's `use`; a chain longer than this is a loop of re-exports.
        for _ in 0..16 {
            let c = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if c == from.len() || c == target.len() {
                return None; // itself, its own children, or a folder it is in
            }
            if !self.modules.contains(&target[..=c]) {
                let face = &target[..c];
                let name = &target[c];
                let bound = self
                    .faces
                    .get(face)?
                    .iter()
                    .find(|r| r.scope.is_empty() && r.binds.as_ref() == Some(name))?;
                let mut next = self.resolve(face, bound)?;
                next.extend(target[c + 1..].iter().cloned());
                target = next;
                continue;
            }
            return Some(Edge {
                folder: from[..c].join("/"),
                from: from[c].clone(),
                to: target[c].clone(),
            });
        }
        None
    }
}

/// The graph of `files`: (path under `src/`, source text) of the library's files.
pub fn build(files: &[(String, String)]) -> Graph {
    let mut modules = BTreeSet::new();
    for (file, _) in files {
        let p = module_path(file);
        // A file implies every folder above it, even one with no face file.
        for n in 1..=p.len() {
            modules.insert(p[..n].to_vec());
        }
    }
    let scans: Vec<(String, Vec<String>, _)> = files
        .iter()
        .map(|(f, src)| (f.clone(), module_path(f), scan(src)))
        .collect();
    // Modules a `#[cfg(test)] mod name;` brings in: their files are test code.
    let test_mods: Vec<Vec<String>> = scans
        .iter()
        .flat_map(|(_, m, s)| {
            s.test_mods
                .iter()
                .map(move |t| [m.clone(), vec![t.clone()]].concat())
        })
        .collect();
    let refs: Vec<(String, Vec<String>, Vec<Reference>)> = scans
        .into_iter()
        .filter(|(_, m, _)| !test_mods.iter().any(|t| m.starts_with(t)))
        .map(|(f, m, s)| (f, m, s.refs.into_iter().filter(|r| !r.test).collect()))
        .collect();
    let faces = refs
        .iter()
        .map(|(_, m, r)| {
            (
                m.clone(),
                r.iter().filter(|r| r.binds.is_some()).cloned().collect(),
            )
        })
        .collect();
    let krate = Crate { modules, faces };
    let mut edges: BTreeMap<Edge, Vec<Site>> = BTreeMap::new();
    for (file, module, list) in &refs {
        for r in list {
            let Some(target) = krate.resolve(module, r) else {
                continue;
            };
            if let Some(e) = krate.edge(module, target) {
                edges
                    .entry(e)
                    .or_default()
                    .push((format!("src/{file}"), r.line));
            }
        }
    }
    for at in edges.values_mut() {
        at.sort();
        at.dedup(); // one line of a grouped `use` is one site
    }
    // A top-level module only tests bring in is no part of the library: it
    // sits in no layer.
    let top = krate
        .modules
        .iter()
        .filter(|m| m.len() == 1 && !test_mods.contains(m))
        .map(|m| m[0].clone())
        .collect();
    Graph { edges, top }
}

fn folder_name(folder: &str) -> String {
    if folder.is_empty() {
        "src".into()
    } else {
        format!("src/{folder}")
    }
}

fn sites(list: &[Site]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = list
        .iter()
        .take(SHOWN)
        .map(|(f, l)| format!("{f}:{l}"))
        .collect();
    if list.len() > SHOWN {
        s.push(format!("and {} more", list.len() - SHOWN));
    }
    s.join(", ")
}

/// Every breach of the rules, one message each; empty when the graph is sound.
/// `layers` lists top-level modules from the bottom layer up; `allowed` lists
/// cycles tolerated for now as (folder, members).
pub fn check(g: &Graph, layers: &[(&str, &[&str])], allowed: &[(&str, &[&str])]) -> Vec<String> {
    let mut problems = Vec::new();
    let layer_of = |m: &str| layers.iter().position(|(_, ms)| ms.contains(&m));
    for m in &g.top {
        if layer_of(m).is_none() {
            problems.push(format!(
                "src/{m}: module `{m}` is in no layer; add it to LAYERS"
            ));
        }
    }
    for (e, at) in g.edges.iter().filter(|(e, _)| e.folder.is_empty()) {
        if let (Some(a), Some(b)) = (layer_of(&e.from), layer_of(&e.to))
            && a < b
        {
            for (file, line) in at {
                problems.push(format!(
                    "{file}:{line}: {} ({}) imports {} ({}), a higher layer",
                    e.from, layers[a].0, e.to, layers[b].0
                ));
            }
        }
    }
    let mut used = vec![false; allowed.len()];
    for (folder, members) in cycles(g) {
        let is_allowed = allowed.iter().position(|(f, ms)| {
            *f == folder && ms.len() == members.len() && ms.iter().all(|m| members.contains(*m))
        });
        if let Some(i) = is_allowed {
            used[i] = true;
            continue;
        }
        let mut msg = format!(
            "cycle in {} among {{{}}}:",
            folder_name(&folder),
            members.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        for (e, at) in &g.edges {
            if e.folder == folder && members.contains(&e.from) && members.contains(&e.to) {
                msg.push_str(&format!("\n    {} -> {}: {}", e.from, e.to, sites(at)));
            }
        }
        problems.push(msg);
    }
    for ((folder, members), used) in allowed.iter().zip(used) {
        if !used {
            problems.push(format!(
                "allowed cycle in {} among {members:?} is gone: remove it from ALLOWED_CYCLES",
                folder_name(folder)
            ));
        }
    }
    problems
}

/// The top-level edges, one line each, for people: `from -> to (n)`, marking
/// an edge that goes up a layer.
pub fn print_top(g: &Graph, layers: &[(&str, &[&str])]) -> String {
    let layer_of = |m: &str| layers.iter().position(|(_, ms)| ms.contains(&m));
    let mut s = String::new();
    for (e, at) in g.edges.iter().filter(|(e, _)| e.folder.is_empty()) {
        let up = matches!((layer_of(&e.from), layer_of(&e.to)), (Some(a), Some(b)) if a < b);
        s.push_str(&format!(
            "{} -> {} ({}){}\n",
            e.from,
            e.to,
            at.len(),
            if up { "  UP" } else { "" }
        ));
    }
    for (folder, members) in cycles(g) {
        s.push_str(&format!(
            "cycle in {}: {}\n",
            folder_name(&folder),
            members.into_iter().collect::<Vec<_>>().join(" <-> ")
        ));
    }
    s
}
