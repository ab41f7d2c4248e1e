//! Writing the report directory. Everything is rendered in memory first (the
//! charts in parallel, each under the drawing deadline, so a chart that
//! cannot be drawn fails the report, naming it, before anything is written);
//! then each file goes to a temp name in its final
//! directory, is fsynced, and only when all are written are they renamed into
//! place, `index.html` last. A failure removes the temp files, so a failed
//! report leaves no partial file; the previous report's files stay as they were.
//! A killed run cannot clean up: the next run removes the temp files of
//! processes that no longer exist.

use super::deadline::Drawer;
use super::digest::summary_text;
use super::email::summary_eml;
use super::fonts::init_fonts;
use super::{
    ReportInput, ReportSummary, chart_size, data_csv, goal_chart, index_html, milestone_timeline,
    overview_chart, overview_height,
};
use crate::domain::{GoalProgress, Slug};
use anyhow::{Context, bail};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Render everything into `dir` as docs/formats.md "The report folder" lists.
///
/// `goals/` may hold charts of goals no longer in the catalogue from older
/// reports; they are left alone (the page no longer links them).
pub(crate) fn write_report(dir: &Path, input: &ReportInput) -> anyhow::Result<ReportSummary> {
    let files = render_files(input)?;
    write_files(dir, &files, &|_| Ok(()))
}

/// One output file: its path relative to the report directory, and its bytes.
pub(crate) type OutFile = (PathBuf, Vec<u8>);

/// Every file of the report, in the order they will be put in place.
pub(crate) fn render_files(input: &ReportInput) -> anyhow::Result<Vec<OutFile>> {
    render_files_with(input, Drawer::shared())
}

/// [`render_files`], each chart drawn by `drawer` (so under its deadline).
pub(crate) fn render_files_with(
    input: &ReportInput,
    drawer: &Drawer,
) -> anyhow::Result<Vec<OutFile>> {
    init_fonts();
    let mut seen = HashSet::new();
    for v in &input.views {
        let id = v.goal.id.as_str();
        // Ids become file names: a Slug is already safe, but check again
        // rather than trust every caller to have built it through `parse`.
        Slug::parse(id)
            .map_err(anyhow::Error::msg)
            .context("goal id as a file name")?;
        if !seen.insert(id) {
            bail!("goal {id} appears twice in the report");
        }
    }
    let lang = input.lang;
    let (charts, (overview, milestones)) = rayon::join(
        || {
            input
                .views
                .par_iter()
                .map(|v| {
                    let v = v.clone();
                    let what = format!("the chart of goal {}", v.goal.id);
                    let (w, h) = chart_size(&v);
                    drawer.run(&what, move || goal_chart(&v, lang, w, h))
                })
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            let views = input.views.clone();
            let h = overview_height(views.len());
            let overview = drawer.run("the overview chart", move || {
                overview_chart(&views, lang, 800, h)
            });
            let views = input.views.clone();
            let as_of = Some(input.as_of);
            let milestones = drawer.run("the milestone timeline", move || {
                milestone_timeline(&views, lang, as_of, 800)
            });
            (overview, milestones)
        },
    );
    let (charts, overview, milestones) = (charts?, overview?, milestones?);

    // The email shows milestones on the one timeline, not one chart each.
    let pngs: Vec<(String, Vec<u8>)> = input
        .views
        .iter()
        .zip(&charts)
        .filter(|(v, _)| !matches!(v.progress, GoalProgress::Milestone(_)))
        .map(|(v, c)| (v.goal.id.to_string(), c.png.clone()))
        .collect();
    let timeline_png = milestones.as_ref().map_or(&[][..], |c| c.png.as_slice());
    let eml = summary_eml(input, &pngs, &overview.png, timeline_png)?;

    let mut files: Vec<OutFile> = Vec::new();
    for (v, c) in input.views.iter().zip(charts) {
        let id = v.goal.id.as_str();
        files.push((Path::new("goals").join(format!("{id}.png")), c.png));
        files.push((
            Path::new("goals").join(format!("{id}.svg")),
            c.svg.into_bytes(),
        ));
        files.push((
            Path::new("goals").join(format!("{id}.csv")),
            data_csv(v, lang)?.into_bytes(),
        ));
    }
    if let Some(m) = milestones {
        files.push(("milestones.png".into(), m.png));
        files.push(("milestones.svg".into(), m.svg.into_bytes()));
    }
    files.push(("overview.png".into(), overview.png));
    files.push(("overview.svg".into(), overview.svg.into_bytes()));
    files.push(("status.json".into(), input.status_json.clone().into_bytes()));
    files.push(("summary.txt".into(), summary_text(input).into_bytes()));
    files.push(("summary.eml".into(), eml));
    // Last, so the page never links a chart that is not in place yet.
    files.push(("index.html".into(), index_html(input).into_bytes()));
    Ok(files)
}

