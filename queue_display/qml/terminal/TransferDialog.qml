import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 转移 (一票到底): send the current ticket on to another service category or another window.
Popup {
    id: dialog
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 960
    height: 660
    padding: 24
    closePolicy: Popup.CloseOnEscape
    property string choice: ""

    function ask() {
        choice = ""
        note.text = ""
        tabs.currentIndex = 0
        open()
    }
    function accept() {
        if (choice === "") return
        if (tabs.currentIndex === 0) terminal.transferToCategory(choice, note.text.trim())
        else terminal.transferToWindow(choice, note.text.trim())
        close()
    }

    background: Rectangle { radius: 12; color: Style.panel; border.color: Style.border; border.width: 2 }

    contentItem: ColumnLayout {
        spacing: 12
        Text {
            Accessible.role: Accessible.Heading
            Accessible.name: text
            text: qsTr("转移 %1 号").arg(terminal.current.number !== undefined ? terminal.current.number : "")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
        }
        TabBar {
            id: tabs
            Layout.fillWidth: true
            onCurrentIndexChanged: dialog.choice = ""
            TabChip {
                objectName: "toCategoryTab"
                height: 56
                text: qsTr("转到其他事项")
                font.family: Style.font
                font.pixelSize: Style.body
            }
            TabChip {
                objectName: "toWindowTab"
                height: 56
                text: qsTr("转到指定窗口")
                font.family: Style.font
                font.pixelSize: Style.body
            }
        }
        GridView {
            id: grid
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cellWidth: width / 4
            cellHeight: 96  // room for a long service name on two lines
            model: tabs.currentIndex === 0 ? terminal.categories : terminal.windows
            delegate: Item {
                required property var modelData
                width: grid.cellWidth
                height: grid.cellHeight
                BigButton {
                    objectName: "target_" + modelData.code
                    Accessible.description: hint  // the services a window serves, not a shortcut key
                    anchors.fill: parent
                    anchors.margins: 5
                    tone: dialog.choice === modelData.code ? Style.header : "#5b6676"
                    text: tabs.currentIndex === 0 ? modelData.name : modelData.label
                    hint: tabs.currentIndex === 0 ? "" : modelData.serves
                    onClicked: dialog.choice = modelData.code
                    contentItem.clip: true
                }
            }
        }
        TextField {
            id: note
            objectName: "transferNote"
            Accessible.name: placeholderText
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            placeholderText: qsTr("备注（可选）")
            maximumLength: 200
            font.family: Style.font
            font.pixelSize: Style.body
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: 12
            BigButton {
                objectName: "transferCancel"
                text: qsTr("取消")
                tone: Style.muted
                onClicked: dialog.close()
            }
            BigButton {
                objectName: "transferOk"
                text: qsTr("确定转移")
                enabled: dialog.choice !== ""
                onClicked: dialog.accept()
            }
        }
    }
}
