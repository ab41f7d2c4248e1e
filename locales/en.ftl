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
report-source = Source: { $source }
report-goal-id = goal
report-machine-readable = Machine-readable:
report-plain-text = plain text:
report-goals = Goals
report-chart-file = Chart: { $file }
report-comments = Comments
report-comment-line = { $author }, { $time }: { $text }
report-comment-figure-line = { $author }, { $time }, on { $period }: { $text }
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

## Pages: every page (title, header, language switch, field names, core words)
page-title = { $page } · waymark
page-nav-dashboard = Dashboard
page-nav-enter = Enter figures
page-signed-in-as = Signed in as { $name }
page-language-switch = Language
# Each language's own name: the same in every catalogue.
page-language-en = English
page-language-zh-cn = 中文
page-list-separator = {", "}
page-label-separator = {": "}
page-field-region = Region
page-field-indicator = Indicator
page-field-period = Period
page-field-value = Value
page-field-basis = Basis
page-field-note = Note
page-field-flag = Flag
page-frequency-monthly = monthly
page-frequency-quarterly = quarterly
page-frequency-annual = annual

## Pages: dashboard (/)
page-dashboard-title = Dashboard
page-dashboard-heading = Goals
page-dashboard-all-regions = All regions
page-dashboard-show = Show
page-enter-csv-not-kept = The pasted text is longer than { $kb } KB, so it is not put back in the box: correct it where you copied it from and paste it again.
page-dashboard-counts = Goals by status
page-skip-to-content = Skip to the content
page-field-as-of = As of
page-dashboard-bad-as-of = "{ $value }" is not a date (YYYY-MM-DD): the goals are shown as of today.
page-dashboard-unknown-region = Region: unknown region "{ $id }"; showing every goal.
page-dashboard-unknown-region-suggest = Region: unknown region "{ $id }" (did you mean "{ $suggestion }"?); showing every goal.
page-dashboard-as-of = As of { $date }. { $goals }.
page-goal-latest-period = Latest period
page-goal-flagged = { $period } ({ $flag })
page-goal-none-yet = none yet
page-goal-to-date = To date
page-goal-expected-to-date = Expected to date
page-goal-figures = Figures
page-goal-missing-since = missing since { $period } (the target year is over)
page-goal-projected = Projected
page-goal-current = Current
page-goal-overdue = Overdue figures
page-goal-target = Target
page-goal-target-year = {" "}in { $year }
page-goal-chance = Chance
page-goal-chance-words = the target would be met in { $met } of the last { $years } years' patterns
page-goal-score = Score
page-goal-state = State
page-goal-due = Due
page-goal-chart = Chart of { $title }
page-goal-title = { $title }
page-goal-back = ← All goals
page-goal-unknown = There is no goal "{ $id }".
page-goal-unknown-suggest = There is no goal "{ $id }" (did you mean "{ $suggestion }"?).
page-goal-figures-heading = Figures: { $indicator } ({ $unit })
page-goal-revisions = Revisions
page-goal-comments = Comments
page-goal-no-comments = No comments yet.
page-goal-comment-by = { $author }, { $time }
page-goal-comment-on-figure = on the figure for { $period }
page-goal-comment-about = About
page-goal-comment-about-goal = the goal as a whole
page-goal-comment-text = Comment (at most { $max } characters)
page-goal-comment-submit = Add comment
page-goal-sign-in = Sign in to comment or to change the state.
page-goal-milestone = Milestone
page-goal-milestone-now = Now: { $state }
page-goal-milestone-history = History
page-goal-milestone-no-history = Not changed yet.
page-goal-milestone-note = Note (optional, at most { $max } characters)
page-goal-milestone-submit = Save state
page-goal-when = When
page-goal-who = Who
page-goal-csrf = The form expired or did not come from this site (CSRF check failed); nothing was saved. Open the goal's page again.
page-goal-forbidden = You may write only for your regions ({ $yours }); nothing was saved.
page-goal-not-milestone = This goal is measured by figures, not a milestone; nothing was saved.
page-goal-error-missing = Write a few words.
page-goal-error-too-long = This is { $chars } characters long; at most { $max } are kept. Shorten it.
page-goal-error-control = This holds a control character; remove it.
page-goal-error-state = Choose one of the states in the list.
page-goal-error-about = Choose the goal or one of its figures.
page-period-run = { $from } to { $to }
page-periods-more = and { $n } more

