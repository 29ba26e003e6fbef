import QtQuick
import QtQuick.Layouts

// Sending (and retrying, said plainly), thanks, or why the rating cannot be taken.
Item {
    readonly property bool thanks: pad.screen === "thanks"
    readonly property bool ended: pad.screen === "ended"

    function headline() {
        if (thanks) return qsTr("感谢您的评价！")
        if (ended) return qsTr("无法评价")
        if (pad.trouble) return qsTr("暂时无法提交评价")
        return qsTr("正在提交您的评价…")
    }
    function detail() {
        if (thanks) return qsTr("祝您生活愉快")
        if (ended) return pad.endedText
        if (pad.trouble) return qsTr("网络中断，评价正在自动重新提交。如需帮助，请告知窗口工作人员。")
        if (pad.attempt > 1) return qsTr("网络不畅，正在重新提交（第 %1 次）").arg(pad.attempt)
        return qsTr("请稍候")
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - 96
        spacing: 28
        Face {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 150
            Layout.preferredHeight: 150
            visible: thanks
            level: 5
            ink: Style.good
        }
        Text {
            objectName: "messageTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: headline()
            font.family: Style.font
            font.pixelSize: Style.huge
            font.bold: true
            color: thanks ? Style.good : (ended || pad.trouble) ? Style.bad : Style.header
        }
        Text {
            objectName: "messageText"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: detail()
            font.family: Style.font
            font.pixelSize: Style.title
            color: Style.text
        }
    }
}
