import QtQuick

// One cell of a console table: a line of text that is cut with … rather than running into the next.
Text {
    height: parent ? parent.height : implicitHeight
    elide: Text.ElideRight
    verticalAlignment: Text.AlignVCenter
    font.family: Style.font
    font.pixelSize: Style.small
    color: Style.text
}
