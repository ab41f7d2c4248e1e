//! Two ways to run the server: in this process ([`InProcess`], the router
//! over a temporary database with tokens of every role) and as the real
//! `waymark serve` child process ([`Daemon`], its stderr captured).

use sqlx::Connection;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use waymark::config::Settings;
use waymark::domain::Catalogue;
use waymark::http::AppState;
use waymark::store::Store;
use waymark::tokens::{hash_secret, new_secret};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The `waymark` binary: `$RELIABILITY_BIN` (e.g. a release build) or this package's.
pub fn bin() -> PathBuf {
    std::env::var_os("RELIABILITY_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_waymark")))
}

/// A settings file in `dir` for a database in `dir`, listening on a free loopback port.
pub fn write_config(dir: &Path) -> PathBuf {
    config_for(dir, &fixture("catalogue.toml"))
}

/// As [`write_config`], with every indicator of the fixture catalogue
/// taking periods that have not ended (`allow_future = true`): for figures
/// that run past today.
pub fn write_config_open(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("catalogue.toml")).unwrap();
    let open = text.replace("[[indicator]]\n", "[[indicator]]\nallow_future = true\n");
    let catalogue = dir.join("catalogue.toml");
    std::fs::write(&catalogue, open).unwrap();
    config_for(dir, &catalogue)
}

fn config_for(dir: &Path, catalogue: &Path) -> PathBuf {
    let config = format!(
        "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n[server]\nlisten = \"127.0.0.1:0\"\n",
        catalogue.display().to_string(),
        dir.join("waymark.db").display(),
    );
    let path = dir.join("waymark.toml");
    std::fs::write(&path, config).unwrap();
    path
}

/// The application state over a fresh database in `dir`, with four tokens.
pub struct InProcess {
    pub state: AppState,
    pub admin: String,
    pub operator: String,
    pub viewer: String,
    pub dir: tempfile::TempDir,
}

impl InProcess {
    /// Must be called inside a Tokio runtime (the state starts its writer task).
    pub async fn new() -> InProcess {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = write_config(dir.path());
        let settings = Settings::load(Some(&config), &[]).expect("settings");
        let text = std::fs::read_to_string(fixture("catalogue.toml")).unwrap();
        let cat = Catalogue::from_toml(&text, "catalogue.toml").expect("catalogue");
        let store = Store::open(&settings.database.url).await.expect("store");
        store.sync_catalogue(&cat).await.unwrap();
        let token = async |name: &str, role: &str, regions: &[&str]| {
            let secret = new_secret();
            let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
            store
                .create_token(name, role, &regions, &hash_secret(&secret))
                .await
                .unwrap();
            secret
        };
        let admin = token("admin", "admin", &[]).await;
        let operator = token("op-liaoning", "operator", &["liaoning"]).await;
        let viewer = token("viewer", "viewer", &[]).await;
        InProcess {
            state: AppState::new(store, cat, settings),
            admin,
            operator,
            viewer,
            dir,
        }
    }

    pub fn router(&self) -> axum::Router {
        waymark::http::router(self.state.clone())
    }

    /// Serve on 127.0.0.1:0 until the returned shutdown fires; the base URL.
    pub async fn listen(
        &self,
    ) -> (
        String,
        waymark::daemon::Shutdown,
        tokio::task::JoinHandle<anyhow::Result<()>>,
    ) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shutdown = waymark::daemon::Shutdown::new();
        let server = tokio::spawn(waymark::daemon::run(
            self.state.clone(),
            listener,
            shutdown.signal(),
            Vec::new(),
        ));
        (base, shutdown, server)
    }

    pub async fn figure_count(&self) -> i64 {
        self.state.store.figure_count().await.unwrap()
    }
}

/// Run `waymark --config CONFIG ARGS…` to completion; (stdout, stderr), panicking on failure.
pub fn cli(config: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let out = Command::new(bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("running waymark");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "waymark {args:?}: {stderr}");
    (stdout, stderr)
}

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
    /// Start `PREFIX… waymark --config CONFIG serve` and wait (reading its
    /// stderr, no sleeps) until it says where it listens. `None` if it exited first.
    pub fn start(prefix: &[&str], config: &Path, env: &[(&str, &str)]) -> Option<Daemon> {
        let mut cmd = match prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(bin());
                c
            }
            None => Command::new(bin()),
        };
        let mut child = cmd
            .arg("--config")
            .arg(config)
            .arg("serve")
            .envs(env.iter().copied())
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

/// A reqwest client with a safety-net timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// One figure as JSON.
pub fn fig(region: &str, indicator: &str, period: &str, value: f64) -> serde_json::Value {
    serde_json::json!({"region": region, "indicator": indicator, "period": period, "value": value})
}

/// A month: the `i`th after 1900-01.
pub fn month(i: usize) -> String {
    format!("{}-{:02}", 1900 + i / 12, i % 12 + 1)
}

/// `PRAGMA integrity_check` of a database file: "ok" when intact.
pub async fn integrity(db: &Path) -> String {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// How many figure revisions a database file holds.
pub async fn revisions(db: &Path) -> i64 {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query_scalar("SELECT count(*) FROM figure")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}