/// Put `files` into `dir` atomically. `before_write` runs before each temp
/// file is written; tests use it to inject failures.
pub(crate) fn write_files(
    dir: &Path,
    files: &[OutFile],
    before_write: &dyn Fn(&Path) -> io::Result<()>,
) -> anyhow::Result<ReportSummary> {
    let mut created = Vec::new();
    let result = write_files_inner(dir, files, before_write, &mut created);
    if result.is_err() {
        // Only directories this run created, and only if empty (remove_dir
        // refuses otherwise): never anything that was there before.
        for d in created.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
    result
}

fn write_files_inner(
    dir: &Path,
    files: &[OutFile],
    before_write: &dyn Fn(&Path) -> io::Result<()>,
    created: &mut Vec<PathBuf>,
) -> anyhow::Result<ReportSummary> {
    let mut dirs: Vec<PathBuf> = vec![dir.to_path_buf()];
    for (rel, _) in files {
        assert!(
            rel.is_relative()
                && !rel
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
        );
        let parent = dir
            .join(rel)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.to_path_buf());
        if !dirs.contains(&parent) {
            dirs.push(parent);
        }
    }
    for d in &dirs {
        if !d.is_dir() {
            if d.exists() {
                bail!(
                    "cannot write the report into {}: it is not a directory",
                    d.display()
                );
            }
            fs::create_dir_all(d)
                .with_context(|| format!("creating report directory {}", d.display()))?;
            created.push(d.clone());
        }
    }
    for d in &dirs {
        remove_stale_temps(d);
    }
    // Catch a directory in a file's place before writing anything: the rename would fail halfway.
    for (rel, _) in files {
        let target = dir.join(rel);
        if target.is_dir() {
            bail!(
                "cannot write {}: a directory is in the way",
                target.display()
            );
        }
    }

    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let written = (|| -> anyhow::Result<()> {
        for (i, (rel, bytes)) in files.iter().enumerate() {
            let target = dir.join(rel);
            let tmp = temp_name(&target, i);
            before_write(&target).with_context(|| format!("writing {}", target.display()))?;
            // Recorded before writing so a half-written temp file is cleaned up too.
            temps.push((tmp.clone(), target.clone()));
            write_synced(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        remove_all(&temps);
        return Err(e);
    }
    for (i, (tmp, target)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(tmp, target) {
            remove_all(&temps[i..]);
            return Err(e)
                .with_context(|| format!("renaming {} to {}", tmp.display(), target.display()));
        }
    }
    // The renames are durable only once the directories themselves are synced.
    for d in &dirs {
        fs::File::open(d)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing directory {}", d.display()))?;
    }
    Ok(ReportSummary {
        dir: dir.to_path_buf(),
        files: files.len(),
    })
}

/// `.name.tmp-<pid>-<n>` beside the target: hidden, same file system (so the
/// rename is atomic), and distinct from any other process's temp files.
fn temp_name(target: &Path, n: usize) -> PathBuf {
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Remove temp files (see [`temp_name`]) that a killed earlier run left in
/// `dir`: those of processes that no longer exist. Another live process's
/// temp files are left alone. Best effort: a file that cannot be removed
/// now is tried again next time.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid != me && !process_exists(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a `.name.tmp-<pid>-<n>` file name.
fn temp_owner(name: &str) -> Option<u32> {
    let (_, owner) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    let (pid, n) = owner.split_once('-')?;
    n.parse::<usize>().ok()?;
    pid.parse().ok()
}

/// Whether a process with this id runs. Without /proc (not Linux) every
/// process counts as running, so stale temp files stay rather than risk
/// removing a live one.
fn process_exists(pid: u32) -> bool {
    !cfg!(target_os = "linux") || Path::new("/proc").join(pid.to_string()).exists()
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn remove_all(temps: &[(PathBuf, PathBuf)]) {
    for (tmp, _) in temps {
        let _ = fs::remove_file(tmp);
    }
}
