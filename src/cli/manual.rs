//! `completions SHELL` and `man DIR`: shell completion scripts and roff
//! manual pages, generated from the same clap definitions as the parser, so
//! they never drift from the flags that exist.

use super::Cli;
use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory as _, ValueEnum};
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish or powershell
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Folder to write the pages into (created if missing; pages there are replaced)
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

/// Print the completion script for `a.shell` on stdout.
pub(crate) fn completions(a: CompletionsArgs) -> Result<()> {
    let shell = match a.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "waymark", &mut script);
    std::io::stdout()
        .lock()
        .write_all(&script)
        .context("writing the completion script")
}

/// Write `waymark.1` and one page per subcommand (`waymark-token-create.1`)
/// into `a.dir`, each whole or not at all.
pub(crate) fn man(a: ManArgs) -> Result<()> {
    let mut root = Cli::command().disable_help_subcommand(true);
    // Building gives each subcommand its display name, "waymark-token-create".
    root.build();
    let mut pages = Vec::new();
    render(&root, &mut pages)?;
    let n = pages.len();
    crate::report::write_files(&a.dir, &pages, &|_| Ok(()))?;
    println!("wrote {n} man pages to {}", a.dir.display());
    Ok(())
}

fn render(cmd: &clap::Command, pages: &mut Vec<crate::report::OutFile>) -> Result<()> {
    let page = clap_mangen::Man::new(cmd.clone());
    let mut roff = Vec::new();
    page.render(&mut roff)
        .with_context(|| format!("rendering the man page of {}", cmd.get_name()))?;
    pages.push((PathBuf::from(page.get_filename()), roff));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        render(sub, pages)?;
    }
    Ok(())
}
