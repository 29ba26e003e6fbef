import QtQuick
import QtQuick.Layouts

// The ticket at this window (number, category, state, masked name, recalls), or the rating prompt
// after 办结, or an empty-desk hint. 请评价 asks the window's evaluator about the ticket served or
// just finished, and the level the citizen gives shows here.
Rectangle {
    id: panel
    color: Style.panel
    radius: 12
    border.color: Style.border
    readonly property var ticket: terminal.current
    readonly property bool hasTicket: ticket.number !== undefined
    readonly property bool rating: !hasTicket && terminal.rating.number !== undefined
    readonly property string ratedNumber: hasTicket ? ticket.number : (rating ? terminal.rating.number : "")
    readonly property var asked: terminal.askedRating.number === ratedNumber ? terminal.askedRating : ({})

    function askedText() {
        switch (asked.state) {
        case "asking": return qsTr("评价器正在请群众评价…")
        case "given": return qsTr("群众评价：%1").arg(asked.levelName)
        case "expired": return qsTr("评价请求已过期，群众未评价")
        default: return hasTicket ? "" : qsTr("请群众在评价器上评价本次服务")
        }
    }
    function askedColor() {
        if (asked.state === "given") return asked.level >= 3 ? Style.good : Style.bad
        return asked.state === "expired" ? Style.warn : Style.text
    }

    function stateText(s) {
        switch (s) {
        case "called": return qsTr("已叫号，等候群众到窗口")
        case "serving": return qsTr("办理中")
        default: return s
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        visible: panel.hasTicket
        spacing: 6
        RowLayout {
            Layout.fillWidth: true
            Text {
                objectName: "ticketNumber"
                Accessible.role: Accessible.Heading
                Accessible.name: text
                text: panel.hasTicket ? panel.ticket.number : ""
                font.family: Style.font
                font.pixelSize: Style.huge
                font.bold: true
                color: Style.header
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                spacing: 8
                Text {
                    objectName: "ticketCategory"
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                    Layout.fillWidth: true
                    text: panel.hasTicket ? panel.ticket.categoryName : ""
                    elide: Text.ElideRight
                    font.family: Style.font
                    font.pixelSize: Style.title
                    font.bold: true
                    color: Style.text
                }
                Rectangle {
                    implicitWidth: stateLabel.implicitWidth + 24
                    implicitHeight: stateLabel.implicitHeight + 10
                    radius: 6
                    color: panel.hasTicket && panel.ticket.state === "serving" ? Style.good : Style.warn
                    Text {
                        id: stateLabel
                        objectName: "ticketState"
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                        anchors.centerIn: parent
                        text: panel.hasTicket ? panel.stateText(panel.ticket.state) : ""
                        font.family: Style.font
                        font.pixelSize: Style.body
                        font.bold: true
                        color: "white"
                    }
                }
                Text {
                    objectName: "servingRating"
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                    Layout.fillWidth: true
                    visible: text !== ""
                    elide: Text.ElideRight
                    text: panel.hasTicket ? panel.askedText() : ""
                    font.family: Style.font
                    font.pixelSize: Style.body
                    font.bold: panel.asked.state === "given"
                    color: panel.askedColor()
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 16
            Text {
                objectName: "ticketDetails"
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: !panel.hasTicket ? "" :
                      (panel.ticket.maskedName ? qsTr("姓名：%1").arg(panel.ticket.maskedName) : qsTr("姓名：未登记"))
                      + "    " + qsTr("已重呼 %1 次").arg(panel.ticket.recallCount)
                      + (panel.ticket.transfers > 0 ? "    " + qsTr("转移 %1 次").arg(panel.ticket.transfers) : "")
                      + (panel.ticket.green ? "    " + qsTr("绿色通道") : "")
                font.family: Style.font
                font.pixelSize: Style.body
                color: Style.text
            }
            // 电子填单: the form the citizen filled at the kiosk, to read and copy from.
            BigButton {
                objectName: "formButton"
                visible: panel.hasTicket && terminal.form.values !== undefined
                text: qsTr("表单")
                tone: Style.primary
                onClicked: formDialog.open()
            }
            // Below the number, not beside it: the service's name keeps the whole width.
            BigButton {
                objectName: "askRatingWhileServing"
                visible: panel.hasTicket && panel.ticket.state === "serving"
                text: qsTr("请评价")
                hint: "F9"
                tone: Style.header
                enabled: terminal.actions.askRating
                onClicked: terminal.askRating()
            }
        }
    }

    ColumnLayout {
        objectName: "ratingPanel"
        anchors.centerIn: parent
        width: parent.width - 48
        visible: panel.rating
        spacing: 14
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            Accessible.role: Accessible.Heading
            Accessible.name: text
            text: qsTr("%1 号已办结").arg(panel.rating ? terminal.rating.number : "")
            font.family: Style.font
            font.pixelSize: Style.title
            color: Style.good
            font.bold: true
        }
        Text {
            objectName: "ratingPrompt"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: panel.rating ? panel.askedText() : ""
            font.family: Style.font
            font.pixelSize: 32
            font.bold: true
            color: panel.askedColor()
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 16
            BigButton {
                objectName: "askRatingButton"
                text: panel.asked.state === "asking" || panel.asked.state === "expired" ? qsTr("再次请评价") : qsTr("请评价")
                hint: "F9"
                implicitWidth: 200
                tone: Style.header
                enabled: terminal.actions.askRating
                onClicked: terminal.askRating()
            }
            BigButton {
                objectName: "ratingDoneButton"
                text: qsTr("完成")
                implicitWidth: 160
                tone: Style.muted
                onClicked: terminal.dismissRating()
            }
        }
    }

    Text {
        objectName: "emptyDesk"
        Accessible.role: Accessible.StaticText
        Accessible.name: text
        anchors.centerIn: parent
        width: parent.width - 48
        visible: !panel.hasTicket && !panel.rating
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: terminal.windowState === "open" ? qsTr("当前无号码，请按“叫号”")
              : terminal.windowState === "paused" ? qsTr("窗口暂停中") : qsTr("窗口已关闭，请先开窗")
        font.family: Style.font
        font.pixelSize: Style.title
        color: Style.muted
    }
    FormDialog {
        id: formDialog
        objectName: "formDialog"
    }
}
