//! `waymark review list|accept|reject` and what `history` and `export
//! --revisions` say of held figures.

use crate::common::catalogue::reviewed;
use crate::common::cli::Env;

/// A year of ordinary months and two of 2021 (line 2 on), then March 2021
/// typed with two extra zeros and April typed with one (lines 16 and 17).
fn with_two_held(env: &Env) {
    let mut csv = String::from("region,indicator,period,value\n");
    for (m, v) in [60, 65, 70, 75, 80, 85, 90, 95, 90, 95, 100, 105]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!(
            "liaoning,china-europe-trains,2020-{:02},{v}\n",
            m + 1
        ));
    }
    csv.push_str(
        "liaoning,china-europe-trains,2021-01,70\nliaoning,china-europe-trains,2021-02,72\n",
    );
    csv.push_str(
        "liaoning,china-europe-trains,2021-03,7000\nliaoning,china-europe-trains,2021-04,800\n",
    );
    let file = env.write("figures.csv", &csv);
    let run = env
        .run(&["import", file.to_str().unwrap(), "--by", "ana"])
        .ok();
    assert!(run.stdout.contains("2 held for review"), "{}", run.stdout);
}

/// The review id of the held figure for `period`, from `review list --format json`.
fn id_of(env: &Env, period: &str) -> String {
    let run = env.run(&["review", "list", "--format", "json"]).ok();
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == period)
        .unwrap_or_else(|| panic!("{period} not held: {list}"));
    row["id"].to_string()
}

#[test]
fn review_lists_accepts_and_rejects_held_figures_and_history_keeps_both() {
    let env = Env::with_catalogue_text(&reviewed());
    with_two_held(&env);
    let table = env.run(&["review", "list"]).ok().stdout;
    assert!(
        table.contains("7000") && table.contains("800") && table.contains("ana"),
        "{table}"
    );
    let march = id_of(&env, "2021-03");
    let april = id_of(&env, "2021-04");
    let run = env
        .run(&[
            "review",
            "reject",
            &march,
            "--reason",
            "a slip: 70",
            "--by",
            "bo",
        ])
        .ok();
    assert!(run.stdout.contains("Rejected figure"), "{}", run.stdout);
    let run = env
        .run(&[
            "review",
            "accept",
            &april,
            "--reason",
            "a record month",
            "--by",
            "bo",
        ])
        .ok();
    assert!(run.stdout.contains("Accepted figure"), "{}", run.stdout);
    // Decided once only.
    let run = env.run(&["review", "accept", &march]).fails(1);
    assert!(run.stderr.contains("no longer held"), "{}", run.stderr);
    let run = env.run(&["review", "accept", "9999"]).fails(1);
    assert!(
        run.stderr.contains("no figure with review id 9999"),
        "{}",
        run.stderr
    );
    assert!(
        env.run(&["review", "list"])
            .ok()
            .stdout
            .contains("No figures are held")
    );
    // Current figures: April counts, March does not.
    let export = env.export();
    assert!(
        export.contains("liaoning,china-europe-trains,2021-04,800"),
        "{export}"
    );
    assert!(!export.contains("2021-03"), "{export}");
    // History and the revisions export show both, with their review state.
    let history = env
        .run(&[
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-03",
        ])
        .ok()
        .stdout;
    assert!(
        history.contains("7000") && history.contains("rejected (bo): a slip: 70"),
        "{history}"
    );
    let history = env
        .run(&[
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-04",
        ])
        .ok()
        .stdout;
    assert!(
        history.contains("accepted (bo): a record month"),
        "{history}"
    );
    let revisions = env.run(&["export", "--revisions"]).ok().stdout;
    assert!(
        revisions
            .lines()
            .next()
            .unwrap()
            .ends_with(",source,review"),
        "{revisions}"
    );
    let line = |period: &str| {
        revisions
            .lines()
            .find(|l| l.contains(&format!(",{period},")))
            .unwrap()
            .to_string()
    };
    assert!(line("2021-03").ends_with(",rejected"), "{revisions}");
    assert!(line("2021-04").ends_with(",accepted"), "{revisions}");
    assert!(line("2021-01").ends_with(','), "{revisions}");
}

#[test]
fn review_list_refuses_an_unknown_state_and_region() {
    let env = Env::with_catalogue_text(&reviewed());
    let run = env.run(&["review", "list", "--state", "pending"]).fails(1);
    assert!(
        run.stderr
            .contains("--state: \"pending\" is not a review state"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["review", "list", "--region", "atlantis"])
        .fails(1);
    assert!(run.stderr.contains("--region"), "{}", run.stderr);
    let run = env.run(&["import", "x.csv", "--confirm", " "]).fails(1);
    assert!(run.stderr.contains("--confirm"), "{}", run.stderr);
}
