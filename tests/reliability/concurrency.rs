//! Concurrent writers through the command line: 8 processes at a time, each
//! making 100 writes (`record` and one-row `import`s alternately) to the same
//! figure of one database. busy_timeout and `BEGIN IMMEDIATE` must serialise
//! them: no "database is locked", no lost write.

use crate::common::cli::{Env, Run};
use crate::common::{block_on, db};
use std::time::Instant;

const WORKERS: usize = 8;
const WRITES: usize = 100;

/// About 12 s in a debug build on this 2-core machine while it was busy
/// compiling (1,600 process starts): fast enough for every `cargo test`.
#[test]
fn eight_concurrent_writer_processes_lose_nothing_and_never_see_a_locked_database() {
    concurrent_writers(WORKERS, WRITES);
}

/// One write. The busy timeout is raised to two minutes as a safety net:
/// this test is about serialising writers and losing none, and on a 2-core
/// machine loaded by other tests a writer can lose the race for the lock
/// for more than the default 10 s. What happens past the timeout (a clear
/// "busy, try again") is tested in `daemon::contention`.
fn run(env: &Env, args: &[&str]) -> Run {
    Run::of(env.command(args).env("WAYMARK_BUSY_TIMEOUT_MS", "120000"))
}

fn concurrent_writers(workers: usize, writes: usize) {
    let env = Env::new();
    env.run(&["init"]).ok();
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|s| {
        let env = &env;
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for i in 0..writes {
                        // Distinct values, so every write is a new revision.
                        let value = format!("{}", w * 100_000 + i + 1);
                        let run = if i % 2 == 0 {
                            run(env, &[
                                "record", "--region", "liaoning", "--indicator",
                                "china-europe-trains", "--period", "2021-06",
                                "--value", &value, "--by", &format!("w{w}"),
                            ])
                        } else {
                            let file = env.write(
                                &format!("w{w}-{i}.csv"),
                                &format!("region,indicator,period,value\nliaoning,china-europe-trains,2021-06,{value}\n"),
                            );
                            run(env, &["import", file.to_str().unwrap(), "--by", &format!("w{w}")])
                        };
                        if run.code != 0 || !run.stdout.contains("1 new") && !run.stdout.contains("1 revised") {
                            failures.push(format!("worker {w} write {i}: exit {}\n{}{}", run.code, run.stdout, run.stderr));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let took = started.elapsed();
    let locked = failures
        .iter()
        .filter(|f| f.contains("locked") || f.contains("busy"))
        .count();
    assert!(
        failures.is_empty(),
        "{} failed writes ({locked} locked/busy) of {}:\n{}",
        failures.len(),
        workers * writes,
        failures.join("\n")
    );
    let history = env
        .run(&[
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
        ])
        .ok()
        .stdout;
    assert_eq!(history.lines().count() - 1, workers * writes);
    assert_eq!(
        block_on(db::revisions(&env.db())),
        (workers * writes) as i64
    );
    eprintln!(
        "{workers} writers x {writes} writes: {} revisions, 0 failures, {:.1} s",
        workers * writes,
        took.as_secs_f64()
    );
}
