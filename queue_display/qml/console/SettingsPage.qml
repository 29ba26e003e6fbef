import QtQuick
import QtQuick.Controls

// Category settings: issuing hours, daily cap and warning level now; a new prefix from the next business day.
Item {
    id: page
    objectName: "settingsPage"
    property string code: hall.settings.categories.length ? hall.settings.categories[0].code : ""
    readonly property var current: hall.settings.categories.find(c => c.code === page.code) || null

    function load() {
        // Looked up here, not through `current`: in onCodeChanged that binding may not have caught up yet.
        const c = hall.settings.categories.find(c => c.code === page.code)
        if (!c)
            return
        hoursField.text = c.hours.join(", ")
        capField.text = String(c.daily_cap)
        warnField.text = String(c.warn_waiting)
        prefixField.text = c.pending_prefix || c.prefix
    }
    onCodeChanged: load()
    Component.onCompleted: load()
    Connections {
        target: hall.settings
        // A save (here or on another console) comes back through the dashboard: show what is in force.
        function onChanged() { if (!hoursField.input.activeFocus && !capField.input.activeFocus
                                            && !warnField.input.activeFocus && !prefixField.input.activeFocus) page.load() }
    }

    Rectangle {
        id: chooser
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
        width: 420
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        ListView {
            anchors { fill: parent; margins: 16 }
            clip: true
            spacing: 8
            model: hall.settings.categoryRows
            delegate: Button {
                id: choice
                required property var modelData
                objectName: "settingsCategory_" + modelData.code
                width: ListView.view.width
                height: 60
                focusPolicy: Qt.NoFocus
                onClicked: page.code = modelData.code
                Accessible.role: Accessible.Button
                Accessible.name: contentItem.text
                contentItem: Text {
                    text: choice.modelData.prefix + "  " + (hall.lang === "en" ? choice.modelData.name_en : choice.modelData.name)
                    elide: Text.ElideRight
                    verticalAlignment: Text.AlignVCenter
                    font.family: Style.font; font.pixelSize: Style.body
                    color: page.code === choice.modelData.code ? "white" : Style.text
                }
                background: Rectangle {
                    radius: Style.radius
                    color: page.code === choice.modelData.code ? Style.primary : (choice.down ? "#dde6f5" : "#f4f6f9")
                }
            }
        }
    }

    Rectangle {
        anchors { left: chooser.right; leftMargin: 20; right: parent.right; top: parent.top; bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Column {
            anchors { fill: parent; margins: 28 }
            spacing: 22
            Text {
                objectName: "settingsTitle"
                Accessible.role: Accessible.Heading
                Accessible.name: text
                text: page.current ? (hall.lang === "en" ? page.current.name_en : page.current.name) : ""
                font.family: Style.font; font.pixelSize: Style.title + 4; font.bold: true; color: Style.header
            }
            Field {
                id: hoursField
                objectName: "settingsHours"
                width: Math.min(parent.width, 720)
                label: qsTr("取号时段（如 08:30-12:00, 13:00-17:30），立即生效")
            }
            Row {
                spacing: 24
                Field {
                    id: capField
                    objectName: "settingsCap"
                    width: 260
                    label: qsTr("每日限额（张），立即生效")
                    inputMethodHints: Qt.ImhDigitsOnly
                }
                Field {
                    id: warnField
                    objectName: "settingsWarn"
                    width: 260
                    label: qsTr("等候预警人数，立即生效")
                    inputMethodHints: Qt.ImhDigitsOnly
                }
            }
            Field {
                id: prefixField
                objectName: "settingsPrefix"
                width: 260
                label: qsTr("号码字头（一个大写字母）")
                maximumLength: 1
            }
            Text {
                objectName: "settingsPrefixNote"
                width: Math.min(parent.width, 720)
                wrapMode: Text.WordWrap
                text: page.current && page.current.pending_prefix
                      ? qsTr("当前字头 %1；自下一个工作日起改为 %2。今日已取号码不变。")
                            .arg(page.current.prefix).arg(page.current.pending_prefix)
                      : qsTr("修改字头自下一个工作日起生效，今日已取号码不变。")
                font.family: Style.font; font.pixelSize: Style.body; color: Style.muted
            }
            Row {
                spacing: 16
                BigButton {
                    objectName: "settingsSave"
                    text: qsTr("保存设置")
                    enabled: !hall.busy && page.current !== null
                    onClicked: hall.settings.save(page.code, hoursField.text, capField.text, warnField.text,
                                                 prefixField.text)
                }
                BigButton {
                    text: qsTr("还原")
                    tone: Style.closed
                    onClicked: page.load()
                }
            }
            Text {
                text: page.current ? qsTr("今日已取 %1 张，当前等候 %2 人").arg(page.current.issued_today)
                                         .arg(page.current.waiting) : ""
                font.family: Style.font; font.pixelSize: Style.body; color: Style.text
            }
        }
    }
}
