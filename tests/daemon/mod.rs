//! The daemon: `serve` as a child process where its logs, signals and
//! limits matter, and the library's server and jobs in this process
//! elsewhere. Backups under load, the systemd handshake, hostile requests,
//! secrets, concurrent writers, chart paths, a full disk, slow clients,
//! text and JSON logs, shutdown, the scheduled jobs, and (ignored, long)
//! crashes under load.

mod backup;
mod chart_paths;
mod concurrent;
mod contention;
mod crash;
mod disk_full;
mod hostile;
mod jobs;
mod logs;
mod render_limits;
mod secrets;
mod service;
mod shutdown;
mod slowloris;
