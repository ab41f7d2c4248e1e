//! Small JSON bodies (a comment, a milestone change) read field by field,
//! so that each problem names its field: not JSON or not an object is a
//! 400, a field of the wrong kind or one the body does not take a 422.

use crate::domain::comment::FieldProblem;
use crate::domain::echo::echo;
use crate::http::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use serde_json::{Map, Value};

/// A body's text fields, checked against the names it may have.
pub(crate) struct Fields {
    map: Map<String, Value>,
    problems: Vec<FieldProblem>,
}

impl Fields {
    /// The body as an object whose keys are all among `allowed`.
    pub(crate) fn read(
        body: Result<Bytes, BytesRejection>,
        allowed: &'static [&'static str],
    ) -> Result<Fields, ApiError> {
        let body = body?;
        let json: Value = serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        let Value::Object(map) = json else {
            return Err(ApiError::BadRequest(format!(
                "expected a JSON object with the fields {}",
                allowed.join(", ")
            )));
        };
        let problems = map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .map(|k| FieldProblem {
                field: "body",
                code: "unknown_field",
                message: format!(
                    "unknown field {} (the body takes {})",
                    echo(k),
                    allowed.join(", ")
                ),
            })
            .collect();
        Ok(Fields { map, problems })
    }

    /// The text of field `name` (`None` when absent or null); a field of
    /// another kind is a problem.
    pub(crate) fn text(&mut self, name: &'static str) -> Option<String> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                let kind = match other {
                    Value::Bool(_) => "true or false",
                    Value::Number(_) => "a number",
                    Value::Array(_) => "a list",
                    _ => "an object",
                };
                self.problems.push(FieldProblem {
                    field: name,
                    code: "not_text",
                    message: format!("expected text, got {kind}"),
                });
                None
            }
        }
    }

    /// The problems found so far (unknown fields, fields of the wrong kind).
    pub(crate) fn problems(self) -> Vec<FieldProblem> {
        self.problems
    }
}
