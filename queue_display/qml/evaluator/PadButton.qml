import QtQuick
import QtQuick.Controls

// A large touch button: its label wraps to two lines rather than being cut.
Button {
    id: control
    property color tone: Style.primary
    property bool chosen: false
    readonly property bool padTarget: true   // tests find every touch target by this
    implicitHeight: Style.target
    implicitWidth: Math.max(Style.target * 2, label.implicitWidth + 48)
    padding: 10
    focusPolicy: Qt.NoFocus
    // A chosen reason is heard as ticked, not only seen with its ✓.
    Accessible.role: Accessible.Button
    Accessible.name: text
    checked: chosen  // drawn by `chosen`; a tap never toggles it (not checkable)
    contentItem: Text {
        id: label
        text: control.text
        font.family: Style.font
        font.pixelSize: Style.body
        font.bold: true
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: !control.enabled ? Style.disabledText : (control.chosen || control.tone !== Style.panel ? "white" : Style.text)
    }
    background: Rectangle {
        radius: Style.radius
        color: !control.enabled ? Style.disabled : (control.down ? Qt.darker(control.tone, 1.25) : control.tone)
        border.width: control.chosen ? 6 : 0
        border.color: "#ffb300"
    }
}
