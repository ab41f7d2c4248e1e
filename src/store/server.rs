//! Reads the HTTP server needs beyond the CLI's: a health probe, and marks
//! that change whenever figures or milestones do.

use super::Result;
use super::Store;

impl Store {
    /// Whether the database answers a query (the health check).
    pub(crate) async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(self.readers())
            .await?;
        Ok(())
    }

    /// The newest figure and milestone row ids. Both tables are append-only,
    /// so equal marks mean equal data, whichever process wrote it.
    pub(crate) async fn data_marks(&self) -> Result<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT (SELECT coalesce(max(id), 0) FROM figure), (SELECT coalesce(max(id), 0) FROM milestone_state)",
        )
        .fetch_one(self.readers())
        .await?)
    }
}
