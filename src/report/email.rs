//! The report as an email (`summary.eml`): the digest as text, and the page
//! as HTML with the charts attached inline and referenced by `cid:`.
//!
//! multipart/alternative
//! ├── text/plain               summary_text
//! └── multipart/related
//!     ├── text/html            the page, <img src="cid:…">
//!     ├── image/png (inline)   overview@waymark
//!     ├── image/png (inline)   milestones@waymark (the milestone timeline)
//!     └── image/png (inline)   chart-{goal-id}@waymark, one per series goal

use super::ReportInput;
use super::digest::{headline_counts, summary_text};
use super::page::{Images, MILESTONES_CID, OVERVIEW_CID, goal_cid, page};
use crate::domain::{GoalProgress, Slug};
use crate::{i18n, t};
use anyhow::{Context, bail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use std::collections::HashSet;

/// "waymark report as of 2021-06-30: 3 on track, 2 need attention", in
/// the report's language (lettre encodes a non-ASCII subject as RFC 2047
/// encoded words). On track counts achieved goals too; attention counts
/// goals off track.
pub(crate) fn subject(input: &ReportInput) -> String {
    let (good, bad) = headline_counts(input);
    let lang = input.lang;
    t!(
        lang,
        "email-subject",
        date = i18n::date(lang, input.as_of),
        good = good,
        bad = bad
    )
}

/// Build the email. `charts` pairs goal ids with their PNGs (a milestone's
/// is left out: the timeline shows it); an empty
/// `overview_png` leaves the overview out, an empty `milestones_png` the
/// milestone timeline.
pub(crate) fn summary_eml(
    input: &ReportInput,
    charts: &[(String, Vec<u8>)],
    overview_png: &[u8],
    milestones_png: &[u8],
) -> anyhow::Result<Vec<u8>> {
    let from: Mailbox = input
        .email
        .from
        .parse()
        .with_context(|| format!("invalid email.from setting {:?}", input.email.from))?;
    if input.email.to.is_empty() {
        bail!("the email.to setting lists no recipient");
    }
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(subject(input))
        .date(input.generated_at.into())
        // Derived from the input, so one report renders to the same bytes
        // (apart from MIME boundaries) and a resend is recognisably the same.
        .message_id(Some(format!(
            "<waymark-report-{}-{}@{}>",
            input.as_of,
            input.generated_at.timestamp(),
            from.email.domain()
        )));
    for to in &input.email.to {
        let mbox: Mailbox = to
            .parse()
            .with_context(|| format!("invalid email.to setting {to:?}"))?;
        builder = builder.to(mbox);
    }

    // Milestones are drawn on the one timeline, not a chart each.
    let milestones: HashSet<&str> = input
        .views
        .iter()
        .filter(|v| matches!(v.progress, GoalProgress::Milestone(_)))
        .map(|v| v.goal.id.as_str())
        .collect();
    let charts: Vec<&(String, Vec<u8>)> = charts
        .iter()
        .filter(|(id, _)| !milestones.contains(id.as_str()))
        .collect();
    let mut ids = HashSet::new();
    for (id, _) in &charts {
        // The id goes into a Content-ID header: it must be a slug.
        Slug::parse(id)
            .map_err(anyhow::Error::msg)
            .context("chart for the email")?;
        if !ids.insert(id.as_str()) {
            bail!("two charts for goal {id} in the email");
        }
    }
    let html = page(
        input,
        &Images::Inline {
            goals: &ids,
            overview: !overview_png.is_empty(),
            milestones: !milestones_png.is_empty(),
        },
    );
    let png = ContentType::parse("image/png").expect("image/png is a valid content type");
    let mut related = MultiPart::related().singlepart(SinglePart::html(html));
    if !overview_png.is_empty() {
        related = related.singlepart(
            Attachment::new_inline(OVERVIEW_CID.to_string())
                .body(overview_png.to_vec(), png.clone()),
        );
    }
    if !milestones_png.is_empty() {
        related = related.singlepart(
            Attachment::new_inline(MILESTONES_CID.to_string())
                .body(milestones_png.to_vec(), png.clone()),
        );
    }
    for (id, bytes) in charts {
        related = related
            .singlepart(Attachment::new_inline(goal_cid(id)).body(bytes.clone(), png.clone()));
    }
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(summary_text(input)))
        .multipart(related);
    let message = builder
        .multipart(body)
        .context("building the report email")?;
    Ok(message.formatted())
}
