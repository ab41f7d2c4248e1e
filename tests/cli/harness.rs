//! Runs the real binary in a temporary folder with its own database and settings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub struct Env {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Env {
    /// A folder with `waymark.toml` pointing at `catalogue` and a database inside the folder.
    pub fn with_catalogue(catalogue: &Path) -> Env {
        Env::configured(tempfile::tempdir().expect("tempdir"), catalogue)
    }

    /// As [`Env::with_catalogue`], for a catalogue of this text (kept in the folder).
    pub fn with_catalogue_text(text: &str) -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let catalogue = dir.path().join("catalogue.toml");
        std::fs::write(&catalogue, text).expect("write catalogue");
        Env::configured(dir, &catalogue)
    }

    fn configured(dir: tempfile::TempDir, catalogue: &Path) -> Env {
        let config = format!(
            "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n",
            catalogue.display().to_string(),
            dir.path().join("test.db").display()
        );
        std::fs::write(dir.path().join("waymark.toml"), config).expect("write config");
        Env { dir }
    }

    /// The small stable test catalogue of tests/fixtures.
    pub fn new() -> Env {
        Env::with_catalogue(&fixture("catalogue.toml"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_waymark"));
        cmd.current_dir(self.dir.path())
            .arg("--config")
            .arg(self.path("waymark.toml"))
            .args(args);
        for (k, _) in std::env::vars() {
            if k.starts_with("WAYMARK_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("USER", "tester");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run waymark"))
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write file");
        p
    }

    pub fn export(&self) -> String {
        self.run(&["export"]).ok().stdout
    }
}
