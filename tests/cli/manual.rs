//! Help, completions and man pages: every flag and argument explains
//! itself, every command's help ends with examples, each shell's completion
//! script parses in that shell (where it is installed), and `man` writes a
//! page per command.

use crate::common::cli::Env;
use clap::CommandFactory as _;
use std::process::Command;

/// Every command, nested ones too, with its path ("waymark token create").
fn every_command() -> Vec<(String, clap::Command)> {
    fn walk(path: String, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.clone(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(format!("{path} {}", sub.get_name()), sub, out);
        }
    }
    let mut root = waymark::cli::Cli::command();
    root.build();
    let mut out = Vec::new();
    walk("waymark".into(), &root, &mut out);
    out
}

#[test]
fn every_argument_has_help_and_every_command_ends_with_examples() {
    let commands = every_command();
    assert!(commands.len() > 20, "{} commands", commands.len());
    let mut problems = Vec::new();
    for (path, cmd) in &commands {
        for arg in cmd.get_arguments() {
            let help = arg
                .get_help()
                .or(arg.get_long_help())
                .map(std::string::ToString::to_string);
            if help.is_none_or(|h| h.trim().is_empty()) {
                problems.push(format!(
                    "{path}: argument {:?} has no help text",
                    arg.get_id()
                ));
            }
        }
        let after = cmd
            .get_after_help()
            .map(std::string::ToString::to_string)
            .unwrap_or_default();
        if !after.starts_with("Examples:\n  ") {
            problems.push(format!(
                "{path}: help does not end with examples ({after:?})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The completion script for `shell`, written to a file in `env`.
fn script(env: &Env, shell: &str) -> std::path::PathBuf {
    let out = env.run(&["completions", shell]).ok().stdout;
    assert!(
        out.contains("waymark") && out.contains("restore"),
        "{shell}: {out:.300}"
    );
    env.write(&format!("waymark.{shell}"), &out)
}

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn bash_loads_the_bash_completion_and_completes_subcommands() {
    let env = Env::new();
    let file = script(&env, "bash");
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(syntax.status.success(), "{syntax:?}");
    // Sourced, it registers a completion for waymark that offers the new commands.
    let probe = format!(
        "source {}; complete -p waymark; COMP_WORDS=(waymark res); COMP_CWORD=1; \
         _waymark waymark res waymark; echo \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("-F _waymark waymark"), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .split(' ')
            .any(|w| w == "restore"),
        "{stdout}"
    );
}

#[test]
fn each_shells_completion_is_generated_and_parses_where_that_shell_is_installed() {
    let env = Env::new();
    for (shell, program, check) in [
        ("zsh", "zsh", vec!["-n"]),
        ("fish", "fish", vec!["--no-execute"]),
        ("powershell", "pwsh", vec![]),
    ] {
        let file = script(&env, shell);
        if check.is_empty() || !installed(program) {
            eprintln!("{shell}: generated; {program} is not installed here, not parsed");
            continue;
        }
        let out = Command::new(program)
            .args(&check)
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
    }
    env.run(&["completions", "tcsh"]).fails(2);
}

#[test]
fn man_writes_a_page_per_command_with_its_examples() {
    let env = Env::new();
    let out = env.run(&["man", "pages"]).ok().stdout;
    let pages = env.path("pages");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), every_command().len(), "{names:?}");
    assert!(
        out.contains(&format!("wrote {} man pages", names.len())),
        "{out}"
    );
    for name in ["waymark.1", "waymark-backup.1", "waymark-token-create.1"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    let backup = std::fs::read_to_string(pages.join("waymark-backup.1")).unwrap();
    assert!(
        backup.starts_with(".ie") || backup.contains(".TH"),
        "{backup:.200}"
    );
    assert!(backup.contains("Examples:"), "{backup}");
    assert!(
        !names.iter().any(|n| n.starts_with('.')),
        "temporary files left: {names:?}"
    );
}
