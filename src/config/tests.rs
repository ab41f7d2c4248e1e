//! Settings: layering, unknown keys, typed environment values, secrets and checks.

use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waymark.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn defaults_then_file_then_environment() {
    let (dir, path) = write("[database]\nurl = \"sqlite://file.db\"\n[progress]\nhigh = 0.9\n");
    let s = Settings::load(Some(&path), &env(&[("WAYMARK_PROGRESS__HIGH", "0.97")])).unwrap();
    assert_eq!(s.database.url, "sqlite://file.db");
    assert_eq!(s.progress.high, 0.97);
    assert_eq!(s.progress.medium, 0.6);
    assert_eq!(s.catalogue, dir.path().join("catalogue.toml"));
    assert_eq!(s.server.listen, "127.0.0.1:8080");
}

#[test]
fn an_unknown_key_in_the_file_is_reported() {
    let (_dir, path) = write("[database]\nurll = \"x\"\n");
    let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
    assert!(
        err.contains("waymark.toml") && err.contains("unknown field `urll`"),
        "{err}"
    );
}

#[test]
fn a_misspelled_environment_variable_is_reported_with_a_suggestion() {
    let (_dir, path) = write("");
    let err = format!(
        "{:#}",
        Settings::load(Some(&path), &env(&[("WAYMARK_DATABSE__URL", "x")])).unwrap_err()
    );
    assert!(
        err.contains("WAYMARK_DATABSE__URL") && err.contains("did you mean WAYMARK_DATABASE__URL?"),
        "{err}"
    );
}

#[test]
fn environment_values_are_typed() {
    let (_dir, path) = write("");
    let s = Settings::load(
        Some(&path),
        &env(&[
            ("WAYMARK_SERVER__PUBLIC_READ", "false"),
            ("WAYMARK_EMAIL__TO", "[\"a@x\", \"b@x\"]"),
            ("WAYMARK_DATABASE__URL", "sqlite://e.db"),
        ]),
    )
    .unwrap();
    assert!(!s.server.public_read);
    assert_eq!(s.email.to, vec!["a@x", "b@x"]);
    assert_eq!(s.database.url, "sqlite://e.db");
}

#[test]
fn secrets_are_redacted_in_debug() {
    let mut s = Settings::default();
    s.email.smtp_url = "smtp://user:hunter2@mail:25".into();
    s.email.smtp_password = "swordfish".into();
    let shown = format!("{s:?}");
    assert!(
        !shown.contains("hunter2")
            && !shown.contains("swordfish")
            && shown.contains("user:***@mail:25"),
        "{shown}"
    );
}

#[test]
fn bad_schedules_are_reported_with_their_entry_and_key() {
    let (_dir, path) = write(
        "[[schedule]]\njob = \"report\"\ncron = \"0 8 1 * *\"\n\
         [[schedule]]\njob = \"repport\"\ncron = \"0 8 * * *\"\n\
         [[schedule]]\njob = \"alerts\"\ncron = \"0 61 * * *\"\n\
         [[schedule]]\njob = \"pull\"\ncron = \"0 8 * * *\"\ntimezone = \"Mars/Olympus\"\n\
         [[schedule]]\njob = \"reminders\"\ncron = \"0 8 * * *\"\ncatch_up = \"1 day\"\n\
         [[schedule]]\njob = \"pull\"\ncron = \"0 9 * * *\"\ntimezone = \"Nowhere\"\ncatch_up = \"soon\"\n",
    );
    let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
    for part in [
        "waymark.toml",
        "[[schedule]] #2 (job = \"repport\") key `job`",
        "[[schedule]] #3 (job = \"alerts\") key `cron`",
        "[[schedule]] #4 (job = \"pull\") key `timezone`: unknown time zone \"Mars/Olympus\"",
        "[[schedule]] #5 (job = \"reminders\") key `catch_up`",
        "[[schedule]] #6 (job = \"pull\") key `timezone`",
        "[[schedule]] #6 (job = \"pull\") key `catch_up`",
    ] {
        assert!(err.contains(part), "{part:?} missing from {err}");
    }
    assert!(!err.contains("#1 "), "{err}");
}

#[test]
fn bad_thresholds_and_time_zones_are_rejected() {
    let (_dir, path) = write("timezone = \"Mars/Olympus\"\n");
    assert!(
        format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err()).contains("Mars/Olympus")
    );
    let (_dir, path) = write("[progress]\nhigh = 0.5\n");
    assert!(
        format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err()).contains("high > medium")
    );
}

