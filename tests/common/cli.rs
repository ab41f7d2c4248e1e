//! The real binary in a temporary folder with its own database and
//! settings ([`Env`]), and what a run of it gave ([`Run`]).

use super::{bin, fixture};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// `waymark` (or `PREFIX… waymark`, e.g. under `prlimit`) run in `dir`,
/// with none of this process's `WAYMARK_*` variables and a fixed `$USER`.
pub fn waymark_in(dir: &Path, prefix: &[&str]) -> Command {
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(bin());
            c
        }
        None => Command::new(bin()),
    };
    cmd.current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("WAYMARK_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("USER", "tester");
    cmd
}

/// A folder holding `waymark.toml` and the database `waymark.db`; the
/// settings name a catalogue and listen on a free loopback port.
pub struct Env {
    pub dir: tempfile::TempDir,
    catalogue: PathBuf,
}

/// A finished run: its exit code and output.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Run `cmd` to its end.
    pub fn of(cmd: &mut Command) -> Run {
        Run::from(cmd.output().expect("run waymark"))
    }

    /// Run `cmd` to its end; SIGKILL it and panic if it still runs after
    /// `limit` (a safety net).
    pub fn within(cmd: &mut Command, limit: Duration) -> Run {
        let child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start waymark");
        let pid = child.id();
        let what = format!("{cmd:?}");
        Run::from(super::daemon::within(pid, limit, &what, move || {
            child.wait_with_output().expect("wait for waymark")
        }))
    }

    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// The run succeeded (or panic with its output).
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The run exited with `code` (or panic with its output).
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
    /// The small stable test catalogue of tests/fixtures.
    pub fn new() -> Env {
        Env::with_catalogue(&fixture("catalogue.toml"))
    }

    /// Settings naming `catalogue` (a relative path is the settings
    /// folder's, as for any settings file).
    pub fn with_catalogue(catalogue: &Path) -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("tempdir"),
            catalogue: catalogue.to_path_buf(),
        };
        env.settings("");
        env
    }

    /// As [`Env::with_catalogue`], for a catalogue of this text (kept in the folder).
    pub fn with_catalogue_text(text: &str) -> Env {
        Env::with_catalogue_file("catalogue.toml", text)
    }

    /// As [`Env::with_catalogue_text`], in a file of this name (messages name it).
    pub fn with_catalogue_file(name: &str, text: &str) -> Env {
        let env = Env::with_catalogue(Path::new(name));
        env.write(name, text);
        env
    }

    /// Rewrite the settings with these tables added (sources, channels,
    /// `[email]`, schedules…), replacing any added before.
    pub fn settings(&self, tables: &str) {
        self.configure("", tables);
    }

    /// As [`Env::settings`], with `server` lines added to `[server]`.
    pub fn configure(&self, server: &str, tables: &str) {
        let config = format!(
            "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n\
             [server]\nlisten = \"127.0.0.1:0\"\n{server}\n{tables}\n",
            self.catalogue.display().to_string(),
            self.db().display()
        );
        self.write("waymark.toml", &config);
    }

    /// A file in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The settings file.
    pub fn config(&self) -> PathBuf {
        self.path("waymark.toml")
    }

    /// The database file.
    pub fn db(&self) -> PathBuf {
        self.path("waymark.db")
    }

    /// `waymark --config waymark.toml ARGS…` in the folder.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_under(&[], args)
    }

    /// As [`Env::command`], run through `prefix` (`prlimit …`, a shell).
    pub fn command_under(&self, prefix: &[&str], args: &[&str]) -> Command {
        let mut cmd = waymark_in(self.dir.path(), prefix);
        cmd.arg("--config").arg(self.config()).args(args);
        cmd
    }

    /// Run `waymark ARGS…` in the folder to its end.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(&mut self.command(args))
    }

    /// Write a file in the folder: its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write file");
        p
    }

    /// `waymark export`: every current figure as CSV.
    pub fn export(&self) -> String {
        self.run(&["export"]).ok().stdout
    }

    /// `waymark token create NAME --role admin`: its secret.
    pub fn admin_token(&self) -> String {
        let out = self.run(&["token", "create", "t", "--role", "admin"]).ok();
        out.stdout.trim().to_string()
    }

    /// `waymark serve`, once it listens (see [`super::daemon::Daemon`]).
    pub fn serve(&self) -> super::daemon::Daemon {
        super::daemon::Daemon::start(&mut self.command(&["serve"])).expect("serve starts")
    }
}
