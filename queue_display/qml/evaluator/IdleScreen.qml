import QtQuick
import QtQuick.Layouts

// Waiting for the window to ask: a calm welcome.
Item {
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - 96
        spacing: 28
        Face {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 150
            Layout.preferredHeight: 150
            level: 5
            ink: Style.good
        }
        Text {
            objectName: "welcomeText"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("您好，欢迎您！")
            font.family: Style.font
            font.pixelSize: Style.huge
            font.bold: true
            color: Style.header
        }
        Text {
            objectName: "idleText"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("办理完成后，请为本次服务评价")
            font.family: Style.font
            font.pixelSize: Style.title
            color: Style.muted
        }
    }
}
