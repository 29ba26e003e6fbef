import QtQuick
import QtQuick.Controls

// 设置: the hall file's categories, windows, matters and rating reasons; a row's form with the
// server's refusal under the field it names; rows the centre publishes are marked and read-only.
Item {
    id: page
    objectName: "hallSettingsPage"
    readonly property var store: hall.hallSettings

    Rectangle {
        id: chooser
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
        width: 520
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Column {
            id: tables
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
            spacing: 8
            Flow {
                width: parent.width
                spacing: 8
                Repeater {
                    model: page.store.tables
                    delegate: Button {
                        id: tableTab
                        required property var modelData
                        objectName: "hallSettingsTable_" + modelData.key
                        height: Style.buttonHeight
                        width: (tables.width - 8) / 2
                        focusPolicy: Qt.NoFocus
                        onClicked: page.store.showTable(modelData.key)
                        Accessible.role: Accessible.PageTab
                        Accessible.name: modelData.label
                        contentItem: Text {
                            text: tableTab.modelData.label
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                            elide: Text.ElideRight
                            font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                            color: page.store.table === tableTab.modelData.key ? "white" : Style.header
                        }
                        background: Rectangle {
                            radius: Style.radius
                            color: page.store.table === tableTab.modelData.key ? Style.header
                                   : (tableTab.down ? "#dde6f5" : "#f4f6f9")
                            border.color: Style.border
                        }
                    }
                }
            }
            BigButton {
                objectName: "hallSettingsAdd"
                width: parent.width
                text: qsTr("新增一行")
                tone: Style.good
                Accessible.role: Accessible.Button
                Accessible.name: text
                onClicked: page.store.add()
            }
        }
        ListView {
            objectName: "hallSettingsRows"
            anchors { left: parent.left; right: parent.right; top: tables.bottom; bottom: parent.bottom; margins: 16 }
            clip: true
            spacing: 6
            model: page.store.rows
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14 }
            delegate: Button {
                id: rowButton
                required property var modelData
                objectName: "hallSettingsRow_" + modelData.code
                width: ListView.view.width - 18
                height: 60
                focusPolicy: Qt.NoFocus
                onClicked: page.store.select(modelData.code)
                Accessible.role: Accessible.Button
                Accessible.name: modelData.code + " " + modelData.name
                                 + (modelData.fromCentre ? " · " + qsTr("由中心统一发布") : "")
                contentItem: Item {
                    Text {
                        anchors { left: parent.left; right: mark.left; rightMargin: 8; verticalCenter: parent.verticalCenter }
                        text: rowButton.modelData.code + "  " + rowButton.modelData.name
                              + (rowButton.modelData.detail ? "  · " + rowButton.modelData.detail : "")
                        elide: Text.ElideRight
                        font.family: Style.font; font.pixelSize: Style.body
                        color: page.store.code === rowButton.modelData.code ? "white" : Style.text
                    }
                    Text {
                        id: mark
                        anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                        visible: rowButton.modelData.fromCentre
                        width: visible ? implicitWidth : 0
                        text: qsTr("由中心统一发布")
                        font.family: Style.font; font.pixelSize: Style.small
                        color: page.store.code === rowButton.modelData.code ? "#dbe6f7" : Style.muted
                    }
                }
                background: Rectangle {
                    radius: Style.radius
                    color: page.store.code === rowButton.modelData.code ? Style.primary
                           : (rowButton.down ? "#dde6f5" : "#f4f6f9")
                }
            }
        }
    }

    Rectangle {
        anchors { left: chooser.right; leftMargin: 20; right: parent.right; top: parent.top; bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Text {
            visible: !page.store.editing
            anchors.centerIn: parent
            width: parent.width - 80
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: page.store.note !== "" ? page.store.note : qsTr("在左侧选择一行进行修改，或新增一行")
            font.family: Style.font; font.pixelSize: Style.body
            color: page.store.note !== "" ? Style.red : Style.muted
        }
        Flickable {
            id: form
            visible: page.store.editing
            anchors { left: parent.left; right: parent.right; top: parent.top; bottom: buttons.top; margins: 24 }
            clip: true
            contentHeight: formColumn.height
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14 }
            Column {
                id: formColumn
                width: form.width - 20
                spacing: 14
                Text {
                    objectName: "hallSettingsTitle"
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                    text: page.store.isNew ? qsTr("新增一行") : qsTr("修改 %1").arg(page.store.code)
                    font.family: Style.font; font.pixelSize: Style.title; font.bold: true; color: Style.header
                }
                Text {
                    objectName: "hallSettingsNote"
                    visible: text !== ""
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: page.store.note
                    font.family: Style.font; font.pixelSize: Style.body; color: Style.red
                }
                Flow {
                    width: parent.width
                    spacing: 18
                    Repeater {
                        model: page.store.fields
                        delegate: Column {
                            id: cell
                            required property var modelData
                            readonly property string error: page.store.errors[modelData.key] || ""
                            objectName: "hallSetting_" + modelData.key
                            width: (formColumn.width - 18) / 2
                            spacing: 6
                            Text {
                                width: parent.width
                                elide: Text.ElideRight
                                text: cell.modelData.label + (cell.modelData.readOnly && cell.modelData.key !== "code"
                                                              ? " · " + qsTr("由中心统一发布") : "")
                                font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
                            }
                            TextField {
                                id: input
                                objectName: "hallSetting_" + cell.modelData.key + "_input"
                                visible: cell.modelData.kind !== "bool"
                                width: parent.width
                                height: Style.buttonHeight
                                text: cell.modelData.text
                                readOnly: cell.modelData.readOnly
                                Accessible.role: Accessible.EditableText
                                Accessible.name: cell.modelData.label
                                Accessible.description: cell.error
                                inputMethodHints: cell.modelData.kind === "int" ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
                                onTextEdited: page.store.setText(cell.modelData.key, text)
                                font.family: Style.font; font.pixelSize: Style.body
                                color: readOnly ? Style.muted : Style.text
                                background: Rectangle {
                                    radius: Style.radius
                                    color: input.readOnly ? "#f4f6f9" : (cell.error !== "" ? Style.redTint : Style.panel)
                                    border.width: input.activeFocus || cell.error !== "" ? 3 : 2
                                    border.color: cell.error !== "" ? Style.red : (input.activeFocus ? Style.primary : Style.border)
                                }
                            }
                            CheckBox {
                                id: flag
                                objectName: "hallSetting_" + cell.modelData.key + "_check"
                                visible: cell.modelData.kind === "bool"
                                height: Style.buttonHeight
                                enabled: !cell.modelData.readOnly
                                checked: cell.modelData.text === "true"
                                text: checked ? qsTr("是") : qsTr("否")
                                focusPolicy: Qt.NoFocus
                                Accessible.role: Accessible.CheckBox
                                Accessible.name: cell.modelData.label
                                onToggled: page.store.setText(cell.modelData.key, checked ? "true" : "false")
                                font.family: Style.font; font.pixelSize: Style.body
                                indicator.width: 36
                                indicator.height: 36
                            }
                            Text {
                                objectName: "hallSetting_" + cell.modelData.key + "_error"
                                visible: text !== ""
                                width: parent.width
                                wrapMode: Text.WordWrap
                                text: cell.error
                                font.family: Style.font; font.pixelSize: Style.small; font.bold: true; color: Style.red
                            }
                        }
                    }
                }
            }
        }
        Row {
            id: buttons
            visible: page.store.editing
            anchors { left: parent.left; bottom: parent.bottom; margins: 24 }
            spacing: 16
            BigButton {
                objectName: "hallSettingsSave"
                text: qsTr("保存")
                enabled: !hall.busy
                Accessible.role: Accessible.Button
                Accessible.name: text
                onClicked: page.store.save()
            }
            BigButton {
                objectName: "hallSettingsCancel"
                text: qsTr("取消")
                tone: Style.closed
                Accessible.role: Accessible.Button
                Accessible.name: text
                onClicked: page.store.cancel()
            }
        }
    }
}
