//! The body of `POST /api/observations`, walked by hand (not derived) so
//! that every structural problem of every figure is reported at once, each
//! with its index and field, and capped like an import's problems.

use crate::domain::catalogue::closest;
use crate::domain::echo::echo;
use crate::http::error::{ApiError, FieldError};
use crate::ingest::{MAX_PROBLEMS, RawRecord};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// Request body (documentation; parsed by [`parse_body`]).
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub(crate) struct ObservationsBody {
    observations: Vec<Observation>,
}

/// One figure. `value` is a JSON number or a text holding a plain decimal
/// number (`"12406"`, `"-3.5"`, `"1.2e3"`).
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub(crate) struct Observation {
    region: String,
    indicator: String,
    /// 2021, 2021-Q3 or 2021-03, matching the indicator's frequency
    period: String,
    #[schema(value_type = f64)]
    value: Value,
    /// period (default) or ytd
    basis: Option<String>,
    note: Option<String>,
    /// Observation status: A normal, E estimated, P provisional, B break in
    /// series (either case); M (missing) makes the figure a gap, not stored
    flag: Option<String>,
    /// The reason the one entering it confirms it with, should it be held
    /// for review (suspect): it is then recorded at once, as confirmed
    confirm: Option<String>,
}

const FIELDS: [&str; 8] = [
    "region",
    "indicator",
    "period",
    "value",
    "basis",
    "note",
    "flag",
    "confirm",
];

fn problem(
    index: Option<usize>,
    field: Option<&str>,
    code: &'static str,
    message: String,
) -> FieldError {
    FieldError {
        index,
        field: field.map(str::to_string),
        code,
        message,
        value: None,
        expected: None,
    }
}

/// The body's structural problems as import reports a file's: the first
/// [`MAX_PROBLEMS`] (by index: they are found in order), then one entry
/// `… and N more problems` at the index of the first left out, so a 2 MB
/// body of bad items gets a short answer.
#[derive(Default)]
struct Problems {
    shown: Vec<FieldError>,
    total: usize,
    first_left_out: Option<usize>,
}

impl Problems {
    /// `message` is only built when the problem will be shown.
    fn add(
        &mut self,
        index: Option<usize>,
        field: Option<&str>,
        code: &'static str,
        message: impl FnOnce() -> String,
    ) {
        self.total += 1;
        if self.shown.len() < MAX_PROBLEMS {
            self.shown.push(problem(index, field, code, message()));
        } else if self.first_left_out.is_none() {
            self.first_left_out = index;
        }
    }

    fn into_result<T>(mut self, ok: T) -> Result<T, ApiError> {
        if self.total == 0 {
            return Ok(ok);
        }
        let rest = self.total - self.shown.len();
        if rest > 0 {
            let plural = if rest == 1 { "" } else { "s" };
            self.shown.push(problem(
                self.first_left_out,
                None,
                "more",
                format!("… and {rest} more problem{plural}"),
            ));
        }
        Err(ApiError::Invalid(self.shown))
    }
}

/// A request body that is JSON, with the text of every figure's number
/// `value` worked out beforehand, so that [`Body::records`] can lend out
/// every field as text.
pub(crate) struct Body {
    json: Value,
    numbers: Vec<String>,
}

