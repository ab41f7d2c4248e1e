//! waymark: track stated goals against the figures that measure them.

pub mod domain;
pub mod report;