#[test]
fn channels_and_contacts_are_checked() {
    let (_dir, path) = write(
        "[[channel]]\nkind = \"webhook\"\nurl = \"http://x/hook\"\n[[contact]]\nregion = \"liaoning\"\nemail = [\"a@x\"]\n",
    );
    let s = Settings::load(Some(&path), &[]).unwrap();
    assert_eq!(s.contact[0].email, vec!["a@x"]);
    for (text, want) in [
        ("[[channel]]\nkind = \"pager\"\n", "unknown channel kind"),
        ("[[channel]]\nkind = \"webhook\"\n", "needs `url`"),
        (
            "[[contact]]\nregion = \"x\"\nemail = []\n",
            "lists no address",
        ),
        (
            "[[contact]]\nregion = \"x\"\nemails = [\"a@x\"]\n",
            "unknown field `emails`",
        ),
        (
            "[alerts]\nrepeat_interval = \"weekly\"\n",
            "repeat_interval",
        ),
    ] {
        let (_dir, path) = write(text);
        let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
        assert!(err.contains(want), "{text}: {err}");
    }
}

#[test]
fn server_limits_and_cookie_security_are_read_and_checked() {
    let (_dir, path) = write("");
    let s = Settings::load(Some(&path), &[]).unwrap();
    assert_eq!(
        s.server.header_read_timeout().unwrap(),
        std::time::Duration::from_secs(10)
    );
    assert_eq!(
        s.server.keep_alive_timeout().unwrap(),
        std::time::Duration::from_secs(5)
    );
    assert_eq!(s.server.max_connections, 0);
    assert!(!s.server.secure_cookies());
    let s = Settings::load(
        Some(&path),
        &env(&[
            ("WAYMARK_SERVER__PUBLIC_URL", "HTTPS://waymark.example/"),
            ("WAYMARK_SERVER__MAX_CONNECTIONS", "100"),
        ]),
    )
    .unwrap();
    assert!(s.server.secure_cookies(), "https means secure cookies");
    assert_eq!(s.server.max_connections, 100);
    let (_dir, path) =
        write("[server]\npublic_url = \"https://w.example/\"\nsecure_cookies = false\n");
    assert!(
        !Settings::load(Some(&path), &[])
            .unwrap()
            .server
            .secure_cookies()
    );
    for (text, want) in [
        (
            "[server]\nheader_read_timeout = \"soon\"\n",
            "[server] key `header_read_timeout`: invalid duration \"soon\"",
        ),
        (
            "[server]\nkeep_alive_timeout = \"1m\"\n",
            "[server] key `keep_alive_timeout`: \"1m\" is longer than header_read_timeout \"10s\"",
        ),
        (
            "[server]\npublic_url = \"waymark.example\"\n",
            "[server] key `public_url`",
        ),
        ("[server]\nmax_connections = -1\n", "max_connections"),
    ] {
        let (_dir, path) = write(text);
        let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
        assert!(err.contains(want), "{text}: {err}");
    }
}

#[test]
fn the_log_format_comes_from_the_file_or_waymark_log_format_and_is_checked() {
    let (_dir, path) = write("[log]\nformat = \"json\"\n");
    let s = Settings::load(Some(&path), &[]).unwrap();
    assert_eq!(s.log.format().unwrap(), LogFormat::Json);
    let s = Settings::load(Some(&path), &env(&[("WAYMARK_LOG_FORMAT", "text")])).unwrap();
    assert_eq!(s.log.format().unwrap(), LogFormat::Text);
    let s = Settings::load(None, &env(&[("WAYMARK_LOG__FORMAT", "json")])).unwrap();
    assert_eq!(s.log.format().unwrap(), LogFormat::Json);
    let err = format!(
        "{:#}",
        Settings::load(Some(&path), &env(&[("WAYMARK_LOG_FORMAT", "xml")])).unwrap_err()
    );
    assert!(
        err.contains("[log] key `format`: unknown format \"xml\" (expected text or json)"),
        "{err}"
    );
}

#[test]
fn backups_keep_seven_unless_told_and_never_none() {
    let s = Settings::load(None, &[]).unwrap();
    assert_eq!(
        (s.backup.dir.as_path(), s.backup.keep),
        (Path::new("backups"), 7)
    );
    let (_dir, path) = write("[backup]\ndir = \"/srv/b\"\nkeep = 0\n");
    let err = format!("{:#}", Settings::load(Some(&path), &[]).unwrap_err());
    assert!(err.contains("[backup] key `keep`"), "{err}");
    let s = Settings::load(Some(&path), &env(&[("WAYMARK_BACKUP__KEEP", "30")])).unwrap();
    assert_eq!(
        (s.backup.dir.as_path(), s.backup.keep),
        (Path::new("/srv/b"), 30)
    );
}
