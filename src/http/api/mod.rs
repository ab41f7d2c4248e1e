//! The JSON API under `/api` (docs/api.md); each handler carries its
//! OpenAPI description (`#[utoipa::path]`), collected in [`openapi`].

pub(crate) mod alerts;
pub(crate) mod catalogue;
pub(crate) mod charts;
pub(crate) mod comments;
mod fields;
pub(crate) mod milestones;
pub(crate) mod observations;
pub(crate) mod openapi;
pub(crate) mod review;
pub(crate) mod status;
