import QtQuick
import QtQuick.Controls

// A large, high-contrast button; `hint` shows its keyboard shortcut (e.g. F1) under the label.
Button {
    id: control
    property color tone: Style.primary
    property string hint: ""
    implicitHeight: Style.buttonHeight
    implicitWidth: Math.max(140, label.implicitWidth + 36)
    padding: 6
    focusPolicy: Qt.NoFocus
    // A reader says the label and its shortcut key; a page may name a key in words (数字 3).
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.description: hint !== "" ? qsTr("快捷键 %1").arg(hint) : ""
    contentItem: Item {
      implicitWidth: column.implicitWidth
      implicitHeight: column.implicitHeight
      Column {
        id: column
        anchors.centerIn: parent
        width: parent.width
        spacing: 0
        Text {
            id: label
            anchors.horizontalCenter: parent.horizontalCenter
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            // A long label (a service's name in English) takes a second line before it is cut.
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            text: control.text
            font.family: Style.font
            font.pixelSize: Style.body
            font.bold: true
            color: control.enabled ? "white" : Style.disabledText
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            visible: control.hint !== ""
            text: control.hint
            font.family: Style.font
            font.pixelSize: 15
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
            color: control.enabled ? "#e3ecff" : Style.disabledText
        }
      }
    }
    background: Rectangle {
        radius: Style.radius
        color: !control.enabled ? Style.disabled : (control.down ? Qt.darker(control.tone, 1.25) : control.tone)
        border.width: control.visualFocus ? 3 : 0
        border.color: "#ffb300"
    }
}
