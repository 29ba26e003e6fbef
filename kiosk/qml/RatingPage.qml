import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 好差评: the receipt's QR under the scanner (or a finished case of the list), five levels, and
// for the two lowest a reason, then thanks.
Flickable {
    id: page
    objectName: "ratingPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    readonly property var r: kiosk.desk.rating
    readonly property string step: r.step || ""
    readonly property var levels: r.levels || []
    readonly property var chosen: levels.filter(l => l.level === r.level)[0] || null
    readonly property bool needsReason: chosen !== null && chosen.reasonRequired
    readonly property var subject: r.subject || {}
    // A low level asks for a reason: bring the reasons and the submit button into view.
    onNeedsReasonChanged: if (needsReason) Qt.callLater(page.showEnd)
    function showEnd() { contentY = Math.max(0, contentHeight - height) }
    Column {
        id: content
        width: page.width
        spacing: 2 * Style.gap
        PageTitle {
            objectName: "ratingTitle"
            color: ["refused", "unavailable"].indexOf(step) >= 0 ? Style.warn : (step === "done" ? Style.good : Style.text)
            text: step === "done" ? qsTr("感谢您的评价！")
                : step === "refused" || step === "unavailable" ? qsTr("暂时无法评价")
                : r.kind === "case" ? qsTr("评价办件") : qsTr("服务评价")
        }
        Rectangle {
            visible: step === "scan" || step === "looking"
            width: parent.width
            height: scanHint.implicitHeight + 4 * Style.gap
            radius: Style.radius
            color: Style.panel
            border.color: "#6b2d5c"
            border.width: Style.elder ? 3 : 2
            BodyText {
                id: scanHint
                objectName: "ratingScanHint"
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * Style.gap }
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                text: (kiosk.deviceHealth.scanner || {}).state === "down" ? qsTr("扫码器暂停使用")
                                                                         : qsTr("请将取号凭条上的二维码对准扫码口")
            }
        }
        BusyIndicator {
            anchors.horizontalCenter: parent.horizontalCenter
            visible: step === "looking" || step === "sending"
            running: visible
            width: Style.target; height: width
        }
        // Portrait: the ticket, the levels, the reasons. Landscape: the levels on the left, the
        // ticket and the reasons on the right, so the five levels fit without scrolling.
        GridLayout {
            id: choose
            visible: step === "choose" || step === "sending"
            width: parent.width
            columns: root.landscape ? 2 : 1
            columnSpacing: 2 * Style.gap
            rowSpacing: 2 * Style.gap
            Rectangle {
                objectName: "ratingSubjectCard"
                visible: step === "choose" || step === "sending"
                Layout.fillWidth: true
                Layout.row: 0
                Layout.column: root.landscape ? 1 : 0
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 1
                Layout.preferredHeight: about.implicitHeight + 3 * Style.gap
                radius: Style.radius
                color: Style.panel
                border.color: Style.border
                border.width: Style.elder ? 3 : 2
                Column {
                    id: about
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 1.5 * Style.gap }
                    spacing: Style.gap / 2
                    BodyText {
                        objectName: "ratingSubject"
                        font.bold: true
                        text: r.kind === "case" ? (root.en ? (subject.matterEn || subject.matter || "") : (subject.matter || ""))
                            : qsTr("%1 号 · %2").arg(subject.number || "").arg(root.en ? (subject.categoryEn || "") : (subject.category || ""))
                    }
                    BodyText {
                        objectName: "ratingSubjectDetail"
                        color: Style.muted
                        text: r.kind === "case" ? qsTr("办件编号 %1").arg(subject.number || "")
                            : (subject.window ? qsTr("办理窗口：%1").arg(root.en ? subject.windowEn : subject.window) : "")
                              + (subject.servedAt ? "   " + qsTr("办结时间：%1").arg(subject.servedAt) : "")
                    }
                }
            }
            ColumnLayout {
                visible: step === "choose"
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 1
                Layout.row: root.landscape ? 0 : 1
                Layout.column: 0
                Layout.rowSpan: root.landscape ? 2 : 1
                spacing: Style.gap
                SectionLabel { Layout.fillWidth: true; text: qsTr("请选择您对本次服务的评价") }
                Repeater {
                    model: page.levels
                    delegate: BigButton {
                        required property var modelData
                        objectName: "level_" + modelData.level
                        Layout.fillWidth: true
                        size: Style.title
                        tone: modelData.level >= 3 ? (r.level === modelData.level ? Style.good : "#3d6b4f")
                                                   : (r.level === modelData.level ? Style.bad : "#8a4a4a")
                        text: (r.level === modelData.level ? "✓ " : "") + (root.en ? modelData.nameEn : modelData.name)
                        onClicked: kiosk.desk.chooseLevel(modelData.level)
                    }
                }
            }
            ColumnLayout {
                visible: step === "choose"
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 1
                Layout.row: root.landscape ? 1 : 2
                Layout.column: root.landscape ? 1 : 0
                spacing: Style.gap
                SectionLabel {
                    objectName: "reasonLabel"
                    Layout.fillWidth: true
                    visible: page.needsReason
                    color: r.reason ? Style.header : Style.bad
                    text: qsTr("请选择不满意的原因（必选）")
                }
                GridLayout {
                    Layout.fillWidth: true
                    visible: page.needsReason
                    columns: 2
                    rowSpacing: Style.gap
                    columnSpacing: Style.gap
                    Repeater {
                        model: r.reasons || []
                        delegate: BigButton {
                            required property var modelData
                            objectName: "reason_" + modelData.code
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            tone: r.reason === modelData.code ? Style.header : Style.muted
                            text: (r.reason === modelData.code ? "✓ " : "") + (root.en ? modelData.nameEn : modelData.name)
                            onClicked: kiosk.desk.chooseReason(modelData.code)
                        }
                    }
                }
                BigButton {
                    objectName: "submitRating"
                    Layout.fillWidth: true
                    enabled: r.level > 0 && (!page.needsReason || !!r.reason)
                    size: Style.title
                    text: qsTr("提交评价")
                    onClicked: kiosk.desk.submitRating()
                }
            }
        }
        BodyText {
            objectName: "ratingMessage"
            visible: text !== ""
            font.pixelSize: Style.title
            text: step === "done" ? (r.followUp ? qsTr("您的意见已转交大厅负责人，我们会尽快联系改进。")
                                                : qsTr("您的评价已记录，我们会继续改进服务。"))
                : step === "unavailable" ? qsTr("暂时无法查询，请稍后再试或咨询窗口")
                : step === "refused" ? (r.code === "already_rated" ? qsTr("这次服务已经评价过了，每次服务只能评价一次。")
                                      : r.code === "service_not_finished" ? qsTr("业务还没有办结，办结后再来评价吧。")
                                      : r.code === "not_served" ? qsTr("这个号码没有办理业务（过号或已取消），不能评价。")
                                      : r.code === "rating_period_over" ? qsTr("这个号码办结已超过评价期限，不能再评价。")
                                      : (root.en ? (r.messageEn || r.message || "") : (r.message || r.messageEn || "")))
                : ""
        }
        BigButton {
            objectName: "rateAnother"
            visible: (step === "refused" || step === "unavailable") && r.kind !== "case"
            width: parent.width
            tone: Style.muted
            text: qsTr("重新扫码")
            onClicked: kiosk.desk.startRating()
        }
    }
}
