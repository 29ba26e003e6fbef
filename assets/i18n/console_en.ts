<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="11"/>
        <source>红色预警</source>
        <translation>Red alert</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="11"/>
        <source>黄色预警</source>
        <translation>Yellow alert</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="11"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="14"/>
        <source>开放</source>
        <comment>window state</comment>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="14"/>
        <source>暂停</source>
        <comment>window state</comment>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="15"/>
        <source>关闭</source>
        <comment>window state</comment>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="62"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="62"/>
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="63"/>
        <source>最长等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="63"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="64"/>
        <source>已取/限额</source>
        <translation>Issued / cap</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="113"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="295"/>
        <source>暂停 %1：请选择原因</source>
        <translation>Pause %1: choose a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="329"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="335"/>
        <source>暂停窗口</source>
        <translation>Pause window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="39"/>
        <source>办理 %1</source>
        <translation>Serving %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="39"/>
        <source>呼叫 %1</source>
        <translation>Calling %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="41"/>
        <source>空闲 %1 分钟</source>
        <translation>Idle %1 min</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="211"/>
        <source>恢复</source>
        <comment>button</comment>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="211"/>
        <source>暂停</source>
        <comment>button</comment>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="223"/>
        <source>开放</source>
        <comment>button</comment>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="223"/>
        <source>关闭</source>
        <comment>button</comment>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="243"/>
        <source>今日每小时取号数</source>
        <translation>Tickets issued per hour today</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="252"/>
        <source>今日每小时平均等候（分钟，取号至叫号）</source>
        <translation>Average wait per hour today (minutes, issue to call)</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="15"/>
        <source>已叫号，请到 %1 办理</source>
        <translation>Called: to %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="17"/>
        <source>已挂起，请到窗口咨询</source>
        <translation>On hold: ask at the window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="18"/>
        <source>等候中：前面还有 %1 人，预计等候约 %2 分钟</source>
        <translation>Waiting: %1 people ahead, about %2 min</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="32"/>
        <source>补打凭条</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="38"/>
        <source>群众报出号码后在此查询，向其读出或写下凭条内容。每次查询都计为一次补打。</source>
        <translation>Look up the number a citizen gives, then read out or write down what the receipt says. Each lookup counts as a reprint.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="45"/>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="46"/>
        <source>如 A012</source>
        <translation>e.g. A012</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="54"/>
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="73"/>
        <source>号码应为一个字母加数字，如 A012</source>
        <translation>A number is a letter and digits, e.g. A012</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="79"/>
        <source>输入号码后查询</source>
        <translation>Type a number to look it up</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="115"/>
        <source>绿色通道：优先叫号</source>
        <translation>Green channel: called first</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DeskPage.qml" line="121"/>
        <source>取号时间：%1</source>
        <translation>Taken at %1</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="23"/>
        <source>共 %1 台设备，%2 台需要处理</source>
        <translation>%1 devices, %2 need attention</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="29"/>
        <source>超过 3 次心跳未收到即为离线；状态变化保留 31 天</source>
        <translation>Offline after 3 missed heartbeats; changes kept 31 days</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="51"/>
        <source>■ 夜间告警 %1：%2</source>
        <translation>■ Night alert %1: %2</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="67"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="67"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="67"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="68"/>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="68"/>
        <source>持续</source>
        <translation>Since</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="68"/>
        <source>最后心跳</source>
        <translation>Last heard</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="69"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="69"/>
        <source>部件状态</source>
        <translation>Parts</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="69"/>
        <source>远程诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="118"/>
        <source>（7×24）</source>
        <translation> (7×24)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="146"/>
        <source>自检</source>
        <translation>Self-test</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="150"/>
        <source>远程自检 %1</source>
        <translation>Remote self-test of %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="183"/>
        <source>远程自检：%1</source>
        <translation>Remote self-test: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="202"/>
        <source>正在发送自检请求…</source>
        <translation>Sending the self-test request…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="236"/>
        <source>自检报告（kiosk-diag --json）</source>
        <translation>Self-test report (kiosk-diag --json)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="253"/>
        <source>自检报告</source>
        <translation>Self-test report</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="261"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DevicesPage.qml" line="264"/>
        <source>关闭自检结果</source>
        <translation>Close the self-test result</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="12"/>
        <source>✔ 已办结（逾期）</source>
        <translation>✔ Closed (late)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="12"/>
        <source>✔ 已办结</source>
        <translation>✔ Closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="13"/>
        <source>■ 已超期</source>
        <translation>■ Overdue</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="13"/>
        <source>● 待回访</source>
        <translation>● To follow up</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="16"/>
        <source>办件 %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="16"/>
        <source>号码 %1</source>
        <translation>Ticket %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="25"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="26"/>
        <source>已超期 %1</source>
        <translation>Overdue %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="27"/>
        <source>待回访 %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="28"/>
        <source>已办结 %1</source>
        <translation>Closed %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="42"/>
        <source>差评（不满意、非常不满意）自动生成回访，须在期限内办结</source>
        <translation>Each bad rating (dissatisfied, very dissatisfied) opens a follow-up to close by its deadline</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="54"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="54"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="54"/>
        <source>号码/办件</source>
        <translation>Ticket / case</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="55"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="55"/>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="55"/>
        <source>评价时间</source>
        <translation>Rated at</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="56"/>
        <source>回访期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="56"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="76"/>
        <source>没有差评回访</source>
        <translation>No follow-ups</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="136"/>
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="146"/>
        <source>回访情况：%1（%2，%3）</source>
        <translation>Follow-up: %1 (%2, %3)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="193"/>
        <source>办结回访：%1 · %2</source>
        <translation>Close follow-up: %1 · %2</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="201"/>
        <source>原因：%1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="209"/>
        <source>回访处理情况（必填）</source>
        <translation>What was done (required)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="210"/>
        <source>例如：已电话联系群众，说明原因并致歉</source>
        <translation>e.g. called the citizen, explained and apologised</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="229"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/FollowUpsPage.qml" line="235"/>
        <source>确认办结</source>
        <translation>Close follow-up</translation>
    </message>
