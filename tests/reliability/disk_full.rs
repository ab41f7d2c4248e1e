//! A full disk during an import: the import fails with a clear error, the
//! data already there stays intact, and importing works again once there is
//! room. Two ways to run out: a file-size limit (RLIMIT_FSIZE, any Unix, no
//! privileges: writes past it fail with EFBIG) and a 1 MiB tmpfs (a real
//! ENOSPC; needs root to mount, so skipped with a message where mounting is
//! not allowed).

use crate::common::cli::{Env, Run};
use crate::common::db::{integrity, revisions};
use crate::common::{block_on, fixture};
use std::path::Path;
use std::process::Command;

/// A CSV of `rows` new figures: far more than a 1 MiB database can hold.
fn big_csv(rows: usize) -> String {
    let mut t = String::from("region,indicator,period,value,note\n");
    let regions = ["china", "liaoning", "guizhou", "zhejiang"];
    for n in 0..rows {
        let (r, k) = (regions[n % 4], n / 4);
        t += &format!(
            "{r},import-export,{:04}-{:02},{n}.25,a note long enough to fill pages quickly {n}\n",
            1100 + k / 12,
            k % 12 + 1
        );
    }
    t
}

/// `waymark import FILE` with writes limited to `limit_kib` KiB per file
/// (`ulimit -f`). SIGXFSZ keeps its default disposition, which kills a
/// process that writes past the limit: waymark must not die of it.
fn limited_import(env: &Env, file: &Path, limit_kib: u64) -> Run {
    let script = format!("trap - XFSZ; ulimit -f {limit_kib}; exec \"$0\" \"$@\"");
    Run::of(&mut env.command_under(
        &["bash", "-c", &script],
        &["import", file.to_str().unwrap()],
    ))
}

#[test]
fn an_import_past_a_file_size_limit_fails_cleanly_and_leaves_the_data_intact() {
    let env = Env::new();
    env.run(&["import", fixture("import/good.csv").to_str().unwrap()])
        .ok();
    let before = env.export();
    let db = env.db();
    let count = block_on(revisions(&db));
    let size_kib = std::fs::metadata(&db).unwrap().len() / 1024;
    let big = env.write("big.csv", &big_csv(20_000));

    let run = limited_import(&env, &big, size_kib + 256).fails(1);
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: cannot write the database: the disk may be full")
            && last.contains("nothing was recorded"),
        "unclear error: {}",
        run.stderr
    );
    assert_eq!(block_on(integrity(&db)), "ok");
    assert_eq!(block_on(revisions(&db)), count);
    assert_eq!(env.export(), before);

    // With the limit lifted the same file goes in whole.
    let ok = env.run(&["import", big.to_str().unwrap()]).ok();
    assert!(ok.stdout.contains("recorded 20000 new"), "{}", ok.stdout);
    assert_eq!(block_on(integrity(&db)), "ok");
    assert_eq!(block_on(revisions(&db)), count + 20_000);
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn an_import_onto_a_full_file_system_fails_cleanly_and_works_again_with_room() {
    let Some(fs) = Tmpfs::mount("1m") else {
        eprintln!(
            "skipped: cannot mount a tmpfs here (needs root); the file-size-limit test covers the same path"
        );
        return;
    };
    let env = Env::new();
    let db = fs.0.path().join("full.db");
    let url = format!("sqlite://{}", db.display());
    let run = |args: &[&str]| {
        let mut all = vec!["--db", url.as_str()];
        all.extend_from_slice(args);
        env.run(&all)
    };
    run(&["import", fixture("import/good.csv").to_str().unwrap()]).ok();
    let before = run(&["export"]).ok().stdout;
    let count = block_on(revisions(&db));
    let big = env.write("big.csv", &big_csv(20_000));

    let failed = run(&["import", big.to_str().unwrap()]).fails(1);
    let last = failed.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: cannot write the database: the disk may be full")
            && last.contains("database or disk is full"),
        "unclear error: {}",
        failed.stderr
    );
    assert_eq!(block_on(integrity(&db)), "ok");
    assert_eq!(block_on(revisions(&db)), count);
    assert_eq!(run(&["export"]).ok().stdout, before);

    // Room returns: the file system grows, and the same import goes in whole.
    let grown = Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(fs.0.path())
        .status()
        .unwrap();
    assert!(grown.success());
    let ok = run(&["import", big.to_str().unwrap()]).ok();
    assert!(ok.stdout.contains("recorded 20000 new"), "{}", ok.stdout);
    assert_eq!(block_on(integrity(&db)), "ok");
    assert_eq!(block_on(revisions(&db)), count + 20_000);
}
