//! The goal catalogue: its model (regions, indicators, goals, lookups by id
//! whose misses suggest the closest id) and the TOML file it is read from,
//! with every problem such a file can have.

mod goals;
mod model;
mod parse;
mod problems;
mod raw;
mod unknown;
mod untranslated;

#[cfg(test)]
mod bilingual_tests;
#[cfg(test)]
mod tests;

pub use model::{
    Catalogue, Direction, Goal, GoalKind, Indicator, InvalidSlug, Measure, Region, Slug,
};
pub use parse::{DEFAULT_DUE_DAYS, UNIT_MULT_RANGE};
pub use problems::CatalogueProblem;
pub use unknown::{IdKind, UnknownId, closest};
pub use untranslated::Untranslated;
