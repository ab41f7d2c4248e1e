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

## 数据标记与里程碑状态
# 目标未评估的原因：数据中断。
stale-since = 自{ $period }起缺数
# 没有目标值的目标按趋势评估。
versus-trend = { $value }（趋势）

## 命令行：进展状态
cli-status-heading = 目标进展（截至{ $date }）
cli-status-goal = 目标
cli-status-region = 地区
cli-status-to-date = 累计
cli-status-versus = 当前 / 目标
cli-status-unit = 单位
cli-status-ratio = 进度比
cli-status-score = 得分
cli-status-chance = 达成概率
cli-status-status = 状态
cli-status-goals = 目标数
cli-status-projected-note = * 按已有数据预测全年
cli-status-chance-note = 达成概率：在过去各年的月度规律下，本年余下时间能达到目标的年数占比
cli-status-milestones = 里程碑
cli-status-milestone = 里程碑
cli-status-due = 期限
cli-status-state = 进度

## 命令行：修订历史与告警
cli-history-period = 期间
cli-history-value = 数值
cli-history-basis = 口径
cli-history-flag = 标记
cli-history-recorded-at = 录入时间
cli-history-recorded-by = 录入人
cli-history-note = 备注
cli-alerts-none = 当前没有告警
cli-alerts-name = 告警
cli-alerts-status = 状态
cli-alerts-since = 开始时间
cli-alerts-summary = 摘要

## Pages: every page — 所有页面（标题、页头、语言切换、字段名、通用词语）
page-title = { $page } · waymark
page-nav-dashboard = 总览
page-nav-enter = 录入数据
page-signed-in-as = 当前用户：{ $name }
page-language-switch = 语言
# 各语言用其自身的名称，在每个目录中都相同。
page-language-en = English
page-language-zh-cn = 中文
page-list-separator = 、
page-label-separator = ：
page-field-region = 地区
page-field-indicator = 指标
page-field-period = 期间
page-field-value = 数值
page-field-basis = 口径
page-field-note = 备注
page-field-flag = 标记
page-frequency-monthly = 月度
page-frequency-quarterly = 季度
page-frequency-annual = 年度

