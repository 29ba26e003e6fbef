import QtQuick
import QtQuick.Controls

// A labelled text field in the console's large type.
Column {
    id: field
    property alias label: caption.text
    property alias text: input.text
    property alias placeholder: input.placeholderText
    property alias maximumLength: input.maximumLength
    property alias echoMode: input.echoMode
    property alias inputMethodHints: input.inputMethodHints
    property alias input: input
    spacing: 6
    Text {
        id: caption
        font.family: Style.font
        font.pixelSize: Style.small
        color: Style.muted
    }
    TextField {
        id: input
        objectName: field.objectName + "_input"
        Accessible.name: caption.text
        // Qt keeps a password field's name to itself: a reader says its description.
        Accessible.description: echoMode === TextInput.Normal ? placeholderText : caption.text
        width: field.width
        height: Style.buttonHeight
        font.family: Style.font
        font.pixelSize: Style.body
        color: Style.text
        background: Rectangle {
            radius: Style.radius
            color: Style.panel
            border.width: input.activeFocus ? 3 : 2
            border.color: input.activeFocus ? Style.primary : Style.border
        }
    }
}
