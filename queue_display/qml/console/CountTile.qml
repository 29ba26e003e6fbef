import QtQuick

// A figure at a glance: a large number, what it counts, and a line of detail; its tone is never the only sign.
Rectangle {
    id: tile
    property int count: 0
    property string label: ""
    property string detail: ""
    property color tone: Style.text
    property color tint: Style.panel
    property string mark: ""          // a shape beside the label (■ ▲ ●) so the tone is not the only signal
    height: 116
    radius: Style.radius
    color: count > 0 ? tint : Style.panel
    border.color: count > 0 ? tone : Style.border
    border.width: count > 0 ? 2 : 1
    Text {
        id: figure
        objectName: tile.objectName + "_count"
        anchors { left: parent.left; leftMargin: 20; verticalCenter: parent.verticalCenter }
        text: tile.count
        font.family: Style.font
        font.pixelSize: 52
        font.bold: true
        color: tile.count > 0 ? tile.tone : Style.muted
    }
    Column {
        anchors { left: figure.right; leftMargin: 18; right: parent.right; rightMargin: 14
                  verticalCenter: parent.verticalCenter }
        spacing: 4
        Text {
            width: parent.width
            elide: Text.ElideRight
            text: (tile.mark ? tile.mark + " " : "") + tile.label
            font.family: Style.font
            font.pixelSize: Style.body
            font.bold: true
            color: Style.text
        }
        Text {
            width: parent.width
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            text: tile.detail
            font.family: Style.font
            font.pixelSize: Style.small - 2
            color: Style.muted
        }
    }
}
