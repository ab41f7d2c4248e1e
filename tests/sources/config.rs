//! `[[source]]` settings: errors name the source and the key.

use waymark::config::Settings;
use waymark::config::sources::{Format, Mapping};

fn load(text: &str) -> Result<Settings, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.toml");
    std::fs::write(&path, text).unwrap();
    Settings::load(Some(&path), &[]).map_err(|e| format!("{e:#}"))
}

const GOOD: &str = r#"
[[source]]
name = "wb-trade"
url = "https://api.worldbank.org/v2/country/CHN/indicator/NE.TRD.GNFS.ZS?format=json"
format = "worldbank"
region = "china"
indicator = { column = "indicator", values = { "NE.TRD.GNFS.ZS" = "trade-share" } }
timeout = "30s"
"#;

#[test]
fn a_source_loads_into_typed_settings() {
    let s = load(GOOD).unwrap();
    let src = &s.source[0];
    assert_eq!(
        (src.name.as_str(), src.format),
        ("wb-trade", Format::WorldBank)
    );
    assert_eq!(src.region, Some(Mapping::Fixed("china".into())));
    assert_eq!(src.timeout, std::time::Duration::from_secs(30));
    assert!(!src.allow_private);
}

#[test]
fn bad_sources_are_reported_with_the_source_and_the_key() {
    for (change, expected) in [
        (
            ("timeout = \"30s\"", "timout = \"30s\""),
            "unknown field `timout`",
        ),
        (
            ("format = \"worldbank\"", "format = \"xml\""),
            "key `format`: unknown format \"xml\"",
        ),
        (("https://api", "ftp://api"), "key `url`: scheme \"ftp\""),
        (
            ("region = \"china\"\n", ""),
            "key `region` is required for format worldbank",
        ),
        (
            ("column = \"indicator\"", "column = \"INDICATOR\""),
            "key `indicator.column`",
        ),
        (
            ("timeout = \"30s\"", "timeout = \"30\""),
            "key `timeout`: invalid duration",
        ),
        (
            ("timeout = \"30s\"", "filter = { FREQ = \"A\" }"),
            "key `filter`: only format sdmx-csv",
        ),
        (
            (
                "\"trade-share\" }",
                "\"trade-share\" }, others = \"ignore\"",
            ),
            "key `indicator.others`",
        ),
    ] {
        let text = GOOD.replace(change.0, change.1);
        assert_ne!(text, GOOD, "{change:?} changed nothing");
        let err = load(&text).unwrap_err();
        assert!(
            err.contains("[[source]] \"wb-trade\"") && err.contains(expected),
            "expected {expected:?} in: {err}"
        );
    }
}

#[test]
fn two_sources_may_not_share_a_name() {
    let err = load(&format!("{GOOD}\n{GOOD}")).unwrap_err();
    assert!(err.contains("two sources have this name"), "{err}");
}