## Pages: dashboard (/) — 总览
page-dashboard-title = 总览
page-dashboard-heading = 目标进展
page-dashboard-all-regions = 全部地区
page-dashboard-show = 筛选
page-enter-csv-not-kept = 粘贴的内容超过 { $kb } KB，未放回输入框：请在原表格中改正后重新粘贴。
page-dashboard-counts = 各状态目标数
page-skip-to-content = 跳到正文
page-field-as-of = 截至日期
page-dashboard-bad-as-of = “{ $value }”不是日期（YYYY-MM-DD）：显示截至今天的目标。
page-dashboard-unknown-region = 地区：没有“{ $id }”这个地区，下面列出全部目标。
page-dashboard-unknown-region-suggest = 地区：没有“{ $id }”这个地区（是否要找“{ $suggestion }”？），下面列出全部目标。
page-dashboard-as-of = 截至{ $date }，共 { $goals }。
page-goal-latest-period = 最新数据期
page-goal-flagged = { $period }（{ $flag }）
page-goal-none-yet = 暂无
page-goal-to-date = 累计完成
page-goal-expected-to-date = 按进度应完成
page-goal-figures = 数据
page-goal-missing-since = 自{ $period }起缺失（目标年度已结束）
page-goal-projected = 全年预计
page-goal-current = 当前值
page-goal-overdue = 逾期未报
page-goal-target = 目标值
page-goal-target-year = （{ $year }年）
page-goal-chance = 实现可能性
page-goal-chance-words = 按以往 { $years } 年的走势推算，其中 { $met } 年可实现目标
page-goal-score = 得分
page-goal-state = 进展状态
page-goal-due = 完成时限
page-goal-chart = { $title }图表
page-goal-title = { $title }
page-goal-back = ← 全部目标
page-goal-unknown = 没有编号为“{ $id }”的目标。
page-goal-unknown-suggest = 没有编号为“{ $id }”的目标（是否指“{ $suggestion }”？）。
page-goal-figures-heading = 数据：{ $indicator }（{ $unit }）
page-goal-revisions = 修订次数
page-goal-comments = 评论
page-goal-no-comments = 暂无评论。
page-goal-comment-by = { $author }，{ $time }
page-goal-comment-on-figure = 关于{ $period }的数据
page-goal-comment-about = 评论对象
page-goal-comment-about-goal = 整个目标
page-goal-comment-text = 评论（最多 { $max } 个字符）
page-goal-comment-submit = 添加评论
page-goal-sign-in = 登录后可发表评论或更改状态。
page-goal-milestone = 里程碑
page-goal-milestone-now = 当前：{ $state }
page-goal-milestone-history = 变更记录
page-goal-milestone-no-history = 尚未变更。
page-goal-milestone-note = 备注（可选，最多 { $max } 个字符）
page-goal-milestone-submit = 保存状态
page-goal-when = 时间
page-goal-who = 操作人
page-goal-csrf = 表单已过期或并非来自本站（CSRF 校验未通过），未保存任何内容。请重新打开该目标页面。
page-goal-forbidden = 您只能为所属地区（{ $yours }）填写，未保存任何内容。
page-goal-not-milestone = 该目标按数据衡量，不是里程碑，未保存任何内容。
page-goal-error-missing = 请填写内容。
page-goal-error-too-long = 内容长 { $chars } 个字符，最多保留 { $max } 个，请缩短。
page-goal-error-control = 内容含有控制字符，请删除。
page-goal-error-state = 请从列表中选择一种状态。
page-goal-error-about = 请选择目标本身或其某期数据。
page-period-run = { $from }至{ $to }
page-periods-more = 另有 { $n } 期

## Pages: sign-in and entry (/enter, /login, /logout) — 登录与录入
page-login-title = 登录
page-login-intro = 请使用填报令牌登录。
page-login-token = 令牌
page-login-submit = 登录
page-login-first = 请先登录。
page-login-expired = 表单已过期或并非来自本站，请重新登录。
page-login-bad-token = 令牌无效（不存在或已被吊销）。
page-login-viewer = 只读令牌不能录入数据，请申请填报令牌。
page-logout = 退出登录
page-logout-csrf = 表单已过期或并非来自本站（CSRF 校验未通过），您仍处于登录状态。
page-enter-title = 录入数据
page-enter-heading = 录入数据
page-enter-indicator = { $name }（{ $unit }，{ $frequency }）
page-enter-period-hint = 如 2021-03、2021-Q3 或 2021
page-enter-basis-period = 当期值
page-enter-basis-ytd = 本年累计值
page-enter-note = 备注（选填）
page-enter-save = 保存
page-enter-csv-heading = 或粘贴 CSV 数据
page-enter-csv-hint = 列名为 region,indicator,period,value，可另加 basis,note；各行要么全部记录，要么一行都不记录
page-enter-csv-submit = 导入 CSV
page-enter-recorded = 已记录：新增 { $new } 条，修订 { $revised } 条，未变 { $unchanged } 条。
page-enter-warning = 提示：{ $text }
page-enter-suspect = { $field } { $value } 与该序列往期数据相比明显异常（单位有误或离群值？），已记录，请核实。
page-enter-suspects-more = ……另有 { $n } 个可疑数据
page-enter-csrf = 表单已过期或并非来自本站（CSRF 校验未通过），未记录任何数据。
page-enter-forbidden = 您只能录入以下地区的数据：{ $yours }；不能录入：{ $refused }。未记录任何数据。
page-enter-refused = “{ $region }”
page-enter-refused-at-line = “{ $region }”（第 { $line } 行）

