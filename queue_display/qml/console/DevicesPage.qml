import QtQuick
import QtQuick.Controls

// 设备: every kiosk, display and evaluator of the hall, offline and faulty ones first, with since when;
// the night notices of 7×24 kiosks on top; a kiosk's remote self-test (自检) with its result.
Item {
    id: page
    objectName: "devicesPage"

    function tone(severity) {
        return severity >= 3 ? Style.red : severity === 2 ? "#8a5a00" : severity === 1 ? Style.muted : Style.good
    }
    function tint(severity) {
        return severity >= 3 ? Style.redTint : severity === 2 ? Style.yellowTint : Style.panel
    }

    Text {
        id: summary
        objectName: "fleetSummary"
        anchors { left: parent.left; top: parent.top }
        height: 40
        verticalAlignment: Text.AlignVCenter
        text: qsTr("共 %1 台设备，%2 台需要处理").arg(hall.fleet.rows.count).arg(hall.fleet.trouble)
        font.family: Style.font; font.pixelSize: Style.body; font.bold: true
        color: hall.fleet.trouble > 0 ? Style.red : Style.text
    }
    Text {
        anchors { right: parent.right; verticalCenter: summary.verticalCenter }
        text: qsTr("超过 3 次心跳未收到即为离线；状态变化保留 31 天")
        font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
    }

    Column {
        id: alerts
        anchors { left: parent.left; right: parent.right; top: summary.bottom; topMargin: 8 }
        spacing: 6
        Repeater {
            model: hall.fleet.alerts
            Rectangle {
                required property var modelData
                objectName: "fleetAlert_" + modelData.id
                width: alerts.width
                height: 48
                radius: Style.radius
                color: Style.redTint
                border.color: Style.red
                Text {
                    anchors { fill: parent; leftMargin: 16; rightMargin: 16 }
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                    text: qsTr("■ 夜间告警 %1：%2").arg(modelData.at).arg(modelData.text)
                    font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                    color: Style.red
                }
            }
        }
    }

    Rectangle {
        id: panel
        anchors { left: parent.left; right: parent.right; top: alerts.bottom; topMargin: 12; bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        readonly property real unit: width - 32
        readonly property var columns: [
            { w: 0.11, t: qsTr("状态") }, { w: 0.20, t: qsTr("设备") }, { w: 0.08, t: qsTr("类型") },
            { w: 0.07, t: qsTr("区域") }, { w: 0.09, t: qsTr("持续") }, { w: 0.09, t: qsTr("最后心跳") },
            { w: 0.06, t: qsTr("版本") }, { w: 0.20, t: qsTr("部件状态") }, { w: 0.10, t: qsTr("远程诊断") }
        ]
        Row {
            id: head
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
            height: 40
            Repeater {
                model: panel.columns
                Cell {
                    required property var modelData
                    width: panel.unit * modelData.w
                    text: modelData.t
                    font.bold: true
                    color: Style.muted
                }
            }
        }
        ListView {
            id: list
            objectName: "fleetList"
            anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: parent.bottom
                      leftMargin: 16; rightMargin: 16; bottomMargin: 12 }
            clip: true
            // Delegates only for rows in view, made at once: a buffer row still being made when the
            // list empties (logout) would make Qt warn (DelegateModel::cancel: index out of range).
            cacheBuffer: 0
            model: hall.fleet.rows
            delegate: Rectangle {
                id: row
                required property var modelData
                objectName: "fleetDevice_" + modelData.id
                property string condition: modelData.condition
                property string conditionLabel: modelData.condition_label
                property string sinceText: modelData.since
                width: list.width
                height: 64
                color: page.tint(modelData.severity)
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Style.border }
                Row {
                    anchors.fill: parent
                    Cell {
                        width: panel.unit * 0.11; leftPadding: 6
                        text: (row.modelData.severity >= 3 ? "■ " : row.modelData.severity === 2 ? "▲ " : "● ")
                              + row.modelData.condition_label
                        font.bold: row.modelData.severity >= 2
                        color: page.tone(row.modelData.severity)
                    }
                    Column {
                        width: panel.unit * 0.20
                        anchors.verticalCenter: parent.verticalCenter
                        Cell {
                            width: parent.width; height: 30; rightPadding: 8
                            text: row.modelData.name + (row.modelData.always_on ? qsTr("（7×24）") : "")
                            font.pixelSize: Style.small; font.bold: true
                        }
                        Cell { width: parent.width; height: 24; text: row.modelData.id; color: Style.muted
                               font.pixelSize: Style.small - 3 }
                    }
                    Cell { width: panel.unit * 0.08; text: row.modelData.kind_label }
                    Cell { width: panel.unit * 0.07; text: row.modelData.area || "—" }
                    Cell { width: panel.unit * 0.09; text: row.modelData.since || "—" }
                    Cell { width: panel.unit * 0.09; text: row.modelData.last_heard }
                    Cell { width: panel.unit * 0.06; text: row.modelData.version }
                    Cell {
                        width: panel.unit * 0.20; rightPadding: 8
                        text: row.modelData.parts || "—"
                        wrapMode: Text.Wrap
                        maximumLineCount: 2
                        font.pixelSize: Style.small - 2
                        color: row.modelData.parts ? Style.text : Style.muted
                    }
                    Item {
                        width: panel.unit * 0.10
                        height: parent.height
                        BigButton {
                            objectName: "selfTest_" + row.modelData.id
                            visible: row.modelData.can_self_test
                            anchors.verticalCenter: parent.verticalCenter
                            height: 48
                            fontSize: Style.small
                            text: qsTr("自检")
                            tone: Style.header
                            enabled: !hall.busy
                            Accessible.role: Accessible.Button
                            Accessible.name: qsTr("远程自检 %1").arg(row.modelData.name)
                            onClicked: {
                                selfTestDialog.open()
                                hall.fleet.runSelfTest(row.modelData.id)
                            }
                        }
                    }
                }
            }
        }
    }

    // --- a kiosk's self-test: waiting, then a pass/fail line and kiosk-diag's report ------------
    Popup {
        id: selfTestDialog
        objectName: "selfTestDialog"
        modal: true
        focus: true
        anchors.centerIn: Overlay.overlay
        width: 1100
        height: 800
        padding: 28
        closePolicy: Popup.CloseOnEscape
        readonly property var run: hall.fleet.selfTest
        onClosed: hall.fleet.closeSelfTest()

        background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }
        contentItem: Item {
            Text {
                id: title
                anchors { left: parent.left; right: parent.right; top: parent.top }
                Accessible.role: Accessible.Heading
                Accessible.name: text
                text: qsTr("远程自检：%1").arg(selfTestDialog.run.name || "")
                font.family: Style.font; font.pixelSize: Style.title; font.bold: true
                color: Style.text
            }
            Rectangle {
                id: verdict
                objectName: "selfTestSummary"
                property string text: verdictText.text
                anchors { left: parent.left; right: parent.right; top: title.bottom; topMargin: 14 }
                height: 56
                radius: Style.radius
                color: selfTestDialog.run.passed === true ? Style.goodTint
                     : selfTestDialog.run.state === "done" || selfTestDialog.run.state === "timed_out" ? Style.redTint
                     : "#e3e8ef"
                Text {
                    id: verdictText
                    anchors { fill: parent; leftMargin: 16; rightMargin: 16 }
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                    text: selfTestDialog.run.summary || qsTr("正在发送自检请求…")
                    font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                    color: selfTestDialog.run.passed === true ? Style.good
                         : selfTestDialog.run.state === "done" || selfTestDialog.run.state === "timed_out" ? Style.red
                         : Style.text
                }
            }
            Column {
                id: lines
                anchors { left: parent.left; right: parent.right; top: verdict.bottom; topMargin: 12 }
                spacing: 4
                Repeater {
                    model: selfTestDialog.run.lines || []
                    Row {
                        required property var modelData
                        width: lines.width
                        height: 34
                        spacing: 12
                        Cell {
                            width: 260; font.pixelSize: Style.body
                            text: (modelData.passed ? "✔ " : "✘ ") + modelData.name
                            color: modelData.passed ? Style.good : Style.red
                            font.bold: true
                        }
                        Cell { width: 120; text: modelData.verdict; font.pixelSize: Style.body
                               color: modelData.passed ? Style.good : Style.red }
                        Cell { width: lines.width - 400; text: modelData.detail; color: Style.muted }
                    }
                }
            }
            Text {
                id: jsonLabel
                anchors { left: parent.left; top: lines.bottom; topMargin: 12 }
                visible: !!selfTestDialog.run.json
                text: qsTr("自检报告（kiosk-diag --json）")
                font.family: Style.font; font.pixelSize: Style.small; font.bold: true
                color: Style.muted
            }
            ScrollView {
                anchors { left: parent.left; right: parent.right; top: jsonLabel.bottom; topMargin: 6
                          bottom: closeButton.top; bottomMargin: 14 }
                visible: !!selfTestDialog.run.json
                clip: true
                TextArea {
                    objectName: "selfTestJson"
                    readOnly: true
                    text: selfTestDialog.run.json || ""
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: 15
                    wrapMode: TextEdit.NoWrap
                    Accessible.role: Accessible.EditableText
                    Accessible.name: qsTr("自检报告")
                    background: Rectangle { color: "#f4f6f9"; border.color: Style.border; radius: 6 }
                }
            }
            BigButton {
                id: closeButton
                objectName: "selfTestClose"
                anchors { right: parent.right; bottom: parent.bottom }
                text: qsTr("关闭")
                tone: Style.closed
                Accessible.role: Accessible.Button
                Accessible.name: qsTr("关闭自检结果")
                onClicked: selfTestDialog.close()
            }
        }
    }
}
