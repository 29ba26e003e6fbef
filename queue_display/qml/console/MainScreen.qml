import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Header, the three pages of the console, and the line that reports the last command's outcome.
Rectangle {
    id: screen
    objectName: "mainScreen"
    property string page: "dashboard"
    color: Style.background

    Rectangle {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 76
        color: Style.header
        RowLayout {
            anchors { fill: parent; leftMargin: 24; rightMargin: 24 }
            spacing: 24
            Text {
                text: qsTr("大厅管理端")
                font.family: Style.font
                font.pixelSize: Style.title + 2
                font.bold: true
                color: "white"
            }
            Repeater {
                model: [
                    { key: "dashboard", label: qsTr("实时看板") },
                    { key: "notices", label: qsTr("滚动通知") },
                    { key: "settings", label: qsTr("事项设置") }
                ]
                delegate: Button {
                    id: tab
                    required property var modelData
                    objectName: "tab_" + modelData.key
                    Layout.preferredHeight: 56
                    Layout.preferredWidth: Math.max(150, tabLabel.implicitWidth + 40)
                    focusPolicy: Qt.NoFocus
                    onClicked: screen.page = modelData.key
                    contentItem: Text {
                        id: tabLabel
                        text: tab.modelData.label
                        font.family: Style.font
                        font.pixelSize: Style.body
                        font.bold: true
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        color: screen.page === tab.modelData.key ? Style.header : "white"
                    }
                    background: Rectangle {
                        radius: Style.radius
                        color: screen.page === tab.modelData.key ? "white" : (tab.down ? "#164a96" : "transparent")
                        border.color: "#8fb0e0"
                        border.width: screen.page === tab.modelData.key ? 0 : 1
                    }
                }
            }
            Item { Layout.fillWidth: true }
            Text {
                objectName: "linkState"
                text: hall.linkState === "live" ? qsTr("● 实时连接") : qsTr("● 正在重新连接")
                font.family: Style.font
                font.pixelSize: Style.small
                color: hall.linkState === "live" ? "#8ee4a8" : "#ffcf70"
            }
            Text {
                text: hall.updatedAt === "" ? "" : qsTr("更新于 %1").arg(hall.updatedAt)
                font.family: Style.font
                font.pixelSize: Style.small
                color: "#dbe6f7"
            }
            Text {
                text: hall.managerName
                font.family: Style.font
                font.pixelSize: Style.body
                color: "white"
            }
            BigButton {
                objectName: "logoutButton"
                text: qsTr("退出")
                tone: "#2d5da8"
                Layout.preferredHeight: 52
                onClicked: hall.logout()
            }
        }
    }

    StackLayout {
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 20 }
        currentIndex: screen.page === "notices" ? 1 : screen.page === "settings" ? 2 : 0
        DashboardPage {}
        NoticesPage {}
        SettingsPage {}
    }

    Rectangle {
        id: footer
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 48
        color: hall.messageIsError ? Style.redTint : "#e3e8ef"
        Text {
            objectName: "statusMessage"
            anchors { fill: parent; leftMargin: 24; rightMargin: 24 }
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
            text: hall.message
            font.family: Style.font
            font.pixelSize: Style.body
            color: hall.messageIsError ? Style.red : Style.text
        }
    }
}