## Pages: problems with figures on the entry page — 数据问题（每个问题代码一条）
page-problem-line = 第 { $line } 行：{ $problem }
page-problem-field = { $field }：{ $words }
page-problem-field-value = { $field }“{ $value }”：{ $words }
page-problem-value = { $words }：“{ $value }”
page-problem-missing = 未填写
page-problem-unknown_region = 目录中没有这个地区
page-problem-unknown_region-suggest = 目录中没有这个地区（是否要找“{ $expected }”？）
page-problem-unknown_indicator = 目录中没有这个指标
page-problem-unknown_indicator-suggest = 目录中没有这个指标（是否要找“{ $expected }”？）
page-problem-bad_period = 不是有效的期间（应写成 2021-03、2021-Q3 或 2021）
page-problem-wrong_frequency = 与指标的频率不符（期间应写成 { $expected } 的形式）
page-problem-wrong_frequency-plain = 与指标的频率不符（月度写 2021-03，季度写 2021-Q3，年度写 2021）
page-problem-not_a_number = 不是有效的数字（应写成 12406 或 -3.5 这样的数）
page-problem-thousands_separator = 请勿使用千位分隔符（应写 12406，而非 12,406）
page-problem-not_finite = 不是有限的数值
page-problem-out_of_range = 超出范围（数值须在 -1e15 至 1e15 之间）
page-problem-bad_basis = 口径无效（应写 period 或 ytd）
page-problem-ytd_on_level = 本年累计值只适用于流量指标，不适用于存量指标
page-problem-bad_flag = 标记无效（应写 A、E、P、B 或 M）
page-problem-rule_min = 低于该指标允许的最小值 { $expected }
page-problem-rule_max = 高于该指标允许的最大值 { $expected }
page-problem-rule_integer = 该指标只接受整数
page-problem-rule_future = 该期间尚未结束
page-problem-multiline = 内容跨越多行
page-problem-control_character = 含有控制字符
page-problem-too_long = 内容过长（备注最多 2,000 个字符）
page-problem-conflict = 与前面某行给出的同一数据不一致
page-problem-ytd_falls = 本年累计值小于同年较早期间的累计值
page-problem-empty = 没有数据：请粘贴表头行和至少一行数据
page-problem-missing_header = 缺少表头行：第一行须列出 region、indicator、period、value 等列名
page-problem-missing_column = 缺少必需的列
page-problem-unknown_column = 未知的列
page-problem-duplicate_column = 列名重复
page-problem-unnamed_column = 表头中有未命名的列
page-problem-field_count = 字段数与表头的列数不一致
page-problem-unclosed_quote = 引号未闭合
page-problem-row_too_long = 该行过长
page-problem-too_many_rows = 行数过多，请分批粘贴
page-problem-not_utf8 = 不是 UTF-8 文本
page-problem-more = ……另有 { $n } 个问题未列出
page-problem-other = 无法记录此项

## Pages: errors — 出错页面（页面路由出错，以及在浏览器中打开不存在的地址）
page-error-title = 出错了
page-error-back = 返回总览
page-error-not-found = 没有这个页面。
page-error-bad-request = 无法读取该请求。
page-error-forbidden = 您无权执行此操作。
page-error-too-large = 提交的内容超过 { $limit } KiB 的上限，请分批粘贴。
page-error-busy = 数据库正忙于其他写入，未写入任何数据，请 { $seconds } 秒后重试。
page-error-disk-full = 服务器磁盘已满，未写入任何数据，请稍后再试。
page-error-unavailable = 服务器暂时无法响应，请稍后再试。
page-error-internal = 服务器出错，请稍后再试。

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
report-source = 来源：{ $source }
report-goal-id = 目标编号
report-machine-readable = 机器可读数据：
report-plain-text = 纯文本：
report-goals = 各项目标
report-chart-file = 图表：{ $file }
report-comments = 评论
report-comment-line = { $author }，{ $time }：{ $text }
report-comment-figure-line = { $author }，{ $time }，关于{ $period }：{ $text }
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

