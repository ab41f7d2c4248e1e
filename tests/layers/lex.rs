//! Splits Rust source into identifiers, `::` and single punctuation, each
//! with its line, dropping whitespace, comments and literals (so a path in a
//! doc comment, a message or a character literal is never read as code).

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    PathSep,
    Punct(char),
}

pub struct Token {
    pub tok: Tok,
    pub line: usize,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits source text into identifiers, `::` and single punctuation, dropping
/// whitespace, comments and literals.
pub fn tokens(src: &str) -> Vec<Token> {
    let s: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let at = |i: usize| s.get(i).copied().unwrap_or('\0');
    while i < s.len() {
        let c = s[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(s[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&s, i + 1, &mut line);
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                i += 3; // past the quote, the backslash and the escaped character
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1; // a lifetime: its name follows as an identifier
            }
        } else if is_ident_char(c) {
            let start = i;
            while i < s.len() && is_ident_char(s[i]) {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let hashes = s[i..].iter().take_while(|&&h| h == '#').count();
            match word.as_str() {
                "r" | "br" | "cr" if at(i + hashes) == '"' => {
                    i = skip_raw_string(&s, i + hashes + 1, hashes, &mut line);
                }
                "b" | "c" if at(i) == '"' => i = skip_string(&s, i + 1, &mut line),
                "b" if at(i) == '\'' => {
                    i += 1;
                    while i < s.len() && s[i] != '\'' {
                        i += if s[i] == '\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                "r" if hashes == 1 && is_ident_char(at(i + 1)) => i += 1, // r#name: the name follows
                _ => out.push(Token {
                    tok: Tok::Ident(word),
                    line,
                }),
            }
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token {
                tok: Tok::PathSep,
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

/// Past the closing quote of a string whose body starts at `i`.
fn skip_string(s: &[char], mut i: usize, line: &mut usize) -> usize {
    while i < s.len() && s[i] != '"' {
        if s[i] == '\\' {
            i += 1;
        }
        if s.get(i) == Some(&'\n') {
            *line += 1;
        }
        i += 1;
    }
    i + 1
}

fn skip_raw_string(s: &[char], mut i: usize, hashes: usize, line: &mut usize) -> usize {
    while i < s.len() {
        if s[i] == '"'
            && s[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&h| h == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        *line += usize::from(s[i] == '\n');
        i += 1;
    }
    i
}
