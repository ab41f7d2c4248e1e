//! JSON import: a list of objects, one per figure, keyed by the column names
//! of CSV (`region`, `indicator`, `period`, `value`, optional `basis`,
//! `note`, `flag`): what `export --format json` writes. `value` is a number
//! or a text holding one; `null` is the same as leaving a field out.
//!
//! Problems are numbered by item, counting from 1 ([`Location::Item`]), or
//! are about the file as a whole. The list is read item by item into the validator, never held
//! whole: an item is at most [`MAX_ROW_BYTES`] and a file has at most
//! [`MAX_ROWS`] items, like CSV rows. Numbers are taken as written, not
//! through serde_json's float parser, which is not exact for every double.

use super::csv::MAX_ROWS;
use super::csv_scan::MAX_ROW_BYTES;
use super::rows::Rows;
use super::{Location, Numbering, Problem, RawRecord};
use crate::domain::Figure;
use crate::domain::catalogue::closest;
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Invalid};
use indicatif::ProgressBar;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

// The same columns as CSV and XLSX import: the keys an item may have, and
// those accepted, not read, when the first item has `recorded_at` (a file
// of revisions from `export --revisions`, see `Rows::revisions`).
use super::header::{ALL as READ, REVISION};

/// Read and validate figures from JSON text. `progress` advances by bytes read.
pub(crate) fn read_json(
    reader: impl Read,
    catalogue: &Catalogue,
    progress: Option<&ProgressBar>,
) -> Result<Vec<Figure>, Vec<Problem>> {
    let mut buffered = BufReader::with_capacity(64 * 1024, reader);
    // A byte-order mark, as some editors save UTF-8.
    if buffered
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        buffered.consume(3);
    }
    // What the file holds, for a message if it is not a list.
    let first = buffered
        .fill_buf()
        .ok()
        .and_then(|b| b.iter().find(|c| !c.is_ascii_whitespace()).copied());
    let item_bytes = Cell::new(0);
    let mut list = List {
        rows: Rows::new(catalogue, Numbering::Item),
        items: 0,
        revisions: None,
        item_bytes: &item_bytes,
        stopped: false,
    };
    let mut de = serde_json::Deserializer::from_reader(Bounded {
        inner: buffered,
        progress,
        item_bytes: &item_bytes,
    });
    match de.deserialize_seq(&mut list) {
        Ok(()) => {
            if let Err(e) = de.end() {
                list.rows.problem(Problem::new(
                    Location::Whole,
                    "not_json",
                    format!("not valid JSON after the list: {e}"),
                ));
            } else if list.items == 0 {
                list.rows.problem(Problem::new(
                    Location::Whole,
                    "empty",
                    "no figures: the list is empty",
                ));
            }
        }
        Err(_) if list.stopped => {}
        Err(e) if list.items == 0 && !e.is_io() && !e.is_eof() && !e.is_syntax() => {
            // The file is JSON but not a list.
            let got = match first {
                Some(b'{') => "an object",
                Some(b'"') => "a text",
                Some(b't' | b'f') => "true or false",
                Some(b'n') => "null",
                _ => "a number",
            };
            list.rows.problem(Problem::new(
                Location::Whole,
                "not_a_list",
                format!("expected {Expecting}, got {got}"),
            ));
        }
        Err(e) => {
            let item = Location::Item(list.items + 1);
            let problem = if e.is_io() && item_bytes.get() > MAX_ROW_BYTES {
                Problem::new(
                    item,
                    "row_too_long",
                    format!("longer than {MAX_ROW_BYTES} bytes: is a list or text left open?"),
                )
            } else if e.is_io() {
                Problem::new(item, "unreadable", format!("cannot read file: {e}"))
            } else {
                Problem::new(item, "not_json", format!("not valid JSON: {e}"))
            };
            list.rows.problem(problem);
        }
    }
    list.rows.finish()
}

struct Expecting;

impl fmt::Display for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of figures ([{\"region\": …, \"indicator\": …, \"period\": …, \"value\": …}, …])")
    }
}

/// The list, read item by item into the validator.
struct List<'c, 'b> {
    rows: Rows<'c>,
    items: u64,
    /// Whether the file is one of revisions, known from its first item.
    revisions: Option<bool>,
    item_bytes: &'b Cell<u64>,
    /// Reading stopped on purpose (too many items).
    stopped: bool,
}

impl<'de> Visitor<'de> for &mut List<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Expecting, f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.item_bytes.set(0);
            let Some(raw) = seq.next_element::<Box<RawValue>>()? else {
                return Ok(());
            };
            self.items += 1;
            if self.items > MAX_ROWS {
                self.rows.problem(Problem::new(
                    Location::Item(self.items),
                    "too_many_rows",
                    format!("more than {MAX_ROWS} items: split the file and import the parts"),
                ));
                self.stopped = true;
                return Err(de::Error::custom("too many items"));
            }
            self.item(&raw);
        }
    }
}