## Pages: sign-in and entry (/enter, /login, /logout)
page-login-title = Sign in
page-login-intro = Sign in with your operator token.
page-login-token = Token
page-login-submit = Sign in
page-login-first = Please sign in first.
page-login-expired = The form expired or did not come from this site; please sign in again.
page-login-bad-token = That token is not valid (unknown or revoked).
page-login-viewer = Viewer tokens cannot enter figures; ask for an operator token.
page-logout = Sign out
page-logout-csrf = The form expired or did not come from this site (CSRF check failed); you are still signed in.
page-enter-title = Enter figures
page-enter-heading = Enter figures
page-enter-indicator = { $name } ({ $unit }, { $frequency })
page-enter-period-hint = 2021-03, 2021-Q3 or 2021
page-enter-basis-period = This period's amount
page-enter-basis-ytd = Year-to-date total
page-enter-note = Note (optional)
page-enter-save = Save figure
page-enter-csv-heading = Or paste a CSV
page-enter-csv-hint = Columns region,indicator,period,value and optionally basis,note; all lines are recorded or none
page-enter-csv-submit = Import CSV
page-enter-recorded = Recorded: { $new } new, { $revised } revised, { $unchanged } unchanged.
page-enter-warning = Warning: { $text }
page-enter-suspect = { $field } { $value } looks unusual next to this series' earlier figures (a unit slip or an outlier?); it was recorded, but please check it.
page-enter-suspects-more = { $n ->
    [one] … and 1 more suspect figure
   *[other] … and { $n } more suspect figures
}
page-enter-csrf = The form expired or did not come from this site (CSRF check failed); nothing was recorded.
page-enter-forbidden = You may enter figures only for { $yours }; not for { $refused }; nothing was recorded.
page-enter-refused = "{ $region }"
page-enter-refused-at-line = "{ $region }" (line { $line })

## Pages: problems with figures on the entry page (one message per problem code)
page-problem-line = Line { $line }: { $problem }
page-problem-field = { $field }: { $words }
page-problem-field-value = { $field } "{ $value }": { $words }
page-problem-value = { $words }: "{ $value }"
page-problem-missing = required, but empty
page-problem-unknown_region = not a region of the catalogue
page-problem-unknown_region-suggest = not a region of the catalogue (did you mean "{ $expected }"?)
page-problem-unknown_indicator = not an indicator of the catalogue
page-problem-unknown_indicator-suggest = not an indicator of the catalogue (did you mean "{ $expected }"?)
page-problem-bad_period = not a period (write 2021-03, 2021-Q3 or 2021)
page-problem-wrong_frequency = not of the indicator's frequency (write periods like { $expected })
page-problem-wrong_frequency-plain = not of the indicator's frequency (monthly 2021-03, quarterly 2021-Q3, annual 2021)
page-problem-not_a_number = not a number (write a plain decimal such as 12406 or -3.5)
page-problem-thousands_separator = no thousands separators, please (write 12406, not 12,406)
page-problem-not_finite = not a finite number
page-problem-out_of_range = out of range (a figure must lie between -1e15 and 1e15)
page-problem-bad_basis = not a basis (write period or ytd)
page-problem-ytd_on_level = a year-to-date total applies to flow indicators only, not to levels
page-problem-bad_flag = not a flag (write A, E, P, B or M)
page-problem-rule_min = below { $expected }, the smallest value the indicator accepts
page-problem-rule_max = above { $expected }, the largest value the indicator accepts
page-problem-rule_integer = not a whole number, and the indicator counts in whole numbers
page-problem-rule_future = a period that has not ended yet
page-problem-multiline = spans more than one line
page-problem-control_character = holds a control character
page-problem-too_long = too long (a note holds at most 2,000 characters)
page-problem-conflict = differs from the same figure given on an earlier line
page-problem-ytd_falls = a year-to-date total below an earlier one of the same year
page-problem-empty = no figures: paste a header line and at least one line of figures
page-problem-missing_header = no header line: the first line must name the columns region, indicator, period, value
page-problem-missing_column = a required column is missing
page-problem-unknown_column = unknown column
page-problem-duplicate_column = a column given twice
page-problem-unnamed_column = a column without a name in the header
page-problem-field_count = not as many fields as the header has columns
page-problem-unclosed_quote = a quote that is never closed
page-problem-row_too_long = the line is too long
page-problem-too_many_rows = too many lines for one paste
page-problem-not_utf8 = not UTF-8 text
page-problem-more = { $n ->
    [one] … and 1 more problem
   *[other] … and { $n } more problems
}
page-problem-other = cannot be recorded

