import QtQuick
import QtQuick.Controls

// A tab with a clear selected state: dark with white text when selected, light otherwise.
TabButton {
    id: control
    implicitHeight: 56
    font.family: Style.font
    font.pixelSize: Style.body
    font.bold: true
    contentItem: Text {
        text: control.text
        font: control.font
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: control.checked ? "white" : Style.text
    }
    background: Rectangle {
        color: control.checked ? Style.header : "#e3e7ee"
        radius: 6
    }
}
