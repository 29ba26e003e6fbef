import QtQuick
import QtQuick.Controls

// 统计: figures per day, category or window over a range of business days, charts of them, and the same
// rows exported as CSV to the console's export folder.
Item {
    id: page
    objectName: "statsPage"
    property bool shown: false
    // Read afresh each time the page is opened: a preset's days follow the hall's clock.
    onShownChanged: if (shown) { hall.stats.preset !== "" ? hall.stats.showPreset(hall.stats.preset) : hall.stats.load() }

    function figure(v, unit) { return v === null || v === undefined ? "–" : String(v) + (unit || "") }
    function rate(v) { return v === null || v === undefined ? "–" : (Math.round(v * 1000) / 10) + "%" }
    function loadRange() { hall.stats.showRange(fromField.text, toField.text) }
    Connections {
        target: hall.stats
        function onChanged() {
            if (!fromField.input.activeFocus) fromField.text = hall.stats.dateFrom
            if (!toField.input.activeFocus) toField.text = hall.stats.dateTo
        }
    }

    // --- what to count --------------------------------------------------------------------
    Row {
        id: controls
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 10
        Repeater {
            model: [{ key: "today", label: qsTr("今天") }, { key: "week", label: qsTr("近7天") },
                    { key: "month", label: qsTr("本月") }]
            BigButton {
                required property var modelData
                anchors.bottom: parent.bottom
                objectName: "statsPreset_" + modelData.key
                text: modelData.label
                tone: hall.stats.preset === modelData.key ? Style.header : Style.muted
                onClicked: hall.stats.showPreset(modelData.key)
            }
        }
        Field {
            id: fromField
            objectName: "statsFrom"
            width: 180
            label: qsTr("开始日期")
            placeholder: "2026-11-01"
            maximumLength: 10
            input.onAccepted: page.loadRange()
        }
        Field {
            id: toField
            objectName: "statsTo"
            width: 180
            label: qsTr("结束日期")
            placeholder: "2026-11-30"
            maximumLength: 10
            input.onAccepted: page.loadRange()
        }
        BigButton {
            objectName: "statsQuery"
            anchors.bottom: parent.bottom
            text: qsTr("查询")
            onClicked: page.loadRange()
        }
        Item { width: 14; height: 1 }
        Repeater {
            model: [{ key: "day", label: qsTr("按日") }, { key: "category", label: qsTr("按事项") },
                    { key: "window", label: qsTr("按窗口") }]
            BigButton {
                required property var modelData
                anchors.bottom: parent.bottom
                objectName: "statsBy_" + modelData.key
                text: modelData.label
                tone: hall.stats.by === modelData.key ? Style.header : Style.muted
                onClicked: hall.stats.showBy(modelData.key)
            }
        }
    }
    BigButton {
        objectName: "statsExport"
        anchors { right: parent.right; bottom: controls.bottom }
        text: qsTr("导出 CSV")
        tone: Style.good
        enabled: hall.stats.dateFrom !== ""
        onClicked: hall.stats.exportCsv()
    }

    // --- the table ------------------------------------------------------------------------
    Rectangle {
        id: table
        anchors { left: parent.left; top: controls.bottom; topMargin: 16; bottom: parent.bottom }
        width: (parent.width - 16) * 0.56
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        readonly property real unit: width - 32
        readonly property var columns: [
            // The name column is the widest: a service's or a window's name reads whole.
            { w: 0.22, t: hall.stats.by === "day" ? qsTr("日期") : hall.stats.by === "category" ? qsTr("事项") : qsTr("窗口") },
            { w: 0.085, t: qsTr("取号") }, { w: 0.085, t: qsTr("办理") }, { w: 0.09, t: qsTr("过号") },
            { w: 0.105, t: qsTr("平均等候") }, { w: 0.105, t: qsTr("P90等候") }, { w: 0.12, t: qsTr("平均办理") },
            { w: 0.08, t: qsTr("评价") }, { w: 0.11, t: qsTr("满意率") }
        ]
        Text {
            id: tableTitle
            anchors { left: parent.left; top: parent.top; margins: 16 }
            text: (hall.stats.dateFrom === hall.stats.dateTo ? hall.stats.dateFrom : hall.stats.dateFrom + " ~ " + hall.stats.dateTo)
                  + (hall.stats.loading ? qsTr("（正在统计…）") : "") + qsTr("　时间单位：分钟")
            font.family: Style.font; font.pixelSize: Style.body; font.bold: true; color: Style.header
        }
        Row {
            id: head
            anchors { left: parent.left; right: parent.right; top: tableTitle.bottom; margins: 16; topMargin: 8 }
            height: 36
            Repeater {
                model: table.columns
                Cell {
                    required property var modelData
                    required property int index
                    width: table.unit * modelData.w
                    horizontalAlignment: index === 0 ? Text.AlignLeft : Text.AlignRight
                    rightPadding: index === 0 ? 0 : 8
                    text: modelData.t
                    font.bold: true
                    font.pixelSize: Style.small - 2
                    color: Style.muted
                }
            }
        }
        Component {
            id: figures
            Row {
                property var row: ({})
                property bool total: false
                height: 40
                Cell { width: table.unit * 0.22; leftPadding: 4; text: parent.row.label || ""; font.bold: parent.total }
                Repeater {
                    model: [
                        { w: 0.085, v: page.figure(parent.row.issued) }, { w: 0.085, v: page.figure(parent.row.served) },
                        { w: 0.09, v: page.figure(parent.row.no_shows) },
                        { w: 0.105, v: page.figure(parent.row.average_wait_minutes) },
                        { w: 0.105, v: page.figure(parent.row.p90_wait_minutes) },
                        { w: 0.12, v: page.figure(parent.row.average_service_minutes) },
                        { w: 0.08, v: page.figure(parent.row.ratings) }, { w: 0.11, v: page.rate(parent.row.satisfaction_rate) }
                    ]
                    Cell {
                        required property var modelData
                        width: table.unit * modelData.w
                        horizontalAlignment: Text.AlignRight
                        rightPadding: 8
                        text: modelData.v
                        font.bold: parent.total
                    }
                }
            }
        }
        ListView {
            id: list
            objectName: "statsList"
            anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: totalRow.top
                      leftMargin: 16; rightMargin: 16 }
            clip: true
            model: hall.stats.rows
            delegate: Rectangle {
                id: line
                required property var modelData
                required property int index
                objectName: "statsRow_" + modelData.key
                property int issued: modelData.issued ?? -1   // -1: no figure (per window)
                property int served: modelData.served ?? -1
                width: list.width
                height: 40
                color: index % 2 ? "#f6f8fb" : Style.panel
                Loader {
                    anchors.fill: parent
                    sourceComponent: figures
                    onLoaded: item.row = Qt.binding(() => line.modelData)
                }
            }
        }
        Rectangle {
            id: totalRow
            objectName: "statsTotal"
            property int issued: hall.stats.total.issued ?? -1
            property int served: hall.stats.total.served ?? -1
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 16 }
            height: 44
            color: "#e8eef8"
            Loader {
                anchors.fill: parent
                sourceComponent: figures
                onLoaded: { item.total = true; item.row = Qt.binding(() => hall.stats.total) }
            }
        }
    }

    // --- charts ---------------------------------------------------------------------------
    Column {
        anchors { left: table.right; leftMargin: 16; right: parent.right; top: controls.bottom; topMargin: 16
                  bottom: parent.bottom }
        spacing: 16
        BarChart {
            objectName: "statsCountChart"
            width: parent.width
            height: (parent.height - 16) / 2
            title: qsTr("取号与办理")
            labels: hall.stats.list.map(r => r.short)
            values: hall.stats.list.map(r => r.issued)
            values2: hall.stats.list.map(r => r.served)
            legend: [qsTr("取号"), qsTr("办理")]
            barColor: Style.primary
            barColor2: Style.good
        }
        BarChart {
            objectName: "statsWaitChart"
            width: parent.width
            height: (parent.height - 16) / 2
            title: qsTr("等候时间（分钟）")
            labels: hall.stats.list.map(r => r.short)
            values: hall.stats.list.map(r => r.average_wait_minutes)
            values2: hall.stats.list.map(r => r.p90_wait_minutes)
            legend: [qsTr("平均"), qsTr("P90")]
            barColor: "#7a4fc2"
            barColor2: "#c2410c"
        }
    }
}
