<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../queue_display/desk.py" line="124" />
        <source>网络中断，正在重试（第 %1 次）…</source>
        <extracomment>How often the lists are read again even without events (a safety net, not the live path).</extracomment>
        <translation>Network lost, retrying (attempt %1)…</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="125" />
        <source>正在发送…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="242" />
        <source>请输入工号和 4–12 位数字密码</source>
        <translation>Enter your user name and a 4–12 digit PIN</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="476" />
        <source>当前没有等候的群众</source>
        <translation>Nobody is waiting</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="38" />
        <source>%1 号窗口 · 工作人员登录</source>
        <translation>Window %1 · Staff login</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="49" />
        <source>工号</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="60" />
        <source>密码（数字）</source>
        <translation>PIN (digits)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="81" />
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="81" />
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="102" />
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="102" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../queue_display/qml/terminal/Main.qml" line="11" />
        <source>窗口叫号终端</source>
        <translation>Window terminal</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="23" />
        <source>等候 %1</source>
        <translation>Waiting %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="31" />
        <source>挂起 %1</source>
        <translation>Held %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="44" />
        <source>叫此号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="46" />
        <source>暂无等候</source>
        <translation>Nobody waiting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="52" />
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="54" />
        <source>暂无挂起</source>
        <translation>No held tickets</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../queue_display/qml/terminal/ReasonDialog.qml" line="59" />
        <source>或输入原因</source>
        <translation>Or type a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/ReasonDialog.qml" line="70" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/ReasonDialog.qml" line="76" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketList.qml" line="61" />
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="20" />
        <source>评价器正在请群众评价…</source>
        <translation>The evaluator is asking the citizen for a rating…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="21" />
        <source>群众评价：%1</source>
        <translation>Citizen's rating: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="22" />
        <source>评价请求已过期，群众未评价</source>
        <translation>The rating request expired without a rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="23" />
        <source>请群众在评价器上评价本次服务</source>
        <translation>Ask the citizen to rate this service on the evaluator</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="33" />
        <source>已叫号，等候群众到窗口</source>
        <translation>Called, waiting for the citizen</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="34" />
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="100" />
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="154" />
        <source>请评价</source>
        <translation>Ask for rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="113" />
        <source>姓名：%1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="113" />
        <source>姓名：未登记</source>
        <translation>Name: not given</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="114" />
        <source>已重呼 %1 次</source>
        <translation>Recalled %1 times</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="115" />
        <source>转移 %1 次</source>
        <translation>Transferred %1 times</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="116" />
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="132" />
        <source>%1 号已办结</source>
        <translation>Ticket %1 is done</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="154" />
        <source>再次请评价</source>
        <translation>Ask again</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="163" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="178" />
        <source>当前无号码，请按“叫号”</source>
        <translation>No ticket at the window. Press "Call next"</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="179" />
        <source>窗口暂停中</source>
        <translation>The window is paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="179" />
        <source>窗口已关闭，请先开窗</source>
        <translation>The window is closed. Open it first</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="35" />
        <source>转移 %1 号</source>
        <translation>Transfer ticket %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="48" />
        <source>转到其他事项</source>
        <translation>To another service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="55" />
        <source>转到指定窗口</source>
        <translation>To a window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="77" />
        <source>%1号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="89" />
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="99" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="105" />
        <source>确定转移</source>
        <translation>Transfer</translation>
    </message>
</context>
<context>
    <name>WorkScreen</name>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="13" />
        <source>开放中</source>
        <translation>Now open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="14" />
        <source>暂停：%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="15" />
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="16" />
        <source>读取中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="19" />
        <source>实时连接</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="20" />
        <source>凭证无效</source>
        <translation>Login not accepted</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="21" />
        <source>实时消息已暂停</source>
        <translation>Live updates paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="22" />
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="55" />
        <source>%1 号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="65" />
        <source>工作人员：%1</source>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="94" />
        <source>开窗</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="102" />
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="110" />
        <source>关窗</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="118" />
        <source>退出</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="170" />
        <source>知道了</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="182" />
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="184" />
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="186" />
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="188" />
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="190" />
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="192" />
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="194" />
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="196" />
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="211" />
        <source>暂停窗口：请选择原因</source>
        <translation>Pause the window: choose a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="212" />
        <source>临时离开</source>
        <translation>Away briefly</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="212" />
        <source>业务咨询</source>
        <translation>Answering enquiries</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="212" />
        <source>系统故障</source>
        <translation>System fault</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="212" />
        <source>午间休息</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="218" />
        <source>挂起当前号码：请选择原因</source>
        <translation>Hold this ticket: choose a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="219" />
        <source>材料不全</source>
        <translation>Papers incomplete</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="219" />
        <source>等待后台审批</source>
        <translation>Awaiting back-office approval</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="219" />
        <source>群众暂时离开</source>
        <translation>Citizen stepped away</translation>
    </message>
</context>
</TS>
