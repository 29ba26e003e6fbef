import QtQuick
import QtQuick.Controls

// One matter of the guide: what to bring, how long it takes, what it costs, where to go.
Flickable {
    id: page
    objectName: "matterPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { width: Style.gap * 1.5 }
    readonly property var m: kiosk.matter
    Column {
        id: content
        width: page.width - Style.gap * 2
        spacing: Style.gap
        PageTitle {
            objectName: "matterName"
            text: root.en ? (m.name_en || m.name || "") : (m.name || "")
        }
        BigButton {
            // 电子填单: fill the matter's form here, from the ID card, and take a number with it.
            objectName: "fillFormButton"
            visible: !!m.form
            width: parent.width
            text: qsTr("在线预填表单")
            detail: qsTr("刷身份证自动填写，到窗口少填一张表")
            onClicked: kiosk.startForm()
        }
        SectionLabel { text: qsTr("所需材料") }
        Repeater {
            objectName: "materials"
            model: m.materials || []
            delegate: BodyText {
                required property var modelData
                required property int index
                text: (index + 1) + ". " + (root.en ? (modelData.name_en || modelData.name) : modelData.name)
                      + (root.en ? (modelData.copies_en ? " (" + modelData.copies_en + ")" : "")
                                 : (modelData.copies ? "（" + modelData.copies + "）" : ""))
            }
        }
        SectionLabel { text: qsTr("办理时限") }
        BodyText {
            objectName: "matterDays"
            text: (m.promised_days || 0) > 0
                  ? qsTr("法定 %1 个工作日，承诺 %2 个工作日").arg(m.legal_days || 0).arg(m.promised_days)
                  : (m.legal_days || 0) > 0 ? qsTr("法定 %1 个工作日，当场办结").arg(m.legal_days) : qsTr("当场办结")
        }
        SectionLabel { text: qsTr("收费") }
        BodyText { objectName: "matterFee"; text: root.en ? (m.fee_en || m.fee || "") : (m.fee || "") }
        SectionLabel { text: qsTr("办理地点") }
        BodyText { objectName: "matterLocation"; text: root.en ? (m.location_en || m.location || "") : (m.location || "") }
        BodyText {
            visible: !!m.online
            color: Style.good
            text: qsTr("此事项也可在网上办理")
        }
        BodyText {
            visible: !!(m.notes || m.notes_en)
            color: Style.muted
            text: root.en ? (m.notes_en || m.notes || "") : (m.notes || "")
        }
    }
}
