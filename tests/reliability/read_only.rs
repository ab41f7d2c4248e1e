//! Reads never need a write (issue 12): a database opened read-only whose
//! newest revisions are not yet folded into the current figures (another
//! tool wrote them, or a daemon was killed before it folded) still exports
//! and reports its figures, and the file is left exactly as it was.

use crate::common::cli::Env;
use crate::common::db::connect;
use crate::common::{block_on, fixture};
use sqlx::Connection;

#[test]
fn export_and_status_read_a_read_only_database_with_unfolded_revisions() {
    let env = Env::new();
    env.run(&["import", fixture("import/good.csv").to_str().unwrap()])
        .ok();
    let db = env.db();
    // A revision of an imported figure and a figure of a new period, past
    // the fold mark; the WAL emptied into the file afterwards.
    block_on(async {
        let mut conn = connect(&db).await;
        let c = &mut conn;
        sqlx::query(
            "INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, source)
             VALUES ('liaoning', 'china-europe-trains', '2020-02', 36.5, 'period', '2026-01-01T00:00:00.000000Z', 'sql', 'sql'),
                    ('liaoning', 'china-europe-trains', '2031-01', 7, 'period', '2026-01-01T00:00:00.000000Z', 'sql', 'sql')",
        )
        .execute(&mut *c)
        .await
        .unwrap();
        let (mark, newest): (i64, i64) =
            sqlx::query_as("SELECT (SELECT id FROM figure_fold), (SELECT max(id) FROM figure)")
                .fetch_one(&mut *c)
                .await
                .unwrap();
        assert_eq!(newest - mark, 2, "two revisions unfolded");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *c)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
    let file = std::fs::read(&db).unwrap();
    let url = format!("sqlite://{}?mode=ro", db.display());

    let export = env.run(&["--db", &url, "export"]).ok().stdout;
    assert!(
        export.contains("liaoning,china-europe-trains,2020-02,36.5,period,,\n"),
        "{export}"
    );
    assert!(!export.contains("liaoning,china-europe-trains,2020-02,35,"));
    assert!(export.contains("liaoning,china-europe-trains,2031-01,7,period,,\n"));
    // The same as reading every revision (what --known-at does).
    let known = env
        .run(&["--db", &url, "export", "--known-at", "2999-01-01T00:00:00Z"])
        .ok()
        .stdout;
    assert_eq!(export, known);
    let status = env
        .run(&["--db", &url, "status", "--format", "json"])
        .ok()
        .stdout;
    assert!(status.contains("liaoning-trains-2021"), "{status}");
    assert!(std::fs::read(&db).unwrap() == file, "the file was written");
}
