//! Log lines on stderr: plain text for people, or one JSON object per line
//! (`[log] format = "json"`) for journald, Loki and other collectors.
//! `WAYMARK_LOG` chooses what is logged, in the env-filter syntax.

use crate::config::LogFormat;
use std::fmt;
use std::io::IsTerminal as _;
use tracing::{Event, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{self, FormatEvent, FormatFields, JsonFields, Writer};
use tracing_subscriber::fmt::{FmtContext, time::SystemTime};
use tracing_subscriber::registry::LookupSpan;

/// What is logged when `WAYMARK_LOG` is unset or invalid.
const DEFAULT_FILTER: &str = "warn,sqlx::query=error";

/// Install the process's log subscriber. Call once, before anything logs.
///
/// JSON lines carry `timestamp` (RFC 3339, UTC), `level`, `target`,
/// `message` and the event's own fields at the top level; a line logged
/// inside an HTTP request also has `span` with the request's `method`,
/// `route` and `request_id` (the `x-request-id` of its response).
pub(crate) fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("WAYMARK_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // try_init: a second call (a test running two commands in one process)
    // keeps the first subscriber instead of panicking.
    let _ = match format {
        // Colour codes only for a person at a terminal, not in log files or journals.
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
        LogFormat::Json => builder
            .fmt_fields(JsonFields::new())
            .event_format(WithMessage(
                format::format()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            ))
            .try_init(),
    };
}

/// JSON lines that always have a `message`: some libraries log events made
/// only of fields (sqlx's queries), which would leave collectors that index
/// on `message` with a hole.
struct WithMessage(format::Format<format::Json, SystemTime>);

impl<S, N> FormatEvent<S, N> for WithMessage
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut line = String::new();
        self.0.format_event(ctx, Writer::new(&mut line), event)?;
        if let Ok(mut object) =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&line)
            && !object.contains_key("message")
        {
            object.insert("message".into(), "".into());
            line = serde_json::Value::Object(object).to_string() + "\n";
        }
        writer.write_str(&line)
    }
}
