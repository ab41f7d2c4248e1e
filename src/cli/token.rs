//! `token create|list|revoke`: API tokens. The secret is printed once, at
//! creation; the database keeps only its SHA-256 hash.

use super::{Context, table};
use crate::tokens::{Role, hash_secret, new_secret};
use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Create a token and print its secret (shown this once only)
    #[command(
        after_help = "Examples:\n  waymark token create ana --role operator --region liaoning --region jilin\n  waymark token create dashboard --role viewer"
    )]
    Create(CreateArgs),
    /// List tokens: name, role, regions, created, last used (never the secret)
    #[command(after_help = "Examples:\n  waymark token list")]
    List,
    /// Revoke a token: it stops working at once
    #[command(after_help = "Examples:\n  waymark token revoke ana")]
    Revoke {
        /// The token's name
        name: String,
    },
}

#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// A name for the token, e.g. the operator's (recorded with each figure it writes)
    name: String,
    /// admin | operator | viewer
    #[arg(long)]
    role: String,
    /// A region an operator may write (repeat for several; required for operators)
    #[arg(long = "region", value_name = "R")]
    regions: Vec<String>,
}

pub(crate) async fn run(ctx: &Context, cmd: TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create(a) => create(ctx, a).await,
        TokenCommand::List => list(ctx).await,
        TokenCommand::Revoke { name } => revoke(ctx, &name).await,
    }
}

async fn create(ctx: &Context, a: CreateArgs) -> Result<()> {
    let role = Role::parse(&a.role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    let name = a.name.trim();
    if name.is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
        bail!(
            "NAME: {:?} is not a usable token name (1 to 64 printable characters)",
            a.name
        );
    }
    match role {
        Role::Operator if a.regions.is_empty() => {
            bail!(
                "--region: an operator token needs at least one region (repeat --region for several)"
            )
        }
        Role::Admin | Role::Viewer if !a.regions.is_empty() => {
            bail!(
                "--region: only operator tokens are limited to regions; a {role} token covers all"
            )
        }
        _ => {}
    }
    let (store, cat) = ctx.open().await?;
    for r in &a.regions {
        cat.region(r).map_err(|e| anyhow!("--region: {e}"))?;
    }
    let secret = new_secret();
    store
        .create_token(name, role.as_str(), &a.regions, &hash_secret(&secret))
        .await?;
    store.close().await;
    eprintln!("token {name:?} ({role}) created; copy the secret now, it is not shown again:");
    println!("{secret}");
    Ok(())
}

async fn list(ctx: &Context) -> Result<()> {
    let (store, _) = ctx.open().await?;
    let tokens = store.list_tokens().await?;
    store.close().await;
    let rows: Vec<Vec<String>> = tokens
        .iter()
        .map(|t| {
            vec![
                table::clean(&t.name),
                t.role.clone(),
                t.region_list().join(" "),
                t.created_at.clone(),
                t.last_used_at.clone().unwrap_or_else(|| "never".into()),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(
            &["name", "role", "regions", "created", "last_used"],
            &rows,
            &[false; 5]
        )
    );
    Ok(())
}

async fn revoke(ctx: &Context, name: &str) -> Result<()> {
    let (store, _) = ctx.open().await?;
    let revoked = store.revoke_token(name).await;
    store.close().await;
    match revoked {
        Err(crate::store::Error::NotFound(what)) => bail!("{what} (see `waymark token list`)"),
        other => other?,
    }
    println!("token {name:?} revoked");
    Ok(())
}
