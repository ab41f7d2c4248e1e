//! The JSON API under `/api` (docs/api.md); each handler carries its
//! OpenAPI description (`#[utoipa::path]`), collected in [`openapi`].

pub mod alerts;
pub mod catalogue;
pub mod charts;
pub mod observations;
pub mod openapi;
pub mod review;
pub mod status;
