//! `waymark comment` through the real binary, and the comments under their
//! goal in the report page and the plain-text digest, escaped.

use super::status::liaoning_env;

const GOAL: &str = "liaoning-trains-2021";

/// The part of `text` from `start` up to the next `end` after it.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{text}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn comments_are_recorded_with_author_and_show_under_their_goal_in_the_report() {
    let env = liaoning_env();
    let run = env
        .run(&[
            "comment",
            "--goal",
            GOAL,
            "--text",
            "June <b>confirmed</b> & checked",
            "--by",
            "ana",
        ])
        .ok();
    assert!(
        run.stdout.contains(&format!("on goal {GOAL} by ana at 20")),
        "{}",
        run.stdout
    );
    env.run(&[
        "comment",
        "--region",
        "liaoning",
        "--indicator",
        "china-europe-trains",
        "--period",
        "2021-05",
        "--text",
        "two trains\ncancelled",
        "--by",
        "li",
    ])
    .ok();
    // A comment on another goal stays under that goal.
    env.run(&[
        "comment",
        "--goal",
        "guizhou-port",
        "--text",
        "port land bought",
        "--by",
        "wu",
    ])
    .ok();

    let out = env.path("report");
    env.run(&[
        "report",
        "--as-of",
        "2021-06-30",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let section = between(&html, &format!("id=\"goal-{GOAL}\""), "</section>");
    assert!(
        section.contains("June &lt;b&gt;confirmed&lt;/b&gt; &amp; checked"),
        "{section}"
    );
    assert!(section.contains("ana, "), "{section}");
    assert!(
        section.contains("two trains cancelled") && section.contains("May 2021"),
        "{section}"
    );
    assert!(!section.contains("port land bought"), "{section}");
    assert!(
        !html.contains("<b>confirmed"),
        "unescaped comment in the page"
    );
    let port = between(&html, "id=\"goal-guizhou-port\"", "</section>");
    assert!(
        port.contains("wu, ") && port.contains("port land bought"),
        "{port}"
    );

    let text = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    let block = between(&text, &format!("[{GOAL}]"), "\n\n");
    assert!(block.contains("Comments"), "{block}");
    assert!(
        block.contains("ana, ") && block.contains("June <b>confirmed</b> & checked"),
        "{block}"
    );
    assert!(
        block.contains("li, ") && block.contains("on May 2021: two trains cancelled"),
        "{block}"
    );
    assert!(!block.contains("port land bought"), "{block}");
}

#[test]
fn bad_comments_are_refused_saying_which_flag_and_why() {
    let env = liaoning_env();
    let long = "x".repeat(2001);
    let run = env
        .run(&["comment", "--goal", GOAL, "--text", &long])
        .fails(1);
    assert!(
        run.stderr.contains("--text")
            && run.stderr.contains("2001 characters")
            && run.stderr.contains("at most 2000"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["comment", "--goal", "liaoning-trains-2012", "--text", "hi"])
        .fails(1);
    assert!(
        run.stderr.contains("--goal") && run.stderr.contains(GOAL),
        "{}",
        run.stderr
    );
    let run = env
        .run(&[
            "comment",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-Q2",
            "--text",
            "hi",
        ])
        .fails(1);
    assert!(
        run.stderr.contains("--period") && run.stderr.contains("monthly"),
        "{}",
        run.stderr
    );
    // A goal and a figure at once, or a region alone, is a usage error.
    env.run(&[
        "comment", "--goal", GOAL, "--region", "liaoning", "--text", "hi",
    ])
    .fails(2);
    env.run(&["comment", "--region", "liaoning", "--text", "hi"])
        .fails(2);
    env.run(&["comment", "--goal", GOAL]).fails(2);
    // Nothing of the above was recorded: the report has no comments.
    let out = env.path("report");
    env.run(&[
        "report",
        "--as-of",
        "2021-06-30",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let text = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(!text.contains("Comments"), "{text}");
}
