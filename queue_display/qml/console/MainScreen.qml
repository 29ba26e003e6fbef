import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Header, the pages of the console, and the line that reports the last command's outcome.
Rectangle {
    id: screen
    objectName: "mainScreen"
    property string page: "dashboard"
    color: Style.background

    Rectangle {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        // Two rows: who and where on top, the pages below, so every tab reads whole at 1600 px in English.
        height: headerRows.implicitHeight + 16
        color: Style.header
        ColumnLayout {
            id: headerRows
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 8; leftMargin: 16; rightMargin: 16 }
            spacing: 6
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Text {
                    // The console's heading names the page shown, so a reader hears where a tab led.
                    Accessible.role: Accessible.Heading
                    Accessible.name: text + " · " + ({ dashboard: qsTr("实时看板"), notices: qsTr("滚动通知"),
                                                       settings: qsTr("事项设置"), supervision: qsTr("电子监察"),
                                                       followups: qsTr("差评回访"), stats: qsTr("统计"),
                                                       desk: qsTr("补打凭条"), hallsettings: qsTr("设置"),
                                                       devices: qsTr("设备") })[screen.page]
                    text: qsTr("大厅管理端")
                    font.family: Style.font
                    font.pixelSize: Style.title - 4
                    font.bold: true
                    color: "white"
                    Layout.rightMargin: 6
                }
                Item { Layout.fillWidth: true }
                Column {
                    spacing: 2
                    Text {
                        objectName: "linkState"
                        text: hall.linkState === "live" ? qsTr("● 实时连接") : qsTr("● 正在重新连接")
                        font.family: Style.font
                        font.pixelSize: Style.small - 2
                        color: hall.linkState === "live" ? "#8ee4a8" : "#ffcf70"
                    }
                    Text {
                        text: hall.dashboard.updatedAt === "" ? "" : qsTr("更新于 %1").arg(hall.dashboard.updatedAt)
                        font.family: Style.font
                        font.pixelSize: Style.small - 2
                        color: "#dbe6f7"
                    }
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
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: [
                        { key: "dashboard", label: qsTr("实时看板") },
                        { key: "notices", label: qsTr("滚动通知") },
                        { key: "settings", label: qsTr("事项设置") },
                        { key: "supervision", label: qsTr("电子监察") },
                        { key: "followups", label: qsTr("差评回访") },
                        { key: "stats", label: qsTr("统计") },
                        { key: "desk", label: qsTr("补打凭条") },
                        { key: "hallsettings", label: qsTr("设置") },
                        { key: "devices", label: qsTr("设备") }
                    ]
                    delegate: Button {
                        id: tab
                        required property var modelData
                        objectName: "tab_" + modelData.key
                        Layout.preferredHeight: 56
                        Layout.preferredWidth: Math.max(110, tabLabel.implicitWidth + 28)
                        focusPolicy: Qt.NoFocus
                        onClicked: screen.page = modelData.key
                        Accessible.role: Accessible.PageTab
                        Accessible.name: modelData.label
                        Accessible.description: alertCount > 0 ? qsTr("%1 项待处理").arg(alertCount) : ""
                        // Red 电子监察 items need the manager now: a count on the tab, seen from any page.
                        readonly property int alertCount: modelData.key === "supervision" ? hall.supervision.redCount
                                                        : modelData.key === "followups" ? hall.followUps.counts.overdue
                                                        : modelData.key === "devices" ? hall.fleet.trouble : 0
                        Rectangle {
                            id: alert
                            objectName: "tabBadge_" + tab.modelData.key
                            property string text: badgeText.text
                            visible: tab.alertCount > 0
                            anchors { right: parent.right; rightMargin: 8; verticalCenter: parent.verticalCenter }
                            width: Math.max(30, badgeText.implicitWidth + 14)
                            height: 30
                            radius: 15
                            color: Style.red
                            border.color: "white"
                            border.width: 2
                            Text {
                                id: badgeText
                                anchors.centerIn: parent
                                text: tab.alertCount > 99 ? "99+" : String(tab.alertCount)
                                font.family: Style.font
                                font.pixelSize: Style.small - 2
                                font.bold: true
                                color: "white"
                            }
                        }
                        contentItem: Text {
                            id: tabLabel
                            rightPadding: alert.visible ? alert.width + 6 : 0
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
            }
        }
    }

    StackLayout {
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top; margins: 20 }
        currentIndex: ["dashboard", "notices", "settings", "supervision", "followups", "stats",
                       "desk", "hallsettings", "devices"].indexOf(screen.page)
        DashboardPage {}
        NoticesPage {}
        SettingsPage {}
        SupervisionPage {}
        FollowUpsPage {}
        StatsPage { shown: screen.page === "stats" }
        DeskPage {}
        HallSettingsPage {}
        DevicesPage {}
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
