//! `GET /goals/{id}`: one goal's page: its status, chart, figures (with
//! their flags and how many revisions each has), comments with a form to
//! add one, and for a milestone its state, history and a form to change
//! it. The forms post with the signed-in session (CSRF token as on
//! `/enter`) to `/goals/{id}/comment` and `/goals/{id}/milestone`; after
//! a change the browser is sent back to the page, after a problem the page
//! comes back with what was typed and the problem beside its field.

use super::error;
use super::lang::link;
use super::layout::{Chrome, frame, number, status_badge};
use super::login::{NotSignedIn, form_sender};
use super::words;
use crate::assess::Query;
use crate::domain::catalogue::UnknownId;
use crate::domain::comment::{self, FieldProblem, TEXT_MAX_CHARS};
use crate::domain::{Comment, Flag, Goal, GoalProgress, Lang, MilestoneState, Subject};
use crate::http::AppState;
use crate::http::api::comments::may_comment;
use crate::http::api::milestones::{self, may_change};
use crate::http::api::status::assess;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use crate::http::session::{self, PageUser};
use crate::store::MilestoneRecord;
use crate::{i18n, t};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde::Deserialize;

/// Comments the page lists (the newest).
const COMMENTS_SHOWN: usize = 50;
/// Figures the table lists (the newest periods), and periods a comment may name.
const FIGURES_SHOWN: usize = 36;
/// Milestone changes the history lists (the newest).
const HISTORY_SHOWN: usize = 50;

/// The comment form as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    csrf: String,
    /// Empty for the goal, else a period of the goal's series.
    #[serde(default)]
    about: String,
    #[serde(default)]
    text: String,
}

/// The milestone form as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MilestoneForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
}

/// What the page shows beyond the stored record: the forms as typed and
/// their problems, and notices.
#[derive(Default)]
struct Shown {
    comment: CommentForm,
    milestone: MilestoneForm,
    problems: Vec<FieldProblem>,
    notice: Vec<String>,
}

/// `2021-06-25 08:00 UTC`, in the reader's language.
fn when(lang: Lang, t: DateTime<Utc>) -> String {
    t!(
        lang,
        "time-utc",
        date = i18n::date(lang, t.date_naive()),
        time = t.format("%H:%M").to_string()
    )
}

/// A problem of a form field in the reader's language.
fn problem_words(lang: Lang, p: &FieldProblem, typed: &str) -> String {
    match p.code {
        "missing" => t!(lang, "page-goal-error-missing"),
        "too_long" => t!(
            lang,
            "page-goal-error-too-long",
            chars = i18n::number(lang, typed.trim().chars().count() as f64, 0),
            max = i18n::number(lang, TEXT_MAX_CHARS as f64, 0)
        ),
        "control_character" => t!(lang, "page-goal-error-control"),
        "bad_milestone_state" => t!(lang, "page-goal-error-state"),
        _ => t!(lang, "page-goal-error-about"),
    }
}

/// The problem of `field` beside it, and the attributes that tie the two.
fn field_problem(
    lang: Lang,
    shown: &Shown,
    form: &str,
    field: &str,
    typed: &str,
) -> Option<(String, Markup)> {
    let p = shown.problems.iter().find(|p| p.field == field)?;
    let id = format!("{form}-{field}-error");
    let words = problem_words(lang, p, typed);
    Some((
        id.clone(),
        html! { p.error id=(id) role="alert" { (words) } },
    ))
}

fn about_words(lang: Lang, c: &Comment) -> Option<String> {
    match &c.subject {
        Subject::Goal(_) => None,
        Subject::Figure { period, .. } => Some(t!(
            lang,
            "page-goal-comment-on-figure",
            period = i18n::period(lang, *period)
        )),
    }
}

