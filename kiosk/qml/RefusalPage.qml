import QtQuick

// Why it cannot be done, in plain words, and what the citizen can do instead.
Column {
    objectName: "refusalPage"
    spacing: 2 * Style.gap
    readonly property var r: kiosk.refusal
    readonly property string code: r.code || ""
    // Refusals of a check-in (the appointment's own problems); the rest refuse a number.
    readonly property bool checkIn: code.indexOf("code_") === 0 || [
        "no_appointment", "appointment_too_early", "appointment_missed", "appointment_not_today",
        "appointment_used", "appointment_other_person"].indexOf(code) >= 0
    PageTitle {
        objectName: "refusalTitle"
        color: Style.warn
        text: checkIn ? qsTr("预约签到未成功") : qsTr("暂时无法取号")
    }
    BodyText {
        objectName: "refusalMessage"
        font.pixelSize: Style.title
        text: code === "no_appointment" ? qsTr("没有找到您今天的预约。您可以直接取号办理。")
            : code === "internal" || !(r.message || r.messageEn)
              ? qsTr("暂时无法办理，请咨询工作人员。")
            : (root.en ? (r.messageEn || r.message) : (r.message || r.messageEn))
    }
    BigButton {
        objectName: "refusalTakeNumber"
        visible: code === "no_appointment" || code === "appointment_missed" || code === "appointment_not_today"
        width: parent.width
        text: qsTr("直接取号")
        onClicked: kiosk.startTakeNumber()
    }
    BigButton {
        objectName: "refusalCheckIn"
        visible: code === "appointment_only"
        width: parent.width
        tone: Style.good
        text: qsTr("预约签到")
        onClicked: kiosk.startCheckIn()
    }
    BigButton {
        objectName: "refusalOther"
        visible: code === "already_holding" || code === "category_closed" || code === "daily_cap_reached"
        width: parent.width
        tone: Style.muted
        text: qsTr("选择其他事项")
        onClicked: kiosk.startTakeNumber()
    }
}
