//! The JSON API under `/api` (docs/api.md); each handler carries its
//! OpenAPI description (`#[utoipa::path]`), collected in [`openapi`].

pub mod alerts;
pub mod catalogue;
pub mod charts;
pub mod comments;
mod fields;
pub mod milestones;
pub mod observations;
pub mod openapi;
pub mod status;
