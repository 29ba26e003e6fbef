import QtQuick
import QtQuick.Layouts

// 不满意 / 非常不满意: one reason is needed before 提交.
Item {
    id: screen
    property bool portrait: false

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        spacing: 18
        RowLayout {
            Layout.fillWidth: true
            spacing: 20
            Rectangle {
                Layout.preferredWidth: 84
                Layout.preferredHeight: 84
                radius: 42
                color: Style.levelColor(pad.level)
                Face { anchors.fill: parent; anchors.margins: 8; level: pad.level }
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                Text {
                    objectName: "reasonTitle"
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    text: qsTr("您的评价：%1").arg(pad.levelName)
                    font.family: Style.font
                    font.pixelSize: Style.title
                    font.bold: true
                    color: Style.levelColor(pad.level)
                }
                Text {
                    objectName: "reasonHint"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    text: qsTr("请选择一个原因，我们会认真改进")
                    font.family: Style.font
                    font.pixelSize: Style.body
                    color: Style.text
                }
            }
        }
        GridLayout {
            id: grid
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.portrait ? 2 : 3
            rowSpacing: 12
            columnSpacing: 12
            Repeater {
                model: pad.reasons
                PadButton {
                    required property var modelData
                    objectName: "reason_" + modelData.code
                    Layout.fillWidth: true
                    Layout.preferredWidth: (grid.width - grid.columnSpacing * (grid.columns - 1)) / grid.columns
                    Layout.fillHeight: true
                    Layout.minimumHeight: Style.target
                    Layout.maximumHeight: Style.target + 30
                    text: (modelData.chosen ? "✓ " : "") + modelData.name
                    chosen: modelData.chosen
                    tone: modelData.chosen ? Style.header : "#4a5361"
                    onClicked: pad.toggleReason(modelData.code)
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 20
            PadButton {
                objectName: "backButton"
                Layout.preferredWidth: 260
                text: qsTr("返回")
                tone: "#36404f"
                onClicked: pad.back()
            }
            Item { Layout.fillWidth: true }
            PadButton {
                objectName: "submitButton"
                Layout.preferredWidth: 360
                text: qsTr("提交")
                tone: Style.good
                enabled: pad.canSubmit
                onClicked: pad.submit()
            }
        }
    }
}
