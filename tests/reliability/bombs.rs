//! Memory bombs (issue 12): workbooks and CSV files that once took
//! gigabytes or aborted the process are refused with a clear message. The
//! real binary runs under an address-space limit (`prlimit --as`), so a
//! bound that does not hold shows as a crash, not as a slow test.

use crate::common::catalogue::fixture_text;
use crate::common::cli::{Env, Run};
use crate::common::fixture;
use crate::common::workbook::{Part, row, sheet, workbook};

/// The address space `waymark import` gets. It must hold the mapped debug
/// binary (about 150 MB of it) besides what a small valid import needs
/// (tens of MB): at 256 MB, spawned from the test harness, the valid import
/// failed now and then once the binary had grown. Each bomb below needs
/// gigabytes, or at least 300 MB on top of the binary, without its limit.
const ADDRESS_SPACE: u64 = 320 * 1024 * 1024;

/// `waymark ARGS` in `env`, under [`ADDRESS_SPACE`].
fn limited(env: &Env, args: &[&str]) -> Run {
    let limit = format!("--as={ADDRESS_SPACE}");
    Run::of(&mut env.command_under(&["prlimit", &limit, "--"], args))
}

/// Import `file` under the limit: it must fail cleanly (exit 1, no crash,
/// nothing recorded) with `expected` in a message of bounded length.
fn refused(env: &Env, file: &std::path::Path, expected: &str) {
    let run = limited(env, &["import", file.to_str().unwrap()]).fails(1);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(
        run.stderr.len() < 1000,
        "{} bytes of messages",
        run.stderr.len()
    );
    assert!(!run.stderr.contains("memory allocation"), "{}", run.stderr);
}

fn header_row() -> String {
    row(
        1,
        &["\"region\"", "\"indicator\"", "\"period\"", "\"value\""],
    )
}

