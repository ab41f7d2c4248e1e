//! Which addresses a source may reach. Checked after DNS resolution (so a
//! public-looking name that resolves to 127.0.0.1 is refused) and on every
//! redirect hop, because an allowed feed could otherwise send the request to
//! an internal service or a cloud metadata endpoint (169.254.169.254).

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// A source's address rule, from `allow_private` and `allow_addresses`.
#[derive(Debug, Clone, Default)]
pub(crate) struct AddressPolicy {
    pub(crate) allow_private: bool,
    pub(crate) allow_addresses: Vec<IpAddr>,
}

/// A request refused before connecting; found in reqwest's error chain to
/// give the user this message rather than a generic connect error.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Refused {
    #[error(
        "refused to connect to {host} ({addrs}): not a public address (set allow_private = true for loopback or intranet feeds)"
    )]
    /// The host resolves to a private, loopback or otherwise non-public address.
    Address {
        /// The host asked for.
        host: String,
        /// The addresses it resolved to.
        addrs: String,
    },
    #[error("refused {url}: scheme {scheme:?} is not allowed (only http and https)")]
    /// A scheme other than http and https.
    Scheme {
        /// The URL refused.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    #[error("refused {url}: no host")]
    /// A URL without a host.
    NoHost {
        /// The URL refused.
        url: String,
    },
    /// The feed redirected more times than allowed.
    #[error("stopped after {0} redirects")]
    TooManyRedirects(usize),
}

impl AddressPolicy {
    pub(crate) fn permits(&self, ip: IpAddr) -> bool {
        self.allow_private || is_global(ip) || self.allow_addresses.contains(&canonical(ip))
    }

    /// The checks that need no DNS: scheme, and the host when it is a literal IP.
    /// Host names are checked by [`GuardedResolver`] when a connection opens.
    pub(crate) fn check_url(&self, url: &Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::Scheme {
                url: url.to_string(),
                scheme: url.scheme().to_string(),
            });
        }
        let Some(host) = url.host_str() else {
            return Err(Refused::NoHost {
                url: url.to_string(),
            });
        };
        // The URL parser has already normalised literal IPs (`127.1`, `2130706433`
        // → 127.0.0.1); IPv6 literals keep their brackets.
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let Ok(ip) = bare.parse::<IpAddr>() else {
            return Ok(());
        };
        if self.permits(ip) {
            Ok(())
        } else {
            Err(Refused::Address {
                host: url.host_str().unwrap_or_default().to_string(),
                addrs: ip.to_string(),
            })
        }
    }
}

/// Resolves with the system resolver, then drops every address the policy
/// refuses; fails when none is left. reqwest connects only to what this
/// returns, so there is no gap between the check and the connection.
pub(crate) struct GuardedResolver {
    pub(crate) policy: Arc<AddressPolicy>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (ok, refused): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|a| policy.permits(a.ip()));
            if ok.is_empty() {
                let addrs = refused
                    .iter()
                    .map(|a| a.ip().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Box::new(Refused::Address { host, addrs }) as _);
            }
            Ok(Box::new(ok.into_iter()) as Addrs)
        })
    }
}

/// IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address it carries.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// Whether `ip` is a globally routable unicast address (the special-purpose
/// registries of RFC 6890 and successors, less what is meant to be global).
pub(crate) fn is_global(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => is_global_v4(v4),
        IpAddr::V6(v6) => is_global_v6(v6),
    }
}

fn is_global_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let non_global = a == 0                           // "this network", 0.0.0.0
        || a == 10                                    // private
        || (a == 100 && (64..128).contains(&b))       // CGNAT 100.64/10
        || a == 127                                   // loopback
        || (a == 169 && b == 254)                     // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))        // private
        || (a == 192 && b == 0 && c == 0)             // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)             // TEST-NET-1
        || (a == 192 && b == 88 && c == 99)           // 6to4 relay anycast
        || (a == 192 && b == 168)                     // private
        || (a == 198 && (b == 18 || b == 19))         // benchmarking
        || (a == 198 && b == 51 && c == 100)          // TEST-NET-2
        || (a == 203 && b == 0 && c == 113)           // TEST-NET-3
        || a >= 224; // multicast, reserved, broadcast
    !non_global
}

fn is_global_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Addresses that embed an IPv4 address are as global as that address.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        // NAT64 well-known prefix 64:ff9b::/96
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return is_global_v4(Ipv4Addr::new(a, b, c, d));
    }
    if s[0] == 0x2002 {
        // 6to4 2002::/16 carries the IPv4 address in the next 32 bits
        let [a, b] = s[1].to_be_bytes();
        let [c, d] = s[2].to_be_bytes();
        return is_global_v4(Ipv4Addr::new(a, b, c, d));
    }
    // Only 2000::/3 is global unicast: this excludes ::, ::1, IPv4-compatible,
    // 100::/64 discard, fc00::/7 unique-local, fe80::/10 link-local, ff00::/8 multicast.
    if s[0] & 0xe000 != 0x2000 {
        return false;
    }
    // 2001::/23 IETF protocol assignments (Teredo, ...), 2001:db8::/32 and
    // 3fff::/20 documentation.
    let non_global =
        (s[0] == 0x2001 && (s[1] < 0x0200 || s[1] == 0x0db8)) || (s[0] == 0x3fff && s[1] < 0x1000);
    !non_global
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(s: &str) -> bool {
        is_global(s.parse().unwrap())
    }

    #[test]
    fn non_global_ranges_are_refused() {
        for s in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
            "::127.0.0.1",
            "3fff:fff::1",
        ] {
            assert!(!global(s), "{s} should be refused");
        }
    }

    #[test]
    fn public_addresses_are_permitted() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "192.169.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "3fff:1000::1",
        ] {
            assert!(global(s), "{s} should be permitted");
        }
    }

    #[test]
    fn literal_ip_urls_are_checked_without_dns() {
        let strict = AddressPolicy::default();
        for u in [
            "http://127.0.0.1:8080/x",
            "http://10.0.0.1/",
            "http://192.168.0.10/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://2130706433/",
            "http://127.1/",
        ] {
            let err = strict.check_url(&Url::parse(u).unwrap()).unwrap_err();
            assert!(matches!(err, Refused::Address { .. }), "{u}: {err}");
        }
        assert!(
            strict
                .check_url(&Url::parse("https://8.8.8.8/").unwrap())
                .is_ok()
        );
        assert!(
            strict
                .check_url(&Url::parse("https://example.org/").unwrap())
                .is_ok()
        );
        let err = strict
            .check_url(&Url::parse("ftp://example.org/x").unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("\"ftp\""), "{err}");
        let open = AddressPolicy {
            allow_private: true,
            ..Default::default()
        };
        assert!(
            open.check_url(&Url::parse("http://127.0.0.1/").unwrap())
                .is_ok()
        );
        let one = AddressPolicy {
            allow_private: false,
            allow_addresses: vec!["127.0.0.1".parse().unwrap()],
        };
        assert!(
            one.check_url(&Url::parse("http://127.0.0.1/").unwrap())
                .is_ok()
        );
        assert!(
            one.check_url(&Url::parse("http://127.0.0.2/").unwrap())
                .is_err()
        );
    }
}
