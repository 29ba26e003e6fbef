import QtQuick

// A section heading inside a page.
Text {
    Accessible.role: Accessible.Heading
    Accessible.name: text
    width: parent ? parent.width : implicitWidth
    topPadding: Style.gap
    font.family: Style.font
    font.pixelSize: Style.body
    font.bold: true
    color: Style.header
    wrapMode: Text.Wrap
}