impl List<'_, '_> {
    fn item(&mut self, raw: &RawValue) {
        let n = self.items;
        let at = Location::Item(n);
        let Ok(Fields(fields)) = serde_json::from_str::<Fields>(raw.get()) else {
            self.rows.problem(Problem::new(
                at,
                "not_an_object",
                format!(
                    "expected an object with region, indicator, period and value, got {}",
                    kind(raw)
                ),
            ));
            return;
        };
        let revisions = *self
            .revisions
            .get_or_insert_with(|| fields.iter().any(|(k, _)| k == REVISION[0]));
        self.rows.revisions(revisions);
        let mut sound = true;
        let mut text: [Option<String>; READ.len()] = Default::default();
        let mut seen = [false; READ.len() + REVISION.len()];
        for (key, value) in &fields {
            let k = READ.iter().position(|c| c == key).or_else(|| {
                let k = REVISION.iter().position(|c| c == key)?;
                revisions.then_some(READ.len() + k)
            });
            let Some(k) = k else {
                let hint = closest(key, READ.iter().copied())
                    .map(|c| format!("; did you mean {c:?}?"))
                    .unwrap_or_default();
                self.rows.problem(Problem::new(
                    at,
                    "unknown_field",
                    format!(
                        "unknown field {} (expected region, indicator, period, value, basis, note or flag){hint}",
                        echo(key)
                    ),
                ));
                sound = false;
                continue;
            };
            let name = READ
                .iter()
                .chain(&REVISION)
                .nth(k)
                .copied()
                .unwrap_or_default();
            if std::mem::replace(&mut seen[k], true) {
                self.rows.problem(
                    Problem::new(at, "duplicate_field", "given twice in one item").in_field(name),
                );
                sound = false;
                continue;
            }
            if k >= READ.len() {
                continue;
            }
            match field_text(value, key == "value") {
                Ok(t) => text[k] = t,
                Err(e) => {
                    self.rows
                        .problem(Problem::new(at, e.code, e.message).in_field(name));
                    sound = false;
                }
            }
        }
        if !sound {
            return;
        }
        let [region, indicator, period, value, basis, note, flag] = text;
        let field = |t: &Option<String>| t.clone().unwrap_or_default();
        let (region, indicator, period, value) = (
            field(&region),
            field(&indicator),
            field(&period),
            field(&value),
        );
        self.rows.push(
            n,
            RawRecord {
                region: &region,
                indicator: &indicator,
                period: &period,
                value: &value,
                basis: basis.as_deref(),
                note: note.as_deref(),
                flag: flag.as_deref(),
            },
        );
    }
}

/// A field as the text a CSV cell would hold: `None` for null; a number as
/// written (only where `number` allows one). A value of another type is
/// code `wrong_type`, naming what was found.
fn field_text(raw: &RawValue, number: bool) -> Result<Option<String>, Invalid> {
    let json = raw.get();
    let want = if number { "a number" } else { "a text" };
    let wrong = |got: String| Invalid::new("wrong_type", format!("expected {want}, got {got}"));
    match json.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(json)
            .map(Some)
            .map_err(|e| wrong(e.to_string())),
        Some(b'n') => Ok(None),
        Some(b'-' | b'0'..=b'9') if number => Ok(Some(json.to_string())),
        _ => Err(wrong(kind(raw))),
    }
}

/// What a JSON value is, for a message.
fn kind(raw: &RawValue) -> String {
    let json = raw.get();
    match json.as_bytes().first() {
        Some(b'{') => "an object".into(),
        Some(b'[') => "a list".into(),
        Some(b'"') => format!(
            "the text {}",
            echo(&serde_json::from_str::<String>(json).unwrap_or_default())
        ),
        // ASCII: a number's text is cut anywhere.
        Some(b'-' | b'0'..=b'9') if json.len() > 40 => format!("the number {}…", &json[..40]),
        Some(b'-' | b'0'..=b'9') => format!("the number {json}"),
        // true, false or null
        _ => json.to_string(),
    }
}

/// An object's fields in order, duplicates kept (so they can be reported).
struct Fields(Vec<(String, Box<RawValue>)>);

impl<'de> de::Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Fields, M::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    out.push(entry);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(Object)
    }
}

/// Counts bytes into the progress bar and refuses an item past
/// [`MAX_ROW_BYTES`] (the count restarts at each item), so a text or list
/// left open cannot fill memory.
struct Bounded<'p, 'b, R> {
    inner: R,
    progress: Option<&'p ProgressBar>,
    item_bytes: &'b Cell<u64>,
}

impl<R: Read> Read for Bounded<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let used = self.item_bytes.get();
        if used > MAX_ROW_BYTES {
            return Err(std::io::Error::other("item too long"));
        }
        let room = usize::try_from(MAX_ROW_BYTES + 1 - used).unwrap_or(usize::MAX);
        let len = buf.len().min(room);
        let n = self.inner.read(&mut buf[..len])?;
        self.item_bytes.set(used + n as u64);
        if let Some(p) = self.progress {
            p.inc(n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
