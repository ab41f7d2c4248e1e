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

## Figure flags and milestone states
flag-normal = normal
flag-estimated = estimated
flag-provisional = provisional
flag-break = break in series
milestone-planned = planned
milestone-in_progress = in progress
milestone-done = done
milestone-dropped = dropped
# Why a goal is not judged: its figures stopped coming.
stale-since = figures missing since { $period }
# A goal without a target value is judged by its trend.
versus-trend = { $value } (trend)

## Command line: status
cli-status-heading = Goal progress as of { $date }
cli-status-goal = goal
cli-status-region = region
cli-status-to-date = to date
cli-status-versus = current / target
cli-status-unit = unit
cli-status-ratio = ratio
cli-status-score = score
cli-status-chance = chance
cli-status-status = status
cli-status-goals = goals
cli-status-projected-note = * projected to the full year from the figures to date
cli-status-chance-note = chance: in how many of the last years' patterns the rest of the year meets the target
cli-status-milestones = Milestones
cli-status-milestone = milestone
cli-status-due = due
cli-status-state = state

## Command line: history and alerts
cli-history-period = period
cli-history-value = value
cli-history-basis = basis
cli-history-flag = flag
cli-history-recorded-at = recorded_at
cli-history-recorded-by = recorded_by
cli-history-note = note
cli-alerts-none = no active alerts
cli-alerts-name = alertname
cli-alerts-status = status
cli-alerts-since = since
cli-alerts-summary = summary
