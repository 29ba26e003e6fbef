import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The working screen of a window: its state, the current ticket, the actions and the queue.
Rectangle {
    id: screen
    color: Style.background
    readonly property var can: terminal.actions
    readonly property bool dialogOpen: pauseDialog.opened || holdDialog.opened || transferDialog.opened
                                       || noShowDialog.opened

    function windowStateText() {
        if (terminal.windowState === "open") return qsTr("开放中")
        if (terminal.windowState === "paused") return qsTr("暂停：%1").arg(terminal.pauseReason)
        if (terminal.windowState === "closed") return qsTr("已关闭")
        return qsTr("读取中…")
    }
    function linkText() {
        if (terminal.linkState === "live") return qsTr("实时连接")
        if (terminal.linkState === "unauthorized") return qsTr("凭证无效")
        if (terminal.linkState === "stopped") return qsTr("实时消息已暂停")
        return qsTr("正在连接服务器…")
    }

    Shortcut { sequence: "F1"; enabled: !screen.dialogOpen && screen.can.callNext; onActivated: terminal.callNext() }
    Shortcut { sequence: "F2"; enabled: !screen.dialogOpen && screen.can.recall; onActivated: terminal.recall() }
    Shortcut { sequence: "F3"; enabled: !screen.dialogOpen && screen.can.start; onActivated: terminal.start() }
    Shortcut { sequence: "F4"; enabled: !screen.dialogOpen && screen.can.finish; onActivated: terminal.finish() }
    Shortcut { sequence: "F5"; enabled: !screen.dialogOpen && screen.can.noShow; onActivated: noShowDialog.ask() }
    Shortcut { sequence: "F6"; enabled: !screen.dialogOpen && screen.can.transfer; onActivated: transferDialog.ask() }
    Shortcut { sequence: "F7"; enabled: !screen.dialogOpen && screen.can.hold; onActivated: holdDialog.ask() }
    Shortcut { sequence: "F8"; enabled: !screen.dialogOpen && screen.can.resume; onActivated: queue.tab = 1 }
    Shortcut { sequence: "Ctrl+Z"; enabled: !screen.dialogOpen && screen.can.undoNoShow; onActivated: terminal.undoNoShow() }
    Shortcut { sequence: "F9"; enabled: !screen.dialogOpen && screen.can.askRating; onActivated: terminal.askRating() }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            // Grows with a window whose services take a second line (a long English list).
            Layout.preferredHeight: Math.max(96, headerText.implicitHeight + 16)
            color: Style.header
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 24
                anchors.rightMargin: 16
                spacing: 12
                ColumnLayout {
                    id: headerText
                    Layout.fillWidth: true
                    spacing: 2
                    Text {
                        objectName: "windowTitle"
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                        Layout.fillWidth: true
                        text: terminal.windowName
                        font.family: Style.font
                        font.pixelSize: Style.title
                        font.bold: true
                        color: "white"
                    }
                    Text {
                        objectName: "servesLine"
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                        Layout.fillWidth: true
                        // Every service the window serves, read whole: a long list takes a second line.
                        wrapMode: Text.WordWrap
                        text: terminal.servesText
                        font.family: Style.font
                        font.pixelSize: Style.body
                        color: "white"
                    }
                    Text {
                        objectName: "staffLine"
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        text: qsTr("工作人员：%1").arg(terminal.staffName) + "    " + screen.linkText()
                        font.family: Style.font
                        font.pixelSize: Style.small
                        color: terminal.linkState === "live" ? "#d6e4ff" : "#ffd27a"
                    }
                }
                Rectangle {
                    Layout.preferredHeight: 56
                    Layout.preferredWidth: Math.min(stateText.implicitWidth + 32, 300)
                    radius: 6
                    color: terminal.windowState === "open" ? Style.good
                         : terminal.windowState === "paused" ? Style.warn : Style.bad
                    Text {
                        id: stateText
                        objectName: "windowState"
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                        anchors.fill: parent
                        anchors.margins: 8
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        elide: Text.ElideRight
                        text: screen.windowStateText()
                        font.family: Style.font
                        font.pixelSize: Style.body
                        font.bold: true
                        color: "white"
                    }
                }
                BigButton {
                    objectName: "openButton"
                    text: qsTr("开窗")
                    implicitWidth: 110
                    tone: Style.good
                    enabled: screen.can.open
                    onClicked: terminal.openWindow()
                }
                BigButton {
                    objectName: "pauseButton"
                    text: qsTr("暂停")
                    implicitWidth: 110
                    tone: Style.warn
                    enabled: screen.can.pause
                    onClicked: pauseDialog.ask()
                }
                BigButton {
                    objectName: "closeButton"
                    text: qsTr("关窗")
                    implicitWidth: 110
                    tone: Style.bad
                    enabled: screen.can.close
                    onClicked: terminal.closeWindow()
                }
                BigButton {
                    objectName: "logoutButton"
                    text: qsTr("退出")
                    implicitWidth: 110
                    tone: "#36404f"
                    onClicked: terminal.logout()
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 16
            spacing: 16

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 12
                TicketPanel {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 290
                }
                Rectangle {
                    objectName: "statusBar"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 64
                    radius: Style.radius
                    readonly property bool undoing: terminal.undoNumber !== "" && terminal.errorText === ""
                                                    && terminal.pendingText === ""
                    readonly property string message: terminal.errorText !== "" ? terminal.errorText
                                                    : terminal.pendingText !== "" ? terminal.pendingText
                                                    : undoing ? qsTr("已过号 %1").arg(terminal.undoNumber)
                                                    : terminal.notice
                    color: terminal.errorText !== "" ? "#fde7e6" : terminal.pendingText !== "" ? "#fff3dc"
                         : undoing ? "#e8eefb" : "transparent"
                    border.color: terminal.errorText !== "" ? Style.bad : terminal.pendingText !== "" ? Style.warn
                                : undoing ? Style.header : "transparent"
                    border.width: 2
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 16
                        anchors.rightMargin: 8
                        Text {
                            objectName: "statusText"
                            Accessible.role: Accessible.StaticText
                            Accessible.name: text
                            Layout.fillWidth: true
                            text: parent.parent.message
                            elide: Text.ElideRight
                            font.family: Style.font
                            font.pixelSize: Style.body
                            font.bold: terminal.errorText !== ""
                            color: terminal.errorText !== "" ? Style.bad : terminal.pendingText !== "" ? Style.warn : Style.text
                        }
                        // 撤销 with its countdown: the last no-show may be taken back for the hall's short time.
                        BigButton {
                            objectName: "undoNoShowButton"
                            visible: parent.parent.undoing
                            implicitHeight: 48
                            implicitWidth: 200
                            text: qsTr("撤销 (%1)").arg(terminal.undoCountdown)
                            tone: Style.header
                            enabled: screen.can.undoNoShow
                            onClicked: terminal.undoNoShow()
                        }
                        BigButton {
                            objectName: "dismissError"
                            visible: terminal.errorText !== ""
                            implicitHeight: 48
                            implicitWidth: 100
                            text: qsTr("知道了")
                            tone: Style.bad
                            onClicked: terminal.dismissError()
                        }
                    }
                }
                GridLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    columns: 4
                    rowSpacing: 12
                    columnSpacing: 12
                    BigButton { objectName: "callNextButton"; text: qsTr("叫号"); hint: "F1"; tone: Style.primary
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.callNext; onClicked: terminal.callNext() }
                    BigButton { objectName: "recallButton"; text: qsTr("重呼"); hint: "F2"; tone: Style.primary
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.recall; onClicked: terminal.recall() }
                    BigButton { objectName: "startButton"; text: qsTr("开始办理"); hint: "F3"; tone: Style.good
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.start; onClicked: terminal.start() }
                    BigButton { objectName: "finishButton"; text: qsTr("办结"); hint: "F4"; tone: Style.good
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.finish; onClicked: terminal.finish() }
                    BigButton { objectName: "noShowButton"; text: qsTr("过号"); hint: "F5"; tone: Style.bad
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.noShow; onClicked: noShowDialog.ask() }
                    BigButton { objectName: "transferButton"; text: qsTr("转移"); hint: "F6"; tone: Style.warn
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.transfer; onClicked: transferDialog.ask() }
                    BigButton { objectName: "holdButton"; text: qsTr("挂起"); hint: "F7"; tone: Style.warn
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.hold; onClicked: holdDialog.ask() }
                    BigButton { objectName: "resumeButton"; text: qsTr("恢复"); hint: "F8"; tone: Style.muted
                        Layout.fillWidth: true; Layout.fillHeight: true; enabled: screen.can.resume; onClicked: queue.tab = 1 }
                }
            }
            QueuePanel {
                id: queue
                Layout.preferredWidth: 440
                Layout.fillHeight: true
            }
        }
    }

    ReasonDialog {
        id: pauseDialog
        objectName: "pauseDialog"
        title: qsTr("暂停窗口：请选择原因")
        presets: terminal.pauseReasons
        onChosen: (reason) => terminal.pauseWindow(reason)
    }
    ReasonDialog {
        id: holdDialog
        objectName: "holdDialog"
        title: qsTr("挂起当前号码：请选择原因")
        presets: terminal.holdReasons
        onChosen: (reason) => terminal.hold(reason)
    }
    TransferDialog {
        id: transferDialog
        objectName: "transferDialog"
    }
    // 过号 asks first (button and F5 alike), naming the number; it acts on that ticket only.
    ConfirmDialog {
        id: noShowDialog
        objectName: "noShowDialog"
        property int ticketId: -1
        property string number: ""
        question: qsTr("确认 %1 过号？").arg(number)
        detail: terminal.undoSeconds > 0 ? qsTr("误按过号可在 %1 秒内撤销。").arg(terminal.undoSeconds) : ""
        confirmText: qsTr("确认过号")
        onAboutToShow: {
            ticketId = terminal.current.id !== undefined ? terminal.current.id : -1
            number = terminal.current.number !== undefined ? terminal.current.number : ""
        }
        onConfirmed: terminal.noShowTicket(ticketId)
    }
    // The ticket at the window changed meanwhile (an event): the question no longer holds.
    Connections {
        target: terminal
        function onChanged() {
            if (noShowDialog.opened && terminal.current.id !== noShowDialog.ticketId) noShowDialog.close()
        }
    }
}
