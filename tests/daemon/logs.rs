//! Logs written to a pipe (a file, a journal) carry no terminal colour codes.

use crate::harness::{Daemon, cli, write_config};

#[test]
fn logs_to_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    cli(&config, &["init"], &[]);
    // The harness reads the daemon's stderr through a pipe.
    let daemon = Daemon::start(&[], &config, &[("WAYMARK_LOG", "info")]).expect("serve starts");
    let log = daemon.stop();
    assert!(log.contains(" INFO "), "{log}");
    assert!(!log.contains("\x1b["), "{log:?}");
}
