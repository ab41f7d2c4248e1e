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

## Report: the page, the digest and what the commands print about them
report-title = waymark report as of { $date }
report-recorded-at = Figures as recorded at { $time }.
report-generated = Generated { $time }.
report-generated-counts = Generated { $time }. { $counts }.
time-utc = { $date } { $time } UTC
report-counts = { $goals }: { $parts }
report-count-part = { $n } { $status }
# Between the items of a list ("Jan 2021, Mar 2021"); a string literal keeps the space.
report-list-separator = {", "}
report-attention = Needs attention
report-nothing-needs-attention = Nothing needs attention.
report-changed = Status changed since the previous report
report-off-track = Off track
report-stale = Target year over, figures missing
report-overdue = Figures overdue
report-alerts = Active alerts
report-changed-line = { $title }: { $from } → { $to }
report-new-line = { $title }: new, { $to }
report-off-track-line = { $title }: { $status } (score { $score })
report-stale-line = { $title }: { $why } ({ $status })
report-overdue-line = { $region }, { $indicator } { $period } (due { $due })
report-stale-since = figures missing since { $period }
report-span = { $first } to { $last }
report-and-more = and { $n } more
report-overview = Overview
report-overview-alt = Bar chart of every goal's score from -5 to 5, coloured by status
report-chart-alt = Chart: { $title }
report-source = Source: { $source }
report-goal-id = goal
report-machine-readable = Machine-readable:
report-plain-text = plain text:
report-goals = Goals
report-chart-file = Chart: { $file }
report-fact = { $label }: { $value }
report-not-available = n/a
report-written = report as of { $date }: { $files } files in { $dir }
report-open = open { $path }
report-demo-database = Demo database: { $file } (illustrative figures, not official statistics)
report-demo-open = Open the report: { $path }
fact-status = Status
fact-due = Due
fact-state = State
fact-to-date = To date
fact-yoy = Year on year
fact-projected-vs-target = Projected vs target
fact-current-vs-target = Current vs target
fact-current-vs-baseline = Current vs baseline
fact-goal = Goal
fact-path-expects = Path expects by now
fact-required = Required per remaining { $unit }
fact-chance = Chance
fact-missing = Missing figures
fact-overdue = Overdue figures
fact-final = Final
fact-status-milestone = { $status } (score { $score })
fact-status-series = { $status } (ratio { $ratio }, score { $score })
fact-status-stale = { $status }, { $why } (ratio { $ratio }, score { $score })
fact-to-date-value = { $value } ({ $span })
fact-yoy-value = { $change } on a year earlier
fact-value-for-year = { $value } for { $year }
fact-how-seasonal = {" "}(seasonal projection)
fact-how-linear = {" "}(linear projection)
fact-how-projected = {" "}(projected)
fact-vs-target = {" "}vs target { $value } in { $year }
fact-vs-baseline = {" "}vs baseline { $value } in { $year }
fact-increase = increase (no target value)
fact-decrease = decrease (no target value)
fact-required-value = { $limit ->
    [most] at most
   *[least] at least
} { $value } a { $unit } ({ $left ->
    [one] 1 { $unit }
   *[other] { $left } { $unit }s
} left)
fact-chance-value = The target would be met in { $met } of the last { $years } years' patterns (full year { $low } to { $high })
fact-final-stale = the target year is over, its figures incomplete
fact-final-complete = the target year is complete
milestone-planned = planned
milestone-in_progress = in progress
milestone-done = done
milestone-dropped = dropped
flag-normal = normal
flag-estimated = estimated
flag-provisional = provisional
flag-break = break in series

