import QtQuick

// Today's appointment found: one touch checks in and prints the priority ticket.
Column {
    objectName: "appointmentPage"
    spacing: 2 * Style.gap
    PageTitle { text: qsTr("找到您今天的预约") }
    Repeater {
        model: kiosk.matches
        delegate: Rectangle {
            id: card
            required property var modelData
            required property int index
            width: parent.width
            height: info.implicitHeight + 4 * Style.gap
            radius: Style.radius
            color: Style.panel
            border.color: Style.good
            border.width: Style.elder ? 3 : 2
            Column {
                id: info
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * Style.gap }
                spacing: Style.gap
                BodyText {
                    font.pixelSize: Style.title
                    font.bold: true
                    text: root.en ? card.modelData.categoryNameEn : card.modelData.categoryName
                }
                BodyText {
                    text: qsTr("预约时段：%1").arg(card.modelData.slot)
                          + (card.modelData.maskedName ? "   " + card.modelData.maskedName : "")
                }
                BigButton {
                    objectName: "confirmAppointment_" + card.index
                    width: parent.width
                    tone: Style.good
                    text: qsTr("签到并取号")
                    onClicked: kiosk.confirmAppointment(card.modelData.id)
                }
            }
        }
    }
}
