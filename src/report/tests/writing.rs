use crate::report::Drawer;
use crate::report::fixtures;
use crate::report::write::{render_files, render_files_with, write_files};
use crate::report::write_report;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_report_writes_exactly_the_files_interface_md_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let input = fixtures::input(fixtures::all_views());
    let summary = write_report(&dir, &input).unwrap();
    // Set WAYMARK_REPORT_DUMP=/some/dir to look at a whole rendered report.
    if let Some(out) = std::env::var_os("WAYMARK_REPORT_DUMP") {
        write_report(Path::new(&out), &input).unwrap();
    }
    let files = snapshot(&dir);
    let mut expected: Vec<String> = [
        "index.html",
        "summary.txt",
        "summary.eml",
        "status.json",
        "overview.png",
        "overview.svg",
        // Beyond interface.md's list: the milestone timeline (the fixtures have one).
        "milestones.png",
        "milestones.svg",
    ]
    .map(String::from)
    .to_vec();
    for v in &input.views {
        expected.push(format!("goals/{}.png", v.goal.id));
        expected.push(format!("goals/{}.svg", v.goal.id));
        // Beyond interface.md's list: the figures the chart is drawn from.
        expected.push(format!("goals/{}.csv", v.goal.id));
    }
    expected.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
    assert_eq!(summary.files, expected.len());
    assert_eq!(
        files["status.json"],
        input.status_json.as_bytes(),
        "status.json verbatim"
    );
    for (name, bytes) in &files {
        if name.ends_with(".svg") {
            super::assert_well_formed(std::str::from_utf8(bytes).unwrap());
        }
    }
}

#[test]
fn an_output_path_that_is_a_file_fails_and_leaves_it_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("out");
    std::fs::write(&file, b"keep me").unwrap();
    let err = write_report(&file, &fixtures::input(fixtures::all_views())).unwrap_err();
    assert!(format!("{err:#}").contains("not a directory"), "{err:#}");
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    assert_eq!(snapshot(tmp.path()).len(), 1);
}

#[test]
fn a_failure_while_writing_leaves_no_partial_file_and_the_previous_report_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    write_report(
        &dir,
        &fixtures::input(vec![fixtures::liaoning("Old", "Liaoning")]),
    )
    .unwrap();
    let before = snapshot(&dir);

    let files = render_files(&fixtures::input(fixtures::all_views())).unwrap();
    let fail_at_eml = |target: &Path| {
        if target.ends_with("summary.eml") {
            Err(io::Error::other("disk full (injected)"))
        } else {
            Ok(())
        }
    };
    let err = write_files(&dir, &files, &fail_at_eml).unwrap_err();
    assert!(
        format!("{err:#}").contains("disk full (injected)"),
        "{err:#}"
    );
    assert_eq!(
        snapshot(&dir),
        before,
        "no temp file left, no file replaced"
    );
}

#[test]
fn a_failing_first_report_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let files = render_files(&fixtures::input(fixtures::all_views())).unwrap();
    let fail_late = |target: &Path| {
        if target.ends_with("index.html") {
            Err(io::Error::other("injected"))
        } else {
            Ok(())
        }
    };
    assert!(write_files(&dir, &files, &fail_late).is_err());
    assert!(
        !dir.exists(),
        "directories created by the failed run are removed"
    );
}

#[test]
fn a_directory_in_place_of_an_output_file_fails_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    std::fs::create_dir_all(dir.join("summary.txt")).unwrap();
    let err = write_report(&dir, &fixtures::input(fixtures::all_views())).unwrap_err();
    assert!(
        format!("{err:#}").contains("directory is in the way"),
        "{err:#}"
    );
    assert!(snapshot(&dir).is_empty());
}

#[test]
fn duplicate_goal_ids_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixtures::input(vec![fixtures::milestone(), fixtures::milestone()]);
    let err = write_report(tmp.path(), &input).unwrap_err();
    assert!(format!("{err:#}").contains("twice"), "{err:#}");
}

#[test]
#[cfg(target_os = "linux")]
fn temp_files_of_a_killed_run_are_removed_by_the_next_run_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    std::fs::create_dir_all(dir.join("goals")).unwrap();
    // A process that has exited: its temp files are stale.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = [
        format!("index.html.tmp-{dead}-9"),
        format!("goals/a.png.tmp-{dead}-0"),
    ];
    // Pid 1 always runs: another live process's temp file stays, as do look-alikes.
    let kept = [
        ".index.html.tmp-1-3",
        ".notes.tmp-x-1",
        "index.html.tmp-5-5",
    ];
    for name in &stale {
        let (d, f) = name.rsplit_once('/').unwrap_or(("", name));
        std::fs::write(dir.join(d).join(format!(".{f}")), b"half").unwrap();
    }
    for name in kept {
        std::fs::write(dir.join(name), b"keep").unwrap();
    }
    write_report(&dir, &fixtures::input(fixtures::all_views())).unwrap();
    let files = snapshot(&dir);
    for name in kept {
        assert!(files.contains_key(name), "{name} removed");
    }
    let temps: Vec<&String> = files
        .keys()
        .filter(|k| k.contains(".tmp-") && !kept.contains(&k.as_str()))
        .collect();
    assert!(temps.is_empty(), "stale temp files left: {temps:?}");
}

#[test]
fn a_chart_that_passes_its_deadline_fails_the_report_with_a_message_naming_it() {
    let input = fixtures::input(vec![fixtures::liaoning("Stuck", "Liaoning")]);
    let drawer = Drawer::new(4, std::time::Duration::from_millis(50)).hanging();
    let err = render_files_with(&input, &drawer).unwrap_err().to_string();
    assert!(
        err == "drawing the chart of goal liaoning-trains-2021 took longer than 50 ms; it was abandoned"
            || err == "drawing the overview chart took longer than 50 ms; it was abandoned",
        "{err}"
    );
}
