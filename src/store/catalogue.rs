//! Loading the catalogue into the database: upsert what is in the file,
//! archive (never delete) what has left it.

use super::Result;
use super::{Store, timestamp};
use crate::domain::Lang;
use crate::domain::{Catalogue, Goal, GoalKind};
use chrono::Utc;
use std::collections::HashSet;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    pub(crate) regions: usize,
    pub(crate) indicators: usize,
    pub(crate) goals: usize,
    /// Goals archived by this load because they left the catalogue.
    pub(crate) archived_goals: Vec<String>,
}

/// A digest of everything the catalogue says (Debug output is complete and stable).
fn digest(cat: &Catalogue) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(format!("{cat:?}").as_bytes()))
}

// The database keeps one text per name and title (English, or the only
// language given): a record of what was loaded, not something shown. A
// translation alone leaves the definition, and so `loaded_at`, unchanged.
fn definition(g: &Goal) -> String {
    let mut v = serde_json::json!({
        "title": g.title.get(Lang::En), "region": g.region, "indicator": g.indicator, "type": g.kind.type_name(),
        "direction": g.direction.as_str(), "baseline_year": g.baseline_year,
        "baseline_value": g.baseline_value, "target_year": g.target_year,
        "source": g.source, "quote": g.quote, "note": g.note.as_ref().map(|n| n.get(Lang::En)),
    });
    let extra = match &g.kind {
        GoalKind::Growth { percent } => serde_json::json!({ "percent": percent }),
        GoalKind::Multiple { factor } => serde_json::json!({ "factor": factor }),
        GoalKind::Level { value } => serde_json::json!({ "value": value }),
        GoalKind::Trend { limit } => serde_json::json!({ "limit": limit }),
        GoalKind::Milestone { due } => serde_json::json!({ "due": due.to_string() }),
    };
    if let (Some(obj), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
        obj.extend(e);
    }
    v.to_string()
}

impl Store {
    /// Make the database's catalogue match `cat` in one transaction. An
    /// unchanged catalogue (same digest as the last load) writes nothing.
    pub async fn sync_catalogue(&self, cat: &Catalogue) -> Result<SyncSummary> {
        let now = timestamp(Utc::now());
        let digest = digest(cat);
        let unchanged = SyncSummary {
            regions: cat.regions.len(),
            indicators: cat.indicators.len(),
            goals: cat.goals.len(),
            archived_goals: Vec::new(),
        };
        let last: Option<String> =
            sqlx::query_scalar("SELECT digest FROM catalogue_load ORDER BY id DESC LIMIT 1")
                .fetch_optional(self.readers())
                .await?;
        if last.as_deref() == Some(digest.as_str()) {
            return Ok(unchanged);
        }
        self.write(async |tx| {
            sqlx::query("INSERT INTO catalogue_load (digest, loaded_at) VALUES (?1, ?2)")
                .bind(&digest)
                .bind(&now)
                .execute(&mut **tx)
                .await?;
            for r in &cat.regions {
                sqlx::query(
                    "INSERT INTO region (id, name, parent, archived_at) VALUES (?1, ?2, ?3, NULL)
                     ON CONFLICT (id) DO UPDATE SET name = ?2, parent = ?3, archived_at = NULL",
                )
                .bind(r.id.as_str())
                .bind(r.name.get(Lang::En))
                .bind(r.parent.as_ref().map(|p| p.as_str()))
                .execute(&mut **tx)
                .await?;
            }
            for i in &cat.indicators {
                sqlx::query(
                    "INSERT INTO indicator (id, name, unit, frequency, measure, due_days, decimals, archived_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)
                     ON CONFLICT (id) DO UPDATE SET name = ?2, unit = ?3, frequency = ?4, measure = ?5,
                         due_days = ?6, decimals = ?7, archived_at = NULL",
                )
                .bind(i.id.as_str())
                .bind(i.name.get(Lang::En))
                .bind(i.unit.get(Lang::En))
                .bind(i.frequency.as_str())
                .bind(i.measure.as_str())
                .bind(i64::from(i.due_days))
                .bind(i64::from(i.decimals))
                .execute(&mut **tx)
                .await?;
            }
            for g in &cat.goals {
                sqlx::query(
                    "INSERT INTO goal (id, region, indicator, type, title, definition, loaded_at, archived_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)
                     ON CONFLICT (id) DO UPDATE SET region = ?2, indicator = ?3, type = ?4, title = ?5,
                         definition = ?6, archived_at = NULL,
                         loaded_at = CASE WHEN definition = ?6 AND archived_at IS NULL THEN loaded_at ELSE ?7 END",
                )
                .bind(g.id.as_str())
                .bind(g.region.as_str())
                .bind(g.indicator.as_ref().map(|i| i.as_str()))
                .bind(g.kind.type_name())
                .bind(g.title.get(Lang::En))
                .bind(definition(g))
                .bind(&now)
                .execute(&mut **tx)
                .await?;
            }
            let live: HashSet<&str> = cat.goals.iter().map(|g| g.id.as_str()).collect();
            let active: Vec<String> =
                sqlx::query_scalar("SELECT id FROM goal WHERE archived_at IS NULL ORDER BY id").fetch_all(&mut **tx).await?;
            let mut archived_goals = Vec::new();
            for id in active.into_iter().filter(|id| !live.contains(id.as_str())) {
                sqlx::query("UPDATE goal SET archived_at = ?2 WHERE id = ?1").bind(&id).bind(&now).execute(&mut **tx).await?;
                archived_goals.push(id);
            }
            archive_missing(tx, "region", cat.regions.iter().map(|r| r.id.as_str()), &now).await?;
            archive_missing(tx, "indicator", cat.indicators.iter().map(|i| i.id.as_str()), &now).await?;
            Ok(SyncSummary {
                regions: cat.regions.len(),
                indicators: cat.indicators.len(),
                goals: cat.goals.len(),
                archived_goals,
            })
        })
        .await
    }

