import QtQuick
import QtQuick.Layouts

// The window asks: the ticket, then the five levels (a row in landscape, a column in portrait).
Item {
    id: screen
    property bool portrait: false

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 28
        spacing: 20
        Text {
            objectName: "rateTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("请为本次服务评价")
            font.family: Style.font
            font.pixelSize: Style.huge
            font.bold: true
            color: Style.text
        }
        Flow {
            // Number, category and masked name each stay whole; the line breaks between them.
            objectName: "ticketLine"
            Accessible.role: Accessible.StaticText
            Accessible.name: [number.text, category.text, maskedName.text].filter(t => t !== "").join("  ")
            Layout.alignment: Qt.AlignHCenter
            Layout.maximumWidth: parent.width
            Layout.preferredWidth: Math.min(implicitWidthOfAll, parent.width)
            readonly property real implicitWidthOfAll: number.implicitWidth + category.implicitWidth
                                                       + maskedName.implicitWidth + 2 * spacing
            spacing: 36
            Text {
                id: number
                objectName: "ticketNumber"
                text: qsTr("号码 %1").arg(pad.request.number !== undefined ? pad.request.number : "")
                font.family: Style.font
                font.pixelSize: Style.title
                font.bold: true
                color: Style.text
            }
            Text {
                id: category
                objectName: "ticketCategory"
                width: Math.min(implicitWidth, parent.width)
                elide: Text.ElideRight
                text: pad.request.categoryName !== undefined ? pad.request.categoryName : ""
                font.family: Style.font
                font.pixelSize: Style.title
                color: Style.muted
            }
            Text {
                id: maskedName
                objectName: "ticketName"
                visible: text !== ""
                text: pad.request.maskedName !== undefined ? pad.request.maskedName : ""
                font.family: Style.font
                font.pixelSize: Style.title
                color: Style.muted
            }
        }
        GridLayout {
            id: grid
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.portrait ? 1 : 5
            rowSpacing: 16
            columnSpacing: 16
            Repeater {
                model: pad.levels
                LevelButton {
                    required property var modelData
                    objectName: "level_" + modelData.level
                    Layout.fillWidth: true
                    Layout.preferredWidth: (grid.width - grid.columnSpacing * (grid.columns - 1)) / grid.columns
                    Layout.fillHeight: true
                    level: modelData.level
                    across: screen.portrait
                    text: modelData.name
                    onClicked: pad.chooseLevel(modelData.level)
                }
            }
        }
    }
}
