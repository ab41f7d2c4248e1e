//! Concurrent writes, gathered into shared transactions, still answer each
//! request as if the writes had happened one after another.

use crate::harness::{TestApp, body, fig};
use reqwest::StatusCode;

#[tokio::test]
async fn concurrent_writes_of_one_figure_count_one_new_and_the_rest_unchanged() {
    let app = TestApp::spawn().await;
    let b = body(vec![fig(
        "liaoning",
        "china-europe-trains",
        "2021-01",
        70.0,
    )]);
    let answers = futures_join(50, || app.post_figures(&app.admin, &b)).await;
    let (mut new, mut unchanged) = (0, 0);
    for (code, res) in answers {
        assert_eq!(code, StatusCode::OK, "{res}");
        new += res["new"].as_u64().unwrap();
        unchanged += res["unchanged"].as_u64().unwrap();
    }
    assert_eq!((new, unchanged), (1, 49));
    assert_eq!(app.figure_count().await, 1);
}

#[tokio::test]
async fn concurrent_different_values_are_one_new_then_revisions_each_kept_in_history() {
    let app = TestApp::spawn().await;
    let mut handles = Vec::new();
    for i in 0..30 {
        let client = app.client.clone();
        let url = app.url("/api/observations");
        let token = app.operator.clone();
        let b = body(vec![fig(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            f64::from(i),
        )])
        .to_string();
        handles.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .body(b)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<serde_json::Value>().await.unwrap()
        }));
    }
    let (mut new, mut revised) = (0, 0);
    for h in handles {
        let res = h.await.unwrap();
        new += res["new"].as_u64().unwrap();
        revised += res["revised"].as_u64().unwrap();
    }
    assert_eq!((new, revised), (1, 29));
    let hist = app
        .state
        .store
        .history("liaoning", "china-europe-trains", None)
        .await
        .unwrap();
    assert_eq!(hist.len(), 30);
}

/// Run `n` requests at once on this task and collect their answers.
async fn futures_join<F, Fut, T>(n: usize, f: F) -> Vec<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let futs: Vec<_> = (0..n).map(|_| Box::pin(f())).collect();
    let mut out = Vec::new();
    // Poll them together: a tiny join_all without another dependency.
    let mut pending: Vec<_> = futs.into_iter().map(Some).collect();
    let mut results: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(fut) = slot {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.extend(results.into_iter().map(Option::unwrap));
    out
}
