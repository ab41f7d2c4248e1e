//! Remote sources: pull figures from statistics feeds and record them like any
//! other figure, with `recorded_by = "source:<name>"` (issue 7).
//!
//! # Settings
//!
//! ```toml
//! [[source]]
//! name = "nbs-trade"                  # slug; figures are recorded by "source:nbs-trade"
//! url = "https://stats.example.org/data/TRADE?format=csv"
//! format = "sdmx-csv"                 # csv | json | worldbank | sdmx-csv
//! allow_private = false               # permit loopback/private/link-local addresses
//! allow_addresses = []                # or permit single non-public addresses, e.g. ["10.2.0.7"]
//! region = { column = "REF_AREA", values = { "CN-LN" = "liaoning" }, others = "skip" }
//! indicator = "import-export"         # a fixed id, or a code map like region
//! filter = { FREQ = "M", UNIT = "CNY" }  # sdmx-csv only: keep rows where every column equals its value
//! connect_timeout = "10s"             # default 10s; units ms, s, m
//! timeout = "60s"                     # per request, connect to last byte; default 60s
//! max_bytes = 33554432                # per response body; default 32 MiB
//! max_pages = 100                     # worldbank only: most pages fetched in one pull
//! ```
//!
//! # Formats
//!
//! - `csv`: waymark's own import format (`region,indicator,period,value[,basis,note]`).
//! - `json`: `{"observations":[{"region","indicator","period","value","basis"?,"note"?}]}`,
//!   the body of `POST /api/observations`; value a number or a string.
//! - `worldbank`: World Bank API v2 JSON. Page 1 is the configured URL; pages
//!   2..`pages` are fetched with its `page` parameter replaced. `null` values
//!   are gaps. Dates `2020`, `2020Q3`, `2020M03`. Code maps read
//!   `countryiso3code`, `country` (its id) or `indicator` (its id).
//! - `sdmx-csv`: SDMX-CSV 1 or 2. Code maps read any column (a dimension such
//!   as `REF_AREA`). A dataflow usually has more dimensions than waymark's
//!   region and indicator (frequency, unit, adjustment…): pin each with
//!   `filter`, or two rows land on one figure and are reported as conflicting.
//!   Every column named by a code map or a filter must be in the header.
//!   The separator is the character after the first column's `STRUCTURE` or
//!   `DATAFLOW` (`,`, `;`, tab or `|`). Labelled messages (`labels=both`:
//!   `REF_AREA: Reference area`, `CN_LN: Liaoning`) are read by id: columns,
//!   code maps, filters and codes all use the part before the first `:`.
//!   A value stated at `UNIT_MULT` m (10^m; 0 when the column or cell is
//!   empty) is moved into its indicator's `unit_mult` u: value × 10^(m − u),
//!   done on the decimal text so 761.2 at 9 into 8 is exactly 7612. A
//!   `UNIT_MULT` that is not a whole number from -20 to 20, or a result
//!   beyond ±1e15, fails the pull naming the line. `OBS_STATUS` becomes the
//!   figure's flag (`A`, `E`, `P`, `B`, any case); `M` is a gap; any other
//!   code on a row with a value fails the pull. Empty or `NaN` OBS_VALUE is
//!   a gap; `ACTION = D` rows are ignored. TIME_PERIOD `2021`, `2021-A1`,
//!   `2021-Q3`, `2021-03`, `2021-M03`.
//!
//! A code map's code missing from `values` is an error naming the code and
//! the column, unless the map has `others = "skip"`.
//!
//! # Safety and failures
//!
//! Only http and https; at most `client::MAX_REDIRECTS` redirects; every
//! address is checked after DNS resolution and on every redirect hop
//! ([`guard`]). A pull is all or nothing per source: any failure (network,
//! status, timeout, size, malformed payload, unknown code, invalid figure)
//! writes no figure and is recorded with its first time and count, which
//! [`failing_sources`] reports until the next good pull. A good body's ETag
//! and Last-Modified are sent back next time; a 304 writes nothing.

pub(crate) mod client;
pub(crate) mod error;
pub mod formats;
pub mod guard;
mod pull;

pub(crate) use error::SourceError;
pub use pull::{PullOutcome, PullStatus, SourceFailure, failing_sources, last_outcomes, pull};
