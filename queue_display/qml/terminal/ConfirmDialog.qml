import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks before an action that a citizen would feel (过号): the question names the number, and the
// confirming button says what it does. Escape or 取消 leaves everything as it was.
Popup {
    id: dialog
    property string question
    property string detail
    property string confirmText
    property color tone: Style.bad
    signal confirmed()
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 640
    padding: 28
    closePolicy: Popup.CloseOnEscape

    function ask() {
        open()
    }

    background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }

    contentItem: ColumnLayout {
        spacing: 18
        Text {
            objectName: dialog.objectName + "Question"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: dialog.question
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
        }
        Text {
            Layout.fillWidth: true
            visible: dialog.detail !== ""
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            wrapMode: Text.Wrap
            text: dialog.detail
            font.family: Style.font
            font.pixelSize: Style.body
            color: Style.muted
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: 12
            BigButton {
                objectName: dialog.objectName + "Cancel"
                text: qsTr("取消")
                tone: Style.muted
                onClicked: dialog.close()
            }
            BigButton {
                objectName: dialog.objectName + "Confirm"
                text: dialog.confirmText
                tone: dialog.tone
                onClicked: {
                    dialog.close()
                    dialog.confirmed()
                }
            }
        }
    }
}
