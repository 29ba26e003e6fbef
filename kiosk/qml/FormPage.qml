import QtQuick
import QtQuick.Controls

// 电子填单: the matter's form, the ID card's fields filled and locked, the citizen's on large fields,
// then the materials check (请确认您已带齐) and the number taken with the form.
Flickable {
    id: page
    objectName: "formPage"
    contentHeight: content.implicitHeight + Style.gap
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { width: Style.gap * 1.5 }
    readonly property var f: kiosk.form
    // Keep the field being typed in above the keyboard.
    function show(item) {
        var y = item.mapToItem(content, 0, 0).y
        if (y + item.height > contentY + height || y < contentY)
            contentY = Math.max(0, Math.min(y - Style.gap, contentHeight - height))
    }
    Column {
        id: content
        width: page.width - Style.gap * 2
        spacing: Style.gap
        PageTitle {
            objectName: "formTitle"
            text: qsTr("在线预填表单：%1").arg(root.en ? (f.nameEn || "") : (f.name || ""))
        }
        BodyText {
            color: Style.muted
            text: qsTr("标有“读自身份证”的项目不能修改；其余请填写，带 * 的必须填写")
        }
        Repeater {
            objectName: "formFields"
            model: f.fields || []
            delegate: Column {
                id: row
                required property var modelData
                width: content.width
                spacing: Style.gap / 2
                objectName: "field_" + modelData.key
                Text {
                    width: parent.width
                    font.family: Style.font
                    font.pixelSize: Style.body
                    font.bold: true
                    color: Style.header
                    wrapMode: Text.Wrap
                    text: (root.en ? row.modelData.labelEn : row.modelData.label) + (row.modelData.required ? " *" : "")
                          + (row.modelData.locked ? qsTr("（读自身份证）") : "")
                }
                Rectangle {
                    visible: row.modelData.locked
                    objectName: "locked_" + row.modelData.key
                    width: parent.width
                    height: Math.max(Style.target, lockedText.implicitHeight + Style.gap)
                    radius: Style.radius
                    color: Style.disabled
                    border.color: Style.border
                    border.width: Style.borderWidth
                    Text {
                        id: lockedText
                        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                                  margins: Style.gap }
                        font.family: Style.font
                        font.pixelSize: Style.body
                        color: Style.text
                        wrapMode: Text.Wrap
                        text: row.modelData.value
                    }
                }
                Flow {
                    visible: !row.modelData.locked && row.modelData.type === "choice"
                    width: parent.width
                    spacing: Style.gap
                    Repeater {
                        model: row.modelData.type === "choice" ? row.modelData.choices : []
                        delegate: BigButton {
                            required property string modelData
                            objectName: "choice_" + row.modelData.key + "_" + modelData
                            text: modelData
                            tone: row.modelData.value === modelData ? Style.primary : Style.muted
                            glyph: ""
                            onClicked: kiosk.setFormValue(row.modelData.key, modelData)
                        }
                    }
                }
                TextField {
                    id: input
                    visible: !row.modelData.locked && row.modelData.type !== "choice"
                    objectName: "input_" + row.modelData.key
                    Accessible.name: root.en ? row.modelData.labelEn : row.modelData.label
                    width: parent.width
                    height: Style.target
                    font.family: Style.font
                    font.pixelSize: Style.body
                    maximumLength: row.modelData.maxLength
                    text: row.modelData.value
                    placeholderText: row.modelData.type === "phone" ? qsTr("手机号码，或区号-电话号码")
                                     : row.modelData.type === "date" ? qsTr("年-月-日，如 1980-01-31") : ""
                    // Sensitive: the pinyin engine learns nothing a citizen types (the next one would be offered it).
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                                      | (row.modelData.type === "phone" ? Qt.ImhDialableCharactersOnly : 0)
                    onTextEdited: kiosk.setFormValue(row.modelData.key, text)
                    onActiveFocusChanged: if (activeFocus) page.show(row)
                    background: Rectangle {
                        radius: Style.radius
                        color: Style.panel
                        border.color: row.modelData.problem ? Style.bad : input.activeFocus ? Style.primary : Style.border
                        border.width: Style.elder ? 3 : 2
                    }
                }
                Text {
                    visible: !!row.modelData.problem
                    objectName: "problem_" + row.modelData.key
                    width: parent.width
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.bad
                    wrapMode: Text.Wrap
                    text: root.en ? row.modelData.problemEn : row.modelData.problem
                }
            }
        }
        SectionLabel {
            objectName: "materialsCheck"
            text: qsTr("请确认您已带齐：")
        }
        Repeater {
            objectName: "formMaterials"
            model: f.materials || []
            delegate: Column {
                id: material
                required property var modelData
                required property int index
                width: content.width
                spacing: Style.gap / 2
                BodyText {
                    text: (material.index + 1) + ". " + (root.en ? material.modelData.nameEn : material.modelData.name)
                          + (root.en ? " (" + material.modelData.copiesEn + ")" : "（" + material.modelData.copies + "）")
                }
                Row {
                    spacing: Style.gap
                    BigButton {
                        objectName: "have_" + material.index
                        width: (content.width - Style.gap) / 2
                        text: (material.modelData.have === true ? "✔ " : "") + qsTr("已带")
                        tone: material.modelData.have === true ? Style.good : Style.muted
                        onClicked: kiosk.setFormMaterial(material.modelData.name, true)
                    }
                    BigButton {
                        objectName: "missing_" + material.index
                        width: (content.width - Style.gap) / 2
                        text: (material.modelData.have === false ? "✘ " : "") + qsTr("没带")
                        tone: material.modelData.have === false ? Style.warn : Style.muted
                        onClicked: kiosk.setFormMaterial(material.modelData.name, false)
                    }
                }
            }
        }
        BodyText {
            objectName: "missingAdvice"
            visible: !!f.missing
            color: Style.warn
            text: f.allowMissing ? qsTr("可容缺受理：") + (root.en ? f.missingNoteEn : f.missingNote)
                                 : qsTr("缺少材料时窗口可能无法受理，请备齐后再来；您也可以先取号咨询")
        }
        BodyText {
            objectName: "unanswered"
            visible: !!f.unanswered
            color: Style.bad
            text: qsTr("请逐项选择“已带”或“没带”")
        }
        BigButton {
            objectName: "submitForm"
            width: parent.width
            text: qsTr("确认并取号")
            onClicked: kiosk.submitForm()
        }
    }
}
