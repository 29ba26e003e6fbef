import QtQuick
import QtQuick.Layouts

// Home: what a citizen comes for (a number, check-in, the guide, case progress, a certificate,
// a rating), and what a card or a code on the reader does.
Item {
    objectName: "homePage"
    ColumnLayout {
        anchors.fill: parent
        spacing: 2 * Style.gap
        Text {
            objectName: "welcome"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            text: qsTr("欢迎！请选择要办理的业务")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: Style.text
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: root.landscape ? 3 : 1
            rowSpacing: 2 * Style.gap
            columnSpacing: 2 * Style.gap
            BigButton {
                objectName: "takeNumberButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1  // equal columns, whatever the labels
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "ticket"
                size: Style.title
                text: qsTr("取号")
                detail: qsTr("刷身份证或选择事项后取号")
                onClicked: kiosk.startTakeNumber()
            }
            BigButton {
                objectName: "checkInButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "checkin"
                size: Style.title
                tone: Style.good
                text: qsTr("预约签到")
                detail: qsTr("扫描预约二维码或刷身份证")
                onClicked: kiosk.startCheckIn()
            }
            BigButton {
                objectName: "guideButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "guide"
                size: Style.title
                tone: "#5b3a99"
                text: qsTr("办事指南")
                detail: qsTr("所需材料、办理时限、收费和地点")
                onClicked: kiosk.openGuide()
            }
            BigButton {
                objectName: "progressButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "progress"
                size: Style.title
                tone: "#00606b"
                text: qsTr("进度查询")
                detail: qsTr("刷身份证或扫描办件二维码")
                onClicked: kiosk.desk.startProgress()
            }
            BigButton {
                objectName: "certificateButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "certificate"
                size: Style.title
                tone: "#8a3b12"
                text: qsTr("证照打印")
                detail: qsTr("办结的证照刷身份证自助打印")
                onClicked: kiosk.desk.startProgress()
            }
            BigButton {
                objectName: "ratingButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "rating"
                size: Style.title
                tone: "#6b2d5c"
                text: qsTr("服务评价")
                detail: qsTr("扫描取号凭条上的二维码评价")
                onClicked: kiosk.desk.startRating()
            }
            BigButton {
                objectName: "reprintButton"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "ticket"
                size: Style.title
                tone: "#3d5a1e"
                text: qsTr("补打凭条")
                detail: qsTr("凭条没打出来？刷身份证或输入号码补打")
                onClicked: kiosk.startReprint()
            }
        }
        Rectangle {
            // Voice guidance: a long press switches it on (or off), so a passing touch never does;
            // a short one says how. The tactile key (F1 unless configured) does the same.
            id: voiceControl
            objectName: "voiceControl"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(Style.target, voiceLabel.implicitHeight + 2 * Style.gap)
            radius: Style.radius
            color: kiosk.voice.on ? Style.good : (kiosk.voice.unavailable ? Style.disabledText : Style.header)
            border.width: Style.elder ? 3 : 0
            border.color: "#000000"
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("语音播报")
            Accessible.description: voiceLabel.text
            Accessible.checkable: true
            Accessible.checked: kiosk.voice.on
            // A screen reader's press is already deliberate: it switches guidance at once.
            Accessible.onPressAction: kiosk.voice.toggle()
            Row {
                anchors.centerIn: parent
                spacing: Style.gap
                width: Math.min(implicitWidth, parent.width - 2 * Style.gap)
                Image {
                    id: voiceIcon
                    source: "icons/voice.svg"
                    width: Style.body * 1.4
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    anchors.verticalCenter: parent.verticalCenter
                }
                Text {
                    id: voiceLabel
                    objectName: "voiceLabel"
                    width: Math.min(implicitWidth, voiceControl.width - voiceIcon.width - 3 * Style.gap)
                    anchors.verticalCenter: parent.verticalCenter
                    text: kiosk.voice.unavailable ? qsTr("语音播报不可用")
                        : kiosk.voice.on ? qsTr("语音播报已开启：长按 3 秒关闭")
                        : qsTr("语音播报：长按 3 秒开启")
                    font.family: Style.font
                    font.pixelSize: Style.body
                    font.bold: true
                    color: "white"
                    wrapMode: Text.Wrap
                }
            }
            MouseArea {
                objectName: "voiceButton"
                anchors.fill: parent
                pressAndHoldInterval: 3000
                onPressAndHold: kiosk.voice.toggle()
                onClicked: kiosk.voice.hint()
            }
        }
        Text {
            objectName: "homeHint"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            Layout.fillWidth: true
            text: qsTr("如需帮助，请按服务台的呼叫按钮或咨询工作人员")
            font.family: Style.font
            font.pixelSize: Style.small
            color: Style.muted
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
