import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The window's waiting list (in calling order, each callable out of turn) and its held tickets.
Rectangle {
    id: panel
    color: Style.panel
    radius: 12
    border.color: Style.border
    property alias tab: tabs.currentIndex

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8
        TabBar {
            id: tabs
            Layout.fillWidth: true
            TabChip {
                objectName: "waitingTab"
                height: 56
                text: qsTr("等候 %1").arg(terminal.waiting.count)
                font.family: Style.font
                font.pixelSize: Style.body
                font.bold: true
            }
            TabChip {
                objectName: "heldTab"
                height: 56
                text: qsTr("挂起 %1").arg(terminal.held.count)
                font.family: Style.font
                font.pixelSize: Style.body
                font.bold: true
            }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex
            TicketList {
                objectName: "waitingList"
                model: terminal.waiting
                actionText: qsTr("叫此号")
                actionEnabled: terminal.actions.callTicket
                emptyText: qsTr("暂无等候")
                onAct: (ticketId) => terminal.callTicket(ticketId)
            }
            TicketList {
                objectName: "heldList"
                model: terminal.held
                actionText: qsTr("恢复")
                actionEnabled: terminal.actions.resume
                emptyText: qsTr("暂无挂起")
                showReason: true
                onAct: (ticketId) => terminal.resume(ticketId)
            }
        }
    }
}
