import QtQuick

// A labelled bar chart in plain Rectangles: one bar per group (an hour, a day, a category), its value
// above it; with `values2`, a second series beside the first, named in a legend.
Rectangle {
    id: chart
    property string title: ""
    property var labels: []
    property var values: []      // numbers, or null for "no figure"
    property var values2: []     // an optional second series, as long as `values`
    property color barColor: Style.primary
    property color barColor2: "#7a4fc2"
    property var legend: []      // names of the series, shown when there are two
    property string unit: ""
    readonly property bool paired: values2.length === values.length && values2.length > 0
    readonly property real peak: Math.max(1, Math.max.apply(null, values.concat(paired ? values2 : [])
                                                              .map(v => v == null ? 0 : v)))
    // Crowded axes (a month of days) label every n-th group; the table beside has every figure.
    readonly property real slotWidth: values.length ? (bars.width - bars.spacing * (values.length - 1)) / values.length : 0
    readonly property int labelStep: Math.max(1, Math.ceil(52 / Math.max(1, slotWidth + bars.spacing)))
    readonly property bool showValues: slotWidth >= (paired ? 64 : 34)
    // Names (categories, windows) wider than their bar go onto two lines under it rather than being cut.
    readonly property bool twoLineLabels: labelStep === 1 && labels.some(l => String(l).length * Style.small > slotWidth + bars.spacing)
    readonly property bool wordyLabels: labels.some(l => String(l).indexOf(" ") >= 0)
    // Crowded names get smaller, down to 11 px, until their longest word (a Chinese name is one) fits its bar.
    readonly property int labelSize: {
        let widest = 1
        for (const label of labels)
            for (const word of String(label).split(" "))
                widest = Math.max(widest, fontMetrics.advanceWidth(word))
        return Math.max(11, Math.min(Style.small, Math.floor(Style.small * (slotWidth + bars.spacing - 2) / widest)))
    }
    radius: Style.radius
    color: Style.panel
    border.color: Style.border

    FontMetrics { id: fontMetrics; font.family: Style.font; font.pixelSize: Style.small }
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
        anchors { right: parent.right; verticalCenter: heading.verticalCenter; rightMargin: 16 }
        spacing: 16
        visible: chart.paired && chart.legend.length === 2
        Repeater {
            model: chart.paired ? chart.legend : []
            Row {
                required property var modelData
                required property int index
                spacing: 6
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: 16; height: 16; radius: 3
                    color: parent.index === 0 ? chart.barColor : chart.barColor2
                }
                Text {
                    text: parent.modelData
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.text
                }
            }
        }
    }
    Row {
        id: bars
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: parent.bottom
                  leftMargin: 16; rightMargin: 16; topMargin: 8; bottomMargin: 8 }
        spacing: chart.values.length > 20 ? 3 : 8
        Repeater {
            model: chart.values.length
            delegate: Item {
                id: slot
                required property int index
                readonly property var value: chart.values[index]
                readonly property var value2: chart.paired ? chart.values2[index] : null
                readonly property real room: slot.height - axisLabel.height - valueLabel.height - 10
                width: chart.slotWidth
                height: bars.height
                Text {
                    id: axisLabel
                    anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter }
                    width: chart.twoLineLabels ? parent.width + bars.spacing : Math.max(parent.width, 48)
                    height: (chart.twoLineLabels && chart.wordyLabels ? 3 : 1)
                            * Math.ceil(fontMetrics.height * font.pixelSize / Style.small)
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignTop
                    // English names break between words only; a Chinese name is one word and is never
                    // broken ("综合受/理"): it shrinks onto its one line instead.
                    wrapMode: chart.twoLineLabels && chart.wordyLabels ? Text.WordWrap : Text.NoWrap
                    maximumLineCount: 3
                    elide: Text.ElideRight
                    // labels and values are rebound one after the other: for a moment one may be the shorter
                    text: slot.index % chart.labelStep === 0 ? String(chart.labels[slot.index] ?? "") : ""
                    font.family: Style.font
                    font.pixelSize: chart.twoLineLabels ? chart.labelSize : Style.small
                    color: Style.muted
                }
                Row {
                    id: pair
                    anchors { bottom: axisLabel.top; bottomMargin: 4; horizontalCenter: parent.horizontalCenter }
                    spacing: 2
                    Rectangle {
                        width: slot.width * (chart.paired ? 0.4 : 0.7)
                        height: slot.value == null ? 0 : Math.max(2, slot.room * slot.value / chart.peak)
                        anchors.bottom: parent.bottom
                        radius: 3
                        color: chart.barColor
                    }
                    Rectangle {
                        visible: chart.paired
                        width: slot.width * 0.4
                        height: slot.value2 == null ? 0 : Math.max(2, slot.room * slot.value2 / chart.peak)
                        anchors.bottom: parent.bottom
                        radius: 3
                        color: chart.barColor2
                    }
                }
                Text {
                    id: valueLabel
                    anchors { bottom: pair.top; bottomMargin: 2; horizontalCenter: parent.horizontalCenter }
                    visible: chart.showValues
                    text: {
                        const show = v => v == null ? "–" : (Math.round(v * 10) / 10) + chart.unit
                        return chart.paired ? show(slot.value) + " / " + show(slot.value2) : show(slot.value)
                    }
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.text
                }
            }
        }
    }
}
