import QtQuick
import QtQuick.Controls

// One service to take a number for.
Button {
    id: tile
    required property var modelData
    objectName: "category_" + modelData.code
    focusPolicy: Qt.NoFocus
    readonly property bool takeable: modelData.open && !modelData.appointmentOnly
    implicitHeight: Math.max(Style.target * 1.6, body.implicitHeight + 2 * Style.gap)
    onClicked: kiosk.chooseCategory(modelData.code)
    Accessible.role: Accessible.Button
    Accessible.name: serviceName.text
    Accessible.description: serviceStatus.text
    property string voiceName: serviceName.text
    // Voice guidance on: the first touch speaks the tile, a second one within seconds chooses it.
    MouseArea {
        anchors.fill: parent
        enabled: kiosk.voice.on
        visible: enabled
        onClicked: if (kiosk.voice.explore(serviceName.text, serviceStatus.text)) tile.clicked()
    }
    background: Rectangle {
        radius: Style.radius
        color: tile.down ? "#dfe8fb" : Style.panel
        border.color: tile.takeable ? Style.primary : Style.border
        border.width: Style.elder ? 3 : 2
    }
    contentItem: Item {
        Row {
            id: body
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap / 2 }
            spacing: Style.gap
            Rectangle {
                id: badge
                width: Style.title * 1.5; height: width; radius: Style.radius
                color: tile.takeable ? Style.primary : Style.disabledText
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    anchors.centerIn: parent
                    text: tile.modelData.prefix
                    font.family: Style.font; font.pixelSize: Style.title; font.bold: true
                    color: "white"
                }
            }
            Column {
                width: body.width - badge.width - Style.gap
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    id: serviceName
                    objectName: "categoryName"
                    width: parent.width
                    text: root.en ? tile.modelData.nameEn : tile.modelData.name
                    font.family: Style.font; font.pixelSize: Style.body; font.bold: true
                    color: Style.text
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                Text {
                    id: serviceStatus
                    objectName: "categoryStatus"
                    width: parent.width
                    font.family: Style.font; font.pixelSize: Style.small
                    color: tile.takeable ? Style.muted : Style.warn
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    text: !tile.modelData.open ? qsTr("今日已停止取号")
                        : tile.modelData.appointmentOnly ? qsTr("仅限预约，请点“预约签到”")
                        : qsTr("等候 %1 人 · 约 %2 分钟").arg(tile.modelData.waiting).arg(tile.modelData.waitMinutes)
                }
            }
        }
    }
}
