import QtQuick
import QtQuick.Controls

// 进度查询: the ID card on the reader or the case-number QR of the acceptance receipt under the scanner.
Column {
    objectName: "progressPage"
    spacing: 2 * Style.gap
    readonly property var p: kiosk.desk.progress
    readonly property bool scannerDown: (kiosk.deviceHealth.scanner || {}).state === "down"
    readonly property bool readerDown: (kiosk.deviceHealth.idcard || {}).state === "down"
    PageTitle { objectName: "progressTitle"; text: qsTr("进度查询 · 证照打印") }
    Rectangle {
        width: parent.width
        height: hints.implicitHeight + 4 * Style.gap
        radius: Style.radius
        color: Style.panel
        border.color: "#00606b"
        border.width: Style.elder ? 3 : 2
        Column {
            id: hints
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * Style.gap }
            spacing: 2 * Style.gap
            BodyText {
                objectName: "progressCardHint"
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                color: readerDown ? Style.disabledText : Style.text
                text: readerDown ? qsTr("身份证阅读器暂停使用") : qsTr("请将身份证放在感应区")
            }
            BodyText {
                horizontalAlignment: Text.AlignHCenter
                color: Style.muted
                text: qsTr("或")
            }
            BodyText {
                objectName: "progressScanHint"
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                color: scannerDown ? Style.disabledText : Style.text
                text: scannerDown ? qsTr("扫码器暂停使用") : qsTr("扫描受理回执上的办件二维码")
            }
        }
    }
    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        visible: !!p.busy
        running: !!p.busy
        width: Style.target; height: width
    }
    BodyText {
        objectName: "progressMessage"
        visible: text !== ""
        font.pixelSize: Style.title
        color: p.error ? Style.warn : Style.text
        text: p.error === "unavailable" ? qsTr("暂时无法查询，请稍后再试或咨询窗口")
            : p.error === "refused" ? (root.en ? (p.messageEn || p.message || "") : (p.message || p.messageEn || ""))
            : p.empty ? qsTr("没有查到您的办件。如有疑问，请咨询窗口工作人员。") : ""
    }
    BodyText {
        color: Style.muted
        text: qsTr("证照打印需刷申请人本人的身份证。")
    }
}
