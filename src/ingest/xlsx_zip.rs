//! A workbook's zip archive, checked before and while calamine reads it.
//!
//! calamine unpacks whole parts into memory (every shared string) and trusts
//! sizes the file declares, so a few kilobytes can claim or unpack to
//! gigabytes. Two checks keep every workbook within bounded memory:
//!
//! - [`check_outline`], on the raw bytes before any zip reader parses them:
//!   a bounded file and central directory (the zip reader keeps a record of
//!   every entry) and no ZIP64 (whose declared counts are 64-bit);
//! - [`Guarded`], the reader calamine is given: the zip reader seeks to an
//!   entry's data before every read of it, and at that seek the entry is
//!   first decompressed and parsed from a second handle with
//!   [`check_part`]'s limits; the seek fails unless it passed. So exactly
//!   the parts calamine reads are checked, whatever their names, each before
//!   calamine unpacks a byte of it. (The zip reader itself refuses to unpack
//!   past an entry's declared size, so declared sizes are checked first.)

use super::xlsx_parts::{Refused, check_part};
use crate::domain::echo::echo;
use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;
use zip::ZipArchive;

/// The largest workbook file read.
pub(crate) const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;
/// Entries in the archive (a workbook has tens).
const MAX_ENTRIES: u64 = 10_000;
/// Names, extra fields and comments of all entries together.
const MAX_DIRECTORY_TEXT: u64 = 1024 * 1024;
/// Unpacked bytes and XML elements of a part calamine loads whole: shared
/// strings (each string is a few elements), and the rest (styles, workbook,
/// relationships, theme), where calamine keeps an object of a hundred bytes
/// or more for many elements (each style, font, fill, border).
const MAX_STRINGS_BYTES: u64 = 32 * 1024 * 1024;
const MAX_STRINGS_ELEMENTS: u64 = 8 * 1_048_576;
const MAX_BOOK_PART_BYTES: u64 = 4 * 1024 * 1024;
const MAX_BOOK_PART_ELEMENTS: u64 = 200_000;
/// Unpacked bytes of the sheet, which calamine streams; and of all checked
/// parts together, which bounds the time spent unpacking.
const MAX_SHEET_BYTES: u64 = 512 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;

const CENTRAL_HEADER: &[u8; 4] = b"PK\x01\x02";
/// A central header's fixed part; its three lengths are at 28, 30 and 32.
const CENTRAL_HEADER_LEN: usize = 46;
/// The end of the central directory; a count of 0xFFFF or a size or offset
/// of 0xFFFFFFFF at 10, 12 and 16 sends a zip reader to a ZIP64 record.
const END: &[u8; 4] = b"PK\x05\x06";

/// Check the raw archive: at most [`MAX_ENTRIES`] central directory headers
/// and [`MAX_DIRECTORY_TEXT`] bytes of their names, extras and comments, and
/// no end record pointing to ZIP64. Every signature anywhere counts, so
/// whichever candidate the zip reader settles on is within bounds.
pub(crate) fn check_outline(mut raw: impl Read) -> Result<(), Refused> {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes kept from the previous chunk, so a header across chunks is whole.
    let mut kept = 0;
    let (mut entries, mut text) = (0u64, 0u64);
    loop {
        let n = raw
            .read(&mut buf[kept..])
            .map_err(|e| Refused(format!("cannot read the file: {e}")))?;
        let len = kept + n;
        let at_end = n == 0;
        // Only positions whose whole fixed header is here, unless at the end.
        let scan_to = if at_end {
            len
        } else {
            len.saturating_sub(CENTRAL_HEADER_LEN - 1)
        };
        for i in 0..scan_to {
            // A little-endian field of `width` bytes at `at` past the signature.
            let field = |at: usize, width: usize| match buf.get(i + at..i + at + width) {
                Some(b) if i + at + width <= len => {
                    b.iter().rev().fold(0u64, |n, &d| (n << 8) | u64::from(d))
                }
                _ => 0,
            };
            let sig = &buf[i..len.min(i + 4)];
            if sig == CENTRAL_HEADER {
                entries += 1;
                text += field(28, 2) + field(30, 2) + field(32, 2);
            } else if sig == END
                && (field(10, 2) == 0xFFFF
                    || field(12, 4) == 0xFFFF_FFFF
                    || field(16, 4) == 0xFFFF_FFFF)
            {
                return Err(Refused(
                    "ZIP64 archives are not read (a workbook never needs one)".into(),
                ));
            }
        }
        if entries > MAX_ENTRIES {
            return Err(Refused(format!(
                "more than {MAX_ENTRIES} entries in the archive"
            )));
        }
        if text > MAX_DIRECTORY_TEXT {
            return Err(Refused(format!(
                "the archive's entry names and extra fields exceed {MAX_DIRECTORY_TEXT} bytes"
            )));
        }
        if at_end {
            return Ok(());
        }
        buf.copy_within(scan_to..len, 0);
        kept = len - scan_to;
    }
}

/// What calamine is reading: the parts it loads whole when the workbook is
/// opened, or the sheet it streams afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Phase {
    Book,
    Sheet,
}

/// The archive opened a second time, to check entries before calamine reads them.
pub(crate) struct Parts<C> {
    zip: ZipArchive<C>,
    /// Each entry's compressed data as (start, end, index), sorted.
    ranges: Vec<(u64, u64, usize)>,
    checked: HashSet<(usize, Phase)>,
    phase: Phase,
    unpacked: u64,
    refused: Option<Refused>,
}

/// Shared by [`Guarded`] (inside calamine) and the code driving calamine.
pub(crate) type SharedParts<C> = Rc<RefCell<Parts<C>>>;

