//! `backup FILE` and `restore FILE`: a consistent copy of the database taken
//! while the daemon writes, and a checked restore that keeps what it replaced.

use super::Context;
use crate::store::backup;
use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// Where to write the copy (an existing file there is replaced, atomically)
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct RestoreArgs {
    /// A copy made by `waymark backup` (or the scheduled backup job)
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

pub(crate) async fn backup(ctx: &Context, a: BackupArgs) -> Result<()> {
    let db = backup::database_path(&ctx.db_url)?;
    if a.file.is_dir() {
        bail!("{} is a folder; name the file to write", a.file.display());
    }
    if let Some(folder) = a.file.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.is_dir()
    {
        bail!("{}: no such folder (create it first)", folder.display());
    }
    if same_file(&db, &a.file) {
        bail!(
            "{} is the database itself; write the copy elsewhere",
            a.file.display()
        );
    }
    let c = backup::backup(&ctx.db_url, &a.file).await?;
    println!(
        "backed up {} to {}: integrity ok, {} figures, {} revisions (migration {})",
        db.display(),
        a.file.display(),
        c.figures,
        c.revisions,
        c.migration
    );
    Ok(())
}

pub(crate) async fn restore(ctx: &Context, a: RestoreArgs) -> Result<()> {
    let db = backup::database_path(&ctx.db_url)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let r = crate::store::restore::restore(&ctx.db_url, &a.file, &stamp).await?;
    println!(
        "restored {} from {}: integrity ok, {} figures, {} revisions (migration {})",
        db.display(),
        a.file.display(),
        r.counts.figures,
        r.counts.revisions,
        r.counts.migration
    );
    match r.kept {
        Some(kept) => println!("the replaced database is kept as {}", kept.display()),
        None => println!("there was no database there before"),
    }
    Ok(())
}

/// Whether `a` and `b` name one existing file (through links or `..`).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
