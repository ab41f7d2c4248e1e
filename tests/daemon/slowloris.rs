//! Slowloris against the real `waymark serve` under a low open-file limit
//! (`prlimit`): more slow clients than the process has file descriptors,
//! each trickling header lines and reconnecting soon after it is cut off.
//! /healthz answers every check throughout, the daemon never runs out of
//! descriptors, and SIGTERM still stops it cleanly.
//!
//! `SLOWLORIS_CONNS` (default 600), `SLOWLORIS_NOFILE` (default 256; 0 for
//! the daemon's own limit) and `SLOWLORIS_CHECKS` (default 20) size the
//! attack; with `RELIABILITY_BIN` it runs against a release build.

use crate::common::cli::Env;
use crate::common::daemon::Daemon;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(120);

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).map_or(default, |v| v.parse().expect(name))
}

async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Counts shared by the slow clients.
#[derive(Clone)]
struct Tally {
    connected: watch::Sender<usize>,
    cut: watch::Sender<usize>,
}

/// One slow client: connect, send a header line every `every`, and when
/// the server closes the connection count it as cut and, `every` later,
/// start over.
async fn slow_client(addr: String, every: Duration, mut stop: watch::Receiver<bool>, tally: Tally) {
    let mut buf = [0u8; 512];
    while !*stop.borrow() {
        let mut conn = tokio::select! {
            c = TcpStream::connect(&addr) => match c {
                Ok(c) => c,
                Err(_) => continue,
            },
            _ = stopped(&mut stop) => return,
        };
        tally.connected.send_modify(|n| *n += 1);
        let _ = conn
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await;
        let mut tick = tokio::time::interval(every);
        for n in 0u64.. {
            tokio::select! {
                read = conn.read(&mut buf) => match read {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                },
                _ = tick.tick() => {
                    let _ = conn.write_all(format!("X-Slow-{n}: 1\r\n").as_bytes()).await;
                }
                _ = stopped(&mut stop) => return,
            }
        }
        tally.cut.send_modify(|n| *n += 1);
        // Back after a beat, as slowloris tools re-open dropped sockets each
        // round (a hot reconnect loop would mostly test the kernel's port reuse).
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stopped(&mut stop) => return,
        }
    }
}

/// `n` /healthz checks one after another, each on a new connection, from a
/// thread and runtime of their own, as an outside health checker would run
/// (not queued behind the slow clients' tasks); how long each took.
fn health_checks(base: String, n: usize) -> std::thread::JoinHandle<Result<Vec<Duration>, String>> {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let fresh = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .timeout(SAFETY)
                .build()
                .unwrap();
            let mut took = Vec::new();
            for i in 0..n {
                let started = Instant::now();
                let res = fresh
                    .get(format!("{base}/healthz"))
                    .send()
                    .await
                    .map_err(|e| format!("check {i}: {e:?}"))?;
                let status = res.status();
                let text = res.text().await.map_err(|e| format!("check {i}: {e:?}"))?;
                if status != 200 || text != "ok\n" {
                    return Err(format!("check {i}: {status} {text:?}"));
                }
                took.push(started.elapsed());
            }
            Ok(took)
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_more_slow_clients_than_file_descriptors_hold_on() {
    let conns = setting("SLOWLORIS_CONNS", 600);
    let nofile = setting("SLOWLORIS_NOFILE", 256);
    let checks = setting("SLOWLORIS_CHECKS", 20);
    // This process holds every slow client's socket.
    waymark::daemon::raise_open_file_limit().unwrap();
    let env = Env::new();
    env.run(&["init"]).ok();
    let limit = format!("--nofile={nofile}:{nofile}");
    let prefix: &[&str] = if nofile == 0 {
        &[]
    } else {
        &["prlimit", &limit, "--"]
    };
    let mut serve = env.command_under(prefix, &["serve"]);
    let daemon = tokio::task::block_in_place(|| Daemon::start(&mut serve))
        .expect("serve starts under the limit");
    let addr = daemon.base.trim_start_matches("http://").to_string();

    let (stop_tx, stop) = watch::channel(false);
    let tally = Tally {
        connected: watch::channel(0).0,
        cut: watch::channel(0).0,
    };
    let mut attack = tokio::task::JoinSet::new();
    for _ in 0..conns {
        attack.spawn(slow_client(
            addr.clone(),
            Duration::from_secs(2),
            stop.clone(),
            tally.clone(),
        ));
    }
    // Under way once every slow client has connected (accepted or queued);
    // a server that cannot take them all fails the checks below instead.
    let mut connected = tally.connected.subscribe();
    let _ = tokio::time::timeout(SAFETY, connected.wait_for(|n| *n >= conns)).await;

    let checks = health_checks(daemon.base.clone(), checks);
    let mut took = tokio::task::block_in_place(|| checks.join().unwrap()).unwrap_or_else(|e| {
        panic!(
            "{e}; {} slow clients connected; daemon log: {}",
            *tally.connected.borrow(),
            daemon.log()
        )
    });
    stop_tx.send_replace(true);
    while attack.join_next().await.is_some() {}
    let cut_total = *tally.cut.borrow();
    // More slow clients than slots: room was made by cutting some off.
    assert!(cut_total >= conns / 2, "{cut_total} cut off");

    took.sort();
    println!(
        "slowloris: {conns} slow clients, daemon nofile {nofile}: {cut_total} cut off; \
         {} /healthz checks all 200, fastest {:?}, median {:?}, slowest {:?}",
        took.len(),
        took[0],
        took[took.len() / 2],
        took[took.len() - 1]
    );
    let log = tokio::task::block_in_place(|| daemon.stop());
    assert!(
        !log.contains("accepting a connection failed"),
        "the daemon ran out of descriptors: {log}"
    );
}
