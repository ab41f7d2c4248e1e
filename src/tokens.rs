//! The API token model: secrets, their SHA-256 hashes, roles and what each
//! role may write. Shared by the server, which checks tokens, and the
//! command line, which makes them. Secrets exist only in the caller's hands
//! and, hashed, in the database; nothing here logs them.

use crate::domain::Invalid;
use crate::store::TokenRecord;
use rand::{Rng, TryRngCore};
use sha2::{Digest, Sha256};
use std::fmt;

/// Prefix of every secret, so a leaked one is easy to recognise in a scan.
pub(crate) const TOKEN_PREFIX: &str = "wm_";
/// 43 base62 characters carry 43·log2(62) ≈ 256 bits.
const SECRET_CHARS: usize = 43;
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A fresh secret from the operating system's random source.
pub fn new_secret() -> String {
    let mut rng = rand::rngs::OsRng.unwrap_err();
    let body: String = (0..SECRET_CHARS)
        .map(|_| BASE62[rng.random_range(0..BASE62.len())] as char)
        .collect();
    format!("{TOKEN_PREFIX}{body}")
}

/// Lower-case hex SHA-256: how secrets (and session ids) are stored.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Admin,
    Operator,
    Viewer,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Role, Invalid> {
        match s {
            "admin" => Ok(Role::Admin),
            "operator" => Ok(Role::Operator),
            "viewer" => Ok(Role::Viewer),
            other => Err(Invalid::new(
                "bad_role",
                format!("invalid role {other:?} (expected admin, operator or viewer)"),
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An authenticated caller. Built only from a stored token.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub(crate) name: String,
    pub(crate) role: Role,
    pub(crate) regions: Vec<String>,
}

impl Principal {
    /// The caller a stored token stands for; an error when its role is not
    /// one waymark knows (the database was edited by hand).
    pub(crate) fn from_record(rec: TokenRecord) -> Result<Principal, Invalid> {
        Ok(Principal {
            role: Role::parse(&rec.role)?,
            regions: rec.region_list(),
            name: rec.name,
        })
    }

    /// Whether this caller may write figures for `region`.
    pub(crate) fn may_write(&self, region: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Operator => self.regions.iter().any(|r| r == region),
            Role::Viewer => false,
        }
    }
}
