//! The email channel: through SMTP (`email.smtp_url`: plain `smtp://`,
//! `smtp://…?tls=starttls`, or `smtps://` for TLS from the first byte) or,
//! without a server, as `.eml` files in `email.outbox_dir`, written under a
//! temporary name and renamed so a reader never sees half a message.
//! Credentials come from the URL or `email.smtp_username`/`smtp_password`
//! (e.g. `WAYMARK_EMAIL__SMTP_PASSWORD`) and are never logged.

use super::failure::Failure;
use crate::config::Settings;
use crate::domain::text::redact_url;
use crate::store::OutboxRow;
use lettre::address::Envelope;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// A key for a message's content, so the same bytes are queued once.
pub(crate) fn content_key(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..16])
}

pub(crate) async fn send(
    settings: &Settings,
    from: &str,
    to: &[String],
    row: &OutboxRow,
    timeout: Duration,
) -> Result<(), Failure> {
    if settings.email.smtp_url.trim().is_empty() {
        let dir = settings.email.outbox_dir.clone();
        let name = format!("{}-{}.eml", row.kind, row.idempotency_key);
        let bytes = row.payload.clone();
        return tokio::task::spawn_blocking(move || write_eml(&dir, &name, &bytes))
            .await
            .map_err(|e| retry(format!("writing the email: {e}")))?;
    }
    let envelope = envelope(from, to)?;
    let transport = transport(settings, timeout)?;
    let shown = redact_url(&settings.email.smtp_url);
    match transport.send_raw(&envelope, &row.payload).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Failure::Permanent(format!("SMTP {shown}: {e}"))),
        Err(e) => Err(retry(format!("SMTP {shown}: {e}"))),
    }
}

fn retry(error: String) -> Failure {
    Failure::Retry { error, after: None }
}

/// The envelope for `from` and `to`; an address that does not parse fails
/// for good (trying again would not change it).
fn envelope(from: &str, to: &[String]) -> Result<Envelope, Failure> {
    let addr = |s: &str| -> Result<Address, Failure> {
        s.parse::<Mailbox>()
            .map(|m| m.email)
            .map_err(|e| Failure::Permanent(format!("invalid email address {s:?}: {e}")))
    };
    let recipients = to.iter().map(|t| addr(t)).collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(addr(from)?), recipients)
        .map_err(|e| Failure::Permanent(format!("email envelope: {e}")))
}

/// The SMTP transport for `email.smtp_url`. lettre spells "STARTTLS
/// required" as `tls=required`; `tls=starttls` is accepted as the clearer name.
/// A URL that does not parse fails for good.
fn transport(
    settings: &Settings,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, Failure> {
    let url = settings
        .email
        .smtp_url
        .trim()
        .replace("tls=starttls", "tls=required");
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url).map_err(|e| {
        Failure::Permanent(format!(
            "email.smtp_url {}: {e}",
            redact_url(&settings.email.smtp_url)
        ))
    })?;
    let e = &settings.email;
    if !e.smtp_username.is_empty() || !e.smtp_password.is_empty() {
        builder = builder.credentials(Credentials::new(
            e.smtp_username.clone(),
            e.smtp_password.clone(),
        ));
    }
    Ok(builder.timeout(Some(timeout)).build())
}

/// Connect to `email.smtp_url` and greet it (EHLO, and STARTTLS or TLS as
/// the URL asks), then hang up: no login, no message. For `doctor`. The
/// answer names the server with its password hidden.
pub(crate) async fn check_smtp(settings: &Settings, timeout: Duration) -> Result<String, String> {
    let shown = redact_url(&settings.email.smtp_url);
    // Without user or password, so the check never sends credentials.
    let mut anonymous = settings.clone();
    anonymous.email.smtp_username.clear();
    anonymous.email.smtp_password.clear();
    if let Ok(mut url) = reqwest::Url::parse(settings.email.smtp_url.trim()) {
        let _ = url.set_username("");
        let _ = url.set_password(None);
        anonymous.email.smtp_url = url.to_string();
    }
    // A URL that does not parse is the one way building it fails.
    let transport = transport(&anonymous, timeout).map_err(|f| match f {
        Failure::Permanent(m) | Failure::Retry { error: m, .. } => m,
    })?;
    match tokio::time::timeout(timeout, transport.test_connection()).await {
        Ok(Ok(true)) => Ok(format!("{shown} answered EHLO")),
        Ok(Ok(false)) => Err(format!(
            "{shown} connected but did not answer as an SMTP server"
        )),
        Ok(Err(e)) => Err(format!("{shown}: {e}")),
        Err(_) => Err(format!("{shown}: no answer within {} s", timeout.as_secs())),
    }
}

/// Write `bytes` as `dir/name` atomically: a temporary file, synced, then
/// renamed. A failure is worth retrying (the disk may have room later).
fn write_eml(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |what: &str, e: std::io::Error| retry(format!("{what} {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(|e| fail("creating the outbox folder", e))?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp).map_err(|e| fail("writing into", e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| fail("writing into", e))?;
    std::fs::rename(&tmp, dir.join(name)).map_err(|e| fail("renaming into", e))
}
