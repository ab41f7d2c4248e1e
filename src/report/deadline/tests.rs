use super::*;
use std::sync::mpsc::Receiver;

/// Safety net for waits on events that come within milliseconds.
const SAFETY: Duration = Duration::from_secs(60);

impl Drawer {
    /// Wait (on the slot condition, no polling) until no drawing runs.
    fn wait_idle(&self) {
        let until = Instant::now() + SAFETY;
        let mut st = self.0.lock();
        while st.running > 0 {
            let left = until.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "drawings still running after {SAFETY:?}");
            st = self.0.freed.wait_timeout(st, left).unwrap().0;
        }
    }
}

/// A drawing that runs until `release` gets a message (or is dropped).
fn blocked(release: Receiver<()>) -> impl FnOnce() -> anyhow::Result<u32> + Send + 'static {
    move || {
        let _ = release.recv();
        Ok(7)
    }
}

#[test]
fn a_drawing_within_its_deadline_gives_its_result_or_its_error() {
    let d = Drawer::new(2, SAFETY);
    assert_eq!(d.run("a chart", || Ok(42)).unwrap(), 42);
    let err = d
        .run::<()>("a chart", || Err(anyhow!("no font")))
        .unwrap_err();
    assert!(matches!(err, DrawError::Failed(_)), "{err:?}");
    assert_eq!(err.to_string(), "no font");
    d.wait_idle();
    assert_eq!(d.abandoned(), 0);
}

#[test]
fn a_drawing_that_passes_its_deadline_is_abandoned_named_and_keeps_its_slot_until_it_ends() {
    let d = Drawer::new(1, Duration::from_millis(50));
    let (release, rx) = mpsc::channel();
    let err = d.run("the chart of goal g1", blocked(rx)).unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(
        err.to_string(),
        "drawing the chart of goal g1 took longer than 50 ms; it was abandoned"
    );
    assert_eq!(d.abandoned(), 1);

    // Its slot is still taken: the next drawing finds none and says why.
    let err = d.run("the chart of goal g2", || Ok(1)).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            err,
            DrawError::Busy {
                running: 1,
                abandoned: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        text.contains("goal g2") && text.contains("no drawing slot"),
        "{text}"
    );

    // Once the stuck drawing ends, its slot and the count come back.
    release.send(()).unwrap();
    d.wait_idle();
    assert_eq!(d.abandoned(), 0);
    assert_eq!(d.run("the chart of goal g3", || Ok(3)).unwrap(), 3);
}

#[test]
fn a_deadline_of_zero_abandons_a_drawing_that_has_not_finished() {
    let d = Drawer::new(4, Duration::ZERO);
    let (release, rx) = mpsc::channel();
    let err = d.run("the overview chart", blocked(rx)).unwrap_err();
    assert!(matches!(err, DrawError::Deadline { ref what, .. } if what == "the overview chart"));
    drop(release);
    d.wait_idle();
    assert_eq!(d.abandoned(), 0);
}

#[test]
fn a_drawing_that_panics_is_reported_and_frees_its_slot() {
    let d = Drawer::new(1, SAFETY);
    let err = d
        .run::<()>("the chart of goal p", || panic!("boom"))
        .unwrap_err();
    assert!(matches!(err, DrawError::Panicked { .. }), "{err:?}");
    assert!(err.to_string().contains("goal p"));
    d.wait_idle();
    assert_eq!(d.run("next", || Ok(1)).unwrap(), 1);
}

#[test]
fn hanging_drawings_fill_the_slots_and_no_more_threads_are_started() {
    let d = Drawer::new(3, Duration::from_millis(20)).hanging();
    for i in 0..3 {
        let err = d.run(&format!("chart {i}"), || Ok(())).unwrap_err();
        assert!(matches!(err, DrawError::Deadline { .. }), "{err:?}");
    }
    assert_eq!(d.abandoned(), 3);
    for i in 3..10 {
        let err = d.run(&format!("chart {i}"), || Ok(())).unwrap_err();
        assert!(
            matches!(
                err,
                DrawError::Busy {
                    running: 3,
                    abandoned: 3,
                    ..
                }
            ),
            "{err:?}"
        );
    }
    assert_eq!(d.0.lock().running, 3, "still only the three stuck threads");
}

#[test]
fn a_chart_route_passes_its_drawing_deadline_before_the_request_timeout() {
    // So the route answers with its own error, not the generic 408.
    assert!(DEFAULT_DEADLINE < crate::http::REQUEST_TIMEOUT);
    assert_eq!(Drawer::new(1, Duration::MAX).0.deadline, LONGEST_DEADLINE);
}

#[test]
fn durations_read_naturally() {
    assert_eq!(human(Duration::from_secs(20)), "20 s");
    assert_eq!(human(Duration::from_millis(250)), "250 ms");
    assert_eq!(human(Duration::from_millis(1500)), "1500 ms");
}
