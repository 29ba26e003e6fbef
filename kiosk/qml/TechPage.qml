import QtQuick
import QtQuick.Controls

// Technician mode: each device's state and self-test, the link to the hall server and the
// kiosk's unsent commands; the only way out of full screen.
Flickable {
    id: page
    objectName: "techPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    readonly property var t: kiosk.tech
    function roleName(role) {
        return role === "idcard" ? qsTr("身份证阅读器") : role === "receipt" ? qsTr("小票打印机")
             : role === "scanner" ? qsTr("扫码器") : role === "certificate" ? qsTr("证照打印机") : role
    }
    function stateName(state) {
        return state === "ok" ? qsTr("正常") : state === "degraded" ? qsTr("需注意") : qsTr("故障")
    }
    Column {
        id: content
        width: page.width
        spacing: Style.gap
        PageTitle { text: qsTr("设备维护") }
        BodyText {
            objectName: "techLink"
            text: (t.online ? qsTr("大厅服务器：已连接") : qsTr("大厅服务器：未连接，正在离线取号"))
                  + "  " + (t.server || "")
        }
        BodyText {
            objectName: "techOutbox"
            text: qsTr("待上传 %1 条，上传失败 %2 条").arg(t.pending || 0).arg(t.failed || 0)
        }
        Repeater {
            model: kiosk.deviceRows
            delegate: Rectangle {
                id: device
                required property var modelData
                width: content.width
                height: Math.max(Style.target, deviceText.implicitHeight) + 2 * Style.gap
                radius: Style.radius
                color: Style.panel
                border.color: modelData.state === "ok" ? Style.good : (modelData.state === "degraded" ? Style.warn : Style.bad)
                border.width: 2
                Column {
                    id: deviceText
                    anchors { left: parent.left; right: testButton.left; verticalCenter: parent.verticalCenter; margins: Style.gap }
                    BodyText {
                        font.bold: true
                        text: page.roleName(device.modelData.role) + " · " + page.stateName(device.modelData.state)
                    }
                    BodyText {
                        font.pixelSize: Style.small
                        color: Style.muted
                        text: root.en ? (device.modelData.reason_en || "") : (device.modelData.reason_zh || "")
                    }
                }
                BigButton {
                    id: testButton
                    objectName: "selfTest_" + device.modelData.role
                    anchors { right: parent.right; verticalCenter: parent.verticalCenter; rightMargin: Style.gap }
                    width: Style.target * 2.5
                    size: Style.small
                    enabled: !t.testing
                    text: t.testing === device.modelData.role ? qsTr("测试中…") : qsTr("自检")
                    onClicked: kiosk.techSelfTest(device.modelData.role)
                }
            }
        }
        BodyText {
            objectName: "selfTestResult"
            visible: !!(t.result && t.result.role)
            color: t.result && t.result.passed ? Style.good : Style.bad
            text: t.result ? page.roleName(t.result.role) + ":" + (root.en ? (t.result.detail_en || "") : (t.result.detail_zh || "")) : ""
        }
        Row {
            spacing: Style.gap
            BigButton {
                objectName: "exitFullScreen"
                width: Style.target * 4
                tone: Style.bad
                text: qsTr("退出全屏")
                onClicked: kiosk.techExitFullScreen()
            }
            BigButton {
                objectName: "techLeave"
                width: Style.target * 4
                tone: Style.header
                text: qsTr("返回首页")
                onClicked: kiosk.techLeave()
            }
        }
    }
}
