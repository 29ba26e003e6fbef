import QtQuick
import QtQuick.Controls

// Choose a service: grouped, with today's waiting count and estimated wait, and why a service
// cannot be taken now (closed, appointment only). Elder mode shows fewer, larger tiles.
Flickable {
    id: page
    objectName: "categoryPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { width: Style.gap * 1.5; policy: ScrollBar.AsNeeded }
    readonly property int columns: root.landscape ? (Style.elder ? 2 : 3) : (Style.elder ? 1 : 2)

    Column {
        id: content
        width: page.width
        spacing: Style.gap
        Text {
            objectName: "categoryTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            width: parent.width
            text: kiosk.identity.present ? qsTr("%1，请选择要办理的事项").arg(kiosk.identity.maskedName)
                                         : qsTr("请选择要办理的事项")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
            wrapMode: Text.Wrap
        }
        Repeater {
            model: kiosk.groupRows
            delegate: Column {
                id: group
                required property var modelData
                width: content.width
                spacing: Style.gap
                Row {
                    spacing: Style.gap
                    Rectangle {
                        width: Style.body * 1.4; height: width; radius: width / 2
                        color: Style.header
                        anchors.verticalCenter: parent.verticalCenter
                        Image {
                            anchors.fill: parent; anchors.margins: parent.width * 0.18
                            source: "icons/" + group.modelData.icon + ".svg"
                            sourceSize.width: width; sourceSize.height: height
                        }
                    }
                    Text {
                        text: root.en ? group.modelData.nameEn : group.modelData.name
                        font.family: Style.font
                        font.pixelSize: Style.body
                        font.bold: true
                        color: Style.header
                        anchors.verticalCenter: parent.verticalCenter
                    }
                }
                Grid {
                    columns: page.columns
                    spacing: Style.gap
                    Repeater {
                        model: group.modelData.categories
                        delegate: CategoryTile {
                            width: (content.width - (page.columns - 1) * Style.gap) / page.columns
                        }
                    }
                }
            }
        }
    }
}
