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
