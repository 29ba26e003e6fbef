import QtQuick
import QtQuick.Controls

// The hall manager console: PIN login first, then the dashboard, the notices and the category settings.
ApplicationWindow {
    id: root
    objectName: "consoleWindow"
    width: 1600
    height: 1000
    visible: true
    title: qsTr("大厅管理端")
    color: Style.background
    font.family: Style.font

    Loader {
        anchors.fill: parent
        sourceComponent: hall.screen === "main" ? mainScreen : loginScreen
    }
    Component { id: loginScreen; LoginScreen {} }
    Component { id: mainScreen; MainScreen {} }
}
