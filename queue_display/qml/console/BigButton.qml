import QtQuick
import QtQuick.Controls

// A large, high-contrast button (at least 48 px high) for a manager's mouse or touch.
Button {
    id: control
    property color tone: Style.primary
    property int fontSize: Style.body
    implicitHeight: Style.buttonHeight
    implicitWidth: Math.max(120, label.implicitWidth + 36)
    focusPolicy: Qt.NoFocus
    contentItem: Text {
        id: label
        text: control.text
        font.family: Style.font
        font.pixelSize: control.fontSize
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        color: control.enabled ? "white" : Style.disabledText
    }
    background: Rectangle {
        radius: Style.radius
        color: !control.enabled ? Style.disabled : (control.down ? Qt.darker(control.tone, 1.25) : control.tone)
    }
}
