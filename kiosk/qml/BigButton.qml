import QtQuick
import QtQuick.Controls

// A large, high-contrast touch button, optionally with an icon and a second line.
Button {
    id: control
    property color tone: Style.primary
    property string glyph: ""
    property string detail: ""
    property int size: Style.body
    // What voice guidance calls this choice when it reads the page out.
    property string voiceName: text
    implicitHeight: Math.max(Style.target, column.implicitHeight + 2 * Style.gap)
    implicitWidth: Math.max(Style.target * 2, row.implicitWidth + 2 * Style.gap)
    focusPolicy: Qt.NoFocus
    // A reader says the label, then the second line; a page may name a key in words (数字 3).
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.description: detail
    contentItem: Item {
        Row {
            id: row
            anchors.centerIn: parent
            spacing: Style.gap
            width: Math.min(implicitWidth, parent.width)
            Image {
                id: iconImage
                visible: control.glyph !== ""
                source: control.glyph !== "" ? "icons/" + control.glyph + ".svg" : ""
                width: visible ? control.size * 1.6 : 0
                height: width
                sourceSize.width: width
                sourceSize.height: height
                anchors.verticalCenter: parent.verticalCenter
            }
            Column {
                id: column
                anchors.verticalCenter: parent.verticalCenter
                width: Math.min(Math.max(label.implicitWidth, second.implicitWidth),
                                control.width - 2 * Style.gap - (iconImage.visible ? iconImage.width + Style.gap : 0))
                Text {
                    id: label
                    width: parent.width
                    text: control.text
                    font.family: Style.font
                    font.pixelSize: control.size
                    font.bold: true
                    color: control.enabled ? "white" : Style.disabledText
                    horizontalAlignment: iconImage.visible ? Text.AlignLeft : Text.AlignHCenter
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                Text {
                    id: second
                    width: parent.width
                    visible: control.detail !== ""
                    text: control.detail
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: control.enabled ? "#e8efff" : Style.disabledText
                    horizontalAlignment: label.horizontalAlignment
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
            }
        }
    }
    // Voice guidance on: the first touch speaks the button, a second one within seconds presses it.
    MouseArea {
        anchors.fill: parent
        enabled: kiosk.voice.on && control.enabled
        visible: enabled
        onClicked: if (kiosk.voice.explore(control.text, control.detail)) control.clicked()
    }
    background: Rectangle {
        radius: Style.radius
        color: !control.enabled ? Style.disabled : (control.down ? Qt.darker(control.tone, 1.3) : control.tone)
        border.width: Style.elder ? 3 : 0
        border.color: "#000000"
    }
}