    /// Ids of goals that left the catalogue, with when.
    pub(crate) async fn archived_goals(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, archived_at FROM goal WHERE archived_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(self.readers())
        .await?)
    }
}

async fn archive_missing<'a>(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    table: &'static str,
    live: impl Iterator<Item = &'a str>,
    now: &str,
) -> Result<()> {
    let live: HashSet<&str> = live.collect();
    let select = sqlx::AssertSqlSafe(format!("SELECT id FROM {table} WHERE archived_at IS NULL"));
    let update = format!("UPDATE {table} SET archived_at = ?2 WHERE id = ?1");
    let ids: Vec<String> = sqlx::query_scalar(select).fetch_all(&mut **tx).await?;
    for id in ids.into_iter().filter(|id| !live.contains(id.as_str())) {
        sqlx::query(sqlx::AssertSqlSafe(update.clone()))
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{CATALOGUE, empty_store};

    /// A milestone of region `r`, to archive.
    const GOAL: &str = "[[goal]]\nid = \"g\"\ntitle = \"G\"\nregion = \"r\"\ntype = \"milestone\"\ndue = 2021-12-31\n";

    #[tokio::test]
    async fn an_unchanged_catalogue_is_not_written_again_and_a_removed_goal_is_archived() {
        let (_dir, store) = empty_store().await;
        let cat = Catalogue::from_toml(&format!("{CATALOGUE}{GOAL}"), "t").unwrap();
        store.sync_catalogue(&cat).await.unwrap();
        store.sync_catalogue(&cat).await.unwrap();
        let loads: i64 = sqlx::query_scalar("SELECT count(*) FROM catalogue_load")
            .fetch_one(store.readers())
            .await
            .unwrap();
        assert_eq!(loads, 1);
        let emptied = Catalogue::from_toml(CATALOGUE, "t").unwrap();
        let summary = store.sync_catalogue(&emptied).await.unwrap();
        assert_eq!(summary.archived_goals, vec!["g".to_string()]);
        let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM goal")
            .fetch_one(store.readers())
            .await
            .unwrap();
        assert_eq!(kept, 1, "archived, not deleted");
    }
}
