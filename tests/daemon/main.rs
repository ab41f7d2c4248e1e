//! Reliability of the daemon (issue 8): backups and restores, hostile input, secrets, concurrent
//! writers, chart paths, disk full, slow clients, plain logs, and (ignored,
//! long) crashes under load.
//! In-process servers run on 127.0.0.1:0 with a temporary database; the
//! daemon itself runs as a child process where its logs or signals matter.

mod backup;
mod chart_paths;
mod concurrent;
mod contention;
mod crash;
mod disk_full;
mod harness;
mod hostile;
mod logs;
mod render_limits;
mod secrets;
mod service;
mod slowloris;
