import QtQuick

// The title line of a page.
Text {
    Accessible.role: Accessible.Heading
    Accessible.name: text
    width: parent ? parent.width : implicitWidth
    font.family: Style.font
    font.pixelSize: Style.title
    font.bold: true
    color: Style.text
    wrapMode: Text.Wrap
}
