import QtQuick
import QtQuick.Controls

// The service guide: every matter of the hall, searchable by characters or pinyin initials (sfz).
Column {
    id: page
    objectName: "guidePage"
    spacing: Style.gap
    PageTitle { text: qsTr("办事指南") }
    TextField {
        id: search
        objectName: "guideSearch"
        Accessible.name: qsTr("搜索办事事项")
        Accessible.description: placeholderText
        width: parent.width
        height: Style.target
        font.family: Style.font
        font.pixelSize: Style.body
        placeholderText: qsTr("输入事项名称或拼音首字母，如 sfz")
        // Sensitive: the pinyin engine learns nothing a citizen types (the next one would be offered it).
        inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
        text: kiosk.query
        onTextEdited: kiosk.searchGuide(text)
        background: Rectangle {
            radius: Style.radius
            color: Style.panel
            border.color: search.activeFocus ? Style.primary : Style.border
            border.width: Style.elder ? 3 : 2
        }
    }
    BodyText {
        objectName: "guideCount"
        color: Style.muted
        font.pixelSize: Style.small
        text: kiosk.matterRows.count ? qsTr("共 %1 项").arg(kiosk.matterRows.count) : qsTr("没有找到相关事项，请换个词试试")
    }
    ListView {
        id: list
        objectName: "guideList"
        width: parent.width
        height: page.height - y
        clip: true
        spacing: Style.gap / 2
        boundsBehavior: Flickable.StopAtBounds
        model: kiosk.matterRows
        ScrollBar.vertical: ScrollBar { width: Style.gap * 1.5 }
        delegate: Button {
            id: row
            required property var modelData
            objectName: "matter_" + modelData.code
            width: list.width - Style.gap * 2
            implicitHeight: Math.max(Style.target, rowText.implicitHeight + Style.gap)
            focusPolicy: Qt.NoFocus
            onClicked: kiosk.openMatter(modelData.code)
            Accessible.role: Accessible.Button
            Accessible.name: matterName.text
            Accessible.description: matterDays.text
            background: Rectangle {
                radius: Style.radius
                color: row.down ? "#e6ddf7" : Style.panel
                border.color: Style.border
                border.width: Style.borderWidth
            }
            contentItem: Column {
                id: rowText
                Text {
                    id: matterName
                    width: parent.width
                    text: root.en ? (row.modelData.nameEn || row.modelData.name) : row.modelData.name
                    font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                    color: Style.text
                    wrapMode: Text.Wrap; maximumLineCount: 2; elide: Text.ElideRight
                }
                Text {
                    id: matterDays
                    width: parent.width
                    text: (row.modelData.promisedDays === 0 ? qsTr("当场办结")
                                                             : qsTr("承诺 %1 个工作日办结").arg(row.modelData.promisedDays))
                          + (row.modelData.online ? qsTr(" · 可网上办理") : "")
                    font.family: Style.font; font.pixelSize: Style.small
                    color: Style.muted
                    elide: Text.ElideRight
                }
            }
        }
    }
}
