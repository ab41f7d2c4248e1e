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

pub use model::{Catalogue, Direction, Goal, GoalKind, Indicator, Measure, Region, Slug};
#[cfg(test)]
use parse::DEFAULT_DUE_DAYS;
pub(crate) use parse::UNIT_MULT_RANGE;
pub(crate) use unknown::{IdKind, UnknownId, closest};
