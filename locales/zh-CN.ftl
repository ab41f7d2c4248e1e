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
