# waymark 的中文界面。这里的每个键也必须出现在 en.ftl 中（测试双向检查）。

## 状态（每种状态一个键，"status-" 之后是 JSON 中的取值）
status-target_achieved = 已实现目标
status-on_track = 进展顺利
status-needs_acceleration = 需要加快
status-limited_progress = 进展有限
status-deterioration = 出现倒退
status-target_missed = 未实现目标
status-pending = 待定
status-not_available = 暂无数据

## 计数
goals-count = { $n } 个目标

## 报告：报告页面、文字摘要，以及命令输出中与报告有关的提示
report-title = 目标进展报告（截至{ $date }）
report-recorded-at = 数据按 { $time } 时的记录。
report-generated = 生成时间：{ $time }。
report-generated-counts = 生成时间：{ $time }。{ $counts }。
time-utc = { $date } { $time }（UTC）
report-counts = 共 { $goals }：{ $parts }
report-count-part = { $status } { $n } 个
# 列举项之间的分隔符
report-list-separator = 、
report-attention = 需要关注
report-nothing-needs-attention = 暂无需要关注的事项。
report-changed = 较上期报告状态有变化
report-off-track = 进展滞后
report-stale = 目标年度已过、数据不全
report-overdue = 逾期未报数据
report-alerts = 当前告警
report-changed-line = { $title }：{ $from } → { $to }
report-new-line = { $title }：新增，{ $to }
report-off-track-line = { $title }：{ $status }（得分 { $score }）
report-stale-line = { $title }：{ $why }（{ $status }）
report-overdue-line = { $region } { $indicator } { $period }（报送截止日 { $due }）
report-stale-since = 自{ $period }起缺少数据
report-span = { $first }至{ $last }
report-and-more = 另有 { $n } 期
report-overview = 总览
report-overview-alt = 各目标得分条形图（-5 至 5），颜色表示进展状态
report-chart-alt = 图表：{ $title }
report-source = 来源：{ $source }
report-goal-id = 目标编号
report-machine-readable = 机器可读数据：
report-plain-text = 纯文本：
report-goals = 各项目标
report-chart-file = 图表：{ $file }
report-fact = { $label }：{ $value }
report-not-available = 无
report-written = 截至{ $date }的报告：共 { $files } 个文件，位于 { $dir }
report-open = 打开 { $path }
report-demo-database = 演示数据库：{ $file }（示例数据，并非官方统计）
report-demo-open = 打开报告：{ $path }
fact-status = 状态
fact-due = 计划完成日期
fact-state = 进度
fact-to-date = 累计至今
fact-yoy = 同比
fact-projected-vs-target = 预测值与目标值
fact-current-vs-target = 当前值与目标值
fact-current-vs-baseline = 当前值与基期值
fact-goal = 目标方向
fact-path-expects = 按目标路径截至目前应达
fact-required = 剩余{ $unit ->
    [month] 各月
    [quarter] 各季度
   *[year] 各年
}需完成
fact-chance = 达标可能性
fact-missing = 缺少的数据
fact-overdue = 逾期未报数据
fact-final = 最终结果
fact-status-milestone = { $status }（得分 { $score }）
fact-status-series = { $status }（进度比 { $ratio }，得分 { $score }）
fact-status-stale = { $status }，{ $why }（进度比 { $ratio }，得分 { $score }）
fact-to-date-value = { $value }（{ $span }）
fact-yoy-value = 比上年同期 { $change }
fact-value-for-year = { $year }年 { $value }
fact-how-seasonal = （按季节规律预测）
fact-how-linear = （按线性趋势预测）
fact-how-projected = （预测值）
fact-vs-target = ，目标为{ $year }年 { $value }
fact-vs-baseline = ，基期{ $year }年为 { $value }
fact-increase = 上升（未设目标值）
fact-decrease = 下降（未设目标值）
fact-required-value = 每{ $unit ->
    [month] 月
    [quarter] 季度
   *[year] 年
}{ $limit ->
    [most] 至多
   *[least] 至少
} { $value }（还剩 { $left } { $unit ->
    [month] 个月
    [quarter] 个季度
   *[year] 年
}）
fact-chance-value = 按近 { $years } 年的规律推算，有 { $met } 年可实现目标（全年 { $low } 至 { $high }）
fact-final-stale = 目标年度已结束，数据不全
fact-final-complete = 目标年度数据已齐全
milestone-planned = 计划中
milestone-in_progress = 推进中
milestone-done = 已完成
milestone-dropped = 已取消
flag-normal = 正式数
flag-estimated = 估计数
flag-provisional = 初步数
flag-break = 统计口径变化

