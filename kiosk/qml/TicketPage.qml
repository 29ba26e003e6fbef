import QtQuick

// The ticket: the number large, where the citizen stands in the queue, the receipt's fate, and
// the QR code for the phone (the only copy when the printer cannot print).
Flickable {
    id: page
    objectName: "ticketPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    readonly property var t: kiosk.ticket
    // The receipt could not print (paper out, cover open, printer gone): the number and where to get
    // it printed again are said large, for a citizen without a phone.
    readonly property bool unprinted: !t.printing && !t.printed && !!t.number
    Grid {
        id: content
        width: page.width
        columns: root.landscape ? 2 : 1
        spacing: 2 * Style.gap
        readonly property real cell: (width - (columns - 1) * spacing) / columns
      Column {
        width: content.cell
        spacing: Style.gap
        BodyText {
            objectName: "ticketCategory"
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: Style.title
            text: root.en ? (t.categoryNameEn || t.categoryName || "") : (t.categoryName || "")
        }
        Text {
            objectName: "ticketNumber"
            Accessible.role: Accessible.Heading
            Accessible.name: qsTr("您的号码 %1").arg(text)
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: t.number || ""
            font.family: Style.font
            font.pixelSize: Style.huge * (Style.elder ? 1.2 : 1.0) * (page.unprinted ? 1.3 : 1.0)
            font.bold: true
            color: Style.primary
        }
        BodyText {
            objectName: "ticketQueue"
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: Style.title
            // Issued from the kiosk's lease while the server was away: its count of people ahead
            // is a guess (others issued and called meanwhile); the phone page has the real one.
            // Online, the server's promised range ("即将叫号" with nobody ahead); the point as before
            // when it has none (no window open for the service).
            text: t.estimated ? qsTr("前面约有 %1 人（估计），请留意大厅叫号屏").arg(t.peopleAhead || 0)
                : !t.waitRange ? qsTr("前面还有 %1 人，预计等候约 %2 分钟").arg(t.peopleAhead || 0).arg(t.waitMinutes || 0)
                : (t.peopleAhead || 0) === 0 ? qsTr("前面没有人，即将叫号，请留意大厅叫号屏")
                : qsTr("前面还有 %1 人，预计等候 约 %2–%3 分钟").arg(t.peopleAhead).arg(t.waitLow).arg(t.waitHigh)
        }
        BodyText {
            objectName: "ticketPriority"
            visible: !!(t.green || t.appointment)
            horizontalAlignment: Text.AlignHCenter
            color: Style.good
            text: t.green ? qsTr("您已进入绿色通道，将优先叫号") : qsTr("预约号：在预约时段内优先叫号")
        }
        // A hall nearby clearly faster for this service, travel included (hall_rules.nearby): one, or none.
        Rectangle {
            id: nearbyBox
            objectName: "ticketNearby"
            readonly property var n: t.nearby || {}
            visible: !!n.name && !t.offline
            width: parent.width
            height: visible ? nearbyColumn.implicitHeight + 2 * Style.gap : 0
            radius: Style.radius
            color: "#e5f4ea"
            border.color: Style.good
            border.width: Style.borderWidth + 1
            Column {
                id: nearbyColumn
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap }
                spacing: Style.gap / 2
                BodyText {
                    horizontalAlignment: Text.AlignHCenter
                    color: Style.good
                    font.bold: true
                    text: qsTr("附近大厅更快")
                }
                BodyText {
                    objectName: "nearbyLine"
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Style.title
                    readonly property string hall: root.en ? (nearbyBox.n.nameEn || nearbyBox.n.name || "")
                                                           : (nearbyBox.n.name || "")
                    text: (nearbyBox.n.waitMinutes || 0) > 0
                          ? qsTr("%1 现在约等 %2 分钟（路程约 %3 分钟）").arg(hall).arg(nearbyBox.n.waitMinutes)
                                .arg(nearbyBox.n.travelMinutes || 0)
                          : qsTr("%1 现在无需等候（路程约 %2 分钟）").arg(hall).arg(nearbyBox.n.travelMinutes || 0)
                }
                BodyText {
                    objectName: "nearbyAddress"
                    horizontalAlignment: Text.AlignHCenter
                    color: Style.muted
                    text: nearbyBox.n.address || ""
                }
            }
        }
        Rectangle {
            width: parent.width
            height: printLine.implicitHeight + 2 * Style.gap
            radius: Style.radius
            color: t.printed ? "#e5f4ea" : (t.printing ? Style.panel : "#fff4d6")
            border.color: t.printed ? Style.good : (t.printing ? Style.border : Style.warn)
            border.width: Style.borderWidth + 1
            BodyText {
                id: printLine
                objectName: "printStatus"
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap }
                horizontalAlignment: Text.AlignHCenter
                font.bold: true
                font.pixelSize: page.unprinted ? Style.title * (Style.elder ? 1.15 : 1.0) : Style.body
                text: t.printing ? qsTr("正在打印小票…")
                    : t.printed ? qsTr("请取走下方出票口的小票")
                    : qsTr("凭条未能打印。请到其他自助终端或服务台，刷身份证或报号码 %1 补打凭条").arg(t.number || "")
            }
        }
      }
      Column {
        width: content.cell
        spacing: Style.gap
        Image {
            objectName: "ticketQr"
            anchors.horizontalCenter: parent.horizontalCenter
            source: t.qr || ""
            width: (t.printed ? 40 : 60) * Style.mm
            height: width
            smooth: false
            cache: false  // every ticket has its own code: keeping them would only grow memory
            fillMode: Image.PreserveAspectFit
        }
        BodyText {
            horizontalAlignment: Text.AlignHCenter
            color: Style.muted
            font.pixelSize: Style.small
            text: page.unprinted ? qsTr("有手机的，也可扫码随时查看叫号进度") : qsTr("用手机扫码，随时查看叫号进度")
        }
        BodyText {
            objectName: "takeCardHint"
            visible: kiosk.identity.present
            horizontalAlignment: Text.AlignHCenter
            color: Style.warn
            font.bold: true
            text: qsTr("请取走您的身份证")
        }
        BigButton {
            objectName: "doneButton"
            width: parent.width
            tone: Style.good
            text: qsTr("完成")
            onClicked: kiosk.goHome()
        }
      }
    }
}
