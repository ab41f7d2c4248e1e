# waymark's interface in English. Every key here must also be in zh-CN.ftl
# (a test checks both ways). Keys are grouped by where they appear.

## Status words (one per status; the JSON value after "status-")
status-target_achieved = Target achieved
status-on_track = On track
status-needs_acceleration = Needs acceleration
status-limited_progress = Limited progress
status-deterioration = Deterioration
status-target_missed = Target missed
status-pending = Pending
status-not_available = Not available

## Counts
goals-count = { $n ->
    [one] 1 goal
   *[other] { $n } goals
}