#[test]
fn valid_files_import_under_the_same_limit() {
    let env = Env::new();
    for file in ["import/good.csv", "import/good.xlsx"] {
        limited(&env, &["import", fixture(file).to_str().unwrap()]).ok();
    }
    let book = workbook(
        sheet(
            &(header_row()
                + &row(
                    2,
                    &[
                        "\"liaoning\"",
                        "\"china-europe-trains\"",
                        "\"2019-01\"",
                        "5",
                    ],
                )),
        ),
        None,
        vec![],
    );
    let path = env.path("written.xlsx");
    std::fs::write(&path, book).unwrap();
    let run = limited(&env, &["import", path.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("recorded 1 new"), "{}", run.stdout);
}

#[test]
fn shared_strings_unpacking_to_2_gb_are_refused() {
    let env = Env::new();
    let strings = |declared: Option<u32>| {
        let part = Part::bomb(
            "xl/sharedStrings.xml",
            "<sst>",
            "<si><t>liaoning</t></si>",
            2 << 30,
            "</sst>",
        );
        let part = match declared {
            Some(size) => part.declaring(size),
            None => part,
        };
        workbook(sheet(&header_row()), Some(part), vec![])
    };
    // Declared honestly: refused before unpacking a byte.
    let path = env.path("declared.xlsx");
    std::fs::write(&path, strings(None)).unwrap();
    refused(
        &env,
        &path,
        "part \"xl/sharedStrings.xml\" is refused: it declares 2147483659 bytes unpacked; \
         at most 33554432 are read",
    );
    // Declared as 1,000 bytes: the zip reader stops unpacking there.
    let path = env.path("lying.xlsx");
    std::fs::write(&path, strings(Some(1000))).unwrap();
    refused(
        &env,
        &path,
        "File is larger than its declared uncompressed size",
    );
    // A few bytes declaring four billion strings, which calamine reserves room for.
    let path = env.path("count.xlsx");
    let sst = Part::stored(
        "xl/sharedStrings.xml",
        r#"<sst uniqueCount="4000000000"><si><t>x</t></si></sst>"#,
    );
    std::fs::write(&path, workbook(sheet(&header_row()), Some(sst), vec![])).unwrap();
    refused(&env, &path, "the shared strings declare 4000000000 strings");
}

/// A sheet of `rows` rows of `width` number cells after the header.
fn cells(rows: u64, width: usize) -> Part {
    let cells = "<c><v>1</v></c>".repeat(width);
    Part::bomb(
        "xl/worksheets/sheet1.xml",
        &format!("<worksheet><sheetData>{}", header_row()),
        &format!("<row>{cells}</row>"),
        rows * (cells.len() as u64 + 11),
        "</sheetData></worksheet>",
    )
}

#[test]
fn a_40_million_cell_sheet_is_refused() {
    let env = Env::new();
    let path = env.path("cells.xlsx");
    std::fs::write(&path, workbook(cells(5_000_000, 8), None, vec![])).unwrap();
    refused(
        &env,
        &path,
        "part \"xl/worksheets/sheet1.xml\" is refused: it declares 655000265 bytes unpacked; \
         at most 536870912 are read",
    );
    // Within the size limit, the cell count stops it.
    std::fs::write(&path, workbook(cells(900_000, 10), None, vec![])).unwrap();
    refused(&env, &path, "more than 8388608 cells in a sheet");
}

#[test]
fn a_cell_of_400_mb_is_refused() {
    let env = Env::new();
    // One inline string in a million small runs: no single XML event is large.
    let part = Part::bomb(
        "xl/worksheets/sheet1.xml",
        &format!(
            "<worksheet><sheetData>{}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>",
            header_row()
        ),
        "<r><t>liaoning</t></r>",
        400 << 20,
        "</is></c></row></sheetData></worksheet>",
    );
    let path = env.path("cell.xlsx");
    std::fs::write(&path, workbook(part, None, vec![])).unwrap();
    refused(
        &env,
        &path,
        "cell or shared string is longer than 262144 bytes",
    );
}

/// A file of `head` and then `zeros` zero bytes, and a line end. Sparse: no
/// disk writes, which would slow the database tests running alongside.
fn zeros_after(env: &Env, name: &str, head: &str, zeros: u64) -> std::path::PathBuf {
    use std::io::Write;
    let path = env.path(name);
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(head.as_bytes()).unwrap();
    file.set_len(head.len() as u64 + zeros).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(b"\n").unwrap();
    path
}

#[test]
fn csv_files_of_zeros_or_one_endless_value_are_refused() {
    let env = Env::new();
    let zeros = zeros_after(&env, "zeros.csv", "", 300 << 20);
    refused(
        &env,
        &zeros,
        "zeros.csv:1: missing header row: none in the first 16384 bytes",
    );
    // A 100 MB value: refused at the row limit, and never echoed whole.
    let head = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,";
    let value = zeros_after(&env, "value.csv", head, 100 << 20);
    refused(&env, &value, "value.csv:2: row longer than 65536 bytes");
}

#[test]
fn xlsx_number_cells_beyond_1e15_are_refused() {
    let catalogue = waymark::domain::Catalogue::from_toml(&fixture_text(), "catalogue.toml")
        .expect("fixture catalogue");
    let figure = |n: u32, period: &str, value: &str| {
        let period = format!("\"{period}\"");
        row(
            n,
            &["\"liaoning\"", "\"china-europe-trains\"", &period, value],
        )
    };
    let rows = header_row()
        + &figure(2, "2021-01", "1.7E+308")
        + &figure(3, "2021-02", "-1.7E+308")
        + &figure(4, "2021-03", "1E+15");
    let book = workbook(sheet(&rows), None, vec![]);
    let problems = waymark::ingest::read_xlsx_bytes(&book, &catalogue).unwrap_err();
    let range = "(out of range: a figure must lie between -1e15 and 1e15)";
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            format!("2: column value: invalid number \"1.7e308\" {range}"),
            format!("3: column value: invalid number \"-1.7e308\" {range}"),
        ]
    );
}
