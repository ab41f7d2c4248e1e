//! Reads one Rust source file into the module paths it names: every leaf of
//! every `use` tree, and every `crate::`/`super::`/`self::` path in code, each
//! with its line and the inline modules (`mod tests { … }`) it sits in.
//! Comments, strings and character literals are skipped, so a path in a doc
//! comment or a message is not a dependency.

use super::lex::{Tok, Token, tokens};
use super::testonly::test_only;

/// One path the source names.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub line: usize,
    /// Inline modules enclosing the reference, outermost first.
    pub scope: Vec<String>,
    /// As written: starts with `crate`, `super`, `self` or (in `use` only) a name.
    pub path: Vec<String>,
    /// For a `use` leaf, the name it brings into scope (`as` alias or last segment).
    pub binds: Option<String>,
    /// Compiled only for tests (under `#[cfg(test)]`).
    pub test: bool,
}

/// What one file names, and which of its child modules exist only for tests.
pub struct Scan {
    pub refs: Vec<Reference>,
    pub test_mods: Vec<String>,
}

/// Every reference in `src`.
pub fn scan(src: &str) -> Scan {
    let toks = tokens(src);
    let (test, test_mods) = test_only(&toks);
    let mut out = Vec::new();
    // Inline modules open, with the brace depth inside each.
    let mut mods: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let ident = |i: usize| match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let is = |i: usize, t: Tok| toks.get(i).map(|x| &x.tok) == Some(&t);
    while i < toks.len() {
        let after_sep = i > 0 && is(i - 1, Tok::PathSep);
        let scope: Vec<String> = mods.iter().map(|(m, _)| m.clone()).collect();
        match ident(i) {
            Some("mod") if ident(i + 1).is_some() && is(i + 2, Tok::Punct('{')) => {
                mods.push((ident(i + 1).unwrap_or_default().to_string(), depth + 1));
                i += 2;
                continue;
            }
            Some("use") if !after_sep => {
                let mut p = UseParser {
                    toks: &toks,
                    i: i + 1,
                    scope,
                    test: test[i],
                    out: &mut out,
                };
                p.tree(Vec::new());
                while p.i < toks.len() && !is(p.i, Tok::Punct(';')) {
                    p.i += 1;
                }
                i = p.i + 1;
                continue;
            }
            Some(w @ ("crate" | "super" | "self")) if !after_sep && is(i + 1, Tok::PathSep) => {
                let mut path = vec![w.to_string()];
                let (line, in_test) = (toks[i].line, test[i]);
                i += 1;
                while is(i, Tok::PathSep) && ident(i + 1).is_some() {
                    path.push(ident(i + 1).unwrap_or_default().to_string());
                    i += 2;
                }
                out.push(Reference {
                    line,
                    scope,
                    path,
                    binds: None,
                    test: in_test,
                });
                continue;
            }
            _ => {}
        }
        if is(i, Tok::Punct('{')) {
            depth += 1;
        } else if is(i, Tok::Punct('}')) {
            depth = depth.saturating_sub(1);
            while mods.last().is_some_and(|(_, d)| *d > depth) {
                mods.pop();
            }
        }
        i += 1;
    }
    Scan {
        refs: out,
        test_mods,
    }
}

/// Walks one `use` tree (`a::{b::{self, C}, d as e, *}`), emitting its leaves.
struct UseParser<'t> {
    toks: &'t [Token],
    i: usize,
    scope: Vec<String>,
    test: bool,
    out: &'t mut Vec<Reference>,
}

impl UseParser<'_> {
    fn tok(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn tree(&mut self, mut path: Vec<String>) {
        if self.tok() == Some(&Tok::PathSep) {
            return; // `use ::name`: another crate
        }
        loop {
            let Some(t) = self.toks.get(self.i) else {
                return;
            };
            let line = t.line;
            match &t.tok {
                Tok::Ident(s) => {
                    path.push(s.clone());
                    self.i += 1;
                    if self.tok() == Some(&Tok::PathSep) {
                        self.i += 1;
                        continue;
                    }
                    let mut binds = path.last().cloned();
                    if self.tok() == Some(&Tok::Ident("as".into())) {
                        if let Some(Tok::Ident(alias)) = self.toks.get(self.i + 1).map(|t| &t.tok) {
                            binds = Some(alias.clone());
                        }
                        self.i += 2;
                    }
                    if path.last().map(String::as_str) == Some("self") && path.len() > 1 {
                        path.pop();
                        if binds.as_deref() == Some("self") {
                            binds = path.last().cloned();
                        }
                    }
                    return self.emit(line, path, binds);
                }
                Tok::Punct('*') => {
                    self.i += 1;
                    path.push("*".into());
                    return self.emit(line, path, None);
                }
                Tok::Punct('{') => {
                    self.i += 1;
                    while let Some(t) = self.tok() {
                        match t {
                            Tok::Punct('}') => {
                                self.i += 1;
                                return;
                            }
                            Tok::Punct(',') => self.i += 1,
                            Tok::Punct(';') => return,
                            _ => {
                                let before = self.i;
                                self.tree(path.clone());
                                if self.i == before {
                                    self.i += 1; // not a path: step over it
                                }
                            }
                        }
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    fn emit(&mut self, line: usize, path: Vec<String>, binds: Option<String>) {
        self.out.push(Reference {
            line,
            scope: self.scope.clone(),
            path,
            binds,
            test: self.test,
        });
    }
}
