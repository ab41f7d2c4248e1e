//! The report page, `index.html`: counts, what needs attention, the overview
//! and a section per goal. Built with maud, so every text from the catalogue
//! or the database is escaped. One page serves two uses: on disk it shows the
//! chart files beside it; in the email it shows inline `cid:` images.

use super::digest::{
    attention, comment_lines, context_line, counts, counts_line, timestamp, title,
};
use super::facts::facts;
use super::fonts::PAGE_FONT_RULE;
use super::goal::chart_size;
use super::style::{clean, css_hex, score, status_colour, text_on};
use super::table::{alt_text, data_rows, row_words};
use super::timeline::timeline_height;
use super::words;
use super::{GoalView, ReportInput, overview_height};
use crate::domain::progress::MilestoneProgress;
use crate::domain::{GoalProgress, Lang, Status};
use crate::{i18n, t};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::HashSet;

/// Where the page's images come from.
pub(crate) enum Images<'a> {
    /// `goals/<id>.svg` (PNG fallback), `overview.svg` and `milestones.svg`
    /// next to the page, and each goal's figures as `goals/<id>.csv`.
    Files,
    /// `cid:` references to inline parts; only goals in the set have a chart.
    Inline {
        goals: &'a HashSet<&'a str>,
        overview: bool,
        milestones: bool,
    },
}

/// Content-ID of a goal chart in the email. Ids are slugs, so it is a valid
/// `id-left@id-right` without quoting, and "chart-" keeps it apart from the overview.
pub(crate) fn goal_cid(id: &str) -> String {
    format!("chart-{id}@waymark")
}

pub(crate) const OVERVIEW_CID: &str = "overview@waymark";

/// Content-ID of the milestone timeline in the email.
pub(crate) const MILESTONES_CID: &str = "milestones@waymark";

/// `index.html` for the report directory.
pub(crate) fn index_html(input: &ReportInput) -> String {
    page(input, &Images::Files)
}