fn comments_section(
    lang: Lang,
    goal: &Goal,
    comments: &[Comment],
    periods: &[String],
    user: Option<&PageUser>,
    may: bool,
    shown: &Shown,
) -> Markup {
    let action = link(&format!("/goals/{}/comment", goal.id), lang);
    let text_problem = field_problem(lang, shown, "comment", "text", &shown.comment.text);
    let about_problem = field_problem(lang, shown, "comment", "about", &shown.comment.about);
    html! {
        section.goal #comments {
            h2 { (t!(lang, "page-goal-comments")) }
            @if comments.is_empty() { p.muted { (t!(lang, "page-goal-no-comments")) } }
            ul.comments {
                @for c in comments {
                    li data-comment=(c.id) {
                        span.muted {
                            (t!(lang, "page-goal-comment-by", author = c.author.as_str(), time = when(lang, c.recorded_at)))
                            @if let Some(about) = about_words(lang, c) { " · " (about) }
                        }
                        p.comment-text { (c.text) }
                    }
                }
            }
            @if may {
                @let user = user.expect("a writer is signed in");
                form.stack method="post" action=(action) id="comment-form" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="comment-about" { (t!(lang, "page-goal-comment-about")) }
                    select id="comment-about" name="about"
                        aria-invalid=[about_problem.as_ref().map(|_| "true")]
                        aria-describedby=[about_problem.as_ref().map(|(id, _)| id.as_str())] {
                        option value="" { (t!(lang, "page-goal-comment-about-goal")) }
                        @for p in periods {
                            @let label = p.parse().map_or_else(|_| p.clone(), |per| i18n::period(lang, per));
                            option value=(p) selected[shown.comment.about == *p] { (t!(lang, "page-goal-comment-on-figure", period = label)) }
                        }
                    }
                    @if let Some((_, m)) = &about_problem { (m) }
                    label for="comment-text" { (t!(lang, "page-goal-comment-text", max = i18n::number(lang, TEXT_MAX_CHARS as f64, 0))) }
                    textarea id="comment-text" name="text" rows="4" required
                        aria-invalid=[text_problem.as_ref().map(|_| "true")]
                        aria-describedby=[text_problem.as_ref().map(|(id, _)| id.as_str())] { (shown.comment.text) }
                    @if let Some((_, m)) = &text_problem { (m) }
                    button type="submit" id="comment-submit" { (t!(lang, "page-goal-comment-submit")) }
                }
            } @else if user.is_none() {
                p { a href=(link("/enter", lang)) { (t!(lang, "page-goal-sign-in")) } }
            }
        }
    }
}

