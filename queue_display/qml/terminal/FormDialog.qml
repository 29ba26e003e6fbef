import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 电子填单: the form the citizen filled at the kiosk for the ticket at this window, each value with
// a copy button (to paste into the back office's system), and the materials the citizen lacks.
Popup {
    id: dialog
    readonly property var form: terminal.form
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(900, Overlay.overlay ? Overlay.overlay.width - 80 : 900)
    height: Math.min(implicitHeight, Overlay.overlay ? Overlay.overlay.height - 80 : implicitHeight)
    padding: 24
    closePolicy: Popup.CloseOnEscape

    background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }

    contentItem: ColumnLayout {
        spacing: 12
        Text {
            objectName: "formDialogTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("%1 的预填表单：%2").arg(dialog.form.number || "").arg(dialog.form.matterName || "")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
        }
        Text {
            objectName: "formConfirmed"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: dialog.form.confirmed === true ? qsTr("群众已在评价器上核对无误")
                  : dialog.form.confirmed === false ? qsTr("群众在评价器上指出信息有误，请当面核对")
                  : dialog.form.asked ? qsTr("评价器正在请群众核对…")
                  : qsTr("群众尚未核对")
            font.family: Style.font
            font.pixelSize: Style.body
            color: dialog.form.confirmed === false ? Style.bad : Style.muted
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: Math.min(values.implicitHeight, 560)
            clip: true
            ColumnLayout {
                id: values
                width: dialog.availableWidth
                spacing: 8
                Repeater {
                    model: dialog.form.values || []
                    delegate: RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 12
                        Text {
                            Layout.preferredWidth: 220
                            wrapMode: Text.Wrap
                            text: modelData.label
                            font.family: Style.font
                            font.pixelSize: Style.body
                            color: Style.muted
                        }
                        Text {
                            objectName: "formValue_" + modelData.key
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: modelData.value
                            font.family: Style.font
                            font.pixelSize: Style.body
                            font.bold: true
                            color: Style.text
                        }
                        BigButton {
                            objectName: "copy_" + modelData.key
                            text: qsTr("复制")
                            tone: Style.muted
                            onClicked: terminal.copyFormValue(modelData.key)
                        }
                    }
                }
            }
        }
        Text {
            objectName: "formMissing"
            Layout.fillWidth: true
            visible: (dialog.form.missing || []).length > 0
            wrapMode: Text.Wrap
            text: qsTr("群众未带：%1").arg((dialog.form.missing || []).join("、"))
                  + (dialog.form.missingAccepted ? qsTr("（本事项可容缺受理）") : "")
            font.family: Style.font
            font.pixelSize: Style.body
            color: Style.warn
        }
        Text {
            // What 请群众核对 / 打印表单 / 复制 just did (the window's line is behind this dialog).
            objectName: "formStatus"
            Layout.fillWidth: true
            visible: text !== ""
            wrapMode: Text.Wrap
            text: dialog.form.printing ? qsTr("正在打印表单…") : terminal.errorText !== "" ? terminal.errorText
                  : terminal.notice
            font.family: Style.font
            font.pixelSize: Style.body
            color: terminal.errorText !== "" ? Style.bad : Style.text
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            BigButton {
                objectName: "askFormConfirm"
                text: qsTr("请群众核对")
                enabled: !dialog.form.asking
                onClicked: terminal.askFormConfirm()
            }
            BigButton {
                objectName: "printForm"
                text: qsTr("打印表单")
                tone: Style.muted
                enabled: !dialog.form.printing
                onClicked: terminal.printForm()
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "formDialogClose"
                text: qsTr("关闭")
                tone: Style.header
                onClicked: dialog.close()
            }
        }
    }
}