// System fonts only (PAGE_FONT_RULE): the page must not fetch anything.
// Sizes in rem and a single column below 40em keep it readable on a phone.
const CSS: &str = r"
*{box-sizing:border-box}
body{margin:0;color:#222;background:#f6f6f4;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:0 0 .4rem}
h3{font-size:1rem;margin:.8rem 0 .2rem}
section,header{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:0 0 1rem}
.meta{color:#555;margin:.2rem 0}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600;font-size:.9rem;border:1px solid #222}
.counts{list-style:none;padding:0;margin:.6rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem .9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .9rem;margin:.6rem 0}
dt{color:#555}
dd{margin:0}
img{max-width:100%;height:auto;display:block}
figure{margin:.6rem 0}
blockquote{margin:.6rem 0;padding:.2rem .8rem;border-left:4px solid #ccc;color:#444}
ul{padding-left:1.2rem;margin:.2rem 0}
.small{font-size:.85rem;color:#555}
nav ol{columns:2 18rem;margin:.4rem 0;padding-left:1.6rem}
nav li{break-inside:avoid;margin:0 0 .2rem}
details{margin:.4rem 0}
summary{cursor:pointer;color:#1a4f8b}
table{border-collapse:collapse;margin:.4rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.15rem .6rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto;max-height:24rem;overflow-y:auto}
@media (max-width:40em){main{padding:.5rem}dl{grid-template-columns:1fr}dt{font-weight:600;color:#222}dd{margin-bottom:.3rem}}
";

pub(crate) fn page(input: &ReportInput, images: &Images) -> String {
    let lang = input.lang;
    let title = title(input);
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) (PreEscaped(PAGE_FONT_RULE)) }
            }
            body { main {
                header {
                    h1 { (title) }
                    @if let Some(k) = input.known_at {
                        p.meta { (t!(lang, "report-recorded-at", time = timestamp(lang, k))) }
                    }
                    p.meta {
                        (t!(
                            lang,
                            "report-generated-counts",
                            time = timestamp(lang, input.generated_at),
                            counts = counts_line(input)
                        ))
                    }
                    ul.counts {
                        @for (status, n) in counts(input) {
                            li { (badge(lang, status)) " " (n) }
                        }
                    }
                }
                (contents(input))
                (attention_section(input))
                section #overview {
                    h2 { (t!(lang, "report-overview")) }
                    (overview_image(input, images))
                    (overview_table(input))
                }
                (milestones_section(input, images))
                @for v in &input.views {
                    (goal_section(lang, v, images, &comment_lines(input, v)))
                }
                @if matches!(images, Images::Files) {
                    p.small {
                        (t!(lang, "report-machine-readable")) " " a href="status.json" { "status.json" }
                        " · " (t!(lang, "report-plain-text")) " " a href="summary.txt" { "summary.txt" }
                    }
                }
            } }
        }
    };
    markup.into_string()
}

/// The status in words on its colour: colour is never the only cue.
fn badge(lang: Lang, status: Status) -> Markup {
    let bg = status_colour(status);
    let style = format!("background:{};color:{}", css_hex(bg), css_hex(text_on(bg)));
    html! { span.badge style=(style) { (words::status(lang, status)) } }
}

fn attention_section(input: &ReportInput) -> Markup {
    let lang = input.lang;
    let att = attention(input);
    html! {
        section #attention {
            h2 { (t!(lang, "report-attention")) }
            @if att.is_empty() {
                p { (t!(lang, "report-nothing-needs-attention")) }
            }
            @for (heading, lines) in att.sections(lang) {
                h3 { (heading) }
                ul { @for l in lines { li { (l) } } }
            }
        }
    }
}

fn overview_image(input: &ReportInput, images: &Images) -> Markup {
    let (w, h) = (800, overview_height(input.views.len()));
    let alt = t!(
        input.lang,
        "report-overview-alt-counts",
        counts = counts_line(input)
    );
    let alt = alt.as_str();
    match images {
        Images::Files => picture("overview", alt, w, h),
        Images::Inline { overview: true, .. } => {
            html! { img src={ "cid:" (OVERVIEW_CID) } alt=(alt) width=(w) height=(h); }
        }
        Images::Inline { .. } => html! {},
    }
}

/// SVG for browsers that take it (sharp at any zoom), the PNG otherwise.
fn picture(stem: &str, alt: &str, w: u32, h: u32) -> Markup {
    html! {
        picture {
            source srcset={ (stem) ".svg" } type="image/svg+xml";
            img src={ (stem) ".png" } alt=(alt) width=(w) height=(h) loading="lazy";
        }
    }
}

fn goal_section(lang: Lang, v: &GoalView, images: &Images, comments: &[String]) -> Markup {
    let id = v.goal.id.as_str();
    let title = clean(v.goal.title.get(lang));
    let alt = alt_text(lang, v);
    let (w, h) = chart_size(v);
    let milestone = matches!(v.progress, GoalProgress::Milestone(_));
    html! {
        section.goal id={ "goal-" (id) } {
            h2 { (title) }
            p { (badge(lang, v.progress.status())) " " (context_line(lang, v)) }
            dl {
                @for f in facts(lang, v) {
                    dt { (f.label) }
                    dd { (f.value) }
                }
            }
            @if milestone {
                p.small { a href="#milestones" { (t!(lang, "report-see-timeline")) } }
            } @else {
                figure {
                    @match images {
                        Images::Files => (picture(&format!("goals/{id}"), &alt, w, h)),
                        Images::Inline { goals, .. } if goals.contains(id) => {
                            img src={ "cid:" (goal_cid(id)) } alt=(alt) width=(w) height=(h);
                        }
                        Images::Inline { .. } => {},
                    }
                }
                (data_table(lang, v, images))
            }
            @if let Some(q) = &v.goal.quote {
                blockquote { (clean(q)) }
            }
            @if let Some(s) = &v.goal.source {
                p.small {
                    (t!(lang, "report-source", source = clean(s))) " · "
                    (t!(lang, "report-goal-id")) " " code { (id) }
                }
            }
            @if let Some(n) = &v.goal.note {
                p.small { (clean(n.get(lang))) }
            }
            @if !comments.is_empty() {
                h3 { (t!(lang, "report-comments")) }
                ul.comments { @for c in comments { li { (c) } } }
            }
        }
    }
}

/// A link to every section: what needs attention, the overview, the
/// milestones, then each goal with its region and status.
fn contents(input: &ReportInput) -> Markup {
    let lang = input.lang;
    let statuses = words::StatusWords::new(lang);
    let any_milestone = input
        .views
        .iter()
        .any(|v| matches!(v.progress, GoalProgress::Milestone(_)));
    html! {
        nav #contents aria-labelledby="contents-heading" {
            section {
                h2 #contents-heading { (t!(lang, "report-contents")) }
                p {
                    a href="#attention" { (t!(lang, "report-attention")) } " · "
                    a href="#overview" { (t!(lang, "report-overview")) }
                    @if any_milestone {
                        " · " a href="#milestones" { (t!(lang, "report-milestones")) }
                    }
                }
                ol {
                    @for v in &input.views {
                        li {
                            a href={ "#goal-" (v.goal.id.as_str()) } { (clean(v.goal.title.get(lang))) }
                            span.small { " · " (clean(&v.region_name)) " · " (statuses.of(v.progress.status())) }
                        }
                    }
                }
            }
        }
    }
}

