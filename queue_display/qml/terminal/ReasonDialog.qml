import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks for a reason (暂停 / 挂起): one of the hall's reasons ({code, label}); the code is sent.
Popup {
    id: dialog
    property string title
    property var presets: []
    property string choice: ""
    signal chosen(string reason)
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 720
    padding: 28
    closePolicy: Popup.CloseOnEscape

    function ask() {
        choice = ""
        open()
    }
    function accept() {
        if (choice === "") return
        dialog.chosen(choice)
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
                    required property var modelData
                    objectName: "preset_" + modelData.code
                    text: modelData.label
                    tone: dialog.choice === modelData.code ? Style.header : Style.muted
                    onClicked: dialog.choice = modelData.code
                }
            }
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
                enabled: dialog.choice !== ""
                onClicked: dialog.accept()
            }
        }
    }
}
