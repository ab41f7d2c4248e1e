//! Indicator rules for the entry-point tests: the fixture catalogue with
//! China-Europe trains bounded to 0..=5000 whole trains, and one figure
//! breaking each rule, with what its message must say.

/// The fixture catalogue, with `min`, `max` and `integer` on the trains
/// indicator; like every indicator it refuses periods not yet over.
pub fn catalogue() -> String {
    super::catalogue::fixture_with(&[(
        "unit = \"trains\"\n",
        "unit = \"trains\"\nmin = 0\nmax = 5000\ninteger = true\n",
    )])
}

/// The server in this process over [`catalogue`].
pub async fn app() -> super::app::TestApp {
    super::app::TestApp::spawn_with(super::app::Options {
        catalogue: Some(catalogue()),
        ..Default::default()
    })
    .await
}

/// One broken rule: the figure's period and value (for
/// liaoning china-europe-trains), and what the message must contain.
pub struct Case {
    pub period: &'static str,
    pub value: &'static str,
    pub needles: [&'static str; 2],
}

/// A period far in the future: it has not ended whenever the test runs.
pub const FUTURE: &str = "2999-01";

/// Every rule an indicator can have, broken once.
pub const CASES: [Case; 4] = [
    Case {
        period: "2021-03",
        value: "-1",
        needles: ["-1 is below 0", "(min = 0)"],
    },
    Case {
        period: "2021-03",
        value: "5001",
        needles: ["5001 is above 5000", "(max = 5000)"],
    },
    Case {
        period: "2021-03",
        value: "12.5",
        needles: ["12.5 is not a whole number", "(integer = true)"],
    },
    Case {
        period: FUTURE,
        value: "5",
        needles: ["2999-01 has not ended yet", "(allow_future = false)"],
    },
];

/// A figure that keeps every rule, to go along with a bad one: the whole
/// input must still be refused.
pub const GOOD: (&str, &str) = ("2021-02", "45");
