<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../../queue_display/qml/evaluator/IdleScreen.qml" line="22" />
        <source>您好，欢迎您！</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/IdleScreen.qml" line="33" />
        <source>办理完成后，请为本次服务评价</source>
        <translation>When your business is done, please rate our service</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../queue_display/qml/evaluator/Main.qml" line="16" />
        <source>服务评价器</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/Main.qml" line="55" />
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/Main.qml" line="105" />
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="10" />
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="11" />
        <source>无法评价</source>
        <translation>Cannot rate</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="12" />
        <source>暂时无法提交评价</source>
        <translation>Your rating cannot be sent yet</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="13" />
        <source>正在提交您的评价…</source>
        <translation>Sending your rating…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="16" />
        <source>祝您生活愉快</source>
        <translation>Have a nice day</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="18" />
        <source>网络中断，评价正在自动重新提交。如需帮助，请告知窗口工作人员。</source>
        <translation>The network is down; your rating is being sent again automatically. If you need help, please tell the window staff.</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="19" />
        <source>网络不畅，正在重新提交（第 %1 次）</source>
        <translation>Network trouble, sending again (attempt %1)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/MessageScreen.qml" line="20" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <location filename="../../queue_display/qml/evaluator/RateScreen.qml" line="18" />
        <source>请为本次服务评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/RateScreen.qml" line="36" />
        <source>号码 %1</source>
        <translation>Number %1</translation>
    </message>
</context>
<context>
    <name>ReasonScreen</name>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="23" />
        <source>请写下您的意见</source>
        <translation>Please write your comments</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="47" />
        <source>您的评价：%1</source>
        <translation>Your rating: %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="59" />
        <source>请选择一个原因，或写下您的意见</source>
        <translation>Choose a reason, or write your own words</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="103" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="116" />
        <source>也可以写下您的意见（选填）</source>
        <translation>Or write your own words (optional)</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="142" />
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/evaluator/ReasonScreen.qml" line="155" />
        <source>完成输入</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>请核对您的信息</source>
        <translation>Please check your details</translation>
    </message>
    <message>
        <source>号码 %1　%2</source>
        <translation>Number %1  %2</translation>
    </message>
    <message>
        <source>信息有误</source>
        <translation>Something is wrong</translation>
    </message>
    <message>
        <source>确认无误</source>
        <translation>All correct</translation>
    </message>
</context>
</TS>
