import QtQuick
import QtQuick.Layouts

// Home: the three things a citizen comes for, and what a card or a code on the reader does.
Item {
    objectName: "homePage"
    ColumnLayout {
        anchors.fill: parent
        spacing: 2 * Style.gap
        Text {
            objectName: "welcome"
            Layout.fillWidth: true
            text: qsTr("欢迎!请选择要办理的业务")
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
                Layout.maximumHeight: Style.target * (root.landscape ? 5 : 3.5)
                glyph: "guide"
                size: Style.title
                tone: "#5b3a99"
                text: qsTr("办事指南")
                detail: qsTr("所需材料、办理时限、收费和地点")
                onClicked: kiosk.openGuide()
            }
        }
        Text {
            objectName: "homeHint"
            Layout.fillWidth: true
            text: qsTr("如需帮助,请按服务台的呼叫按钮或咨询工作人员")
            font.family: Style.font
            font.pixelSize: Style.small
            color: Style.muted
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