fn milestone_section(
    lang: Lang,
    goal: &Goal,
    current: MilestoneState,
    history: &[MilestoneRecord],
    user: Option<&PageUser>,
    may: bool,
    shown: &Shown,
) -> Markup {
    let action = link(&format!("/goals/{}/milestone", goal.id), lang);
    let state_problem = field_problem(lang, shown, "milestone", "state", &shown.milestone.state);
    let note_problem = field_problem(lang, shown, "milestone", "note", &shown.milestone.note);
    let selected = if shown.milestone.state.is_empty() {
        current.as_str().to_string()
    } else {
        shown.milestone.state.clone()
    };
    let state_words = |s: &str| {
        s.parse::<MilestoneState>()
            .map_or_else(|_| s.to_string(), |s| words::milestone_state(lang, s))
    };
    html! {
        section.goal #milestone {
            h2 { (t!(lang, "page-goal-milestone")) }
            p #milestone-state { (t!(lang, "page-goal-milestone-now", state = words::milestone_state(lang, current))) }
            h3 { (t!(lang, "page-goal-milestone-history")) }
            @if history.is_empty() {
                p.muted { (t!(lang, "page-goal-milestone-no-history")) }
            } @else {
                div.table-wrap { table #milestone-history {
                    thead { tr {
                        th scope="col" { (t!(lang, "page-goal-when")) }
                        th scope="col" { (t!(lang, "page-goal-state")) }
                        th scope="col" { (t!(lang, "page-goal-who")) }
                        th scope="col" { (t!(lang, "page-field-note")) }
                    } }
                    tbody {
                        @for r in history.iter().rev() {
                            @let at = DateTime::parse_from_rfc3339(&r.recorded_at).map_or_else(|_| r.recorded_at.clone(), |t| when(lang, t.with_timezone(&Utc)));
                            tr {
                                td { (at) }
                                td data-state=(r.state) { (state_words(&r.state)) }
                                td { (r.recorded_by) }
                                td.comment-text { (r.note.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                } }
            }
            @if may {
                @let user = user.expect("a writer is signed in");
                form.stack method="post" action=(action) id="milestone-form" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="milestone-state-field" { (t!(lang, "page-goal-state")) }
                    select id="milestone-state-field" name="state"
                        aria-invalid=[state_problem.as_ref().map(|_| "true")]
                        aria-describedby=[state_problem.as_ref().map(|(id, _)| id.as_str())] {
                        @for s in [MilestoneState::Planned, MilestoneState::InProgress, MilestoneState::Done, MilestoneState::Dropped] {
                            option value=(s.as_str()) selected[selected == s.as_str()] { (words::milestone_state(lang, s)) }
                        }
                    }
                    @if let Some((_, m)) = &state_problem { (m) }
                    label for="milestone-note" { (t!(lang, "page-goal-milestone-note", max = i18n::number(lang, TEXT_MAX_CHARS as f64, 0))) }
                    textarea id="milestone-note" name="note" rows="2"
                        aria-invalid=[note_problem.as_ref().map(|_| "true")]
                        aria-describedby=[note_problem.as_ref().map(|(id, _)| id.as_str())] { (shown.milestone.note) }
                    @if let Some((_, m)) = &note_problem { (m) }
                    button type="submit" id="milestone-submit" { (t!(lang, "page-goal-milestone-submit")) }
                }
            } @else if user.is_none() {
                p { a href=(link("/enter", lang)) { (t!(lang, "page-goal-sign-in")) } }
            }
        }
    }
}

/// The page saying goal `id` does not exist, naming the closest one.
fn unknown(lang: Lang, user: Option<&str>, id: &str, e: &UnknownId) -> Response {
    let words = match &e.suggestion {
        Some(s) => t!(
            lang,
            "page-goal-unknown-suggest",
            id = id,
            suggestion = s.as_str()
        ),
        None => t!(lang, "page-goal-unknown", id = id),
    };
    error::with_words(lang, user, StatusCode::NOT_FOUND, &words)
}

async fn goal_page(
    state: &AppState,
    lang: Lang,
    goal: &Goal,
    user: Option<&PageUser>,
    shown: &Shown,
) -> Result<Markup, ApiError> {
    let cat = &state.catalogue;
    let q = Query {
        goal: Some(goal.id.to_string()),
        ..Query::default()
    };
    let assessed = assess(state, &q).await?;
    let progress = assessed.first().map(|a| &a.progress);
    let region_name = cat
        .region(goal.region.as_str())
        .map_or(goal.region.as_str(), |r| r.name.get(lang));
    let ind = goal
        .indicator
        .as_ref()
        .and_then(|i| cat.indicator(i.as_str()).ok());
    let mut figures = match ind {
        Some(i) => {
            state
                .store
                .series_figures(goal.region.as_str(), i.id.as_str())
                .await?
        }
        None => Vec::new(),
    };
    figures.reverse();
    figures.truncate(FIGURES_SHOWN);
    let revisions = match ind {
        Some(i) => {
            state
                .store
                .revision_counts(goal.region.as_str(), i.id.as_str())
                .await?
        }
        None => Default::default(),
    };
    let comments = state.store.goal_comments(goal, COMMENTS_SHOWN).await?;
    let may_write =
        |subject: &Subject| user.is_some_and(|u| may_comment(state, &u.principal, subject).is_ok());
    let may = may_write(&Subject::Goal(goal.id.to_string()));
    // The basis gets a column only when some figure is a year-to-date total.
    let any_ytd = figures.iter().any(|f| f.basis == "ytd");
    let periods: Vec<String> = figures.iter().map(|f| f.period.clone()).collect();
    let decimals = ind.map_or(1, |i| i.decimals);
    let unit = ind.map_or("", |i| i.unit.get(lang));
    let title = goal.title.get(lang);
    let milestone = match progress {
        Some(GoalProgress::Milestone(m)) => {
            let history = state
                .store
                .milestone_history_recent(goal.id.as_str(), HISTORY_SHOWN)
                .await?;
            let may = user.is_some_and(|u| may_change(&u.principal, goal).is_ok());
            Some(milestone_section(
                lang,
                goal,
                m.milestone_state,
                &history,
                user,
                may,
                shown,
            ))
        }
        _ => None,
    };
    let body = html! {
        p { a href=(link("/", lang)) { (t!(lang, "page-goal-back")) } }
        h1 { (title) }
        p { @if let Some(p) = progress { (status_badge(lang, p.status())) " " } span.muted { (region_name) " · " (goal.id.as_str()) } }
        @for n in &shown.notice { p.problem role="alert" { (n) } }
        @if let Some(GoalProgress::Milestone(m)) = progress {
            dl { dt { (t!(lang, "page-goal-due")) } dd { (i18n::date(lang, m.due)) } }
        }
        @if let Some(m) = milestone { (m) }
        img.chart src=(link(&format!("/api/goals/{}/chart.png", goal.id), lang)) alt=(t!(lang, "page-goal-chart", title = title)) width="800" height="500";
        @if let Some(i) = ind {
            section.goal #figures {
                h2 { (t!(lang, "page-goal-figures-heading", indicator = i.name.get(lang), unit = unit)) }
                @if figures.is_empty() {
                    p.muted { (t!(lang, "page-goal-none-yet")) }
                } @else {
                    div.table-wrap { table {
                        thead { tr {
                            th scope="col" { (t!(lang, "page-field-period")) }
                            th scope="col" { (t!(lang, "page-field-value")) }
                            @if any_ytd { th scope="col" { (t!(lang, "page-field-basis")) } }
                            th scope="col" { (t!(lang, "page-field-flag")) }
                            th scope="col" { (t!(lang, "page-goal-revisions")) }
                        } }
                        tbody {
                            @for f in &figures {
                                @let period = f.period.parse().map_or_else(|_| f.period.clone(), |p| i18n::period(lang, p));
                                @let flag = f.flag.as_deref().and_then(|c| Flag::parse(c).ok().flatten());
                                tr data-period=(f.period) {
                                    td { (period) }
                                    td.num { (number(lang, Some(f.value), decimals)) }
                                    @if any_ytd { td { @if f.basis == "ytd" { (t!(lang, "page-enter-basis-ytd")) } @else { (t!(lang, "page-enter-basis-period")) } } }
                                    td { @if let Some(flag) = flag { (words::flag(lang, flag)) } }
                                    td.num { (revisions.get(&f.period).copied().unwrap_or(1)) }
                                }
                            }
                        }
                    } }
                }
            }
        }
        (comments_section(lang, goal, &comments, &periods, user, may, shown))
    };
    let here = format!("/goals/{}", goal.id);
    let chrome = Chrome {
        lang,
        here: &here,
        user: user.map(|u| u.principal.name.as_str()),
    };
    Ok(frame(
        &chrome,
        &t!(lang, "page-goal-title", title = title),
        body,
    ))
}

fn respond(
    status: StatusCode,
    page: Result<Markup, ApiError>,
    lang: Lang,
    user: Option<&str>,
) -> Response {
    match page {
        Ok(m) => (status, Html(m.into_string())).into_response(),
        Err(e) => error::page(lang, user, e),
    }
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let user = match session::current(&state, &headers).await {
        Ok(user) => user,
        Err(e) => return error::page(lang, None, e),
    };
    if !state.settings.server.public_read && user.is_none() {
        return Redirect::to("/enter").into_response();
    }
    let name = user.as_ref().map(|u| u.principal.name.as_str());
    let goal = match state.catalogue.goal(&id) {
        Ok(g) => g,
        Err(e) => return unknown(lang, name, &id, &e),
    };
    let page = goal_page(&state, lang, goal, user.as_ref(), &Shown::default()).await;
    respond(StatusCode::OK, page, lang, name)
}

/// The signed-in user whose form carries the session's CSRF token, or the
/// answer for the way it fails.
async fn signed_in(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<PageUser, Response> {
    form_sender(state, lang, headers, csrf)
        .await
        .map_err(|e| match e {
            NotSignedIn::Answer(res) => res,
            NotSignedIn::BadCsrf(user) => error::with_words(
                lang,
                Some(user.principal.name.as_str()),
                StatusCode::FORBIDDEN,
                &t!(lang, "page-goal-csrf"),
            ),
        })
}

/// A form posted to a goal's page: the form, its signed-in sender (CSRF
/// checked) and the goal; or the answer for the way it fails.
async fn posted<'s, F: Posted>(
    state: &'s AppState,
    lang: Lang,
    headers: &HeaderMap,
    id: &str,
    form: Result<Form<F>, FormRejection>,
) -> Result<(F, PageUser, &'s Goal), Response> {
    let form = match form {
        Ok(Form(f)) => f,
        Err(r) => return Err(error::form(lang, None, r)),
    };
    let user = signed_in(state, lang, headers, form.csrf()).await?;
    match state.catalogue.goal(id) {
        Ok(goal) => Ok((form, user, goal)),
        Err(e) => Err(unknown(lang, Some(user.principal.name.as_str()), id, &e)),
    }
}

/// A goal page's form: it carries the session's CSRF secret.
trait Posted {
    fn csrf(&self) -> &str;
}

impl Posted for CommentForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl Posted for MilestoneForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Back to the goal's page, at the part that changed.
fn back(goal: &Goal, lang: Lang, part: &str) -> Response {
    Redirect::to(&format!(
        "{}#{part}",
        link(&format!("/goals/{}", goal.id), lang)
    ))
    .into_response()
}

pub(crate) async fn submit_comment(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<CommentForm>, FormRejection>,
) -> Response {
    let (form, user, goal) = match posted(&state, lang, &headers, &id, form).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let name = Some(user.principal.name.as_str());
    let about = form.about.trim();
    let subject = if about.is_empty() {
        Ok(Subject::Goal(goal.id.to_string()))
    } else {
        let raw = comment::RawSubject {
            region: Some(goal.region.as_str()),
            indicator: goal.indicator.as_ref().map(|i| i.as_str()),
            period: Some(about),
            goal: None,
        };
        comment::subject(&state.catalogue, raw).map_err(|_| FieldProblem {
            field: "about",
            code: "bad_about",
            message: String::new(),
        })
    };
    let (status, mut shown) = (StatusCode::UNPROCESSABLE_ENTITY, Shown::default());
    if let Ok(s) = &subject
        && may_comment(&state, &user.principal, s).is_err()
    {
        shown.notice.push(t!(
            lang,
            "page-goal-forbidden",
            yours = user.principal.regions.join(", ")
        ));
        shown.comment = form;
        let page = goal_page(&state, lang, goal, Some(&user), &shown).await;
        return respond(StatusCode::FORBIDDEN, page, lang, name);
    }
    let text = comment::text("text", &form.text);
    match (subject, text) {
        (Ok(subject), Ok(text)) => match state
            .store
            .add_comment(&subject, &text, &user.principal.name)
            .await
        {
            Ok(_) => back(goal, lang, "comments"),
            Err(e) => error::page(lang, name, e.into()),
        },
        (subject, text) => {
            shown.problems.extend(subject.err());
            shown.problems.extend(text.err());
            shown.comment = form;
            let page = goal_page(&state, lang, goal, Some(&user), &shown).await;
            respond(status, page, lang, name)
        }
    }
}

pub(crate) async fn submit_milestone(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<MilestoneForm>, FormRejection>,
) -> Response {
    let (form, user, goal) = match posted(&state, lang, &headers, &id, form).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let name = Some(user.principal.name.as_str());
    let mut shown = Shown::default();
    if !goal.is_milestone() {
        shown.notice.push(t!(lang, "page-goal-not-milestone"));
        let page = goal_page(&state, lang, goal, Some(&user), &shown).await;
        return respond(StatusCode::UNPROCESSABLE_ENTITY, page, lang, name);
    }
    if may_change(&user.principal, goal).is_err() {
        shown.notice.push(t!(
            lang,
            "page-goal-forbidden",
            yours = user.principal.regions.join(", ")
        ));
        shown.milestone = form;
        let page = goal_page(&state, lang, goal, Some(&user), &shown).await;
        return respond(StatusCode::FORBIDDEN, page, lang, name);
    }
    match milestones::change(Some(&form.state), Some(&form.note)) {
        Ok((new, note)) => {
            match state
                .store
                .set_milestone(goal.id.as_str(), new, note.as_deref(), &user.principal.name)
                .await
            {
                Ok(()) => back(goal, lang, "milestone"),
                Err(e) => error::page(lang, name, e.into()),
            }
        }
        Err(problems) => {
            shown.problems = problems;
            shown.milestone = form;
            let page = goal_page(&state, lang, goal, Some(&user), &shown).await;
            respond(StatusCode::UNPROCESSABLE_ENTITY, page, lang, name)
        }
    }
}
