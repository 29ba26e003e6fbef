import QtQuick

// A labelled bar chart in plain Rectangles: one bar per hour, its value above it.
Rectangle {
    id: chart
    property string title: ""
    property var labels: []
    property var values: []      // numbers, or null for "no figure"
    property color barColor: Style.primary
    property string unit: ""
    readonly property real peak: Math.max(1, Math.max.apply(null, values.map(v => v == null ? 0 : v)))
    radius: Style.radius
    color: Style.panel
    border.color: Style.border

    Text {
        id: heading
        anchors { left: parent.left; top: parent.top; margins: 16 }
        text: chart.title
        font.family: Style.font
        font.pixelSize: Style.body
        font.bold: true
        color: Style.text
    }
    Row {
        id: bars
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: parent.bottom
                  leftMargin: 16; rightMargin: 16; topMargin: 8; bottomMargin: 8 }
        spacing: 8
        Repeater {
            model: chart.values.length
            delegate: Item {
                id: slot
                required property int index
                readonly property var value: chart.values[index]
                width: (bars.width - bars.spacing * (chart.values.length - 1)) / chart.values.length
                height: bars.height
                Text {
                    id: hourLabel
                    anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter }
                    text: chart.labels[slot.index]
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.muted
                }
                Rectangle {
                    id: bar
                    anchors { bottom: hourLabel.top; bottomMargin: 4; horizontalCenter: parent.horizontalCenter }
                    width: parent.width * 0.7
                    height: slot.value == null ? 0
                            : Math.max(2, (slot.height - hourLabel.height - valueLabel.height - 10) * slot.value / chart.peak)
                    radius: 3
                    color: chart.barColor
                }
                Text {
                    id: valueLabel
                    anchors { bottom: bar.top; bottomMargin: 2; horizontalCenter: parent.horizontalCenter }
                    text: slot.value == null ? "–" : (Math.round(slot.value * 10) / 10) + chart.unit
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.text
                }
            }
        }
    }
}
