import QtQuick
import QtQuick.Controls

// The last seconds before an untouched session ends: a touch anywhere keeps it. On the
// technician's maintenance page it warns that maintenance is about to close.
Rectangle {
    id: overlay
    objectName: "idleOverlay"
    visible: kiosk.countdown > 0
    readonly property bool tech: kiosk.page === "tech"
    color: "#b0000000"
    MouseArea {
        anchors.fill: parent
        onClicked: kiosk.touched()
        Accessible.role: Accessible.Button
        Accessible.name: continueButton.text
        Accessible.description: idleCountdown.text
        Accessible.onPressAction: kiosk.touched()
    }
    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 4 * Style.gap, Style.mm * 200)
        height: box.implicitHeight + 4 * Style.gap
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        border.width: Style.borderWidth
        Column {
            id: box
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 2 * Style.gap }
            spacing: Style.gap
            Text {
                objectName: "idleQuestion"
                Accessible.role: Accessible.Heading
                Accessible.name: text
                width: parent.width
                text: overlay.tech ? qsTr("还在维护吗？") : qsTr("您还在办理吗？")
                font.family: Style.font
                font.pixelSize: Style.title
                font.bold: true
                color: Style.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            Text {
                id: idleCountdown
                objectName: "idleCountdown"
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                width: parent.width
                text: (overlay.tech ? qsTr("%1 秒后退出设备维护，返回首页")
                                    : qsTr("%1 秒后返回首页，并清除您的信息")).arg(kiosk.countdown)
                font.family: Style.font
                font.pixelSize: Style.body
                color: Style.muted
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            BigButton {
                id: continueButton
                objectName: "continueButton"
                width: parent.width
                text: overlay.tech ? qsTr("继续维护") : qsTr("继续办理")
                onClicked: kiosk.touched()
            }
        }
    }
}
