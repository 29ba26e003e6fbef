import QtQuick
import QtQuick.Controls

// Appointment check-in: the appointment's QR code under the scanner, or the ID card on the reader.
Column {
    objectName: "checkinPage"
    spacing: 2 * Style.gap
    readonly property bool scannerDown: (kiosk.deviceHealth.scanner || {}).state === "down"
    readonly property bool readerDown: (kiosk.deviceHealth.idcard || {}).state === "down"
    PageTitle { text: qsTr("预约签到") }
    Rectangle {
        width: parent.width
        height: hints.implicitHeight + 4 * Style.gap
        radius: Style.radius
        color: Style.panel
        border.color: Style.good
        border.width: Style.elder ? 3 : 2
        Column {
            id: hints
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * Style.gap }
            spacing: 2 * Style.gap
            BodyText {
                objectName: "scanHint"
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                color: scannerDown ? Style.disabledText : Style.text
                text: scannerDown ? qsTr("扫码器暂停使用") : qsTr("请将预约二维码对准扫码口")
            }
            BodyText {
                horizontalAlignment: Text.AlignHCenter
                color: Style.muted
                text: qsTr("或")
            }
            BodyText {
                objectName: "cardHint"
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                color: readerDown ? Style.disabledText : Style.text
                text: readerDown ? qsTr("身份证阅读器暂停使用") : qsTr("将身份证放在感应区")
            }
        }
    }
    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        visible: kiosk.busy
        running: kiosk.busy
        width: Style.target; height: width
    }
    BodyText {
        color: Style.muted
        text: qsTr("预约时段开始前 %1 分钟内可签到；签到后在预约时段内优先叫号。").arg(kiosk.hall.checkinEarlyMinutes)
    }
}
