//! The doctor's checks over the network, each bounded in time: the SMTP
//! server answers EHLO, each webhook's host resolves and is not an address
//! no receiver lives at, each source answers a HEAD within its address guard.

use super::{Finding, NETWORK_TIMEOUT};
use crate::config::Settings;
use crate::domain::text::redact_webhook;
use crate::sources::SourceError;
use crate::sources::client::{Fetcher, display_url};
use crate::sources::guard::is_global;
use std::net::IpAddr;

pub(super) async fn smtp(settings: &Settings) -> Finding {
    if settings.email.smtp_url.trim().is_empty() {
        return Finding::ok(
            "smtp",
            format!(
                "no email.smtp_url: email is written to {} as .eml files",
                settings.email.outbox_dir.display()
            ),
        );
    }
    match crate::alerts::check_smtp(settings, NETWORK_TIMEOUT).await {
        Ok(detail) => Finding::ok("smtp", detail),
        Err(what) => Finding::problem(
            "smtp",
            what,
            "check the host and port in email.smtp_url (smtps:// for TLS, ?tls=starttls for STARTTLS), and that the mail server is up and reachable from here",
        ),
    }
}

/// Each `[[channel]]` webhook: its host resolves, and to no address that
/// only an attacker would point a webhook at (link-local, where clouds
/// serve instance metadata and credentials; unspecified; multicast).
/// Loopback and private addresses are fine for a receiver on this network,
/// and said so.
pub(super) async fn webhooks(settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, c) in settings.channel.iter().enumerate() {
        let Some(url) = c.url.as_deref().filter(|_| c.kind == "webhook") else {
            continue;
        };
        let check = format!("webhook #{} ({})", i + 1, redact_webhook(url));
        let fix = format!(
            "correct [[channel]] #{} url, or the machine's DNS settings",
            i + 1
        );
        let parsed = match reqwest::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
            _ => {
                out.push(Finding::problem(
                    check,
                    "not an http:// or https:// URL with a host",
                    fix,
                ));
                continue;
            }
        };
        let host = parsed
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .to_string();
        let port = parsed.port_or_known_default().unwrap_or(80);
        let lookup = tokio::time::timeout(
            NETWORK_TIMEOUT,
            tokio::net::lookup_host((host.as_str(), port)),
        );
        let addrs: Vec<IpAddr> = match lookup.await {
            Ok(Ok(found)) => found.map(|a| a.ip()).collect(),
            Ok(Err(e)) => {
                out.push(Finding::problem(
                    check,
                    format!("{host} does not resolve: {e}"),
                    fix,
                ));
                continue;
            }
            Err(_) => {
                out.push(Finding::problem(
                    check,
                    format!("resolving {host} took over {} s", NETWORK_TIMEOUT.as_secs()),
                    fix,
                ));
                continue;
            }
        };
        let shown = addrs
            .iter()
            .map(IpAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(bad) = addrs.iter().find(|ip| never_a_receiver(**ip)) {
            out.push(Finding::problem(
                check,
                format!("{host} resolves to {bad}, a link-local, unspecified or multicast address (cloud metadata lives at 169.254.169.254)"),
                format!("point [[channel]] #{} url at the receiver's real address", i + 1),
            ));
        } else if addrs.iter().all(|ip| is_global(*ip)) {
            out.push(Finding::ok(
                check,
                format!("{host} resolves to {shown} (public)"),
            ));
        } else {
            out.push(Finding::ok(
                check,
                format!("{host} resolves to {shown} (not public: right only for a receiver on this machine or network)"),
            ));
        }
    }
    out
}

fn never_a_receiver(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    };
    match ip {
        IpAddr::V4(v4) => {
            v4.is_link_local() || v4.is_unspecified() || v4.is_multicast() || v4.is_broadcast()
        }
        IpAddr::V6(v6) => {
            (v6.segments()[0] & 0xffc0) == 0xfe80 || v6.is_unspecified() || v6.is_multicast()
        }
    }
}

/// Each `[[source]]` answers a HEAD request made as a pull would make it:
/// through its address guard, redirects and timeouts. A server that does
/// not do HEAD (405, 501) still answered.
pub(super) async fn sources(settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &settings.source {
        let check = format!("source {} ({})", s.name, display_url(&s.url));
        let fetcher = match Fetcher::new(s) {
            Ok(f) => f,
            Err(e) => {
                out.push(Finding::problem(
                    check,
                    e.to_string(),
                    "see the message; this machine cannot make HTTP clients",
                ));
                continue;
            }
        };
        let answer = tokio::time::timeout(NETWORK_TIMEOUT, fetcher.head(&s.url)).await;
        out.push(match answer {
            Ok(Ok(status)) if status.is_success() || status.is_redirection() || matches!(status.as_u16(), 405 | 501) => {
                Finding::ok(check, format!("answered HEAD: HTTP {status}"))
            }
            Ok(Ok(status)) => Finding::problem(
                check,
                format!("answered HEAD with HTTP {status}"),
                format!("check [[source]] {:?} url (a 404 is a wrong path, 401/403 missing access)", s.name),
            ),
            Ok(Err(SourceError::Refused(r))) => Finding::problem(
                check,
                r.to_string(),
                format!("if the feed is on your network on purpose, set allow_private = true (or allow_addresses) in [[source]] {:?}", s.name),
            ),
            Ok(Err(e)) => Finding::problem(
                check,
                e.to_string(),
                format!("check [[source]] {:?} url, and that its server is reachable from here (firewall, proxy)", s.name),
            ),
            Err(_) => Finding::problem(
                check,
                format!("no answer within {} s", NETWORK_TIMEOUT.as_secs()),
                format!("check that the server of [[source]] {:?} is reachable from here", s.name),
            ),
        });
    }
    out
}