## 待审核数据（waymark review、history、/review）
cli-history-review = 审核
cli-review-none = 没有待审核的数据。
cli-review-id = 编号
cli-review-region = 地区
cli-review-indicator = 指标
cli-review-state = 状态
cli-review-entered-by = 录入人
cli-review-entered-at = 录入时间
cli-review-why = 待审原因
cli-review-accepted = 已通过数据 { $id }：{ $figure } = { $value }，自现在起计入。
cli-review-rejected = 已驳回数据 { $id }：{ $figure } = { $value }，不计入；历史记录中保留为已驳回。
review-state-held = 待审核
review-state-accepted = 已通过
review-state-rejected = 已驳回
review-state-confirmed = 已确认
page-nav-review = 审核
page-enter-held = { $held } 条待审核：确认或通过前不计入（见下文）。
page-review-title = 审核
page-review-heading = 待审核数据
page-review-intro = 这些数据看起来有误（或其指标要求每条数据都经审核），因此尚未计入状态、报告和提醒。由管理员或该地区的另一位录入员（非录入人）逐条通过或驳回。
page-review-empty = 没有待审核的数据。
page-review-entered = { $by } 录入于 { $at }
page-review-why = 待审原因：{ $why }
page-review-reason = 理由（随决定保存）
page-review-reason-hint = 例如：已与海关核实
page-review-accept = 通过
page-review-reject = 驳回
page-review-own = 此数据由您录入：须由另一人审核。
page-review-yours-heading = 您录入的待审核数据
page-review-yours-hint = 如数据无误，请填写理由确认，即可立即计入；否则由另一位录入员或管理员审核。
page-review-confirm-reason = 为何无误？
page-review-confirm = 确认
page-review-done = { $figure }：{ $state }。
page-review-not-allowed = 您不能审核此数据：须由管理员或该地区的另一位录入员（非录入人）审核。
page-review-reason-needed = 请填写数据无误的理由。
page-review-gone = 没有这条待审核数据。
page-review-conflict = 未完成：{ $why }
## 图表：里程碑时间轴、替代文字、数据表
milestones-count = { $n } 个里程碑
overview-x-axis = 得分：-5（远离目标路径）至 5（达到或超前于路径）
timeline-title = 里程碑（按计划完成日期）
timeline-missed = 已逾期未完成 { $n } 个
timeline-year = { $year }年
timeline-axis = 计划完成日期
timeline-as-of = 截至 { $date }
timeline-label = { $date } · { $state } · { $status }
chart-alt-target = { $title }。{ $when }：{ $value }，目标 { $target }，完成 { $percent }；{ $status }
chart-alt-value = { $title }。{ $when }：{ $value }；{ $status }
chart-alt-baseline = { $title }。{ $when }：{ $value }，基期 { $baseline }；{ $status }
chart-alt-none = { $title }：尚无数据；{ $status }
chart-alt-milestone = { $title }：计划完成日期 { $due }，{ $state }；{ $status }
chart-alt-projected = { $year }年预计
report-overview-alt-counts = 各目标得分条形图（-5 至 5），颜色表示进展状态。{ $counts }
report-timeline-alt = 里程碑时间轴（按计划完成日期）。{ $counts }
report-contents = 目录
report-milestones = 里程碑
report-data-table = 数据表（{ $n } 个数据）
report-scores-table = 得分表
report-milestones-table = 里程碑一览表
report-table-period = 时期
report-table-value = 数值
report-table-flag = 标记
report-table-goal = 目标
report-table-region = 地区
report-table-due = 计划完成日期
report-table-state = 进度
report-table-status = 状态
report-table-score = 得分
report-download-csv = 下载数据（CSV）
report-see-timeline = 该里程碑见里程碑时间轴。
