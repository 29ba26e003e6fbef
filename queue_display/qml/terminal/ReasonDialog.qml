import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks for a reason (暂停 / 挂起): one tap on a common reason, or typed text.
Popup {
    id: dialog
    property string title
    property var presets: []
    signal chosen(string reason)
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 720
    padding: 28
    closePolicy: Popup.CloseOnEscape

    function ask() {
        field.text = ""
        open()
        field.forceActiveFocus()
    }
    function accept() {
        if (field.text.trim() === "") return
        dialog.chosen(field.text.trim())
        close()
    }

    background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }

    contentItem: ColumnLayout {
        spacing: 16
        Text {
            Accessible.role: Accessible.Heading
            Accessible.name: text
            text: dialog.title
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
        }
        Flow {
            Layout.fillWidth: true
            spacing: 10
            Repeater {
                model: dialog.presets
                BigButton {
                    required property string modelData
                    objectName: "preset_" + modelData
                    text: modelData
                    tone: field.text === modelData ? Style.header : Style.muted
                    onClicked: field.text = modelData
                }
            }
        }
        TextField {
            id: field
            objectName: "reasonField"
            Accessible.name: dialog.title
            Accessible.description: placeholderText
            Layout.fillWidth: true
            Layout.preferredHeight: 60
            placeholderText: qsTr("或输入原因")
            maximumLength: 100
            font.family: Style.font
            font.pixelSize: Style.body
            onAccepted: dialog.accept()
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: 12
            BigButton {
                objectName: "reasonCancel"
                text: qsTr("取消")
                tone: Style.muted
                onClicked: dialog.close()
            }
            BigButton {
                objectName: "reasonOk"
                text: qsTr("确定")
                enabled: field.text.trim() !== ""
                onClicked: dialog.accept()
            }
        }
    }
}
