import QtQuick

// Running text of a page.
Text {
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    width: parent ? parent.width : implicitWidth
    font.family: Style.font
    font.pixelSize: Style.body
    color: Style.text
    wrapMode: Text.Wrap
}
