import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Staff login: user name and a PIN, typed on the keyboard or on the touch PIN pad.
Rectangle {
    id: screen
    color: Style.background

    function submit() {
        terminal.login(userField.text, pinField.text)
        pinField.text = ""
    }
    function press(key) {
        if (key === "clear") pinField.text = ""
        else if (key === "back") pinField.text = pinField.text.slice(0, -1)
        else if (pinField.text.length < 12) pinField.text += key
    }

    Rectangle {
        anchors.centerIn: parent
        width: 620
        height: column.implicitHeight + 64
        radius: 12
        color: Style.panel
        border.color: Style.border

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 32
            spacing: 16

            Text {
                objectName: "loginTitle"
                Accessible.role: Accessible.Heading
                Accessible.name: text
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("%1 · 工作人员登录").arg(terminal.windowName)
                font.family: Style.font
                font.pixelSize: Style.title
                font.bold: true
                color: Style.text
            }
            TextField {
                id: userField
                objectName: "usernameField"
                Accessible.name: placeholderText
                Layout.fillWidth: true
                Layout.preferredHeight: 60
                placeholderText: qsTr("工号")
                font.family: Style.font
                font.pixelSize: Style.body
                focus: true
                onAccepted: pinField.forceActiveFocus()
            }
            TextField {
                id: pinField
                objectName: "pinField"
                // Qt keeps a password field's name to itself: a reader says its description.
                Accessible.name: placeholderText
                Accessible.description: placeholderText
                Layout.fillWidth: true
                Layout.preferredHeight: 60
                placeholderText: qsTr("密码（数字）")
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly
                validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ }
                font.family: Style.font
                font.pixelSize: Style.body
                onAccepted: screen.submit()
            }
            GridLayout {
                objectName: "pinPad"
                Layout.fillWidth: true
                columns: 3
                rowSpacing: 10
                columnSpacing: 10
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
                    BigButton {
                        required property string modelData
                        objectName: "pinKey_" + modelData
                        Accessible.name: modelData.length === 1 ? qsTr("数字 %1").arg(modelData) : text
                        Layout.fillWidth: true
                        tone: modelData.length === 1 ? "#36404f" : Style.muted
                        text: modelData === "clear" ? qsTr("清除") : (modelData === "back" ? qsTr("退格") : modelData)
                        onClicked: screen.press(modelData)
                    }
                }
            }
            Text {
                objectName: "loginError"
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                Layout.fillWidth: true
                visible: text !== ""
                text: terminal.loginError
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                font.family: Style.font
                font.pixelSize: Style.body
                font.bold: true
                color: Style.bad
            }
            BigButton {
                objectName: "loginButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 72
                text: terminal.loggingIn ? qsTr("正在登录…") : qsTr("登录")
                enabled: !terminal.loggingIn
                tone: Style.good
                onClicked: screen.submit()
            }
        }
    }
}
