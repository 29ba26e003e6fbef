<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>WindowDesk</name>
    <message>
        <source>本窗口未配置打印机</source>
        <translation>This window has no printer set up</translation>
    </message>
    <message>
        <source>表单 %1 已送打印机</source>
        <translation>Form %1 sent to the printer</translation>
    </message>
    <message>
        <source>表单未能打印，请检查打印机</source>
        <translation>The form could not be printed: check the printer</translation>
    </message>
    <message>
        <source>已请群众在评价器上核对表单</source>
        <translation>The citizen is asked to check the form on the evaluator</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="147"/>
        <source>网络中断，正在重试（第 %1 次）…</source>
        <extracomment>How often the lists are read again even without events (a safety net, not the live path).</extracomment>
        <translation>Network lost, retrying (attempt %1)…</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="148"/>
        <source>正在发送…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="285"/>
        <source>请输入工号和 4–12 位数字密码</source>
        <translation>Enter your user name and a 4–12 digit PIN</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="584"/>
        <source>窗口已开放</source>
        <translation>Window open</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="584"/>
        <source>窗口已暂停</source>
        <translation>Window paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="585"/>
        <source>窗口已关闭</source>
        <translation>Window closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="755"/>
        <source>新的营业日开始，窗口已关闭</source>
        <translation>A new business day has begun; the window is closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="587"/>
        <source>当前没有等候的群众</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="590"/>
        <source>%1 重呼已达上限，已过号</source>
        <translation>%1 reached the recall limit: no-show</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="590"/>
        <source>已过号 %1</source>
        <translation>No-show: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="595"/>
        <source>%1 已转至 %2</source>
        <translation>%1 transferred to %2</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="597"/>
        <source>%1 已重呼（第 %2 次）</source>
        <translation>%1 recalled (time %2)</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="598"/>
        <source>已呼叫 %1</source>
        <translation>Called %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="598"/>
        <source>%1 开始办理</source>
        <translation>%1 being served</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="598"/>
        <source>%1 已办结</source>
        <translation>%1 finished</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="599"/>
        <source>%1 已挂起</source>
        <translation>%1 on hold</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="599"/>
        <source>已恢复 %1，重新呼叫</source>
        <translation>Resumed %1: called again</translation>
    </message>
    <message>
        <location filename="../../queue_display/desk.py" line="600"/>
        <source>已撤销 %1 的过号，重新呼叫</source>
        <translation>No-show of %1 undone: called again</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../queue_display/qml/terminal/ConfirmDialog.qml" line="53"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="38"/>
        <source>%1 · 工作人员登录</source>
        <translation>%1 · Staff login</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="49"/>
        <source>工号</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="60"/>
        <source>密码（数字）</source>
        <translation>PIN (digits)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="81"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="81"/>
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="102"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="102"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/LoginScreen.qml" line="85"/>
        <source>数字 %1</source>
        <translation>Digit %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../queue_display/qml/terminal/Main.qml" line="11"/>
        <source>窗口叫号终端</source>
        <translation>Window terminal</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="23"/>
        <source>等候 %1</source>
        <translation>Waiting %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="31"/>
        <source>挂起 %1</source>
        <translation>Held %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="44"/>
        <source>叫此号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="46"/>
        <source>暂无等候</source>
        <translation>Nobody waiting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="52"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/QueuePanel.qml" line="54"/>
        <source>暂无挂起</source>
        <translation>No held tickets</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../queue_display/qml/terminal/ReasonDialog.qml" line="70"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/ReasonDialog.qml" line="76"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketList.qml" line="61"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="20"/>
        <source>评价器正在请群众评价…</source>
        <translation>The evaluator is asking the citizen for a rating…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="21"/>
        <source>群众评价：%1</source>
        <translation>Citizen&apos;s rating: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="22"/>
        <source>评价请求已过期，群众未评价</source>
        <translation>The rating request expired without a rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="23"/>
        <source>请群众在评价器上评价本次服务</source>
        <translation>Ask the citizen to rate this service on the evaluator</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="33"/>
        <source>已叫号，等候群众到窗口</source>
        <translation>Called, waiting for the citizen</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="34"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="117"/>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="157"/>
        <source>请评价</source>
        <translation>Ask for rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="105"/>
        <source>姓名：%1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="105"/>
        <source>姓名：未登记</source>
        <translation>Name: not given</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="106"/>
        <source>已重呼 %1 次</source>
        <translation>Recalled %1 times</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="107"/>
        <source>转移 %1 次</source>
        <translation>Transferred %1 times</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="108"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="135"/>
        <source>%1 号已办结</source>
        <translation>Ticket %1 is done</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="157"/>
        <source>再次请评价</source>
        <translation>Ask again</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="166"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="181"/>
        <source>当前无号码，请按“叫号”</source>
        <translation>No ticket at the window. Press &quot;Call next&quot;</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="182"/>
        <source>窗口暂停中</source>
        <translation>The window is paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TicketPanel.qml" line="182"/>
        <source>窗口已关闭，请先开窗</source>
        <translation>The window is closed. Open it first</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="35"/>
        <source>转移 %1 号</source>
        <translation>Transfer ticket %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="48"/>
        <source>转到其他事项</source>
        <translation>To another service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="55"/>
        <source>转到指定窗口</source>
        <translation>To a window</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="89"/>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="99"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/TransferDialog.qml" line="105"/>
        <source>确定转移</source>
        <translation>Transfer</translation>
    </message>
