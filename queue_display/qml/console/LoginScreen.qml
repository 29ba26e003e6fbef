import QtQuick
import QtQuick.Controls

// Hall manager login with user name and PIN.
Rectangle {
    color: Style.background
    Rectangle {
        anchors.centerIn: parent
        width: 560
        height: column.implicitHeight + 80
        radius: 12
        color: Style.panel
        border.color: Style.border
        Column {
            id: column
            anchors.centerIn: parent
            width: parent.width - 80
            spacing: 22
            Text {
                Accessible.role: Accessible.Heading
                Accessible.name: text
                text: qsTr("大厅管理端")
                font.family: Style.font
                font.pixelSize: 40
                font.bold: true
                color: Style.header
            }
            Text {
                text: qsTr("请使用大厅管理员账号登录")
                font.family: Style.font
                font.pixelSize: Style.body
                color: Style.muted
            }
            Field {
                id: user
                objectName: "loginUser"
                width: parent.width
                label: qsTr("用户名")
                text: "admin"
            }
            Field {
                id: pin
                objectName: "loginPin"
                width: parent.width
                label: qsTr("密码（PIN）")
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly
                maximumLength: 12
                input.onAccepted: hall.login(user.text, pin.text)
            }
            BigButton {
                objectName: "loginButton"
                width: parent.width
                text: hall.busy ? qsTr("正在登录…") : qsTr("登录")
                enabled: !hall.busy
                onClicked: hall.login(user.text, pin.text)
            }
            Text {
                objectName: "loginMessage"
                width: parent.width
                wrapMode: Text.WordWrap
                text: hall.message
                visible: text !== ""
                font.family: Style.font
                font.pixelSize: Style.body
                color: hall.messageIsError ? Style.red : Style.good
            }
        }
    }
}
