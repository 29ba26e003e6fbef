import QtQuick
import QtQuick.Layouts

// The technician's PIN pad (checked on the kiosk itself, so it works with the hall server down).
Column {
    id: pad
    objectName: "techPinPage"
    spacing: Style.gap
    property string pin: ""
    PageTitle { text: qsTr("设备维护") }
    BodyText {
        objectName: "pinDots"
        Accessible.name: pad.pin.length ? qsTr("已输入 %1 位").arg(pad.pin.length) : text
        horizontalAlignment: Text.AlignHCenter
        font.pixelSize: Style.title
        text: pad.pin.length ? "●".repeat(pad.pin.length) : qsTr("请输入维护密码")
    }
    BodyText {
        objectName: "pinMessage"
        horizontalAlignment: Text.AlignHCenter
        color: Style.bad
        visible: text !== ""
        text: kiosk.tech.refused === "wrong_pin" ? qsTr("密码错误")
            : kiosk.tech.refused === "locked" ? qsTr("密码错误次数过多，请 %1 分钟后再试").arg(kiosk.tech.minutes)
            : kiosk.tech.refused === "no_pin" ? qsTr("本机未设置维护密码") : ""
    }
    GridLayout {
        anchors.horizontalCenter: parent.horizontalCenter
        columns: 3
        rowSpacing: Style.gap
        columnSpacing: Style.gap
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
            delegate: BigButton {
                required property string modelData
                objectName: "pin_" + modelData
                Accessible.name: /^[0-9]$/.test(modelData) ? qsTr("数字 %1").arg(modelData) : text
                Layout.preferredWidth: Style.target * 1.6
                Layout.preferredHeight: Style.target * 1.2
                size: Style.title
                tone: modelData === "ok" ? Style.good : (modelData === "clear" ? Style.muted : Style.header)
                text: modelData === "ok" ? qsTr("确定") : (modelData === "clear" ? qsTr("清除") : modelData)
                onClicked: {
                    if (modelData === "ok") { kiosk.techEnter(pad.pin); pad.pin = "" }
                    else if (modelData === "clear") pad.pin = ""
                    else if (pad.pin.length < 12) pad.pin += modelData
                }
            }
        }
    }
    BigButton {
        objectName: "techCancel"
        anchors.horizontalCenter: parent.horizontalCenter
        width: Style.target * 5
        tone: Style.muted
        text: qsTr("取消")
        onClicked: kiosk.techLeave()
    }
}
