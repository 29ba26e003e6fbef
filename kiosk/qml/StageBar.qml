import QtQuick

// A case's four stages, 受理 → 审核 → 批准 → 办结, with the ones reached filled in.
Row {
    id: bar
    property int stage: 0
    width: parent ? parent.width : implicitWidth
    readonly property var names: [qsTr("受理"), qsTr("审核"), qsTr("批准"), qsTr("办结")]
    Repeater {
        model: 4
        delegate: Column {
            id: step
            required property int index
            width: bar.width / 4
            spacing: Style.gap / 2
            Item {
                width: parent.width
                height: Style.body * 1.4
                Rectangle {  // the line to the next stage
                    visible: step.index < 3
                    x: parent.width / 2; width: parent.width
                    anchors.verticalCenter: parent.verticalCenter
                    height: Math.max(3, Style.gap / 2)
                    color: step.index < bar.stage ? Style.good : Style.border
                }
                Rectangle {
                    anchors.centerIn: parent
                    width: parent.height; height: width; radius: width / 2
                    color: step.index <= bar.stage ? Style.good : Style.panel
                    border.color: step.index <= bar.stage ? Style.good : Style.muted
                    border.width: Math.max(2, Style.borderWidth + 1)
                    Text {
                        anchors.centerIn: parent
                        text: step.index < bar.stage || bar.stage === 3 ? "✓" : String(step.index + 1)
                        font.family: Style.font
                        font.pixelSize: Style.small
                        font.bold: true
                        color: step.index <= bar.stage ? "white" : Style.muted
                    }
                }
            }
            Text {
                objectName: "stage_" + step.index
                Accessible.role: Accessible.StaticText
                Accessible.name: step.index < bar.stage || bar.stage === 3 ? qsTr("%1：已完成").arg(text)
                               : step.index === bar.stage ? qsTr("%1：当前步骤").arg(text) : text
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: bar.names[step.index]
                font.family: Style.font
                font.pixelSize: Style.small
                font.bold: step.index === bar.stage
                color: step.index <= bar.stage ? Style.text : Style.muted
            }
        }
    }
}
