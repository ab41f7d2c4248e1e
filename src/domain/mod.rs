//! The pure core: periods, the catalogue, series and the progress rules.
//! Nothing here does I/O; the shells around it (store, ingest, report, cli) do.

pub(crate) mod alerting;
pub(crate) mod catalogue;
pub(crate) mod comment;
pub(crate) mod echo;
pub(crate) mod figure;
pub(crate) mod flag;
pub(crate) mod invalid;
pub(crate) mod lang;
pub(crate) mod overdue;
pub(crate) mod period;
pub(crate) mod progress;
pub(crate) mod provenance;
pub(crate) mod review;
pub(crate) mod rules;
pub(crate) mod series;
pub(crate) mod suspect;
pub(crate) mod text;

pub use catalogue::{Catalogue, Direction, Goal, GoalKind, Indicator, Measure, Region, Slug};
pub(crate) use comment::{Comment, Subject};
pub use figure::{Basis, Figure, MilestoneState};
pub use flag::Flag;
pub(crate) use invalid::Invalid;
pub use lang::{Lang, Text};
pub use period::{Frequency, Period};
pub use progress::{GoalProgress, Status, Thresholds};
pub use provenance::{Channel, Provenance};
pub(crate) use review::{Decision, ReviewState};

pub(crate) use series::Series;