</context>
<context>
    <name>HallConsole</name>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="32"/>
        <source>刚刚</source>
        <translation>just now</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="34"/>
        <source>%1 分钟前</source>
        <translation>%1 min ago</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="36"/>
        <source>%1 小时前</source>
        <translation>%1 h ago</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="37"/>
        <source>%1 天前</source>
        <translation>%1 days ago</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="41"/>
        <source>自助终端</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="41"/>
        <source>综合屏</source>
        <translation>Hall display</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="41"/>
        <source>评价器</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="45"/>
        <source>凭条打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="45"/>
        <source>证照打印机</source>
        <translation>Certificate printer</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="45"/>
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="46"/>
        <source>扫码器</source>
        <translation>QR scanner</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="46"/>
        <source>触摸屏</source>
        <translation>Touch screen</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="46"/>
        <source>评价请求</source>
        <translation>Rating requests</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="47"/>
        <source>窗口屏</source>
        <translation>Window LED screen</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="120"/>
        <source>从未连接</source>
        <translation>never heard</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="142"/>
        <source>已请求终端自检，请稍候</source>
        <translation>Self-test requested; please wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="183"/>
        <source>等待终端领取自检任务…</source>
        <translation>Waiting for the kiosk to take the self-test…</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="183"/>
        <source>终端正在自检…</source>
        <translation>The kiosk is testing its devices…</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="201"/>
        <source>通过</source>
        <translation>passed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="201"/>
        <source>未通过</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_fleet.py" line="203"/>
        <source>设备主机</source>
        <translation>Device host</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="282"/>
        <source>请输入用户名和密码</source>
        <translation>Enter the user name and PIN</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="300"/>
        <source>该账号不是大厅管理员</source>
        <translation>This account is not a hall manager</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="419"/>
        <source>窗口已开放</source>
        <translation>Window opened</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="423"/>
        <source>窗口已关闭</source>
        <translation>Window closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="430"/>
        <source>请选择暂停原因</source>
        <translation>Choose a reason for the pause</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="433"/>
        <source>窗口已暂停</source>
        <translation>Window paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="438"/>
        <source>窗口已恢复</source>
        <translation>Window resumed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="442"/>
        <source>通知已发布</source>
        <translation>Notice published</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="447"/>
        <source>通知已修改</source>
        <translation>Notice changed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="452"/>
        <source>通知已删除</source>
        <translation>Notice deleted</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="469"/>
        <source>每日限额和预警人数须为整数</source>
        <translation>Daily cap and warning level must be whole numbers</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="477"/>
        <source>没有修改</source>
        <translation>Nothing changed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="479"/>
        <source>设置已保存；新字头自下一个工作日起使用</source>
        <translation>Settings saved; the new prefix applies from the next business day</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="480"/>
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="588"/>
        <source>请填写回访处理情况</source>
        <translation>Write down what was done</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="598"/>
        <source>回访已办结</source>
        <translation>Follow-up closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="625"/>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>Dates are written YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="628"/>
        <source>开始日期晚于结束日期</source>
        <translation>The range starts after it ends</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="631"/>
        <source>统计范围最长366天</source>
        <translation>A range is at most 366 days</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="694"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="716"/>
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="720"/>
        <source>导出失败，无法写入 %1</source>
        <translation>Export failed: cannot write to %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="752"/>
        <source>网络中断，正在重新发送（第 %1 次）…</source>
        <translation>Network interrupted; sending again (attempt %1)…</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="763"/>
        <source>导出失败：无法连接服务器</source>
        <translation>Export failed: cannot reach the server</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>事项类别</source>
        <translation>Categories</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>窗口</source>
        <translation>Windows</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>办事指南事项</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>评价原因</source>
        <translation>Rating reasons</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>号码字头</source>
        <translation>Number prefix</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>英文名称</source>
        <translation>English name</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>取号时段（逗号分隔）</source>
        <translation>Issuing hours (comma separated)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>每日限额</source>
        <translation>Daily cap</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>等候预警人数</source>
        <translation>Waiting warning level</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>仅限预约</source>
        <translation>Appointments only</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>须刷身份证</source>
        <translation>ID card required</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>节假日也取号</source>
        <translation>Issues on rest days too</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>可办类别（逗号分隔）</source>
        <translation>Categories served (comma separated)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>窗口屏地址</source>
        <translation>Window LED address</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>所属类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>法定时限（工作日）</source>
        <translation>Legal time limit (working days)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>承诺时限（工作日）</source>
        <translation>Promised time limit (working days)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>收费（英文）</source>
        <translation>Fee (English)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>办理地点</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>办理地点（英文）</source>
        <translation>Where (English)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>可网上办理</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>备注（英文）</source>
        <translation>Notes (English)</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>请填写编码</source>
        <translation>Enter a code</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>已删除</source>
        <translation>Removed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>通知模板</source>
        <translation>Notice templates</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>通知内容</source>
        <translation>Notice text</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_settings.py"/>
        <source>英文内容</source>
        <translation>English text</translation>
    </message>
