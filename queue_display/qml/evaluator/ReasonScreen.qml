import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 不满意 / 非常不满意: a reason is needed before 提交 — a preset, or the citizen's own words typed
// on the pinyin keyboard (while typing, only the words and 完成 stay above the keyboard).
Item {
    id: screen
    property bool portrait: false
    property real keyboardCover: 0
    readonly property bool typing: keyboardCover > 0

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        anchors.bottomMargin: 28 + screen.keyboardCover
        spacing: 18
        Text {
            objectName: "typingTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            visible: screen.typing
            elide: Text.ElideRight
            text: qsTr("请写下您的意见")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
        }
        RowLayout {
            Layout.fillWidth: true
            visible: !screen.typing
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
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
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
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    text: qsTr("请选择一个原因，或写下您的意见")
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
            visible: !screen.typing
            columns: screen.portrait ? 2 : 3
            rowSpacing: 12
            columnSpacing: 12
            Repeater {
                model: pad.reasons
                PadButton {
                    required property var modelData
                    objectName: "reason_" + modelData.code
                    Accessible.name: modelData.name  // without the ✓: chosen is said as checked
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
        GridLayout {
            // Landscape: 返回 · the words · 提交 in one row; portrait: the words above the two buttons.
            Layout.fillWidth: true
            columns: screen.portrait ? 2 : 3
            rowSpacing: 18
            columnSpacing: 20
            PadButton {
                objectName: "backButton"
                Layout.row: screen.portrait ? 1 : 0
                Layout.column: 0
                Layout.preferredWidth: screen.portrait ? 260 : 220
                visible: !screen.typing
                text: qsTr("返回")
                tone: "#36404f"
                onClicked: pad.back()
            }
            TextField {
                id: words
                objectName: "reasonField"
                Accessible.name: placeholderText
                Layout.row: 0
                Layout.column: screen.portrait ? 0 : 1
                Layout.columnSpan: screen.portrait ? 2 : 1
                Layout.fillWidth: true
                Layout.preferredHeight: Style.target
                readonly property bool padTarget: true
                placeholderText: qsTr("也可以写下您的意见（选填）")
                placeholderTextColor: Style.muted
                maximumLength: 200
                // Sensitive: the pinyin engine learns nothing a citizen writes (the next one would be offered it).
                inputMethodHints: Qt.ImhSensitiveData
                font.family: Style.font
                font.pixelSize: Style.body
                color: Style.text
                leftPadding: 20
                rightPadding: 20
                background: Rectangle {
                    radius: Style.radius
                    color: Style.panel
                    border.width: words.activeFocus ? 4 : 2
                    border.color: words.activeFocus ? Style.primary : Style.border
                }
                Component.onCompleted: text = pad.reasonText
                onTextChanged: pad.setReasonText(text)
                onAccepted: words.focus = false
            }
            PadButton {
                objectName: "submitButton"
                Layout.row: screen.portrait ? 1 : 0
                Layout.fillWidth: screen.portrait  // the second column takes the rest of the row
                Layout.column: screen.portrait ? 1 : 2
                Layout.preferredWidth: screen.portrait ? 360 : 300
                Layout.alignment: Qt.AlignRight
                visible: !screen.typing
                text: qsTr("提交")
                tone: Style.good
                enabled: pad.canSubmit
                onClicked: pad.submit()
            }
            PadButton {
                objectName: "doneTyping"
                Layout.row: screen.portrait ? 1 : 0
                Layout.fillWidth: screen.portrait  // the second column takes the rest of the row
                Layout.column: screen.portrait ? 1 : 2
                Layout.preferredWidth: screen.portrait ? 360 : 300
                Layout.alignment: Qt.AlignRight
                visible: screen.typing
                text: qsTr("完成输入")
                tone: Style.primary
                onClicked: { words.focus = false; Qt.inputMethod.hide() }
            }
        }
        Item {
            Layout.fillHeight: true
            visible: screen.typing
        }
    }
}