## Charts: titles, subtitles, legends, axis captions and labels
chart-score = score { $score }
chart-ratio = ratio { $ratio }
chart-milestone-due = Milestone due { $date }
chart-milestone-state = State: { $state }
chart-no-figures = No figures recorded yet for this goal.
chart-flagged = { $period } { $flag }
chart-more-flagged = { $shown } (+{ $n } more flagged)
chart-goal-increase = Goal: ↑ increase
chart-goal-decrease = Goal: ↓ decrease
chart-baseline = Baseline { $year }: { $value }
chart-last-year = { $year } (cumulative)
chart-seasonal-profile = { $year } seasonal profile
chart-linear = linear
chart-target-path = Target path ({ $shape })
chart-target = Target { $value }
chart-projection-to-year-end = Projection to year end ({ $how })
chart-projected-value = Projected { $value }
chart-this-year = { $year } to date (cumulative)
chart-chance = chance { $fraction }
chart-x-in-year = { $unit ->
    [month] Month
   *[quarter] Quarter
} of { $year } (cumulative to its end)
chart-y-cumulative = { $unit }, cumulative
chart-year-projected = { $year } projected ({ $how })
chart-year-projected-mark = { $year } projected
chart-annual-total = Annual total (complete years)
chart-y-per-year = { $unit } per year
chart-x-year = Year
chart-x-time = Time of reading
chart-readings = Readings
chart-path-to-target = Path to target ({ $shape })
chart-compounding = compounding
chart-straight = straight
chart-target-in-year = Target { $year }: { $value }
chart-how-seasonal = seasonal
chart-how-linear = linear
chart-how-projected = projected
chart-tick-month = { $m ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
chart-tick-quarter = Q{ $q }
overview-title = Goal scores
overview-subtitle = { $goals } · { $on } on track · { $achieved } achieved · score from -5 to 5
overview-too-many = too many goals to label: see the goal list
overview-empty = No goals in this report.

## Email: the report email (its body is the page and the digest)
email-subject = waymark report as of { $date }: { $good } on track, { $bad } { $bad ->
    [one] needs
   *[other] need
} attention

## Alerts: summaries, descriptions, the alert email and reminders
alert-goal-status = { $region }: goal "{ $title }" is { $status } (score { $score }).
alert-goal-status-unscored = { $region }: goal "{ $title }" is { $status }.
alert-goal-status-description = The goal's status is now { $status }. `waymark status --goal { $goal }` shows its figures, its projection and what it still needs.
alert-goal-at-risk = { $region }: goal "{ $title }" is at risk: the target would be met in { $met } of the last { $years } years' patterns (chance { $chance }%, below { $below }%).
alert-goal-at-risk-description = Replaying the rest of the year as each of the last { $years } years went meets the target in { $met } of them. The alert ends once the chance is { $below }% or more.
alert-figure-overdue = { $region } { $indicator } has no figure for { $period }: it was due on { $due }.
alert-figure-overdue-description = Goals waiting for it: { $goals }. Record it with `waymark record`, `waymark import` or the web form.
alert-figure-suspect = { $region } { $indicator } { $period } = { $value } looks wrong: { $reason }
alert-figure-suspect-description = Check the figure against its source and correct it if it is a slip; a correct figure can stay as it is.
alert-source-failed = Source { $source } could not be pulled since { $since }: { $error }
alert-source-failed-description = `waymark pull { $source }` tries it again now; the next good pull resolves this alert.
alert-email-subject = [waymark] { $firing ->
    [0] { $resolved } resolved
   *[other] { $firing } { $firing ->
        [one] alert
       *[other] alerts
    } firing{ $resolved ->
        [0] {""}
       *[other] , { $resolved } resolved
    }
}
alert-email-firing = Firing:
alert-email-resolved = Resolved:
alert-email-footer = waymark alerts; `waymark alerts` lists those active.
severity-warning = warning
severity-critical = critical
reminder-subject = [waymark] { $region }: { $n } overdue { $n ->
    [one] figure
   *[other] figures
}
reminder-intro = Figures for { $region } that are overdue as of { $date }:
reminder-line = { $indicator }, { $period }: due { $due }
reminder-new = (new)
reminder-outro = Please record them with `waymark record`, `waymark import` or the web form.
