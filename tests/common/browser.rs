//! A real browser: Debian's chromium, headless, driven through chromedriver
//! (`apt-get install chromium chromium-driver`). Tests that use it are
//! `#[ignore]`d, since a plain machine has neither.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_chromedriver() -> Driver {
    let port = super::free_port();
    let mut child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on PATH (apt-get install chromium chromium-driver)");
    // chromedriver says when it listens; read until then instead of sleeping.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines
            .next()
            .expect("chromedriver exited before starting")
            .unwrap();
        if line.contains("started successfully") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// A headless chromium session with a fresh profile; the browser and its
/// driver go when this is dropped.
pub struct Browser {
    pub client: fantoccini::Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Start chromedriver and open a session (panics without chromium and chromedriver).
    pub async fn start() -> Browser {
        let driver = start_chromedriver();
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        let mut chrome = serde_json::json!({
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        });
        if std::path::Path::new("/usr/bin/chromium").exists() {
            chrome["binary"] = "/usr/bin/chromium".into();
        }
        caps.insert("goog:chromeOptions".into(), chrome);
        let client = fantoccini::ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a browser session");
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }
}
