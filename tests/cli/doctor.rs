//! `doctor` on a healthy installation (every check ok, exit 0) and on one
//! broken setup per check: each names its problem and its fix, exit 1.
//! The SMTP server, webhook receiver and source are real, on loopback.

use crate::harness::Env;
use crate::lab::smtp_server;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The servers a healthy setup talks to.
struct Peers {
    smtp: String,
    web: MockServer,
}

impl Peers {
    async fn start() -> Peers {
        let (smtp, _inbox) = smtp_server();
        let web = MockServer::start().await;
        Mock::given(method("HEAD"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&web)
            .await;
        Peers { smtp, web }
    }
}

/// A closed port on loopback: nothing answers there.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// One part of the settings, healthy unless a case replaces it.
#[derive(Clone)]
struct Parts {
    report: String,
    email: String,
    channel: String,
    source: String,
    schedule: String,
}

impl Parts {
    fn healthy(env: &Env, peers: &Peers) -> Parts {
        Parts {
            report: format!(
                "[report]\nout_dir = {:?}\n",
                env.path("charts").display().to_string()
            ),
            email: format!("[email]\nsmtp_url = \"smtp://{}\"\n", peers.smtp),
            channel: format!(
                "[[channel]]\nkind = \"webhook\"\nurl = \"{}/hook/secret-path-1f2e\"\n",
                peers.web.uri()
            ),
            source: format!(
                "[[source]]\nname = \"feed\"\nurl = \"{}/feed.csv\"\nformat = \"csv\"\nallow_private = true\n",
                peers.web.uri()
            ),
            schedule: "[[schedule]]\njob = \"backup\"\ncron = \"0 3 * * *\"\n".into(),
        }
    }

