import QtQuick
import QtQuick.Controls

// One of the five national levels: colour, face and name, so it reads without the words.
Button {
    id: control
    property int level: 3
    property bool across: false   // face beside the name (portrait rows) instead of above it
    readonly property bool padTarget: true
    focusPolicy: Qt.NoFocus
    padding: 12
    Accessible.role: Accessible.Button
    Accessible.name: text
    contentItem: Item {
        Face {
            id: face
            level: control.level
            width: control.across ? Math.min(parent.height, 110) : Math.min(parent.width * 0.6, parent.height - name.height - 16, 170)
            height: width
            x: control.across ? 24 : (parent.width - width) / 2
            y: control.across ? (parent.height - height) / 2 : Math.max(0, (parent.height - height - name.height - 12) / 2)
        }
        Text {
            id: name
            text: control.text
            font.family: Style.font
            font.pixelSize: control.across ? Style.title : Style.body + 4
            font.bold: true
            color: "white"
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            horizontalAlignment: control.across ? Text.AlignLeft : Text.AlignHCenter
            // Above-the-name faces line up across the row: every name keeps room for two lines.
            verticalAlignment: control.across ? Text.AlignVCenter : Text.AlignTop
            height: control.across ? implicitHeight : Math.ceil(font.pixelSize * 1.45) * 2
            x: control.across ? face.x + face.width + 32 : 0
            y: control.across ? (parent.height - height) / 2 : face.y + face.height + 12
            width: control.across ? parent.width - x - 16 : parent.width
        }
    }
    background: Rectangle {
        radius: Style.radius
        color: control.down ? Qt.darker(Style.levelColor(control.level), 1.3) : Style.levelColor(control.level)
    }
}
