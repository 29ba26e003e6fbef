import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// The window's evaluator (评价器): idle until the window asks, then the five levels, a reason for
// the two lowest (a preset, or their own words on the pinyin keyboard), and thanks. Touch only;
// zh with one-touch English.
ApplicationWindow {
    id: root
    objectName: "evaluatorWindow"
    width: 1280
    height: 800
    visible: true
    title: qsTr("服务评价器")
    color: Style.background
    font.family: Style.font
    readonly property bool portrait: height > width
    // How much of the page the on-screen keyboard covers (it rises over the bottom of the window).
    readonly property real keyboardCover: keyboard.active
        ? Math.max(0, keyboard.height - (root.height - page.y - page.height)) : 0

    Connections {
        target: pad
        function onKeyboardReset() { VirtualKeyboardSettings.userDataReset() }
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.userDataPath = keyboardDataPath
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Style.target + 24
            color: Style.header
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 28
                anchors.rightMargin: 12
                spacing: 16
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Text {
                        objectName: "windowTitle"
                        Accessible.role: Accessible.StaticText  // a banner: each screen has its own heading
                        Accessible.name: text
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        text: pad.windowName !== "" ? pad.windowName : qsTr("服务评价")
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
                        visible: text !== ""
                        elide: Text.ElideRight
                        text: pad.servesText
                        font.family: Style.font
                        font.pixelSize: Style.body - 6
                        color: "#d6e4ff"
                    }
                }
                PadButton {
                    objectName: "languageButton"
                    // Each language names itself, so a reader of either finds it.
                    text: pad.lang === "zh" ? "English" : "中文"
                    tone: "#36404f"
                    implicitWidth: 170
                    onClicked: pad.toggleLanguage()
                }
            }
        }

        Loader {
            id: page
            objectName: "page"
            Layout.fillWidth: true
            Layout.fillHeight: true
            sourceComponent: pad.screen === "rate" ? rate : pad.screen === "reason" ? reason
                             : pad.screen === "confirm" ? confirm
                             : (pad.screen === "sending" || pad.screen === "thanks" || pad.screen === "ended") ? message
                             : idle
        }

        Rectangle {
            objectName: "offlineBar"
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            visible: !pad.online
            color: "#fff3dc"
            Text {
                objectName: "offlineText"
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                anchors.fill: parent
                anchors.leftMargin: 28
                verticalAlignment: Text.AlignVCenter
                elide: Text.ElideRight
                text: qsTr("正在连接服务器…")
                font.family: Style.font
                font.pixelSize: Style.body - 4
                color: Style.warn
            }
        }
    }

    Component { id: idle; IdleScreen {} }
    Component { id: rate; RateScreen { portrait: root.portrait } }
    Component { id: reason; ReasonScreen { portrait: root.portrait; keyboardCover: root.keyboardCover } }
    Component { id: message; MessageScreen {} }
    Component { id: confirm; ConfirmScreen { portrait: root.portrait } }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 90
        // Narrower in landscape, so the words typed stay in sight above it.
        width: root.portrait ? root.width : Math.min(root.width, 1000)
        x: (root.width - width) / 2
        y: active ? root.height - height : root.height
    }
}
