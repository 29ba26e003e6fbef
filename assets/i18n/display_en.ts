<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Main</name>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="12"/>
        <source>叫号显示屏</source>
        <translation>Call-number display</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="68"/>
        <source>正在叫号</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="91"/>
        <source>请到 %1</source>
        <translation>Please go to %1</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="108"/>
        <source>请留意叫号</source>
        <translation>Please watch for your number</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="148"/>
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="232"/>
        <source>%1 人等候</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="239"/>
        <source>未开放</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="240"/>
        <source>无需等候</source>
        <translation>No wait</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="241"/>
        <source>约 %1 分钟</source>
        <translation>About %1 min</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="294"/>
        <source>显示屏未获授权，请联系管理员</source>
        <translation>Display not authorised: please call the hall manager</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="295"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../queue_display/qml/display/Main.qml" line="296"/>
        <source>正在重新连接…</source>
        <translation>Reconnecting…</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <location filename="../../queue_display/display.py" line="96"/>
        <source>请 %1 号到 %2</source>
        <translation>Number %1, please go to %2</translation>
    </message>
</context>
</TS>
