//! `comment`: a comment (check-in) on a goal or on one figure, with its
//! author (`--by`, else the login name) and the time.

use super::{Context, operator, table};
use crate::domain::Subject;
use crate::domain::comment::{self, FieldProblem, RawSubject};
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct CommentArgs {
    /// The goal the comment is about (its id)
    #[arg(long, conflicts_with_all = ["region", "indicator", "period"], required_unless_present = "region")]
    goal: Option<String>,
    /// With --indicator and --period: the figure the comment is about
    #[arg(long, requires_all = ["indicator", "period"])]
    region: Option<String>,
    /// The figure's indicator (its id)
    #[arg(long, requires = "region")]
    indicator: Option<String>,
    /// The figure's period: 2021, 2021-Q3 or 2021-03
    #[arg(long, requires = "region")]
    period: Option<String>,
    /// The words, at most 2,000 characters
    #[arg(long)]
    text: String,
    /// Who writes it (default: the login name)
    #[arg(long)]
    by: Option<String>,
}

/// Problems as the command line names them: `--text: …`.
fn problems(list: Vec<FieldProblem>) -> anyhow::Error {
    let lines: Vec<String> = list
        .iter()
        .map(|p| format!("--{}: {}", p.field, p.message))
        .collect();
    anyhow::anyhow!("{}; nothing was recorded", lines.join("\n"))
}

pub(crate) async fn comment(ctx: &Context, a: CommentArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let raw = RawSubject {
        goal: a.goal.as_deref(),
        region: a.region.as_deref(),
        indicator: a.indicator.as_deref(),
        period: a.period.as_deref(),
    };
    let subject = comment::subject(&cat, raw);
    let text = comment::text("text", &a.text);
    let (subject, text) = match (subject, text) {
        (Ok(s), Ok(t)) => (s, t),
        (s, t) => {
            let mut list = s.err().unwrap_or_default();
            list.extend(t.err());
            return Err(problems(list));
        }
    };
    let c = store.add_comment(&subject, &text, &operator(a.by)).await?;
    store.close().await;
    let about = match &c.subject {
        Subject::Goal(g) => format!("goal {g}"),
        Subject::Figure {
            region,
            indicator,
            period,
        } => format!("{region} {indicator} {period}"),
    };
    println!(
        "comment {} on {} by {} at {}",
        c.id,
        table::clean(&about),
        table::clean(&c.author),
        crate::store::timestamp(c.recorded_at)
    );
    Ok(())
}