/// The body as JSON (400 when it is not).
pub(crate) fn parse_body(body: &[u8]) -> Result<Body, ApiError> {
    let json: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let numbers = match json.get("observations") {
        Some(Value::Array(list)) => list
            .iter()
            // Numbers go through the same text rules as CSV (finite, plain decimal).
            .map(|item| match item.get("value") {
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Body { json, numbers })
}

impl Body {
    /// Each item's `confirm` reason (trimmed), by index, for the items that give one.
    pub(crate) fn confirms(&self) -> std::collections::HashMap<u64, String> {
        let Some(Value::Array(list)) = self.json.get("observations") else {
            return Default::default();
        };
        list.iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let c = item.get("confirm")?.as_str()?.trim();
                (!c.is_empty()).then(|| (i as u64, c.to_string()))
            })
            .collect()
    }

    /// Each figure's fields as text, or the body's structural problems (see [`Problems`]).
    pub(crate) fn records(&self) -> Result<Vec<RawRecord<'_>>, ApiError> {
        let mut problems = Problems::default();
        let Value::Object(top) = &self.json else {
            problems.add(None, None, "not_an_object", || {
                format!(
                    "expected an object {{\"observations\": [...]}}, got {}",
                    kind(&self.json)
                )
            });
            return problems.into_result(Vec::new());
        };
        for key in top.keys().filter(|k| *k != "observations") {
            problems.add(None, Some(key), "unknown_field", || {
                format!(
                    "unknown field {} (the body has one field, \"observations\")",
                    echo(key)
                )
            });
        }
        let list = match top.get("observations") {
            None => {
                problems.add(None, Some("observations"), "missing", || {
                    "missing field \"observations\"".into()
                });
                return problems.into_result(Vec::new());
            }
            Some(Value::Array(list)) => list,
            Some(other) => {
                problems.add(None, Some("observations"), "not_a_list", || {
                    format!("expected a list of figures, got {}", kind(other))
                });
                return problems.into_result(Vec::new());
            }
        };
        if list.is_empty() {
            problems.add(None, Some("observations"), "empty", || {
                "no figures: the list is empty".into()
            });
        }
        let mut out = Vec::with_capacity(list.len());
        for ((i, item), number) in list.iter().enumerate().zip(&self.numbers) {
            match item {
                Value::Object(obj) => {
                    if let Some(f) = record(i, obj, number, &mut problems) {
                        out.push(f);
                    }
                }
                other => problems.add(Some(i), None, "not_an_object", || {
                    format!(
                        "expected an object with region, indicator, period and value, got {}",
                        kind(other)
                    )
                }),
            }
        }
        problems.into_result(out)
    }
}

/// One figure's fields; `number` is the text of its `value` if that is a number.
fn record<'b>(
    i: usize,
    obj: &'b Map<String, Value>,
    number: &'b str,
    problems: &mut Problems,
) -> Option<RawRecord<'b>> {
    let before = problems.total;
    for key in obj.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        problems.add(Some(i), Some(key), "unknown_field", || {
            let hint = closest(key, FIELDS.iter().copied())
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_default();
            format!(
                "unknown field {} (expected region, indicator, period, value, basis, note, \
                 flag, confirm){hint}",
                echo(key)
            )
        });
    }
    // `Some(None)`: an optional field left out.
    let mut text = |field: &str, required: bool| -> Option<Option<&'b str>> {
        match obj.get(field) {
            Some(Value::String(s)) => Some(Some(s.as_str())),
            None | Some(Value::Null) if !required => Some(None),
            None | Some(Value::Null) => {
                problems.add(Some(i), Some(field), "missing", || {
                    format!("column {field}: missing {field}")
                });
                None
            }
            Some(other) => {
                problems.add(Some(i), Some(field), "wrong_type", || {
                    format!("column {field}: expected a text, got {}", kind(other))
                });
                None
            }
        }
    };
    let region = text("region", true);
    let indicator = text("indicator", true);
    let period = text("period", true);
    let basis = text("basis", false);
    let note = text("note", false);
    let flag = text("flag", false);
    if let Some(Some(c)) = text("confirm", false)
        && c.trim().is_empty()
    {
        problems.add(Some(i), Some("confirm"), "missing", || {
            "column confirm: give the reason the figure is right, e.g. \"confirmed with the customs office\"".into()
        });
    }
    let value = match obj.get("value") {
        Some(Value::Number(_)) => Some(number),
        Some(Value::String(s)) => Some(s.as_str()),
        None | Some(Value::Null) => {
            problems.add(Some(i), Some("value"), "missing", || {
                "column value: missing value".into()
            });
            None
        }
        Some(other) => {
            problems.add(Some(i), Some("value"), "wrong_type", || {
                format!("column value: expected a number, got {}", kind(other))
            });
            None
        }
    };
    if problems.total != before {
        return None;
    }
    Some(RawRecord {
        region: region??,
        indicator: indicator??,
        period: period??,
        value: value?,
        basis: basis?,
        note: note?,
        flag: flag?,
    })
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {}", echo(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
