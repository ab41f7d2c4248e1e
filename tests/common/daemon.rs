//! `waymark serve` as a child process ([`Daemon`]): started, watched
//! through its stderr, signalled and reaped; and [`within`], the safety net
//! for waiting on a process.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A `waymark serve` child process. Its stderr is collected in the
/// background; [`Daemon::base`] is the address it printed once listening.
pub struct Daemon {
    pub child: Child,
    pub base: String,
    log: Arc<LogBuf>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// The daemon's stderr so far, and a signal each time more arrives.
#[derive(Default)]
struct LogBuf {
    bytes: Mutex<Vec<u8>>,
    grew: std::sync::Condvar,
}

impl LogBuf {
    fn add(&self, more: &[u8]) {
        self.bytes.lock().unwrap().extend_from_slice(more);
        self.grew.notify_all();
    }
}

impl Daemon {
    /// Start `cmd` (a `waymark … serve` command, see
    /// [`super::cli::Env::command`]) and wait (reading its stderr, no
    /// sleeps) until it says where it listens. `None` if it exited first.
    pub fn start(cmd: &mut Command) -> Option<Daemon> {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting waymark serve");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let log = Arc::new(LogBuf::default());
        let mut base = None;
        let mut line = Vec::new();
        loop {
            line.clear();
            match stderr.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            log.add(&line);
            let text = String::from_utf8_lossy(&line);
            if let Some(rest) = text.split("serving http://").nth(1) {
                let addr = rest.split('/').next().unwrap().to_string();
                base = Some(format!("http://{addr}"));
                break;
            }
        }
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        let sink = log.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match stderr.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.add(&buf[..n]),
                }
            }
        });
        Some(Daemon {
            child,
            base,
            log,
            reader: Some(reader),
        })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything it wrote to stderr so far.
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&self.log.bytes.lock().unwrap()).into_owned()
    }

    /// Wait until the log satisfies `done` (lines about a request may come
    /// a moment after its answer); the log as it then is. Gives up after
    /// `limit`, a safety net, and returns the log as it is.
    pub fn wait_log(&self, limit: Duration, done: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + limit;
        let mut bytes = self.log.bytes.lock().unwrap();
        loop {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if done(&text) || left.is_zero() {
                return text;
            }
            bytes = self.log.grew.wait_timeout(bytes, left).unwrap().0;
        }
    }

    /// SIGKILL and reap.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.finish()
    }

    /// SIGTERM, wait for a clean exit; its whole log.
    pub fn stop(self) -> String {
        let (status, log) = self.stop_within(Duration::from_secs(120));
        assert!(status.success(), "serve exited with {status}: {log}");
        log
    }

    /// SIGTERM and wait for the exit, however it ends: its status and whole
    /// log. Panics (after SIGKILL) if it is still running after `limit`.
    pub fn stop_within(mut self, limit: Duration) -> (std::process::ExitStatus, String) {
        let pid = self.pid();
        let ok = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("kill -TERM")
            .success();
        assert!(ok, "sending SIGTERM");
        let child = &mut self.child;
        let status = within(pid, limit, "serve after SIGTERM", move || child.wait());
        let log = self.finish();
        (status.expect("waiting for serve"), log)
    }

    fn finish(&mut self) -> String {
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.log()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `wait()`, which returns once process `pid` has exited, with a safety net:
/// if it has not returned after `limit`, SIGKILL the process and panic.
pub fn within<T: Send>(
    pid: u32,
    limit: Duration,
    what: &str,
    wait: impl FnOnce() -> T + Send,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(move || {
            let _ = tx.send(wait());
        });
        match rx.recv_timeout(limit) {
            Ok(v) => v,
            Err(_) => {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
                panic!("{what}: still running after {limit:?}, killed");
            }
        }
    })
}
