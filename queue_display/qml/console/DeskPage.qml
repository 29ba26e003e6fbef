import QtQuick
import QtQuick.Controls

// 补打凭条 at the service desk: a ticket looked up by its number, its receipt's facts shown large for
// the desk to read out or write down (the kiosk's printer was out of paper, or the receipt is lost).
Item {
    id: page
    objectName: "deskPage"
    readonly property var t: hall.desk.ticket
    readonly property var r: hall.desk.refusal
    readonly property bool en: hall.lang === "en"

    function stateLine() {
        if (t.state === "called" || t.state === "serving")
            return qsTr("已叫号，请到 %1 办理").arg(en ? t.windowNameEn : t.windowName)
        if (t.state === "held")
            return qsTr("已挂起，请到窗口咨询")
        return qsTr("等候中：前面还有 %1 人，预计等候约 %2 分钟").arg(t.peopleAhead).arg(t.waitMinutes)
    }

    Rectangle {
        id: form
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
        width: 520
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        Column {
            anchors { fill: parent; margins: 24 }
            spacing: 18
            Text {
                text: qsTr("补打凭条")
                font.family: Style.font; font.pixelSize: Style.title; font.bold: true; color: Style.header
            }
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("群众报出号码后在此查询，向其读出或写下凭条内容。每次查询都计为一次补打。")
                font.family: Style.font; font.pixelSize: Style.small; color: Style.muted
            }
            Field {
                id: numberField
                objectName: "deskNumber"
                width: parent.width
                label: qsTr("号码")
                placeholder: qsTr("如 A012")
                maximumLength: 8
                input.onAccepted: hall.desk.lookup(numberField.text)
            }
            BigButton {
                objectName: "deskLookup"
                width: parent.width
                enabled: numberField.text.trim() !== "" && !hall.desk.busy
                text: qsTr("查询")
                onClicked: hall.desk.lookup(numberField.text)
            }
        }
    }

    Rectangle {
        anchors { left: form.right; leftMargin: 20; right: parent.right; top: parent.top; bottom: parent.bottom }
        radius: Style.radius
        color: r.code ? Style.redTint : Style.panel
        border.color: r.code ? Style.red : Style.border
        border.width: 2
        Text {
            objectName: "deskRefusal"
            visible: !!r.code
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 40 }
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            font.family: Style.font; font.pixelSize: 40; font.bold: true; color: Style.red
            text: r.code === "bad_number" ? qsTr("号码应为一个字母加数字，如 A012")
                : (en ? (r.messageEn || r.message) : (r.message || r.messageEn)) || ""
        }
        Text {
            visible: !r.code && !t.number
            anchors.centerIn: parent
            text: qsTr("输入号码后查询")
            font.family: Style.font; font.pixelSize: Style.title; color: Style.muted
        }
        Column {
            visible: !!t.number && !r.code
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 40 }
            spacing: 20
            Text {
                objectName: "deskCategory"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: (en ? t.categoryNameEn : t.categoryName) || ""
                font.family: Style.font; font.pixelSize: 44; color: Style.text
            }
            Text {
                objectName: "deskTicketNumber"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: t.number || ""
                font.family: Style.font; font.pixelSize: 180; font.bold: true; color: Style.primary
            }
            Text {
                objectName: "deskState"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: t.number ? page.stateLine() : ""
                font.family: Style.font; font.pixelSize: 40; font.bold: true
                color: t.state === "called" || t.state === "serving" ? Style.good : Style.text
            }
            Text {
                objectName: "deskGreen"
                visible: !!t.green
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("绿色通道：优先叫号")
                font.family: Style.font; font.pixelSize: 36; font.bold: true; color: Style.good
            }
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("取号时间：%1").arg(t.issuedAt || "")
                font.family: Style.font; font.pixelSize: Style.title; color: Style.muted
            }
        }
    }
}
