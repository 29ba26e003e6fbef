import QtQuick

// One cell of a console table: a line of text that shrinks a little to be read whole (a window's or a
// matter's name), and only past that is cut with … rather than running into the next.
Text {
    height: parent ? parent.height : implicitHeight
    fontSizeMode: Text.HorizontalFit
    minimumPixelSize: 13
    elide: Text.ElideRight
    verticalAlignment: Text.AlignVCenter
    font.family: Style.font
    font.pixelSize: Style.small
    color: Style.text
}
