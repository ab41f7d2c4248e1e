//! Workbooks written byte by byte for the hostile-input tests: a minimal
//! `.xlsx` zip whose parts may be compression bombs and may lie about their
//! size. Deflate is hand-made too, so a 2 GB part packs in milliseconds.

/// One part of the archive.
pub struct Part {
    pub name: String,
    /// The bytes as stored in the archive.
    data: Vec<u8>,
    deflated: bool,
    crc: u32,
    /// The unpacked size the archive declares.
    pub declared: u32,
}

impl Part {
    /// A part stored as is.
    pub fn stored(name: &str, text: &str) -> Part {
        Part {
            name: name.into(),
            data: text.as_bytes().to_vec(),
            deflated: false,
            crc: crc32(text.as_bytes()),
            declared: text.len() as u32,
        }
    }

    /// `head`, then `unit` repeated to `total` bytes, then `tail`, deflated.
    /// The checksum is left 0: it is only checked at the end, which a bomb
    /// must never let a reader reach.
    pub fn bomb(name: &str, head: &str, unit: &str, total: u64, tail: &str) -> Part {
        let mut w = Bits::default();
        w.bits(1, 1); // the last block
        w.bits(1, 2); // fixed Huffman codes
        for b in head.bytes() {
            w.literal(b);
        }
        let unit = unit.as_bytes();
        let mut done = 0;
        for &b in unit.iter().take(total as usize) {
            w.literal(b);
            done += 1;
        }
        let (code, extra_bits, extra) = distance(unit.len() as u32);
        while total - done >= 258 {
            w.code(0xC5, 8); // length 258 (symbol 285)
            w.code(code, 5);
            w.bits(extra, extra_bits);
            done += 258;
        }
        while done < total {
            w.literal(unit[(done % unit.len() as u64) as usize]);
            done += 1;
        }
        for b in tail.bytes() {
            w.literal(b);
        }
        w.code(0, 7); // end of block (symbol 256)
        Part {
            name: name.into(),
            data: w.finish(),
            deflated: true,
            crc: 0,
            declared: u32::try_from(head.len() as u64 + total + tail.len() as u64)
                .unwrap_or(u32::MAX - 1),
        }
    }

    /// The same part, claiming `size` bytes when unpacked (a lie, for bombs).
    pub fn declaring(mut self, size: u32) -> Part {
        self.declared = size;
        self
    }
}

/// A workbook of one sheet `sheet` (the XML inside `<sheetData>`), shared
/// strings if given, and any extra parts, in a zip archive.
pub fn workbook(sheet: Part, shared: Option<Part>, extra: Vec<Part>) -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut parts = vec![
        Part::stored(
            "_rels/.rels",
            &format!(
                r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        Part::stored(
            "xl/workbook.xml",
            &format!(
                r#"<workbook xmlns:r="{NS}"><sheets><sheet name="Figures" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        Part::stored(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        sheet,
    ];
    parts.extend(shared);
    parts.extend(extra);
    zip(&parts)
}

/// The sheet part for `rows` (the XML inside `<sheetData>`).
pub fn sheet(rows: &str) -> Part {
    Part::stored(
        "xl/worksheets/sheet1.xml",
        &format!("<worksheet><sheetData>{rows}</sheetData></worksheet>"),
    )
}

/// `<row>` of inline-string and number cells: text in quotes is a string.
pub fn row(n: u32, cells: &[&str]) -> String {
    let mut out = format!("<row r=\"{n}\">");
    for (i, cell) in cells.iter().enumerate() {
        let at = format!("{}{n}", (b'A' + i as u8) as char);
        match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
            Some(text) => {
                out += &format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#);
            }
            None => out += &format!(r#"<c r="{at}"><v>{cell}</v></c>"#),
        }
    }
    out + "</row>"
}

fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let method: u16 = if p.deflated { 8 } else { 0 };
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(method.to_le_bytes());
            v.extend([0, 0, 0x21, 0]); // time and date: 1980-01-01
            v.extend(p.crc.to_le_bytes());
            v.extend((p.data.len() as u32).to_le_bytes());
            v.extend(p.declared.to_le_bytes());
            v.extend((p.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(b"PK\x03\x04");
        common(&mut out);
        out.extend(p.name.as_bytes());
        out.extend(&p.data);

        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend([0; 8]); // comment length, disk, attributes
        central.extend([0; 2]);
        central.extend(offset.to_le_bytes());
        central.extend(p.name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0; 4]); // disk numbers
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend([0; 2]); // comment length
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Deflate's distance code, extra bit count and extra bits for `d`.
fn distance(d: u32) -> (u32, u32, u32) {
    let base = |c: u32| match c {
        0..4 => c + 1,
        _ => ((2 + (c & 1)) << (c / 2 - 1)) + 1,
    };
    let code = (0..30)
        .rev()
        .find(|&c| base(c) <= d)
        .expect("distance 1..=32768");
    let extra_bits = if code < 4 { 0 } else { code / 2 - 1 };
    (code, extra_bits, d - base(code))
}

/// A deflate bit stream: values least significant bit first, Huffman codes
/// most significant bit first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn bits(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn code(&mut self, code: u32, len: u32) {
        let reversed = (0..len).fold(0, |r, i| r | ((code >> i) & 1) << (len - 1 - i));
        self.bits(reversed, len);
    }

    /// A literal byte in the fixed code.
    fn literal(&mut self, b: u8) {
        match b {
            0..144 => self.code(0x30 + u32::from(b), 8),
            _ => self.code(0x190 + u32::from(b) - 144, 9),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