impl<C: Read + Seek> Parts<C> {
    /// `None` when the archive cannot be opened: calamine, opening the same
    /// bytes with the same zip reader, then fails too, before reading any part.
    pub(crate) fn open(second: C) -> Result<Option<SharedParts<C>>, Refused> {
        let Ok(mut zip) = ZipArchive::new(second) else {
            return Ok(None);
        };
        let mut ranges = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index_raw(i) else {
                continue; // calamine cannot open it either
            };
            if let Some(start) = entry.data_start() {
                ranges.push((start, start.saturating_add(entry.compressed_size()), i));
            }
        }
        ranges.sort_unstable();
        if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
            return Err(Refused(
                "entries of the archive overlap (a zip bomb?)".into(),
            ));
        }
        Ok(Some(Rc::new(RefCell::new(Parts {
            zip,
            ranges,
            checked: HashSet::new(),
            phase: Phase::Book,
            unpacked: 0,
            refused: None,
        }))))
    }

    pub(crate) fn set_phase(&mut self, phase: Phase) {
        self.phase = phase;
    }

    /// Why a part was refused, once one was.
    pub(crate) fn refused(&self) -> Option<&Refused> {
        self.refused.as_ref()
    }

    /// Check the entries whose data starts at `pos` (one, or empty ones
    /// besides), unless already checked for the current phase.
    fn opening(&mut self, pos: u64) -> Result<(), Refused> {
        if let Some(why) = &self.refused {
            return Err(why.clone());
        }
        let from = self.ranges.partition_point(|r| r.0 < pos);
        let due: Vec<usize> = self.ranges[from..]
            .iter()
            .take_while(|r| r.0 == pos)
            .map(|r| r.2)
            .filter(|i| !self.checked.contains(&(*i, self.phase)))
            .collect();
        for i in due {
            if let Err(why) = self.check(i) {
                self.refused = Some(why.clone());
                return Err(why);
            }
            self.checked.insert((i, self.phase));
        }
        Ok(())
    }

    fn check(&mut self, i: usize) -> Result<(), Refused> {
        let Ok(entry) = self.zip.by_index(i) else {
            return Ok(()); // encrypted or unsupported: calamine's read fails too
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        // The sheet's cells are counted on their own.
        let (limit, elements) = match self.phase {
            Phase::Sheet => (MAX_SHEET_BYTES, u64::MAX),
            Phase::Book if name.to_ascii_lowercase().ends_with("sharedstrings.xml") => {
                (MAX_STRINGS_BYTES, MAX_STRINGS_ELEMENTS)
            }
            Phase::Book => (MAX_BOOK_PART_BYTES, MAX_BOOK_PART_ELEMENTS),
        };
        let left = MAX_UNPACKED_BYTES.saturating_sub(self.unpacked);
        let refuse = |why: &dyn std::fmt::Display| {
            Refused(format!("part {} is refused: {why}", echo(&name)))
        };
        if entry.size() > limit {
            return Err(refuse(&format!(
                "it declares {} bytes unpacked; at most {limit} are read",
                entry.size()
            )));
        }
        let size = check_part(entry, limit.min(left), elements).map_err(|e| refuse(&e))?;
        self.unpacked += size;
        Ok(())
    }
}

/// The reader calamine gets: `inner` read through, each entry checked by
/// [`Parts`] when the zip reader seeks to its data (see the module docs).
pub(crate) struct Guarded<R, C> {
    inner: R,
    parts: Option<SharedParts<C>>,
}

impl<R: Read + Seek, C: Read + Seek> Guarded<R, C> {
    pub(crate) fn new(inner: R, parts: Option<SharedParts<C>>) -> Self {
        Guarded { inner, parts }
    }
}

impl<R: Read, C> Read for Guarded<R, C> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: Seek, C: Read + Seek> Seek for Guarded<R, C> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let pos = self.inner.seek(to)?;
        if let Some(parts) = &self.parts {
            parts.borrow_mut().opening(pos).map_err(io::Error::other)?;
        }
        Ok(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_bounds_entries_and_refuses_zip64() {
        assert_eq!(check_outline(&b"PK\x01\x02 short"[..]), Ok(()));
        let mut many = Vec::new();
        for _ in 0..=MAX_ENTRIES {
            many.extend_from_slice(CENTRAL_HEADER);
            many.extend_from_slice(&[0; CENTRAL_HEADER_LEN - 4]);
        }
        assert!(
            check_outline(many.as_slice())
                .unwrap_err()
                .0
                .contains("more than 10000 entries")
        );
        let mut long_names = Vec::new();
        for _ in 0..20 {
            long_names.extend_from_slice(CENTRAL_HEADER);
            long_names.extend_from_slice(&[0; 24]);
            long_names.extend_from_slice(&u16::MAX.to_le_bytes());
            long_names.extend_from_slice(&[0; CENTRAL_HEADER_LEN - 30]);
        }
        assert!(
            check_outline(long_names.as_slice())
                .unwrap_err()
                .0
                .contains("names")
        );
        // A signature split across two reads is still seen.
        let mut z64 = vec![0u8; 64 * 1024 - 2];
        z64.extend_from_slice(END);
        z64.extend_from_slice(&[0; 6]);
        z64.extend_from_slice(&[0xFF, 0xFF]);
        z64.extend_from_slice(&[0; 10]);
        assert!(
            check_outline(z64.as_slice())
                .unwrap_err()
                .0
                .contains("ZIP64")
        );
        z64[64 * 1024 - 2 + 10] = 0;
        assert_eq!(check_outline(z64.as_slice()), Ok(()));
    }
}
