import QtQuick

// Running text of a page.
Text {
    width: parent ? parent.width : implicitWidth
    font.family: Style.font
    font.pixelSize: Style.body
    color: Style.text
    wrapMode: Text.Wrap
}
