//! Addresses and schemes a source may not reach, checked before connecting,
//! after DNS and on every redirect. Every target here is a loopback address.

use super::{Db, settings};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn redirecting_to(location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

fn source(url: &str, extra: &str) -> waymark::config::Settings {
    settings(&format!(
        "[[source]]\nname = \"feed\"\nurl = \"{url}\"\nformat = \"csv\"\n{extra}"
    ))
}

#[tokio::test]
async fn a_literal_loopback_address_is_refused_before_connecting() {
    let server = MockServer::start().await;
    let db = Db::new().await;
    let out = db
        .pull_one(&source(&format!("{}/feed", server.uri()), ""))
        .await;
    db.assert_failed(&out, "refused to connect to 127.0.0.1")
        .await;
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_refused_after_dns() {
    let server = MockServer::start().await;
    let url = format!("http://localhost:{}/feed", server.address().port());
    let db = Db::new().await;
    let out = db.pull_one(&source(&url, "")).await;
    db.assert_failed(&out, "refused to connect to localhost")
        .await;
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_redirect_to_a_refused_address_is_not_followed() {
    // The feed itself is permitted one by one; where it redirects is not.
    for target in [
        "http://127.0.0.2:9/latest/meta-data/",
        "http://[::1]:9/admin",
    ] {
        let server = redirecting_to(target).await;
        let db = Db::new().await;
        let out = db
            .pull_one(&source(
                &format!("{}/feed", server.uri()),
                "allow_addresses = [\"127.0.0.1\"]\n",
            ))
            .await;
        db.assert_failed(&out, "refused to connect to").await;
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_refused() {
    let server = redirecting_to("ftp://127.0.0.1/figures.csv").await;
    let db = Db::new().await;
    let out = db
        .pull_one(&source(
            &format!("{}/feed", server.uri()),
            "allow_private = true\n",
        ))
        .await;
    db.assert_failed(&out, "scheme \"ftp\" is not allowed")
        .await;
}

#[tokio::test]
async fn a_redirect_loop_stops() {
    let server = MockServer::start().await;
    let db = Db::new().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}/again", server.uri())),
        )
        .mount(&server)
        .await;
    let out = db
        .pull_one(&source(
            &format!("{}/feed", server.uri()),
            "allow_private = true\n",
        ))
        .await;
    db.assert_failed(&out, "stopped after 5 redirects").await;
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
}
