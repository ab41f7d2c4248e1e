//! Logs written to a pipe (a file, a journal) carry no terminal colour codes.

use crate::common::cli::Env;
use crate::common::daemon::Daemon;

#[test]
fn logs_to_a_pipe_have_no_colour_codes() {
    let env = Env::new();
    env.run(&["init"]).ok();
    // The kit reads the daemon's stderr through a pipe.
    let daemon =
        Daemon::start(env.command(&["serve"]).env("WAYMARK_LOG", "info")).expect("serve starts");
    let log = daemon.stop();
    assert!(log.contains(" INFO "), "{log}");
    assert!(!log.contains("\x1b["), "{log:?}");
}