## 图表：标题、副标题、图例、坐标轴说明和标注
chart-score = 得分 { $score }
chart-ratio = 进度比 { $ratio }
chart-milestone-due = 计划完成日期：{ $date }
chart-milestone-state = 进度：{ $state }
chart-no-figures = 该目标尚无数据。
chart-flagged = { $period }为{ $flag }
chart-more-flagged = { $shown }（另有 { $n } 个标注数据）
chart-goal-increase = 目标：↑ 上升
chart-goal-decrease = 目标：↓ 下降
chart-baseline = 基期（{ $year }年）：{ $value }
chart-last-year = { $year }年累计
chart-seasonal-profile = { $year }年季节规律
chart-linear = 线性
chart-target-path = 目标路径（{ $shape }）
chart-target = 目标值 { $value }
chart-projection-to-year-end = 全年预测（{ $how }）
chart-projected-value = 预测 { $value }
chart-this-year = { $year }年累计至今
chart-chance = 达标可能 { $fraction }
chart-x-in-year = { $year }年各{ $unit ->
    [month] 月
   *[quarter] 季度
}（累计至期末）
chart-y-cumulative = 累计（{ $unit }）
chart-year-projected = { $year }年预测（{ $how }）
chart-year-projected-mark = { $year }年预测
chart-annual-total = 全年合计（完整年度）
chart-y-per-year = 全年（{ $unit }）
chart-x-year = 年份
chart-x-time = 时间
chart-readings = 实际值
chart-path-to-target = 目标路径（{ $shape }）
chart-compounding = 复合增长
chart-straight = 直线
chart-target-in-year = { $year }年目标：{ $value }
chart-how-seasonal = 按季节规律
chart-how-linear = 按线性趋势
chart-how-projected = 预测
chart-tick-month = { $m }月
chart-tick-quarter = { $q ->
    [1] 一季度
    [2] 二季度
    [3] 三季度
   *[4] 四季度
}
overview-title = 目标得分
overview-subtitle = 共 { $goals } · 进展顺利 { $on } 个 · 已实现目标 { $achieved } 个 · 得分范围 -5 至 5
overview-too-many = 目标过多，未逐一标注：详见目标列表
overview-empty = 本报告没有目标。

## 邮件：报告邮件（正文即报告页面和文字摘要）
email-subject = 目标进展报告（截至{ $date }）：{ $good } 项进展顺利，{ $bad } 项需要关注

## 告警：摘要、说明、告警邮件和催报提醒
alert-goal-status = { $region }：目标“{ $title }”当前状态为{ $status }（得分 { $score }）。
alert-goal-status-unscored = { $region }：目标“{ $title }”当前状态为{ $status }。
alert-goal-status-description = 该目标当前状态为“{ $status }”。运行 `waymark status --goal { $goal }` 可查看数据、预测及尚需完成的量。
alert-goal-at-risk = { $region }：目标“{ $title }”存在未能实现的风险：按近 { $years } 年的规律推算，仅 { $met } 年可实现目标（达标可能 { $chance }%，低于 { $below }%）。
alert-goal-at-risk-description = 按近 { $years } 年各年的走势推算全年余下各期，其中 { $met } 年可实现目标。达标可能回升到 { $below }% 及以上时，本告警自动解除。
alert-figure-overdue = { $region } { $indicator } 缺少{ $period }数据：报送截止日为{ $due }。
alert-figure-overdue-description = 等待该数据的目标：{ $goals }。请通过 `waymark record`、`waymark import` 或网页表单录入。
alert-figure-suspect = { $region } { $indicator } { $period } 的数据 { $value } 可能有误：{ $reason }
alert-figure-suspect-description = 请与数据来源核对；如系录入差错请更正，数据无误则可保留。
alert-source-failed = 数据源 { $source } 自 { $since } 起无法获取：{ $error }
alert-source-failed-description = 运行 `waymark pull { $source }` 可立即重试；下一次获取成功后本告警自动解除。
alert-email-subject = [waymark] { $firing ->
    [0] { $resolved } 条告警已解除
   *[other] { $firing } 条告警触发中{ $resolved ->
        [0] {""}
       *[other] ，{ $resolved } 条已解除
    }
}
alert-email-firing = 触发中：
alert-email-resolved = 已解除：
alert-email-footer = waymark 告警；运行 `waymark alerts` 可查看当前告警。
severity-warning = 警告
severity-critical = 严重
reminder-subject = [waymark] { $region }：{ $n } 项数据逾期未报
reminder-intro = 截至{ $date }，{ $region }以下数据逾期未报：
reminder-line = { $indicator }，{ $period }：报送截止日 { $due }
reminder-new = （新增）
reminder-outro = 请通过 `waymark record`、`waymark import` 或网页表单录入。
