//! Alerts: their lifecycle (firing, changed, resolved, repeated), the
//! durable outbox, delivery by webhook and email (a real receiver and SMTP
//! server on loopback), reminders of overdue figures, and delivery by the
//! real `serve`.

mod email;
mod serve;
mod webhook;

use crate::common::cli::Env;
use crate::common::lab::Lab;

/// One series goal (trains up 10% in 2021 over 2020) and one milestone.
const CATALOGUE: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[indicator]]
id = "china-europe-trains"
name = "China-Europe freight trains"
unit = "trains"
frequency = "monthly"
measure = "flow"
due_days = 20
decimals = 0

[[goal]]
id = "liaoning-trains-2021"
title = "China-Europe trains up more than 10% in 2021"
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021
baseline_year = 2020

[[goal]]
id = "liaoning-port"
title = "Open the Dalian rail port"
region = "liaoning"
type = "milestone"
due = 2021-12-31
"#;

/// A [`Lab`] over [`CATALOGUE`]; `settings` are added to its settings
/// (channels, contacts, `[email]`).
async fn open_lab(settings: &str) -> Lab {
    let env = Env::with_catalogue_text(CATALOGUE);
    env.settings(settings);
    Lab::open(env).await
}
