//! API tokens: stored by the SHA-256 hash of their secret, never the secret.

use super::{Error, Result};
use super::{Store, timestamp};
use anyhow::Context;
use chrono::{DateTime, Utc};

/// A token as stored (no secret, only its hash).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub(crate) struct TokenRecord {
    pub(crate) name: String,
    pub(crate) role: String,
    /// JSON array of region ids.
    pub(crate) regions: String,
    pub(crate) created_at: String,
    pub(crate) last_used_at: Option<String>,
}

impl TokenRecord {
    pub(crate) fn region_list(&self) -> Vec<String> {
        serde_json::from_str(&self.regions).unwrap_or_default()
    }
}

impl Store {
    /// Add a token; its name must be new (`Error::Conflict` otherwise).
    pub async fn create_token(
        &self,
        name: &str,
        role: &str,
        regions: &[String],
        secret_sha256: &str,
    ) -> Result<()> {
        let now = timestamp(Utc::now());
        let regions = serde_json::to_string(regions)?;
        self.write(async |tx| {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM api_token WHERE name = ?1")
                .bind(name)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_some() {
                return Err(Error::Conflict(format!(
                    "a token named {name:?} already exists (revoke it first)"
                )));
            }
            sqlx::query(
                "INSERT INTO api_token (name, role, regions, secret_sha256, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(name)
            .bind(role)
            .bind(&regions)
            .bind(secret_sha256)
            .bind(&now)
            .execute(&mut **tx)
            .await
            .context("storing the token")?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        Ok(sqlx::query_as(
            "SELECT name, role, regions, created_at, last_used_at FROM api_token ORDER BY name",
        )
        .fetch_all(self.readers())
        .await?)
    }

    /// Delete a token (`Error::NotFound` if there is none of that name).
    pub async fn revoke_token(&self, name: &str) -> Result<()> {
        self.write(async |tx| {
            let done = sqlx::query("DELETE FROM api_token WHERE name = ?1")
                .bind(name)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound(format!("no token named {name:?}")));
            }
            Ok(())
        })
        .await
    }

    /// The token whose secret hashes to `secret_sha256`, if any.
    pub(crate) async fn token_by_hash(&self, secret_sha256: &str) -> Result<Option<TokenRecord>> {
        Ok(sqlx::query_as(
            "SELECT name, role, regions, created_at, last_used_at FROM api_token WHERE secret_sha256 = ?1",
        )
        .bind(secret_sha256)
        .fetch_optional(self.readers())
        .await?)
    }

    pub(crate) async fn touch_token(&self, name: &str, at: DateTime<Utc>) -> Result<()> {
        let at = timestamp(at);
        self.write(async |tx| {
            sqlx::query("UPDATE api_token SET last_used_at = ?2 WHERE name = ?1")
                .bind(name)
                .bind(&at)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
        .await
    }
}
