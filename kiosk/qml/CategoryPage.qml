import QtQuick
import QtQuick.Controls

// Choose a service: grouped, with today's waiting count and estimated wait, and why a service
// cannot be taken now (closed, appointment only). Elder mode shows fewer, larger tiles; when more
// follow than fit, a band at the bottom says how many and which way to swipe.
Item {
    id: frame
    objectName: "categoryPage"

Flickable {
    id: page
    anchors.fill: parent
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { width: Style.gap * 1.5; policy: ScrollBar.AsNeeded }
    readonly property int columns: root.landscape ? (Style.elder ? 2 : 3) : (Style.elder ? 1 : 2)
    // Services whose tile is not whole on screen yet, below the view.
    readonly property int below: {
        void contentHeight  // laid out again: count again
        void kiosk.groupRows
        const bottom = contentY + height
        let count = 0
        for (const group of content.children) {
            const grid = group.children ? group.children[1] : null
            if (!grid || !grid.children)
                continue
            for (const tile of grid.children) {
                if (tile.objectName && tile.objectName.startsWith("category_")
                        && tile.mapToItem(content, 0, tile.height).y > bottom + 1)
                    count++
            }
        }
        return count
    }

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

    // The cue: how many services follow, and a chevron, over the bottom of the list (touches pass through).
    Rectangle {
        id: moreBand
        objectName: "moreBelow"
        visible: page.below > 0
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: moreText.implicitHeight + 2 * Style.gap
        color: Style.header
        Text {
            id: moreText
            objectName: "moreBelowText"
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap }
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: "\u25BC  " + qsTr("还有 %1 项，请向下滑动").arg(page.below) + "  \u25BC"
            font.family: Style.font
            font.pixelSize: Style.body
            font.bold: true
            color: "white"
        }
    }
}
