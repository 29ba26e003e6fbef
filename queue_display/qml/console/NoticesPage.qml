import QtQuick
import QtQuick.Controls

// Scrolling notices (滚动通知) for the hall displays: write, edit, switch off, delete.
Item {
    id: page
    objectName: "noticesPage"
    property int editing: -1          // id of the notice in the editor, -1 for a new one

    function areaName(area) { return area ? area : qsTr("全大厅") }
    function startEdit(n) {
        editing = n.id
        textInput.text = n.text
        textEnInput.text = n.text_en || ""
        areaBox.currentIndex = Math.max(0, areaBox.model.indexOf(n.area || ""))
        activeBox.checked = n.active
    }
    function clearEditor() {
        editing = -1
        textInput.text = ""
        textEnInput.text = ""
        areaBox.currentIndex = 0
        activeBox.checked = true
    }

    Rectangle {
        id: editor
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
        width: 640
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Column {
            anchors { fill: parent; margins: 24 }
            spacing: 14
            Text {
                Accessible.role: Accessible.Heading
                Accessible.name: text
                text: page.editing < 0 ? qsTr("发布新通知") : qsTr("修改通知")
                font.family: Style.font; font.pixelSize: Style.title; font.bold: true; color: Style.header
            }
            Text {
                id: textCaption
                text: qsTr("中文内容（必填，最多200字）")
                font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
            }
            TextArea {
                id: textInput
                objectName: "noticeText"
                Accessible.name: textCaption.text
                width: parent.width
                height: 150
                wrapMode: TextEdit.Wrap
                font.family: Style.font
                font.pixelSize: Style.body
                placeholderText: qsTr("例如：今日16:30起暂停受理不动产登记业务")
                Keys.onReturnPressed: event => event.accepted = true   // one line: it scrolls on the displays
                background: Rectangle { radius: Style.radius; border.width: 2
                                        border.color: textInput.activeFocus ? Style.primary : Style.border }
            }
            Text {
                text: qsTr("%1 / 200 字").arg(textInput.length)
                font.family: Style.font; font.pixelSize: Style.small
                color: textInput.length > 200 ? Style.red : Style.muted
            }
            Text {
                id: textEnCaption
                text: qsTr("英文内容（可选）")
                font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
            }
            TextArea {
                id: textEnInput
                objectName: "noticeTextEn"
                Accessible.name: textEnCaption.text
                width: parent.width
                height: 110
                wrapMode: TextEdit.Wrap
                font.family: Style.font
                font.pixelSize: Style.body
                Keys.onReturnPressed: event => event.accepted = true
                background: Rectangle { radius: Style.radius; border.width: 2
                                        border.color: textEnInput.activeFocus ? Style.primary : Style.border }
            }
            Row {
                spacing: 16
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("显示区域")
                    font.family: Style.font; font.pixelSize: Style.body; color: Style.text
                }
                ComboBox {
                    id: areaBox
                    objectName: "noticeArea"
                    width: 220
                    height: Style.buttonHeight
                    font.family: Style.font
                    font.pixelSize: Style.body
                    model: [""].concat(hall.notices.areas)
                    displayText: page.areaName(currentText)
                    delegate: ItemDelegate {
                        required property var modelData
                        width: areaBox.width
                        height: Style.buttonHeight
                        text: page.areaName(modelData)
                        font.family: Style.font
                        font.pixelSize: Style.body
                    }
                }
                CheckBox {
                    id: activeBox
                    objectName: "noticeActive"
                    height: Style.buttonHeight
                    checked: true
                    text: qsTr("立即显示")
                    font.family: Style.font
                    font.pixelSize: Style.body
                }
            }
            Row {
                spacing: 16
                BigButton {
                    objectName: "noticeSubmit"
                    text: page.editing < 0 ? qsTr("发布") : qsTr("保存修改")
                    enabled: !hall.busy && textInput.text.trim().length > 0 && textInput.length <= 200
                    onClicked: {
                        if (page.editing < 0)
                            hall.notices.add(textInput.text, textEnInput.text, areaBox.currentText, activeBox.checked)
                        else
                            hall.notices.edit(page.editing, textInput.text, textEnInput.text, areaBox.currentText,
                                            activeBox.checked)
                        page.clearEditor()
                    }
                }
                BigButton {
                    objectName: "noticeCancel"
                    visible: page.editing >= 0 || textInput.text !== ""
                    text: qsTr("清空")
                    tone: Style.closed
                    onClicked: page.clearEditor()
                }
            }
            Text {
                visible: hall.hallSettings.noticeTemplates.length > 0
                text: qsTr("从模板填入（可在“设置”中修改模板）")
                font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
            }
            ListView {
                objectName: "noticeTemplates"
                width: parent.width
                height: Math.max(0, parent.height - y)  // what is left of the editor; the list scrolls
                clip: true
                spacing: 10
                model: hall.hallSettings.noticeTemplates
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14 }
                delegate: Button {
                    id: template
                    required property var modelData
                    objectName: "noticeTemplate_" + modelData.code
                    width: ListView.view.width - 18
                    // A long template takes a second line rather than being cut short.
                    height: Math.max(Style.buttonHeight, templateText.implicitHeight + 16)
                    focusPolicy: Qt.NoFocus
                    Accessible.role: Accessible.Button
                    Accessible.name: qsTr("填入模板：%1").arg(modelData.text)
                    onClicked: {
                        textInput.text = modelData.text
                        textEnInput.text = modelData.text_en
                    }
                    contentItem: Text {
                        id: templateText
                        text: template.modelData.text
                        wrapMode: Text.Wrap
                        verticalAlignment: Text.AlignVCenter
                        font.family: Style.font; font.pixelSize: Style.small; color: Style.header
                    }
                    background: Rectangle {
                        radius: Style.radius
                        color: template.down ? "#dde6f5" : "#f4f6f9"
                        border.color: Style.border
                    }
                }
            }
        }
    }

    Rectangle {
        anchors { left: editor.right; leftMargin: 20; right: parent.right; top: parent.top; bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Text {
            id: listTitle
            anchors { left: parent.left; top: parent.top; margins: 24 }
            text: qsTr("当前通知（%1 条）").arg(hall.notices.list.length)
            font.family: Style.font; font.pixelSize: Style.title; font.bold: true; color: Style.header
        }
        Text {
            anchors { left: parent.left; top: listTitle.bottom; margins: 24 }
            visible: hall.notices.list.length === 0
            text: qsTr("暂无通知")
            font.family: Style.font; font.pixelSize: Style.body; color: Style.muted
        }
        ListView {
            id: list
            objectName: "noticeList"
            anchors { left: parent.left; right: parent.right; top: listTitle.bottom; bottom: parent.bottom; margins: 24 }
            clip: true
            spacing: 12
            model: hall.notices.rows
            delegate: Rectangle {
                id: item
                required property var modelData
                objectName: "notice_" + modelData.id
                width: list.width
                height: body.implicitHeight + 24
                radius: Style.radius
                color: modelData.active ? "#f4f8ff" : "#f1f2f4"
                border.color: page.editing === modelData.id ? Style.primary : Style.border
                border.width: page.editing === modelData.id ? 3 : 1
                Column {
                    id: body
                    anchors { left: parent.left; right: buttons.left; top: parent.top; margins: 12 }
                    spacing: 6
                    Text {
                        width: parent.width
                        wrapMode: Text.WordWrap
                        text: item.modelData.text
                        font.family: Style.font; font.pixelSize: Style.body
                        color: item.modelData.active ? Style.text : Style.muted
                    }
                    Text {
                        width: parent.width
                        visible: !!item.modelData.text_en
                        wrapMode: Text.WordWrap
                        text: item.modelData.text_en || ""
                        font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
                    }
                    Text {
                        text: page.areaName(item.modelData.area) + "  ·  "
                              + (item.modelData.active ? qsTr("显示中") : qsTr("已停用"))
                        font.family: Style.font; font.pixelSize: Style.small; font.bold: true
                        color: item.modelData.active ? Style.good : Style.closed
                    }
                }
                Row {
                    id: buttons
                    anchors { right: parent.right; top: parent.top; margins: 12 }
                    spacing: 8
                    BigButton {
                        text: qsTr("修改")
                        height: 48
                        onClicked: page.startEdit(item.modelData)
                    }
                    BigButton {
                        objectName: "noticeToggle_" + item.modelData.id
                        text: item.modelData.active ? qsTr("停用") : qsTr("启用")
                        height: 48
                        tone: Style.closed
                        enabled: !hall.busy
                        onClicked: hall.notices.edit(item.modelData.id, item.modelData.text, item.modelData.text_en || "",
                                                   item.modelData.area || "", !item.modelData.active)
                    }
                    BigButton {
                        objectName: "noticeDelete_" + item.modelData.id
                        text: qsTr("删除")
                        height: 48
                        tone: Style.red
                        enabled: !hall.busy
                        onClicked: hall.notices.remove(item.modelData.id)
                    }
                }
            }
        }
    }
}