</context>
<context>
    <name>HallSettingsPage</name>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>新增一行</source>
        <translation>Add a row</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>由中心统一发布</source>
        <translation>Published by the centre</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>在左侧选择一行进行修改，或新增一行</source>
        <translation>Choose a row on the left to edit it, or add a row</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>修改 %1</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/HallSettingsPage.qml"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="20"/>
        <source>大厅管理端</source>
        <translation>Hall manager console</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="27"/>
        <source>请使用大厅管理员账号登录</source>
        <translation>Log in with a hall manager account</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="36"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="43"/>
        <source>密码（PIN）</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="52"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/LoginScreen.qml" line="52"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../queue_display/qml/console/Main.qml" line="11"/>
        <source>大厅管理端</source>
        <translation>Hall manager console</translation>
    </message>
</context>
<context>
    <name>MainScreen</name>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="36"/>
        <source>补打凭条</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="26"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="21"/>
        <source>大厅管理端</source>
        <translation>Hall manager console</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="30"/>
        <source>实时看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="31"/>
        <source>滚动通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="32"/>
        <source>事项设置</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="33"/>
        <source>电子监察</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="34"/>
        <source>差评回访</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="35"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="94"/>
        <source>● 实时连接</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="94"/>
        <source>● 正在重新连接</source>
        <translation>● Reconnecting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="100"/>
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="114"/>
        <source>退出</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="52"/>
        <source>%1 项待处理</source>
        <translation>%1 to deal with</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="10"/>
        <source>全大厅</source>
        <translation>Whole hall</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="37"/>
        <source>发布新通知</source>
        <translation>New notice</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="37"/>
        <source>修改通知</source>
        <translation>Edit notice</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="41"/>
        <source>中文内容（必填，最多200字）</source>
        <translation>Chinese text (required, up to 200 characters)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="52"/>
        <source>例如：今日16:30起暂停受理不动产登记业务</source>
        <translation>e.g. 今日16:30起暂停受理不动产登记业务</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="58"/>
        <source>%1 / 200 字</source>
        <translation>%1 / 200 characters</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="63"/>
        <source>英文内容（可选）</source>
        <translation>English text (optional)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="82"/>
        <source>显示区域</source>
        <translation>Shown in</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="108"/>
        <source>立即显示</source>
        <translation>Show now</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="117"/>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="117"/>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="131"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="147"/>
        <source>当前通知（%1 条）</source>
        <translation>Current notices (%1)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="153"/>
        <source>暂无通知</source>
        <translation>No notices</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="193"/>
        <source>显示中</source>
        <translation>Showing</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="193"/>
        <source>已停用</source>
        <translation>Switched off</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="203"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="209"/>
        <source>停用</source>
        <translation>Switch off</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="209"/>
        <source>启用</source>
        <translation>Switch on</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml" line="218"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml"/>
        <source>从模板填入（可在“设置”中修改模板）</source>
        <translation>Fill in from a template (templates are edited in Settings)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/NoticesPage.qml"/>
        <source>填入模板：%1</source>
        <translation>Fill in the template: %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="82"/>
        <source>取号时段（如 08:30-12:00, 13:00-17:30），立即生效</source>
        <translation>Issuing hours (e.g. 08:30-12:00, 13:00-17:30), apply at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="90"/>
        <source>每日限额（张），立即生效</source>
        <translation>Daily cap (tickets), applies at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="97"/>
        <source>等候预警人数，立即生效</source>
        <translation>Warning level (waiting), applies at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="105"/>
        <source>号码字头（一个大写字母）</source>
        <translation>Number prefix (one capital letter)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="113"/>
        <source>当前字头 %1；自下一个工作日起改为 %2。今日已取号码不变。</source>
        <translation>Prefix now %1; %2 from the next business day. Today&apos;s numbers stay as they are.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="115"/>
        <source>修改字头自下一个工作日起生效，今日已取号码不变。</source>
        <translation>A new prefix applies from the next business day; today&apos;s numbers stay as they are.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="122"/>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="128"/>
        <source>还原</source>
        <translation>Undo changes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="134"/>
        <source>今日已取 %1 张，当前等候 %2 人</source>
        <translation>%1 issued today, %2 waiting now</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="30"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="30"/>
        <source>近7天</source>
        <translation>7 days</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="31"/>
        <source>本月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="45"/>
        <source>开始日期</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="54"/>
        <source>结束日期</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="62"/>
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="67"/>
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="67"/>
        <source>按事项</source>
        <translation>By service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="68"/>
        <source>按窗口</source>
        <translation>By window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="82"/>
        <source>导出 CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="98"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="98"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="98"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="99"/>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="209"/>
        <source>取号</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="99"/>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="209"/>
        <source>办理</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="99"/>
        <source>过号</source>
        <translation>Missed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="100"/>
        <source>平均等候</source>
        <translation>Avg wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="100"/>
        <source>P90等候</source>
        <translation>P90 wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="100"/>
        <source>平均办理</source>
        <translation>Avg service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="101"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="101"/>
        <source>满意率</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="107"/>
        <source>（正在统计…）</source>
        <translation> (counting…)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="107"/>
        <source>&#x3000;时间单位：分钟</source>
        <translation>   times in minutes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="205"/>
        <source>取号与办理</source>
        <translation>Issued and served</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="217"/>
        <source>等候时间（分钟）</source>
        <translation>Wait (minutes)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="221"/>
        <source>平均</source>
        <translation>Average</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/StatsPage.qml" line="221"/>
        <source>P90</source>
        <translation>P90</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="11"/>
        <source>■ 红灯 超期</source>
        <translation>■ Red: overdue</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="11"/>
        <source>▲ 黄灯 临期</source>
        <translation>▲ Yellow: due soon</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="11"/>
        <source>● 正常</source>
        <translation>● OK</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="13"/>
        <source>■ 红灯 严重超时</source>
        <translation>■ Red: too long</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="13"/>
        <source>▲ 黄灯 超时</source>
        <translation>▲ Yellow: long wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="15"/>
        <source>超期 %1 个工作日</source>
        <translation>Late by %1 work days</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="15"/>
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="15"/>
        <source>剩 %1 个工作日</source>
        <translation>Work days left: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="18"/>
        <source>受理</source>
        <comment>case stage</comment>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="18"/>
        <source>审核</source>
        <comment>case stage</comment>
        <translation>Reviewing</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="19"/>
        <source>批准</source>
        <comment>case stage</comment>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="19"/>
        <source>办结</source>
        <comment>case stage</comment>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="32"/>
        <source>办件红灯</source>
        <translation>Cases red</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="33"/>
        <source>已过承诺办结日期</source>
        <translation>Past the promised date</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="42"/>
        <source>办件黄灯</source>
        <translation>Cases yellow</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="43"/>
        <source>距承诺办结日期 %1 个工作日内</source>
        <translation>Within %1 working days of the promised date</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="52"/>
        <source>等候红灯</source>
        <translation>Waits red</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="53"/>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="63"/>
        <source>等候超过 %1 分钟</source>
        <translation>Waiting over %1 minutes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="62"/>
        <source>等候黄灯</source>
        <translation>Waits yellow</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="78"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="78"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="78"/>
        <source>申请人</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="79"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="79"/>
        <source>承诺办结</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="79"/>
        <source>剩余时限</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="80"/>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="172"/>
        <source>监察状态</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="86"/>
        <source>办件时限监察（%1 件）</source>
        <translation>Case deadlines (%1)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="107"/>
        <source>没有临期或超期的办件</source>
        <translation>No case is near or past its promised date</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="163"/>
        <source>等候超时（%1 张）</source>
        <translation>Waiting too long (%1)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="171"/>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="171"/>
        <source>事项类别</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="172"/>
        <source>已等候</source>
        <translation>Waited</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="185"/>
        <source>没有等候超时的号</source>
        <translation>No ticket has waited too long</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SupervisionPage.qml" line="209"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
</context>
</TS>
