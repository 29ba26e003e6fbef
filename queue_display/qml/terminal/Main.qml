import QtQuick
import QtQuick.Controls

// The window staff terminal: login first, then the working screen of this window.
ApplicationWindow {
    id: root
    objectName: "terminalWindow"
    width: 1280
    height: 800
    visible: true
    title: qsTr("窗口叫号终端")
    color: Style.background
    font.family: Style.font

    Loader {
        anchors.fill: parent
        sourceComponent: terminal.screen === "work" ? work : login
    }
    Component { id: login; LoginScreen {} }
    Component { id: work; WorkScreen {} }
}
