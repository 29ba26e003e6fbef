import QtQuick
import QtQuick.Controls

// A step that is being done: the citizen waits a moment.
Column {
    objectName: "busyPage"
    spacing: 2 * Style.gap
    topPadding: Style.target * 2
    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        width: Style.target * 1.5; height: width
        running: true
    }
    PageTitle {
        objectName: "busyText"
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("正在为您办理，请稍候…")
    }
}
