//! Slots: the instants a schedule is due, computed on the local wall clock of
//! its zone and only then turned into UTC, so daylight saving cannot shift a
//! job by an hour (tokio-cron-scheduler fixes the UTC offset at creation).
//!
//! Daylight-saving rules, for a job whose wall-clock time is
//! * skipped (spring forward, e.g. 02:30 on 2025-03-30 in Europe/Berlin):
//!   it runs once at the first instant after the gap, 03:00 local. Several
//!   slots inside one gap (an hourly or per-minute job) collapse into that one run;
//! * repeated (fall back, e.g. 02:30 on 2025-10-26 in Europe/Berlin): it runs
//!   once, at the first occurrence (02:30 CEST); the second pass is not a slot.

use crate::config::ScheduleSpec;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// Slots in `(after, upto]` that were never recorded, newest first, at most
/// `limit`, plus how many older ones there are beyond those (counted up to
/// `COUNT_CAP`, so a year of per-second slots cannot stall a step).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Due {
    pub(crate) newest_first: Vec<DateTime<Utc>>,
    pub(crate) older: usize,
}

/// Counting further back than this after a long downtime is not worth the time.
pub(crate) const COUNT_CAP: usize = 100_000;

impl ScheduleSpec {
    /// The UTC instant a wall-clock time runs at in this zone (rules above).
    pub(crate) fn resolve(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        resolve(self.tz, wall)
    }

    /// The slot as the local time it runs at, e.g. 2025-03-30T03:00:00+02:00.
    pub(crate) fn local(&self, slot: DateTime<Utc>) -> DateTime<Tz> {
        slot.with_timezone(&self.tz)
    }

    /// The first slot strictly after `after`, or `None` if the pattern never matches again.
    pub(crate) fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // Wall times at or before `after`'s own wall time resolve at or before
        // `after` (resolution is monotonic and picks the earlier of a repeated
        // time), so the search starts there; in the second pass of a repeated
        // hour a few wall times resolve into the past and are stepped over.
        let mut wall = after.with_timezone(&self.tz).naive_local();
        loop {
            wall = self.cron.find_next_occurrence(&wall, false).ok()?;
            let slot = self.resolve(wall);
            if slot > after {
                return Some(slot);
            }
        }
    }

    /// The slots in `(after, upto]`, newest first, at most `limit` listed.
    pub(crate) fn due(&self, after: DateTime<Utc>, upto: DateTime<Utc>, limit: usize) -> Due {
        let mut due = Due {
            newest_first: Vec::new(),
            older: 0,
        };
        if upto <= after {
            return due;
        }
        // Walk the wall clock backwards from the latest wall time that can
        // resolve at or before `upto`: its own wall time, or, in the second
        // pass of a repeated hour, the end of that hour (whose wall times all
        // resolve into the first pass).
        let mut wall = self.wall_ceiling(upto);
        let mut inclusive = true;
        let mut last: Option<DateTime<Utc>> = None;
        loop {
            let found = if inclusive {
                self.cron.find_previous_occurrence(&wall, true)
            } else {
                self.cron.find_previous_occurrence(&wall, false)
            };
            let Ok(w) = found else { break };
            wall = w;
            inclusive = false;
            let slot = self.resolve(w);
            if slot > upto {
                continue;
            }
            if slot <= after {
                break;
            }
            // Wall times inside one gap resolve to the same instant: one slot.
            if last == Some(slot) {
                continue;
            }
            last = Some(slot);
            if due.newest_first.len() < limit {
                due.newest_first.push(slot);
            } else {
                due.older += 1;
                if due.older >= COUNT_CAP {
                    break;
                }
            }
        }
        due
    }

    fn wall_ceiling(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let wall = t.with_timezone(&self.tz).naive_local();
        match self.tz.from_local_datetime(&wall) {
            LocalResult::Ambiguous(first, _) if first.with_timezone(&Utc) < t => {
                // In the second pass: find where the repeated range ends on the wall clock.
                let mut end = wall;
                while matches!(
                    self.tz.from_local_datetime(&end),
                    LocalResult::Ambiguous(..)
                ) {
                    end += TimeDelta::minutes(1);
                }
                end
            }
            _ => wall,
        }
    }
}

/// `wall` in `tz` as a UTC instant: the earlier of a repeated time, and the
/// end of the gap for a skipped one.
pub(crate) fn resolve(tz: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => gap_end(tz, wall),
    }
}

/// The first instant whose wall time is after `wall`, which lies in a gap.
/// Found by bisection over whole UTC seconds (transitions fall on whole
/// seconds): wall time only moves forward across a gap, and no zone shifts
/// by more than a day at once.
fn gap_end(tz: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    let wall_at = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .map(|t| t.with_timezone(&tz).naive_local())
            .unwrap_or(wall)
    };
    let as_utc = wall.and_utc().timestamp();
    let (mut lo, mut hi) = (as_utc - 40 * 3600, as_utc + 40 * 3600);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if wall_at(mid) > wall {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or_else(|| wall.and_utc())
}