## Pages: errors (any page route, and unknown addresses opened in a browser)
page-error-title = Something went wrong
page-error-back = Back to the dashboard
page-error-not-found = There is no such page.
page-error-bad-request = The request could not be read.
page-error-forbidden = You may not do this.
page-error-too-large = The form is over the limit of { $limit } KiB; paste fewer lines at a time.
page-error-busy = The database is busy with another write, so nothing was written; try again in { $seconds } s.
page-error-disk-full = The server's disk is full, so nothing was written; try again later.
page-error-unavailable = The server cannot answer just now; try again later.
page-error-internal = Something went wrong on the server; try again later.

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

## Review of held figures (waymark review, history, /review)
cli-history-review = review
cli-review-none = No figures are held for review.
cli-review-id = id
cli-review-region = region
cli-review-indicator = indicator
cli-review-state = state
cli-review-entered-by = entered_by
cli-review-entered-at = entered_at
cli-review-why = why held
cli-review-accepted = Accepted figure { $id }: { $figure } = { $value } is recorded and counts from now.
cli-review-rejected = Rejected figure { $id }: { $figure } = { $value } does not count; it stays in the history as rejected.
review-state-held = held for review
review-state-accepted = accepted
review-state-rejected = rejected
review-state-confirmed = confirmed
page-nav-review = Review
page-enter-held = { $held } held for review: not counted until confirmed or accepted (see below).
page-review-title = Review
page-review-heading = Figures held for review
page-review-intro = These figures looked wrong (or their indicator has every figure reviewed), so they do not count in status, reports or alerts yet. An admin, or an operator of the region who did not enter the figure, accepts or rejects each one.
page-review-empty = No figures are held for review.
page-review-entered = Entered by { $by } at { $at }
page-review-why = Why held: { $why }
page-review-reason = Reason (kept with the decision)
page-review-reason-hint = e.g. confirmed with the customs office
page-review-accept = Accept
page-review-reject = Reject
page-review-own = You entered this figure: a second person decides on it.
page-review-yours-heading = Your figures held for review
page-review-yours-hint = If a figure is right, confirm it with a reason and it counts at once; otherwise a second operator or an admin decides.
page-review-confirm-reason = Why is it right?
page-review-confirm = Confirm
page-review-done = { $figure }: { $state }.
page-review-not-allowed = You may not decide on this figure: an admin, or an operator of its region who did not enter it, decides.
page-review-reason-needed = Give the reason the figure is right.
page-review-gone = There is no such held figure.
page-review-conflict = Not done: { $why }
## Charts a reader can read: the milestone timeline, alt texts, data tables
milestones-count = { $n ->
    [one] 1 milestone
   *[other] { $n } milestones
}
overview-x-axis = Score: -5 (far off the path to the target) to 5 (on or ahead of it)
timeline-title = Milestones by due date
timeline-missed = { $n } past due and not done
timeline-year = { $year }
timeline-axis = Due date
timeline-as-of = as of { $date }
timeline-label = { $date } · { $state } · { $status }
chart-alt-target = { $title }. { $when }: { $value } of { $target } target, { $percent }; { $status }
chart-alt-value = { $title }. { $when }: { $value }; { $status }
chart-alt-baseline = { $title }. { $when }: { $value }, baseline { $baseline }; { $status }
chart-alt-none = { $title }: no figures yet; { $status }
chart-alt-milestone = { $title }: due { $due }, { $state }; { $status }
chart-alt-projected = { $year } projected
report-overview-alt-counts = Bar chart of every goal's score from -5 to 5, coloured by status. { $counts }
report-timeline-alt = Timeline of milestones by due date. { $counts }
report-contents = Contents
report-milestones = Milestones
report-data-table = Data table ({ $n ->
    [one] 1 figure
   *[other] { $n } figures
})
report-scores-table = Scores as a table
report-milestones-table = Milestones as a table
report-table-period = Period
report-table-value = Value
report-table-flag = Flag
report-table-goal = Goal
report-table-region = Region
report-table-due = Due
report-table-state = State
report-table-status = Status
report-table-score = Score
report-download-csv = Download the figures (CSV)
report-see-timeline = This milestone is drawn on the milestone timeline.
