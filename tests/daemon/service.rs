//! Under systemd (`Type=notify`): the daemon says READY=1 once it listens
//! and STOPPING=1 when SIGTERM starts its shutdown, on the socket systemd
//! names in NOTIFY_SOCKET.

use crate::harness::{Daemon, cli, write_config};
use std::os::unix::net::UnixDatagram;
use std::time::Duration;

fn next_message(socket: &UnixDatagram) -> String {
    let mut buf = [0u8; 256];
    let n = socket
        .recv(&mut buf)
        .expect("a notification (safety net: 60 s)");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn serve_tells_systemd_when_it_is_ready_and_when_it_stops() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    cli(&config, &["init"], &[]);
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let notify = path.display().to_string();
    let daemon = Daemon::start(&[], &config, &[("NOTIFY_SOCKET", &notify)]).expect("serve starts");
    assert_eq!(next_message(&socket), "READY=1\n");
    daemon.stop();
    assert_eq!(next_message(&socket), "STOPPING=1\n");
}
