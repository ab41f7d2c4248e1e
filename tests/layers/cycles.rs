//! The import cycles of a graph: per folder, each set of children that reach
//! one another (a strongly connected component of more than one node, by
//! Tarjan's algorithm).

use super::graph::Graph;
use std::collections::{BTreeMap, BTreeSet};

/// Every cycle, as (folder, its members).
pub fn cycles(g: &Graph) -> Vec<(String, BTreeSet<String>)> {
    let mut by_folder: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for e in g.edges.keys() {
        let f = by_folder.entry(&e.folder).or_default();
        f.entry(&e.from).or_default().push(&e.to);
        f.entry(&e.to).or_default();
    }
    let mut out = Vec::new();
    for (folder, adj) in by_folder {
        let mut t = Tarjan {
            adj: &adj,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            sccs: Vec::new(),
        };
        for n in adj.keys() {
            if !t.index.contains_key(n) {
                t.visit(n);
            }
        }
        out.extend(t.sccs.into_iter().map(|c| (folder.to_string(), c)));
    }
    out
}

struct Tarjan<'g> {
    adj: &'g BTreeMap<&'g str, Vec<&'g str>>,
    index: BTreeMap<&'g str, usize>,
    low: BTreeMap<&'g str, usize>,
    stack: Vec<&'g str>,
    sccs: Vec<BTreeSet<String>>,
}

impl<'g> Tarjan<'g> {
    fn visit(&mut self, n: &'g str) {
        let i = self.index.len();
        self.index.insert(n, i);
        self.low.insert(n, i);
        self.stack.push(n);
        for &m in &self.adj[n] {
            if !self.index.contains_key(m) {
                self.visit(m);
                let lm = self.low[m];
                self.low.entry(n).and_modify(|l| *l = (*l).min(lm));
            } else if self.stack.contains(&m) {
                let im = self.index[m];
                self.low.entry(n).and_modify(|l| *l = (*l).min(im));
            }
        }
        if self.low[n] == self.index[n] {
            let mut scc = BTreeSet::new();
            while let Some(m) = self.stack.pop() {
                scc.insert(m.to_string());
                if m == n {
                    break;
                }
            }
            if scc.len() > 1 {
                self.sccs.push(scc);
            }
        }
    }
}
