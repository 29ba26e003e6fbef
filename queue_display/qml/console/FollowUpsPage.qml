import QtQuick
import QtQuick.Controls

// 差评回访: every bad rating (不满意 / 非常不满意) opens a follow-up due some hours later; the hall admin
// closes it here with a note of what was done. Overdue ones come first and say so in words.
Item {
    id: page
    objectName: "followUpsPage"

    function stateText(f) {
        if (f.state === "closed")
            return f.overdue ? qsTr("✔ 已办结（逾期）") : qsTr("✔ 已办结")
        return f.state === "overdue" ? qsTr("■ 已超期") : qsTr("● 待回访")
    }
    function subjectText(f) {
        return f.subject_kind === "case" ? qsTr("办件 %1").arg(f.subject) : qsTr("号码 %1").arg(f.subject)
    }

    Row {
        id: filters
        anchors { left: parent.left; top: parent.top }
        spacing: 12
        Repeater {
            model: [
                { state: "all", label: qsTr("全部") },
                { state: "overdue", label: qsTr("已超期 %1").arg(hall.followUps.counts.overdue) },
                { state: "open", label: qsTr("待回访 %1").arg(hall.followUps.counts.open) },
                { state: "closed", label: qsTr("已办结 %1").arg(hall.followUps.counts.closed) }
            ]
            BigButton {
                required property var modelData
                objectName: "followUpFilter_" + modelData.state
                text: modelData.label
                tone: hall.followUps.state === modelData.state ? Style.header
                      : modelData.state === "overdue" && hall.followUps.counts.overdue > 0 ? Style.red : Style.muted
                onClicked: hall.followUps.show(modelData.state)
            }
        }
    }
    Text {
        anchors { right: parent.right; verticalCenter: filters.verticalCenter }
        text: qsTr("差评（不满意、非常不满意）自动生成回访，须在期限内办结")
        font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
    }

    Rectangle {
        id: panel
        anchors { left: parent.left; right: parent.right; top: filters.bottom; topMargin: 16; bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        readonly property real unit: width - 32
        readonly property var columns: [
            { w: 0.12, t: qsTr("评价") }, { w: 0.19, t: qsTr("原因") }, { w: 0.14, t: qsTr("号码/办件") },
            { w: 0.09, t: qsTr("窗口") }, { w: 0.07, t: qsTr("工作人员") }, { w: 0.10, t: qsTr("评价时间") },
            { w: 0.10, t: qsTr("回访期限") }, { w: 0.19, t: qsTr("状态") }
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
        Text {
            anchors { left: parent.left; top: head.bottom; margins: 16 }
            visible: hall.followUps.rows.count === 0
            text: qsTr("没有差评回访")
            font.family: Style.font; font.pixelSize: Style.body; color: Style.muted
        }
        ListView {
            id: list
            objectName: "followUpList"
            anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: parent.bottom
                      leftMargin: 16; rightMargin: 16; bottomMargin: 12 }
            clip: true
            model: hall.followUps.rows
            delegate: Rectangle {
                id: row
                required property var modelData
                objectName: "followUp_" + modelData.id
                property string state_: modelData.state
                property bool overdue: modelData.overdue
                width: list.width
                height: modelData.note ? 84 : 60
                color: modelData.state === "overdue" ? Style.redTint : modelData.state === "closed" ? "#f4f6f9" : Style.panel
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Style.border }
                Row {
                    id: cells
                    anchors { left: parent.left; right: parent.right; top: parent.top }
                    height: 60
                    Cell {
                        width: panel.unit * 0.12; leftPadding: 6; rightPadding: 8
                        text: row.modelData.level_label
                        font.bold: true
                        color: row.modelData.level <= 1 ? Style.red : Style.text
                    }
                    Cell { width: panel.unit * 0.19; rightPadding: 8; text: row.modelData.reason }
                    Cell { width: panel.unit * 0.14; text: page.subjectText(row.modelData) }
                    Cell { width: panel.unit * 0.09; text: row.modelData.window || "—" }
                    Cell { width: panel.unit * 0.07; text: row.modelData.staff || "—" }
                    Cell { width: panel.unit * 0.10; text: row.modelData.given_at }
                    Cell {
                        width: panel.unit * 0.10
                        text: row.modelData.due_at
                        font.bold: row.modelData.state === "overdue"
                        color: row.modelData.state === "overdue" ? Style.red : Style.text
                    }
                    Item {
                        width: panel.unit * 0.19
                        height: parent.height
                        Cell {
                            objectName: "followUpState"
                            anchors.left: parent.left
                            width: row.modelData.state === "closed" ? parent.width : parent.width - closeButton.width - 8
                            text: page.stateText(row.modelData)
                            font.bold: true
                            color: row.modelData.state === "overdue" ? Style.red
                                 : row.modelData.state === "closed" ? Style.good : Style.text
                        }
                        BigButton {
                            id: closeButton
                            objectName: "followUpClose_" + row.modelData.id
                            visible: row.modelData.state !== "closed"
                            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                            height: 48
                            fontSize: Style.small
                            text: qsTr("办结")
                            enabled: !hall.busy
                            onClicked: closeDialog.ask(row.modelData)
                        }
                    }
                }
                Cell {
                    anchors { left: parent.left; right: parent.right; top: cells.bottom; leftMargin: 6 }
                    height: 22
                    visible: !!row.modelData.note
                    text: qsTr("回访情况：%1（%2，%3）").arg(row.modelData.note).arg(row.modelData.closed_by)
                                                       .arg(row.modelData.closed_at)
                    color: Style.muted
                }
            }
        }
    }

    // --- close one with a note ------------------------------------------------------------
    Popup {
        id: closeDialog
        objectName: "followUpDialog"
        property int followUpId: -1
        property var item: ({})
        property string refusal: ""
        modal: true
        focus: true
        anchors.centerIn: Overlay.overlay
        width: 760
        padding: 28
        closePolicy: Popup.CloseOnEscape

        function ask(f) {
            followUpId = f.id
            item = f
            refusal = ""
            note.text = ""
            open()
            note.input.forceActiveFocus()
        }
        function accept() {
            refusal = ""
            hall.followUps.close(followUpId, note.text)
        }
        Connections {
            target: hall.followUps
            function onFollowUpClosed(id) { if (id === closeDialog.followUpId) closeDialog.close() }
            function onFollowUpRefused(why) { if (closeDialog.opened) closeDialog.refusal = why }
        }

        background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }
        contentItem: Column {
            objectName: "followUpPanel"
            spacing: 16
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("办结回访：%1 · %2").arg(page.subjectText(closeDialog.item)).arg(closeDialog.item.level_label || "")
                font.family: Style.font; font.pixelSize: Style.title; font.bold: true
                color: Style.text
            }
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                visible: !!closeDialog.item.reason
                text: qsTr("原因：%1").arg(closeDialog.item.reason || "")
                font.family: Style.font; font.pixelSize: Style.body
                color: Style.muted
            }
            Field {
                id: note
                objectName: "followUpNote"
                width: parent.width
                label: qsTr("回访处理情况（必填）")
                placeholder: qsTr("例如：已电话联系群众，说明原因并致歉")
                maximumLength: 500
                input.onAccepted: closeDialog.accept()
                input.onTextChanged: closeDialog.refusal = ""  // the manager is answering it
            }
            Text {
                objectName: "followUpRefusal"
                width: parent.width
                visible: closeDialog.refusal !== ""
                wrapMode: Text.Wrap
                text: closeDialog.refusal
                font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                color: Style.red
            }
            Row {
                anchors.right: parent.right
                spacing: 12
                BigButton {
                    objectName: "followUpCancel"
                    text: qsTr("取消")
                    tone: Style.closed
                    onClicked: closeDialog.close()
                }
                BigButton {
                    objectName: "followUpConfirm"
                    text: qsTr("确认办结")
                    tone: Style.good
                    enabled: !hall.busy
                    onClicked: closeDialog.accept()
                }
            }
        }
    }
}
