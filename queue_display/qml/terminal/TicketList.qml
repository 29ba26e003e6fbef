import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Rows of tickets with one action button each (叫此号 / 恢复).
ListView {
    id: list
    property string actionText
    property bool actionEnabled
    property string emptyText
    property bool showReason: false
    signal act(int ticketId)
    clip: true
    spacing: 6
    ScrollBar.vertical: ScrollBar { width: 14 }

    Text {
        anchors.centerIn: parent
        visible: list.count === 0
        text: list.emptyText
        font.family: Style.font
        font.pixelSize: Style.body
        color: Style.muted
    }

    delegate: Rectangle {
        id: row
        required property int ticketId
        required property string number
        required property string categoryName
        required property string maskedName
        required property bool green
        required property string reason
        required property int index
        objectName: "row_" + number
        width: ListView.view.width - 16
        height: Math.max(72, details.implicitHeight + 12)  // a long service name takes a second line
        radius: 6
        color: index % 2 === 0 ? "#f5f7fa" : "white"
        border.color: green ? Style.good : "transparent"
        border.width: green ? 2 : 0
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 8
            spacing: 12
            Text {
                text: row.number
                Layout.preferredWidth: 96
                font.family: Style.font
                font.pixelSize: 30
                font.bold: true
                color: Style.text
            }
            ColumnLayout {
                id: details
                Layout.fillWidth: true
                spacing: 0
                Text {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    maximumLineCount: 3
                    elide: Text.ElideRight
                    text: row.categoryName + (row.green ? "  " + qsTr("绿色通道") : "")
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.text
                }
                Text {
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    visible: text !== ""
                    text: list.showReason && row.reason !== "" ? row.reason : row.maskedName
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.muted
                }
            }
            BigButton {
                objectName: "act_" + row.number
                Accessible.name: text + " " + row.number
                Accessible.description: row.categoryName + (row.green ? "  " + qsTr("绿色通道") : "")
                implicitHeight: 56
                implicitWidth: 120
                text: list.actionText
                enabled: list.actionEnabled
                onClicked: list.act(row.ticketId)
            }
        }
    }
}