</context>
<context>
    <name>WorkScreen</name>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="14"/>
        <source>开放中</source>
        <translation>Now open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="15"/>
        <source>暂停：%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="16"/>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="17"/>
        <source>读取中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="20"/>
        <source>实时连接</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="21"/>
        <source>凭证无效</source>
        <translation>Login not accepted</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="22"/>
        <source>实时消息已暂停</source>
        <translation>Live updates paused</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="23"/>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="67"/>
        <source>工作人员：%1</source>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="96"/>
        <source>开窗</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="104"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="112"/>
        <source>关窗</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="120"/>
        <source>退出</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="151"/>
        <source>已过号 %1</source>
        <translation>No-show: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="178"/>
        <source>撤销 (%1)</source>
        <translation>Undo (%1)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="188"/>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="200"/>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="202"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="204"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="206"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="208"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="210"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="212"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="214"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="229"/>
        <source>暂停窗口：请选择原因</source>
        <translation>Pause the window: choose a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="236"/>
        <source>挂起当前号码：请选择原因</source>
        <translation>Hold this ticket: choose a reason</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="250"/>
        <source>确认 %1 过号？</source>
        <translation>Mark %1 as a no-show?</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="251"/>
        <source>误按过号可在 %1 秒内撤销。</source>
        <translation>A no-show pressed by mistake can be undone within %1 seconds.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/terminal/WorkScreen.qml" line="252"/>
        <source>确认过号</source>
        <translation>Mark no-show</translation>
    </message>
</context>
<context>
    <name>BigButton</name>
    <message>
        <location filename="../../queue_display/qml/terminal/BigButton.qml" line="16"/>
        <source>快捷键 %1</source>
        <translation>Shortcut key %1</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>打印表单</source>
        <translation>Print form</translation>
    </message>
    <message>
        <source>正在打印表单…</source>
        <translation>Printing the form…</translation>
    </message>
    <message>
        <source>评价器正在请群众核对…</source>
        <translation>The evaluator is asking the citizen to check it…</translation>
    </message>
    <message>
        <source>请群众核对</source>
        <translation>Ask the citizen to check</translation>
    </message>
    <message>
        <source>%1 的预填表单：%2</source>
        <translation>Form filled in for %1: %2</translation>
    </message>
    <message>
        <source>群众已在评价器上核对无误</source>
        <translation>The citizen confirmed it on the evaluator</translation>
    </message>
    <message>
        <source>群众在评价器上指出信息有误，请当面核对</source>
        <translation>The citizen said something is wrong on the evaluator: check it together</translation>
    </message>
    <message>
        <source>群众尚未核对</source>
        <translation>Not yet confirmed by the citizen</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>群众未带：%1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <source>（本事项可容缺受理）</source>
        <translation> (this matter can be accepted without it)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
</TS>