/// The overview's numbers as a table: each goal's region, status and score.
fn overview_table(input: &ReportInput) -> Markup {
    let lang = input.lang;
    let statuses = words::StatusWords::new(lang);
    html! {
        details {
            summary { (t!(lang, "report-scores-table")) }
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (t!(lang, "report-table-goal")) }
                    th scope="col" { (t!(lang, "report-table-region")) }
                    th scope="col" { (t!(lang, "report-table-status")) }
                    th scope="col" { (t!(lang, "report-table-score")) }
                } }
                tbody {
                    @for v in &input.views {
                        tr {
                            td { a href={ "#goal-" (v.goal.id.as_str()) } { (clean(v.goal.title.get(lang))) } }
                            td { (clean(&v.region_name)) }
                            td { (statuses.of(v.progress.status())) }
                            td.num { (score(lang, v.progress.score())) }
                        }
                    }
                }
            } }
        }
    }
}

/// The timeline of every milestone goal, with its table (nothing when none).
fn milestones_section(input: &ReportInput, images: &Images) -> Markup {
    let lang = input.lang;
    let ms: Vec<(&GoalView, &MilestoneProgress)> = input
        .views
        .iter()
        .filter_map(|v| match &v.progress {
            GoalProgress::Milestone(m) => Some((v, m)),
            GoalProgress::Series(_) => None,
        })
        .collect();
    if ms.is_empty() {
        return html! {};
    }
    let (w, h) = (800, timeline_height(ms.len()));
    let parts: Vec<String> = Status::ALL
        .into_iter()
        .filter_map(|s| {
            let n = ms.iter().filter(|(_, m)| m.status == s).count();
            (n > 0).then(|| {
                t!(
                    lang,
                    "report-count-part",
                    n = n,
                    status = words::status(lang, s).to_lowercase()
                )
            })
        })
        .collect();
    let counts = t!(
        lang,
        "report-counts",
        goals = t!(lang, "milestones-count", n = ms.len()),
        parts = words::list(lang, &parts)
    );
    let alt = t!(lang, "report-timeline-alt", counts = counts);
    html! {
        section #milestones {
            h2 { (t!(lang, "report-milestones")) }
            figure {
                @match images {
                    Images::Files => (picture("milestones", &alt, w, h)),
                    Images::Inline { milestones: true, .. } => {
                        img src={ "cid:" (MILESTONES_CID) } alt=(alt) width=(w) height=(h);
                    }
                    Images::Inline { .. } => {},
                }
            }
            details {
                summary { (t!(lang, "report-milestones-table")) }
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { (t!(lang, "report-table-goal")) }
                        th scope="col" { (t!(lang, "report-table-region")) }
                        th scope="col" { (t!(lang, "report-table-due")) }
                        th scope="col" { (t!(lang, "report-table-state")) }
                        th scope="col" { (t!(lang, "report-table-status")) }
                    } }
                    tbody {
                        @for (v, m) in &ms {
                            tr {
                                td { a href={ "#goal-" (v.goal.id.as_str()) } { (clean(v.goal.title.get(lang))) } }
                                td { (clean(&v.region_name)) }
                                td { (i18n::date(lang, m.due)) }
                                td { (words::milestone_state(lang, m.milestone_state)) }
                                td { (words::status(lang, m.status)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// The figures the chart is drawn from, beside it: period, value, flag,
/// and (on disk) the same as CSV.
fn data_table(lang: Lang, v: &GoalView, images: &Images) -> Markup {
    let rows = data_rows(v);
    let unit = v
        .indicator
        .as_ref()
        .map(|i| clean(i.unit.get(lang)))
        .unwrap_or_default();
    let id = v.goal.id.as_str();
    html! {
        @if !rows.is_empty() {
            details.data {
                summary { (t!(lang, "report-data-table", n = rows.len())) }
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { (t!(lang, "report-table-period")) }
                        th scope="col" {
                            (t!(lang, "report-table-value"))
                            @if !unit.is_empty() { " (" (unit) ")" }
                        }
                        th scope="col" { (t!(lang, "report-table-flag")) }
                    } }
                    tbody {
                        @for r in &rows {
                            @let [period, value, flag] = row_words(lang, v, r);
                            tr { td { (period) } td.num { (value) } td { (flag) } }
                        }
                    }
                } }
                @if matches!(images, Images::Files) {
                    p.small { a href={ "goals/" (id) ".csv" } download { (t!(lang, "report-download-csv")) } }
                }
            }
        }
    }
}
