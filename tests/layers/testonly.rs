//! Finds the code compiled only for tests: each item under `#[cfg(test)]`
//! (a `mod tests { … }`, a helper function, a `use`), and the files a
//! `#[cfg(test)] mod name;` brings in. The layers describe the library as it
//! is built; a test may check one layer against another (a chart's deadline
//! against the HTTP timeout) without making the library depend on it.

use super::lex::{Tok, Token};

/// Which tokens are test-only, and the child modules declared test-only.
pub fn test_only(toks: &[Token]) -> (Vec<bool>, Vec<String>) {
    let mut mask = vec![false; toks.len()];
    let mut mods = Vec::new();
    let tok = |i: usize| toks.get(i).map(|t| &t.tok);
    let ident = |i: usize| match tok(i) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let mut i = 0;
    while i < toks.len() {
        let inner = tok(i + 1) == Some(&Tok::Punct('!'));
        let at = if inner { i + 2 } else { i + 1 };
        let cfg_test = tok(i) == Some(&Tok::Punct('#'))
            && tok(at) == Some(&Tok::Punct('['))
            && ident(at + 1) == Some("cfg")
            && tok(at + 2) == Some(&Tok::Punct('('))
            && ident(at + 3) == Some("test")
            && tok(at + 4) == Some(&Tok::Punct(')'))
            && tok(at + 5) == Some(&Tok::Punct(']'));
        if !cfg_test {
            i += 1;
            continue;
        }
        if inner {
            // `#![cfg(test)]`: the whole file.
            mask.iter_mut().for_each(|m| *m = true);
            return (mask, mods);
        }
        let mut j = at + 6;
        while tok(j) == Some(&Tok::Punct('#')) && tok(j + 1) == Some(&Tok::Punct('[')) {
            j = group_end(toks, j + 1);
        }
        let mut k = j;
        if ident(k) == Some("pub") {
            k += 1;
            if tok(k) == Some(&Tok::Punct('(')) {
                k = group_end(toks, k);
            }
        }
        if ident(k) == Some("mod") && tok(k + 2) == Some(&Tok::Punct(';')) {
            mods.extend(ident(k + 1).map(String::from));
        }
        let end = item_end(toks, k);
        mask[i..end].iter_mut().for_each(|m| *m = true);
        i = end;
    }
    (mask, mods)
}

fn opens(t: &Tok) -> bool {
    matches!(t, Tok::Punct('(' | '[' | '{'))
}

fn closes(t: &Tok) -> bool {
    matches!(t, Tok::Punct(')' | ']' | '}'))
}

/// Past the bracket group opening at `i`.
fn group_end(toks: &[Token], i: usize) -> usize {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(i) {
        if opens(&t.tok) {
            depth += 1;
        } else if closes(&t.tok) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return k + 1;
            }
        }
    }
    toks.len()
}

/// Past the item starting at `k` (after its visibility): a `use`, `const`,
/// `static` or `type` ends at its `;`, anything else at its body's closing
/// brace (or a `;` before any body, as in `mod tests;`).
fn item_end(toks: &[Token], k: usize) -> usize {
    let word = |i: usize| match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => s.as_str(),
        _ => "",
    };
    let to_semicolon = matches!(word(k), "use" | "static" | "type" | "extern")
        || (word(k) == "const" && !matches!(word(k + 1), "fn" | "async" | "unsafe"));
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(k) {
        if opens(&t.tok) {
            depth += 1;
        } else if closes(&t.tok) {
            depth = depth.saturating_sub(1);
            if depth == 0 && t.tok == Tok::Punct('}') && !to_semicolon {
                return i + 1;
            }
        } else if depth == 0 && t.tok == Tok::Punct(';') {
            return i + 1;
        }
    }
    toks.len()
}
