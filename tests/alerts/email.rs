//! Email delivery: the report's summary.eml through a real SMTP server on
//! loopback (mailin-embedded), alert email into the outbox folder, and
//! reminders of overdue figures sent once per figure and due date.

use super::open_lab;
use crate::common::smtp::smtp_server;
use crate::common::{TRAINS_2020, TRAINS_2021, TRAINS_2021_BAD, free_port, t0};
use chrono::NaiveDate;
use mail_parser::MimeHeaders;
use std::time::Duration;
use waymark::alerts;
use waymark::assess::Query;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_email_arrives_over_smtp_with_text_html_and_inline_charts() {
    let (addr, inbox) = smtp_server();
    let lab = open_lab(&format!(
        "[email]\nfrom = \"waymark <waymark@example.org>\"\nto = [\"board@example.org\"]\nsmtp_url = \"smtp://{addr}\"\n"
    ))
    .await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021[..5]).await;
    let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    let query = Query {
        as_of: Some(as_of),
        ..Query::default()
    };
    let published = waymark::publish::publish(
        &lab.store,
        &lab.cat,
        &lab.settings,
        &query,
        Some(lab.path("report")),
        as_of,
        lab.settings.ui.language,
    )
    .await
    .unwrap();
    let eml = std::fs::read(published.dir.join("summary.eml")).unwrap();

    alerts::enqueue_report_email(&lab.store, &lab.settings, eml.clone())
        .await
        .unwrap();
    // Queueing the same message again does not send it twice.
    alerts::enqueue_report_email(&lab.store, &lab.settings, eml.clone())
        .await
        .unwrap();
    let out = alerts::deliver_due(&lab.store, &lab.settings, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (out.delivered, out.retrying, out.failed),
        (1, 0, 0),
        "{out:?}"
    );

    let (to, bytes) = inbox
        .recv_timeout(Duration::from_secs(60))
        .expect("the message arrives");
    assert_eq!(to, vec!["board@example.org"]);
    let sent = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let got = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a parsable message");
    assert_eq!(got.message_id(), sent.message_id());
    assert_eq!(got.subject(), sent.subject());
    let text = got.body_text(0).unwrap();
    assert!(text.contains("China-Europe trains"), "{text}");
    let html = got.body_html(0).unwrap();
    assert!(html.contains("cid:"), "the page refers to inline charts");
    let images = got
        .attachments()
        .filter(|p| {
            p.content_type()
                .is_some_and(|c| c.ctype() == "image" && c.subtype() == Some("png"))
        })
        .count();
    assert!(images >= 2, "overview and goal chart inline, got {images}");
    assert!(inbox.try_recv().is_err(), "sent once");
}

#[tokio::test]
async fn without_an_smtp_server_alert_email_lands_in_the_outbox_folder() {
    let lab = open_lab("[[channel]]\nkind = \"email\"\nto = [\"ops@example.org\"]\n").await;
    let mut settings = lab.settings.clone();
    settings.email.outbox_dir = lab.path("outbox");
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021_BAD).await;
    alerts::evaluate(&lab.store, &lab.cat, &settings, t0(), vec![])
        .await
        .unwrap();
    let out = alerts::deliver_due(&lab.store, &settings, t0())
        .await
        .unwrap();
    assert_eq!(out.delivered, 1);
    let files: Vec<_> = std::fs::read_dir(lab.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one message, no temporary file left: {files:?}"
    );
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let bytes = std::fs::read(&files[0]).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(msg.subject(), Some("[waymark] 1 alert firing"));
    assert!(msg.message_id().unwrap().starts_with("waymark-"));
    assert!(msg.body_text(0).unwrap().contains("deterioration"));
}

#[tokio::test]
async fn reminders_go_to_the_region_contacts_once_per_overdue_figure() {
    let lab =
        open_lab("[[contact]]\nregion = \"liaoning\"\nemail = [\"stats@liaoning.example\"]\n")
            .await;
    let mut settings = lab.settings.clone();
    settings.email.outbox_dir = lab.path("outbox");
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021[..5]).await;
    let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();

    // June (due 20 July) and July (due 20 August) are overdue on 1 September.
    let first = alerts::send_reminders(&lab.store, &lab.cat, &settings, day(9, 1))
        .await
        .unwrap();
    assert_eq!((first.regions, first.figures), (1, 2), "{first:?}");
    let again = alerts::send_reminders(&lab.store, &lab.cat, &settings, day(9, 2))
        .await
        .unwrap();
    assert_eq!((again.regions, again.figures), (0, 0), "not every run");
    // August falls due on 20 September: one more reminder, listing all three.
    let later = alerts::send_reminders(&lab.store, &lab.cat, &settings, day(9, 25))
        .await
        .unwrap();
    assert_eq!((later.regions, later.figures), (1, 1));

    alerts::deliver_due(&lab.store, &settings, chrono::Utc::now())
        .await
        .unwrap();
    let mut texts: Vec<String> = std::fs::read_dir(lab.path("outbox"))
        .unwrap()
        .map(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            assert_eq!(
                msg.to().unwrap().first().unwrap().address(),
                Some("stats@liaoning.example")
            );
            msg.body_text(0).unwrap().into_owned()
        })
        .collect();
    texts.sort_by_key(String::len);
    assert_eq!(texts.len(), 2);
    assert!(
        texts[0].contains("Jun 2021: due 2021-07-20") && texts[0].contains("Jul 2021"),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].contains("Aug 2021: due 2021-09-20  (new)"),
        "{}",
        texts[1]
    );
    assert!(
        !texts[1].contains("Jun 2021: due 2021-07-20  (new)"),
        "{}",
        texts[1]
    );
}

/// `report --send` says what became of its own message: when an older report
/// email to the same recipients is stuck (SMTP down), the new one waits
/// behind it and is reported as pending with the reason, not as sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_email_queued_behind_a_failed_one_is_reported_as_pending() {
    // A port with nothing listening: every attempt is refused (and retried).
    let addr = format!("127.0.0.1:{}", free_port());
    let lab = open_lab(&format!(
        "[email]\nfrom = \"waymark <waymark@example.org>\"\nto = [\"board@example.org\"]\nsmtp_url = \"smtp://{addr}\"\n"
    ))
    .await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021[..5]).await;
    let mut fates = Vec::new();
    for day in [30, 29] {
        let as_of = NaiveDate::from_ymd_opt(2021, 6, day).unwrap();
        let query = Query {
            as_of: Some(as_of),
            ..Query::default()
        };
        let published = waymark::publish::publish(
            &lab.store,
            &lab.cat,
            &lab.settings,
            &query,
            Some(lab.path(&format!("report-{day}"))),
            as_of,
            lab.settings.ui.language,
        )
        .await
        .unwrap();
        fates.push(
            waymark::publish::send(&lab.store, &lab.settings, &published)
                .await
                .unwrap(),
        );
    }
    use waymark::publish::EmailFate;
    let EmailFate::Pending {
        ahead: 0,
        error: Some(first_error),
        ..
    } = &fates[0]
    else {
        panic!("the first email failed its own attempt: {:?}", fates[0]);
    };
    let EmailFate::Pending {
        ahead: 1,
        blocked_by: Some(blocker),
        error: None,
    } = &fates[1]
    else {
        panic!("the second email waits behind the first: {:?}", fates[1]);
    };
    assert_eq!(blocker, first_error);
    let said = fates[1].to_string();
    assert!(
        said.starts_with("pending: queued behind 1 undelivered message to the same recipients"),
        "{said}"
    );
}
