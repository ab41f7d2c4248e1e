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
flag-normal = 正常
flag-estimated = 估计值
flag-provisional = 初步数
flag-break = 口径变化
milestone-planned = 未开始
milestone-in_progress = 推进中
milestone-done = 已完成
milestone-dropped = 已取消
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
page-flag-normal = 正常
page-flag-estimated = 估计数
page-flag-provisional = 初步数
page-flag-break = 序列中断

## Pages: dashboard (/) — 总览
page-dashboard-title = 总览
page-dashboard-heading = 目标进展
page-dashboard-all-regions = 全部地区
page-dashboard-show = 筛选
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
page-period-run = { $from }至{ $to }
page-periods-more = 另有 { $n } 期
page-milestone-planned = 计划中
page-milestone-in-progress = 推进中
page-milestone-done = 已完成
page-milestone-dropped = 已取消

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
