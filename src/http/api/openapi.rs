//! `GET /api/openapi.json`: the OpenAPI 3 document, generated from the
//! handlers' `#[utoipa::path]` attributes.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "waymark", description = "Track stated goals against the figures that measure them"),
    paths(
        document,
        super::catalogue::regions,
        super::catalogue::indicators,
        super::catalogue::goals,
        super::status::status,
        super::status::series,
        super::observations::post,
        super::charts::svg,
        super::charts::png,
        super::charts::csv,
        super::alerts::list,
        super::milestones::get,
        super::milestones::post,
        super::comments::post,
        super::comments::list,
        super::review::list,
        super::review::post,
    ),
    modifiers(&BearerAuth),
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "This OpenAPI 3 document", body = Object)))]
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
