//! Alert words in both languages: summaries and descriptions name the
//! catalogue's regions, indicators and goals; labels stay machine values.

use super::*;
use crate::domain::alerting::{Inputs, SourceFailure, SuspectFigure, firing};
use crate::domain::overdue::OverdueFigure;
use crate::domain::progress::{Chance, MilestoneProgress};
use crate::domain::{GoalProgress, MilestoneState, Status};
use chrono::{NaiveDate, TimeZone};

const CATALOGUE: &str = r#"
[[region]]
id = "liaoning"
name = "辽宁"
[[indicator]]
id = "trains"
name = "中欧班列开行量"
unit = "列"
frequency = "monthly"
measure = "flow"
[[goal]]
id = "liaoning-trains"
title = "中欧班列开行量增长10%以上"
region = "liaoning"
indicator = "trains"
type = "growth"
percent = 10
target_year = 2021
"#;

fn catalogue() -> Catalogue {
    Catalogue::from_toml(CATALOGUE, "test").unwrap()
}

fn milestone(status: Status) -> GoalProgress {
    GoalProgress::Milestone(MilestoneProgress {
        goal: "liaoning-trains".into(),
        title: "as assessed".into(),
        region: "liaoning".into(),
        kind: "milestone",
        due: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
        milestone_state: MilestoneState::InProgress,
        score: Some(-5.0),
        status,
    })
}

fn summary(lang: Lang, about: &About) -> String {
    let cat = catalogue();
    annotations(
        Namer {
            catalogue: &cat,
            lang,
        },
        about,
    )["summary"]
        .clone()
}

#[test]
fn a_goal_status_alert_is_summarised_in_chinese_with_the_catalogues_names() {
    let cat = catalogue();
    let progress = [milestone(Status::Deterioration)];
    let watched = [Status::Deterioration];
    let inputs = Inputs {
        progress: &progress,
        statuses: &watched,
        ..Inputs::default()
    };
    let fire = |lang| {
        let namer = Namer {
            catalogue: &cat,
            lang,
        };
        firing(&inputs, &|about| annotations(namer, about))
    };
    let (zh, en) = (fire(Lang::ZhCn), fire(Lang::En));
    assert_eq!(
        zh[0].annotations["summary"],
        "辽宁：目标“中欧班列开行量增长10%以上”当前状态为出现倒退（得分 -5.0）。"
    );
    assert_eq!(
        en[0].annotations["summary"],
        "辽宁: goal \"中欧班列开行量增长10%以上\" is deterioration (score -5.0)."
    );
    assert!(
        zh[0].annotations["description"].contains("waymark status --goal liaoning-trains"),
        "{:?}",
        zh[0].annotations
    );
    assert!(!zh[0].annotations["description"].is_ascii());
    // Machine values whatever the language: the same labels, the same alert.
    assert_eq!(zh[0].labels, en[0].labels);
    assert_eq!(zh[0].labels["status"], "deterioration");
    assert_eq!(zh[0].labels["severity"], "critical");
    assert_eq!(zh[0].fingerprint, en[0].fingerprint);
}

#[test]
fn figure_and_source_alerts_write_periods_dates_and_times_as_the_language_does() {
    let period = "2021-05".parse().unwrap();
    let overdue = About::FigureOverdue {
        figure: OverdueFigure {
            region: "liaoning".into(),
            indicator: "trains".into(),
            period,
            due: NaiveDate::from_ymd_opt(2021, 6, 20).unwrap(),
        },
        goals: vec!["liaoning-trains".into()],
    };
    assert_eq!(
        summary(Lang::ZhCn, &overdue),
        "辽宁 中欧班列开行量 缺少2021年5月数据：报送截止日为2021年6月20日。"
    );
    assert_eq!(
        summary(Lang::En, &overdue),
        "辽宁 中欧班列开行量 has no figure for May 2021: it was due on 2021-06-20."
    );
    let suspect = About::FigureSuspect(SuspectFigure {
        region: "liaoning".into(),
        indicator: "trains".into(),
        period,
        value: 9000.0,
        reason: "about 10×".into(),
    });
    assert_eq!(
        summary(Lang::ZhCn, &suspect),
        "辽宁 中欧班列开行量 2021年5月 的数据 9,000 可能有误：about 10×"
    );
    let failed = About::SourceFailed(SourceFailure {
        source: "nbs-trade".into(),
        error: "HTTP 503".into(),
        since: Utc.with_ymd_and_hms(2021, 7, 1, 8, 0, 0).unwrap(),
    });
    assert_eq!(
        summary(Lang::ZhCn, &failed),
        "数据源 nbs-trade 自 2021年7月1日 08:00（UTC） 起无法获取：HTTP 503"
    );
    assert_eq!(
        summary(Lang::En, &failed),
        "Source nbs-trade could not be pulled since 2021-07-01 08:00 UTC: HTTP 503"
    );
}

#[test]
fn a_goal_at_risk_gives_its_chance_in_words() {
    let about = About::GoalAtRisk {
        goal: "liaoning-trains".into(),
        title: "as assessed".into(),
        region: "liaoning".into(),
        chance: Chance {
            chance: Some(0.6),
            years: 5,
            range: Some([950.0, 1100.0]),
        },
        below: 0.7,
    };
    assert!(
        summary(Lang::En, &about).ends_with(
            "the target would be met in 3 of the last 5 years' patterns (chance 60%, below 70%)."
        ),
        "{}",
        summary(Lang::En, &about)
    );
    assert_eq!(
        summary(Lang::ZhCn, &about),
        "辽宁：目标“中欧班列开行量增长10%以上”存在未能实现的风险：按近 5 年的规律推算，仅 3 年可实现目标（达标可能 60%，低于 70%）。"
    );
}

#[test]
fn the_alert_email_subject_counts_in_each_language() {
    assert_eq!(subject(Lang::En, 1, 0), "[waymark] 1 alert firing");
    assert_eq!(
        subject(Lang::En, 2, 1),
        "[waymark] 2 alerts firing, 1 resolved"
    );
    assert_eq!(subject(Lang::En, 0, 3), "[waymark] 3 resolved");
    assert_eq!(subject(Lang::ZhCn, 1, 0), "[waymark] 1 条告警触发中");
    assert_eq!(
        subject(Lang::ZhCn, 2, 1),
        "[waymark] 2 条告警触发中，1 条已解除"
    );
    assert_eq!(subject(Lang::ZhCn, 0, 3), "[waymark] 3 条告警已解除");
    assert_eq!(severity(Lang::ZhCn, "critical"), "严重");
    assert_eq!(severity(Lang::ZhCn, "page"), "page");
}
