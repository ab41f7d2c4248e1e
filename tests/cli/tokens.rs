//! API tokens from the command line: create (an operator needs a region,
//! names are unique), list without secrets, revoke.

use crate::common::cli::Env;

#[test]
fn token_commands_create_list_and_revoke() {
    let env = Env::new();
    let run = env
        .run(&["token", "create", "ana", "--role", "operator"])
        .fails(1);
    assert!(run.stderr.contains("at least one region"));
    let run = env.run(&[
        "token", "create", "ana", "--role", "operator", "--region", "lioaning",
    ]);
    assert!(
        run.stderr.contains("liaoning"),
        "suggests the closest region"
    );
    let run = env
        .run(&[
            "token", "create", "ana", "--role", "operator", "--region", "liaoning", "--region",
            "guizhou",
        ])
        .ok();
    let secret = run.stdout.trim().to_string();
    assert!(secret.starts_with("wm_"));
    // Names are unique.
    env.run(&["token", "create", "ana", "--role", "viewer"])
        .fails(1);
    let list = env.run(&["token", "list"]).stdout;
    assert!(
        list.contains("ana") && list.contains("liaoning guizhou") && list.contains("never"),
        "{list}"
    );
    assert!(!list.contains(&secret));
    env.run(&["token", "revoke", "ana"]).ok();
    let list = env.run(&["token", "list"]).stdout;
    assert!(!list.contains("ana"), "{list}");
    env.run(&["token", "revoke", "ana"]).fails(1);
}
