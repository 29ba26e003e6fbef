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
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="22"/>
        <source>午休</source>
        <comment>pause reason</comment>
        <translation>Lunch break</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="23"/>
        <source>临时离开</source>
        <comment>pause reason</comment>
        <translation>Stepped away</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="24"/>
        <source>系统故障</source>
        <comment>pause reason</comment>
        <translation>System fault</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="25"/>
        <source>业务培训</source>
        <comment>pause reason</comment>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="28"/>
        <source>业务咨询</source>
        <comment>pause reason</comment>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="29"/>
        <source>午间休息</source>
        <comment>pause reason</comment>
        <translation>Lunch break</translation>
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
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="319"/>
        <source>其他原因</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/DashboardPage.qml" line="320"/>
        <source>或输入原因</source>
        <translation>or type a reason</translation>
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
    <name>HallConsole</name>
    <message>
        <location filename="../../queue_display/console_state.py" line="149"/>
        <source>请输入用户名和密码</source>
        <translation>Enter the user name and PIN</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="167"/>
        <source>该账号不是大厅管理员</source>
        <translation>This account is not a hall manager</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="254"/>
        <source>窗口已开放</source>
        <translation>Window opened</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="258"/>
        <source>窗口已关闭</source>
        <translation>Window closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="265"/>
        <source>请选择或输入暂停原因</source>
        <translation>Choose or type a reason for the pause</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="268"/>
        <source>窗口已暂停</source>
        <translation>Window paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="273"/>
        <source>窗口已恢复</source>
        <translation>Window resumed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="277"/>
        <source>通知已发布</source>
        <translation>Notice published</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="282"/>
        <source>通知已修改</source>
        <translation>Notice changed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="287"/>
        <source>通知已删除</source>
        <translation>Notice deleted</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="304"/>
        <source>每日限额和预警人数须为整数</source>
        <translation>Daily cap and warning level must be whole numbers</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="312"/>
        <source>没有修改</source>
        <translation>Nothing changed</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="314"/>
        <source>设置已保存；新字头自下一个工作日起使用</source>
        <translation>Settings saved; the new prefix applies from the next business day</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="315"/>
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
    <message>
        <location filename="../../queue_display/console_state.py" line="356"/>
        <source>网络中断，正在重新发送（第 %1 次）…</source>
        <translation>Network interrupted; sending again (attempt %1)…</translation>
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
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="21"/>
        <source>大厅管理端</source>
        <translation>Hall manager console</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="29"/>
        <source>实时看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="30"/>
        <source>滚动通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="31"/>
        <source>事项设置</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="62"/>
        <source>● 实时连接</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="62"/>
        <source>● 正在重新连接</source>
        <translation>● Reconnecting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="68"/>
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/MainScreen.qml" line="81"/>
        <source>退出</source>
        <translation>Log out</translation>
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
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="80"/>
        <source>取号时段（如 08:30-12:00, 13:00-17:30），立即生效</source>
        <translation>Issuing hours (e.g. 08:30-12:00, 13:00-17:30), apply at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="88"/>
        <source>每日限额（张），立即生效</source>
        <translation>Daily cap (tickets), applies at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="95"/>
        <source>等候预警人数，立即生效</source>
        <translation>Warning level (waiting), applies at once</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="103"/>
        <source>号码字头（一个大写字母）</source>
        <translation>Number prefix (one capital letter)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="111"/>
        <source>当前字头 %1；自下一个工作日起改为 %2。今日已取号码不变。</source>
        <translation>Prefix now %1; %2 from the next business day. Today&apos;s numbers stay as they are.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="113"/>
        <source>修改字头自下一个工作日起生效，今日已取号码不变。</source>
        <translation>A new prefix applies from the next business day; today&apos;s numbers stay as they are.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="120"/>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="126"/>
        <source>还原</source>
        <translation>Undo changes</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/console/SettingsPage.qml" line="132"/>
        <source>今日已取 %1 张，当前等候 %2 人</source>
        <translation>%1 issued today, %2 waiting now</translation>
    </message>
</context>
</TS>
