//! The pure core: periods, the catalogue, series and the progress rules.
//! Nothing here does I/O; the shells around it (store, ingest, report, cli) do.

pub mod alerting;
pub mod catalogue;
pub mod echo;
pub mod figure;
pub mod flag;
pub mod invalid;
pub mod lang;
pub mod overdue;
pub mod period;
pub mod progress;
pub mod provenance;
pub mod review;
pub mod rules;
pub mod series;
pub mod suspect;
pub mod text;

pub use catalogue::{Catalogue, Direction, Goal, GoalKind, Indicator, Measure, Region, Slug};
pub use figure::{Basis, Figure, MilestoneState};
pub use flag::Flag;
pub use invalid::Invalid;
pub use lang::{Lang, Text};
pub use period::{Frequency, Period};
pub use progress::{GoalProgress, Status, Thresholds};
pub use provenance::{Channel, Provenance};
pub use review::{Decision, ReviewPolicy, ReviewState, RuleSeverity};
pub use rules::Rules;
pub use series::Series;