    /// Add these parts to the environment's settings file.
    fn write(&self, env: &Env) {
        let base = std::fs::read_to_string(env.path("waymark.toml")).unwrap();
        let base = base.split("\n#--\n").next().unwrap().to_string();
        let backup = format!(
            "[backup]\ndir = {:?}\n",
            env.path("backups").display().to_string()
        );
        env.write(
            "waymark.toml",
            &format!(
                "{base}\n#--\n{}{}{}{}{}{backup}",
                self.report, self.email, self.channel, self.source, self.schedule
            ),
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_setup_passes_every_check() {
    let peers = Peers::start().await;
    let env = Env::new();
    Parts::healthy(&env, &peers).write(&env);
    env.run(&["init"]).ok();
    let run = env.run(&["doctor"]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    for check in [
        "settings:",
        "catalogue:",
        "database:",
        "disk space (database):",
        "disk space (report folder):",
        "report folder:",
        "backup folder:",
        "smtp:",
        "webhook #1",
        "source feed",
        "schedule #1 (backup",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("ok") && l.contains(check)),
            "no ok line for {check}:\n{}",
            run.stdout
        );
    }
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("ok ") || *l == "no problems found"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("answered EHLO"), "{}", run.stdout);
    assert!(!run.stdout.contains("secret-path-1f2e"), "{}", run.stdout);
}

/// What breaks, what the problem line says, what the fix line says.
type Case = (&'static str, &'static str, &'static str);
/// Breaks a healthy setup: its files, its settings parts or doctor's arguments.
type Breaks = Box<dyn Fn(&Env, &mut Parts, &mut Vec<&str>)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_broken_setup_is_named_with_its_fix() {
    let peers = Peers::start().await;
    let closed = closed_port();
    let cases: Vec<(Case, Breaks)> = vec![
        (
            ("settings", "problem  settings:", "correct the settings"),
            Box::new(|env, _, _| {
                env.write("waymark.toml", "no_such_key = 1\n");
            }),
        ),
        (
            (
                "catalogue",
                "problem  catalogue:",
                "waymark catalogue check",
            ),
            Box::new(|env, _, _| {
                let bad = env.write(
                    "bad-catalogue.toml",
                    "[[region]]\nid = \"Not A Slug\"\nname = \"x\"\n",
                );
                let text = std::fs::read_to_string(env.path("waymark.toml")).unwrap();
                let first = text.lines().next().unwrap().to_string();
                env.write(
                    "waymark.toml",
                    &text.replacen(
                        &first,
                        &format!("catalogue = {:?}", bad.display().to_string()),
                        1,
                    ),
                );
            }),
        ),
        (
            ("database missing", "problem  database:", "waymark init"),
            Box::new(|env, _, _| {
                std::fs::remove_file(env.path("test.db")).unwrap();
            }),
        ),
        (
            (
                "database damaged",
                "integrity check failed",
                "waymark restore",
            ),
            Box::new(|env, _, _| {
                let db = env.path("test.db");
                let mut bytes = std::fs::read(&db).unwrap();
                bytes[2 * 4096..3 * 4096].fill(0x5a);
                std::fs::write(&db, bytes).unwrap();
            }),
        ),
        (
            (
                "disk space",
                "problem  disk space (database):",
                "free some space",
            ),
            Box::new(|_, _, args| {
                args.extend(["--min-free", "1000000T"]);
            }),
        ),
        (
            (
                "report folder",
                "is not a folder",
                "point [report] out_dir elsewhere",
            ),
            Box::new(|env, parts, _| {
                let file = env.write("not-a-folder", "x");
                parts.report = format!("[report]\nout_dir = {:?}\n", file.display().to_string());
            }),
        ),
        (
            (
                "smtp",
                "problem  smtp:",
                "check the host and port in email.smtp_url",
            ),
            Box::new(move |_, parts, _| {
                parts.email = format!("[email]\nsmtp_url = \"smtp://127.0.0.1:{closed}\"\n");
            }),
        ),
        (
            (
                "webhook dns",
                "does not resolve",
                "correct [[channel]] #1 url",
            ),
            Box::new(|_, parts, _| {
                parts.channel =
                    "[[channel]]\nkind = \"webhook\"\nurl = \"http://no-such-host.invalid/hook\"\n"
                        .into();
            }),
        ),
        (
            (
                "webhook guard",
                "169.254.169.254, a link-local",
                "receiver's real address",
            ),
            Box::new(|_, parts, _| {
                parts.channel =
                    "[[channel]]\nkind = \"webhook\"\nurl = \"http://169.254.169.254/latest/\"\n"
                        .into();
            }),
        ),
        (
            (
                "source guard",
                "not a public address",
                "set allow_private = true",
            ),
            Box::new(|_, parts, _| {
                parts.source = parts.source.replace("allow_private = true\n", "");
            }),
        ),
        (
            (
                "source unreachable",
                "problem  source feed",
                "reachable from here",
            ),
            Box::new(move |_, parts, _| {
                parts.source = format!(
                    "[[source]]\nname = \"feed\"\nurl = \"http://127.0.0.1:{closed}/feed.csv\"\nformat = \"csv\"\nallow_private = true\nconnect_timeout = \"5s\"\n"
                );
            }),
        ),
        (
            (
                "schedule",
                "the next run is far off",
                "check the cron pattern",
            ),
            Box::new(|_, parts, _| {
                // 29 February falling on a Monday: next in 2044.
                parts.schedule =
                    "[[schedule]]\njob = \"report\"\ncron = \"0 0 29 2 +MON\"\n".into();
            }),
        ),
    ];
    // One initialised database, copied into each case's folder.
    let template = Env::new();
    template.run(&["init"]).ok();
    for ((name, problem, fix), breaks) in &cases {
        let env = Env::new();
        let mut parts = Parts::healthy(&env, &peers);
        parts.write(&env);
        std::fs::copy(template.path("test.db"), env.path("test.db")).unwrap();
        let mut args = vec!["doctor"];
        breaks(&env, &mut parts, &mut args);
        if *name != "settings" && *name != "catalogue" {
            parts.write(&env);
        }
        let run = env.run(&args);
        assert_eq!(
            run.code, 1,
            "{name}: expected exit 1\n{}{}",
            run.stdout, run.stderr
        );
        let lines: Vec<&str> = run.stdout.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("problem") && l.contains(problem))
            .unwrap_or_else(|| panic!("{name}: no problem line with {problem:?}:\n{}", run.stdout));
        let next = lines.get(at + 1).copied().unwrap_or_default();
        assert!(
            next.trim_start().starts_with("fix:") && next.contains(fix),
            "{name}: the fix after {problem:?} should say {fix:?}:\n{}",
            run.stdout
        );
        let problems = lines.iter().filter(|l| l.starts_with("problem")).count();
        let expected = if *name == "disk space" { 2 } else { 1 };
        assert_eq!(
            problems, expected,
            "{name}: only its own problem:\n{}",
            run.stdout
        );
        assert!(run.stderr.contains("problem"), "{name}: {}", run.stderr);
    }
}
