import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The live dashboard: queues against their SLA, the windows, and today's hourly figures.
Item {
    id: page
    objectName: "dashboardPage"

    function slaText(sla) {
        return sla === "red" ? qsTr("红色预警") : sla === "yellow" ? qsTr("黄色预警") : qsTr("正常")
    }
    function stateText(state) {
        return state === "open" ? qsTr("开放", "window state") : state === "paused" ? qsTr("暂停", "window state")
                                                                     : qsTr("关闭", "window state")
    }
    function categoryName(c) { return hall.lang === "en" ? c.name_en : c.name }

    function windowDetail(w) {
        if (w.state === "paused")  // the state chip says paused already: the line is the reason's
            return w.reasonText  // the hall's name of its reason code, in the UI's language
        if (w.current_number)
            return (w.current_state === "serving" ? qsTr("办理 %1") : qsTr("呼叫 %1")).arg(w.current_number)
        if (w.idle_minutes !== null && w.idle_minutes !== undefined)
            return qsTr("空闲 %1 分钟").arg(w.idle_minutes)
        return ""
    }

    // --- queues ---------------------------------------------------------------------------
    Rectangle {
        id: queues
        anchors { left: parent.left; top: parent.top }
        width: parent.width * 0.53
        height: 540
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Column {
            anchors { fill: parent; margins: 14 }
            spacing: 0
            Row {
                id: headRow
                height: 44
                Repeater {
                    model: [
                        { w: 0.41, t: qsTr("事项") }, { w: 0.11, t: qsTr("等候") },
                        { w: 0.16, t: qsTr("最长等候") }, { w: 0.17, t: qsTr("状态") },
                        { w: 0.15, t: qsTr("已取/限额") }
                    ]
                    delegate: Text {
                        required property var modelData
                        width: queues.width * 0.95 * modelData.w
                        text: modelData.t
                        font.family: Style.font
                        font.pixelSize: Style.small
                        font.bold: true
                        color: Style.muted
                        verticalAlignment: Text.AlignVCenter
                        height: headRow.height
                    }
                }
            }
            Repeater {
                model: hall.dashboard.categoryRows
                delegate: Rectangle {
                    id: row
                    required property var modelData
                    objectName: "category_" + modelData.code
                    property string sla: modelData.sla
                    property int waiting: modelData.waiting
                    property int longestWait: modelData.longest_wait_minutes
                    readonly property real unit: queues.width * 0.95
                    width: queues.width - 28
                    height: 47
                    color: Style.slaTint(modelData.sla)
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Style.border }
                    Row {
                        anchors.fill: parent
                        Text {
                            width: row.unit * 0.41; height: row.height
                            verticalAlignment: Text.AlignVCenter
                            elide: Text.ElideRight
                            text: row.modelData.prefix + "  " + page.categoryName(row.modelData)
                                  + (row.modelData.pending_prefix ? " → " + row.modelData.pending_prefix : "")
                            font.family: Style.font; font.pixelSize: Style.body; color: Style.text
                        }
                        Text {
                            width: row.unit * 0.11; height: row.height
                            verticalAlignment: Text.AlignVCenter
                            text: row.modelData.waiting
                            font.family: Style.font; font.pixelSize: Style.title; font.bold: true
                            color: row.modelData.over_warning ? Style.red : Style.text
                        }
                        Text {
                            width: row.unit * 0.16; height: row.height
                            verticalAlignment: Text.AlignVCenter
                            text: row.modelData.waiting ? qsTr("%1 分钟").arg(row.modelData.longest_wait_minutes) : "–"
                            font.family: Style.font; font.pixelSize: Style.body; color: Style.text
                        }
                        Item {
                            width: row.unit * 0.17; height: row.height
                            Rectangle {
                                anchors.verticalCenter: parent.verticalCenter
                                width: badge.implicitWidth + 20; height: 34; radius: 17
                                color: Style.slaColor(row.modelData.sla)
                                Text {
                                    id: badge
                                    objectName: "slaBadge"
                                    anchors.centerIn: parent
                                    text: page.slaText(row.modelData.sla)
                                    font.family: Style.font; font.pixelSize: Style.small; font.bold: true
                                    color: row.modelData.sla === "yellow" ? Style.text : "white"
                                }
                            }
                        }
                        Text {
                            width: row.unit * 0.15; height: row.height
                            verticalAlignment: Text.AlignVCenter
                            text: row.modelData.issued_today + " / " + row.modelData.daily_cap
                            font.family: Style.font; font.pixelSize: Style.body; color: Style.muted
                        }
                    }
                }
            }
        }
    }

    // --- windows --------------------------------------------------------------------------
    Item {
        id: windowsArea
        anchors { left: queues.right; leftMargin: 16; right: parent.right; top: parent.top }
        height: queues.height
        Grid {
            id: grid
            anchors.fill: parent
            columns: 4
            spacing: 10
            Repeater {
                model: hall.dashboard.windowRows
                delegate: Rectangle {
                    id: card
                    required property var modelData
                    objectName: "window_" + modelData.code
                    property string state_: modelData.state
                    width: (grid.width - grid.spacing * 3) / 4
                    height: (grid.height - grid.spacing * 3) / 4
                    radius: Style.radius
                    border.width: 3
                    border.color: modelData.state === "open" ? Style.good
                                  : modelData.state === "paused" ? Style.yellow : Style.border
                    color: modelData.state === "paused" ? Style.yellowTint : Style.panel
                    Column {
                        anchors { fill: parent; margins: 8 }
                        spacing: 2
                        // The window's name whole on a line of its own (a manager finds a window by it):
                        // a long one ("16号窗口（绿色通道）", "Window 16 (green channel)") shrinks to fit.
                        Text {
                            objectName: "windowName"
                            width: parent.width
                            text: card.modelData.label
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Style.small - 4
                            font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                            color: Style.text
                        }
                        Row {
                            width: parent.width
                            height: 28
                            spacing: 6
                            Text {
                                objectName: "windowDetail"
                                width: parent.width - stateChip.width - parent.spacing
                                height: parent.height
                                elide: Text.ElideRight
                                text: page.windowDetail(card.modelData)
                                font.family: Style.font; font.pixelSize: Style.small
                                font.bold: card.modelData.state === "paused"
                                color: card.modelData.state === "paused" || card.modelData.idle_minutes >= 10
                                       ? "#8a5a00" : Style.muted
                            }
                            Text {
                                id: stateChip
                                anchors.verticalCenter: parent.verticalCenter
                                text: page.stateText(card.modelData.state)
                                font.family: Style.font; font.pixelSize: Style.small; font.bold: true
                                color: card.modelData.state === "open" ? Style.good
                                       : card.modelData.state === "paused" ? "#8a5a00" : Style.closed
                            }
                        }
                        Row {
                            width: parent.width
                            spacing: 6
                            readonly property real half: (width - spacing) / 2
                            BigButton {
                                objectName: "windowPause_" + card.modelData.code
                                visible: card.modelData.state !== "closed"
                                width: parent.half
                                height: 48
                                fontSize: Style.small
                                leftPadding: 2; rightPadding: 2
                                tone: card.modelData.state === "paused" ? Style.good : "#8a5a00"
                                text: card.modelData.state === "paused" ? qsTr("恢复", "button") : qsTr("暂停", "button")
                                enabled: !hall.busy
                                onClicked: card.modelData.state === "paused" ? hall.dashboard.resumeWindow(card.modelData.code)
                                                                             : pauseDialog.ask(card.modelData)
                            }
                            BigButton {
                                objectName: "windowToggle_" + card.modelData.code
                                width: card.modelData.state === "closed" ? parent.width : parent.half
                                height: 48
                                fontSize: Style.small
                                leftPadding: 2; rightPadding: 2
                                tone: card.modelData.state === "closed" ? Style.good : Style.closed
                                text: card.modelData.state === "closed" ? qsTr("开放", "button") : qsTr("关闭", "button")
                                enabled: !hall.busy
                                onClicked: card.modelData.state === "closed" ? hall.dashboard.openWindow(card.modelData.code)
                                                                             : hall.dashboard.closeWindow(card.modelData.code)
                            }
                        }
                    }
                }
            }
        }
    }

    // --- hourly figures -------------------------------------------------------------------
    Row {
        anchors { left: parent.left; right: parent.right; top: queues.bottom; topMargin: 16; bottom: parent.bottom }
        spacing: 16
        BarChart {
            objectName: "issuedChart"
            width: (parent.width - 16) / 2
            height: parent.height
            title: qsTr("今日每小时取号数")
            labels: hall.dashboard.hours.map(h => (h.hour < 10 ? "0" : "") + h.hour)
            values: hall.dashboard.hours.map(h => h.issued)
            barColor: Style.primary
        }
        BarChart {
            objectName: "waitChart"
            width: (parent.width - 16) / 2
            height: parent.height
            title: qsTr("今日每小时平均等候（分钟，取号至叫号）")
            labels: hall.dashboard.hours.map(h => (h.hour < 10 ? "0" : "") + h.hour)
            values: hall.dashboard.hours.map(h => h.average_wait_minutes)
            barColor: "#7a4fc2"
        }
    }

    // --- pause a window: one of the hall's pause reasons (the server stores its code) ---------
    Popup {
        id: pauseDialog
        objectName: "pauseDialog"
        property string code: ""
        property string name: ""
        property string choice: ""
        modal: true
        focus: true
        anchors.centerIn: Overlay.overlay
        width: 760
        padding: 28
        closePolicy: Popup.CloseOnEscape

        function ask(w) {
            code = w.code
            name = w.label
            choice = ""
            open()
        }
        function accept() {
            if (choice === "") return
            hall.dashboard.pauseWindow(code, choice)
            close()
        }

        background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }
        contentItem: Column {
            objectName: "pausePanel"
            spacing: 18
            Text {
                objectName: "pauseTitle"
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("暂停 %1：请选择原因").arg(pauseDialog.name)
                font.family: Style.font; font.pixelSize: Style.title; font.bold: true
                color: Style.text
            }
            Flow {
                width: parent.width
                spacing: 12
                Repeater {
                    model: hall.dashboard.pauseReasons
                    BigButton {
                        required property var modelData
                        required property int index
                        objectName: "pauseReason_" + index
                        text: modelData.label
                        tone: pauseDialog.choice === modelData.code ? Style.header : Style.muted
                        onClicked: pauseDialog.choice = modelData.code
                    }
                }
            }
            Row {
                anchors.right: parent.right
                spacing: 12
                BigButton {
                    objectName: "pauseCancel"
                    text: qsTr("取消")
                    tone: Style.closed
                    onClicked: pauseDialog.close()
                }
                BigButton {
                    objectName: "pauseConfirm"
                    text: qsTr("暂停窗口")
                    tone: "#8a5a00"
                    enabled: pauseDialog.choice !== ""
                    onClicked: pauseDialog.accept()
                }
            }
        }
    }
}
