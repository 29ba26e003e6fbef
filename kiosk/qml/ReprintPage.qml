import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 补打凭条: a receipt printed again, by the ID card on the reader or by the ticket number typed on a
// large pad (the number alone prints no name); then the ticket as the hall knows it now, said large.
Flickable {
    id: page
    objectName: "reprintPage"
    contentHeight: content.implicitHeight
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    readonly property var r: kiosk.reprint
    readonly property string step: r.step || "ask"
    readonly property var refusal: r.refusal || ({})
    readonly property bool readerDown: (kiosk.deviceHealth.idcard || {}).state === "down"
    property string typed: ""
    // The hall's number prefixes (A, B, …), from its categories.
    readonly property var prefixes: {
        var seen = []
        for (var g = 0; g < kiosk.groups.length; g++) {
            var cats = kiosk.groups[g].categories
            for (var c = 0; c < cats.length; c++)
                if (cats[c].prefix && seen.indexOf(cats[c].prefix) < 0) seen.push(cats[c].prefix)
        }
        return seen.sort()
    }
    readonly property bool complete: /^[A-Z][0-9]{1,6}$/.test(typed)

    Connections {
        target: kiosk
        function onSessionChanged() { if (page.step === "done") page.typed = "" }
    }

    Column {
        id: content
        width: page.width
        spacing: 2 * Style.gap
        PageTitle { objectName: "reprintTitle"; text: qsTr("补打凭条") }

        // --- ask: the card, or the number --------------------------------------------------
        Column {
            width: parent.width
            spacing: 2 * Style.gap
            visible: page.step !== "done"
            BodyText {
                objectName: "reprintCardHint"
                font.pixelSize: Style.title
                horizontalAlignment: Text.AlignHCenter
                color: page.readerDown ? Style.disabledText : Style.text
                text: page.readerDown ? qsTr("身份证阅读器暂停使用，请输入凭条上的号码")
                                      : qsTr("请将取号时用的身份证放在感应区，或输入号码")
            }
            Rectangle {
                width: parent.width
                height: typedText.implicitHeight + 2 * Style.gap
                radius: Style.radius
                color: Style.panel
                border.color: page.refusal.code ? Style.bad : Style.primary
                border.width: Style.borderWidth + 1
                Text {
                    id: typedText
                    objectName: "reprintTyped"
                    anchors.centerIn: parent
                    width: parent.width - 2 * Style.gap
                    horizontalAlignment: Text.AlignHCenter
                    font.family: Style.font
                    font.pixelSize: page.typed ? Style.huge * 0.6 * (Style.elder ? 1.2 : 1.0) : Style.title
                    font.bold: page.typed !== ""
                    color: page.typed ? Style.primary : Style.muted
                    text: page.typed || qsTr("号码，如 A012")
                }
            }
            BodyText {
                objectName: "reprintMessage"
                visible: text !== ""
                font.pixelSize: Style.title
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                color: Style.bad
                text: page.step === "busy" ? ""
                    : page.refusal.code === "internal" ? qsTr("暂时无法补打，请到服务台报号码办理")
                    : page.refusal.code ? (root.en ? (page.refusal.messageEn || page.refusal.message)
                                                   : (page.refusal.message || page.refusal.messageEn))
                    : ""
            }
            BusyIndicator {
                anchors.horizontalCenter: parent.horizontalCenter
                visible: page.step === "busy"
                running: visible
                width: Style.target; height: width
            }
            Flow {
                objectName: "reprintLetters"
                width: parent.width
                spacing: Style.gap
                Repeater {
                    model: page.prefixes
                    delegate: BigButton {
                        required property string modelData
                        objectName: "reprintKey_" + modelData
                        width: Style.target * 1.4
                        size: Style.title
                        tone: page.typed.charAt(0) === modelData ? Style.primary : Style.header
                        text: modelData
                        onClicked: { page.typed = modelData + page.typed.replace(/^[A-Z]/, ""); kiosk.touched() }
                    }
                }
            }
            GridLayout {
                anchors.horizontalCenter: parent.horizontalCenter
                columns: 3
                rowSpacing: Style.gap
                columnSpacing: Style.gap
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
                    delegate: BigButton {
                        required property string modelData
                        objectName: "reprintKey_" + modelData
                        Layout.preferredWidth: Style.target * 2.2
                        Layout.preferredHeight: Style.target * 1.2
                        size: Style.title
                        tone: modelData === "clear" || modelData === "back" ? Style.muted : Style.header
                        text: modelData === "clear" ? qsTr("清除") : modelData === "back" ? qsTr("退格") : modelData
                        onClicked: {
                            if (modelData === "clear") page.typed = ""
                            else if (modelData === "back") page.typed = page.typed.slice(0, -1)
                            else if (page.typed.length < 7) page.typed += modelData
                            kiosk.touched()
                        }
                    }
                }
            }
            BigButton {
                objectName: "reprintGo"
                width: parent.width
                size: Style.title
                tone: Style.good
                enabled: page.complete && page.step !== "busy"
                text: qsTr("补打凭条")
                detail: page.complete ? "" : qsTr("先选字母，再输入数字")
                onClicked: kiosk.reprintByNumber(page.typed)
            }
        }

        // --- done: the ticket as the hall knows it now, and the receipt's fate ----------------
        Repeater {
            model: page.step === "done" ? (r.tickets || []) : []
            delegate: Column {
                required property var modelData
                required property int index
                width: content.width
                spacing: Style.gap
                BodyText {
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Style.title
                    text: root.en ? (modelData.categoryNameEn || modelData.categoryName) : modelData.categoryName
                }
                Text {
                    objectName: "reprintNumber_" + index
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: modelData.number
                    font.family: Style.font
                    font.pixelSize: Style.huge * (Style.elder ? 1.2 : 1.0)
                    font.bold: true
                    color: Style.primary
                }
                BodyText {
                    objectName: "reprintQueue_" + index
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Style.title
                    font.bold: modelData.called
                    color: modelData.called ? Style.good : Style.text
                    text: modelData.called
                          ? qsTr("已叫号，请到 %1 办理").arg(root.en ? modelData.windowNameEn : modelData.windowName)
                          : qsTr("前面还有 %1 人，预计等候约 %2 分钟").arg(modelData.peopleAhead).arg(modelData.waitMinutes)
                }
            }
        }
        Rectangle {
            visible: page.step === "done"
            width: parent.width
            height: reprintStatus.implicitHeight + 2 * Style.gap
            radius: Style.radius
            color: r.printing ? Style.panel : (r.printError ? "#fff4d6" : "#e5f4ea")
            border.color: r.printing ? Style.border : (r.printError ? Style.warn : Style.good)
            border.width: Style.borderWidth + 1
            BodyText {
                id: reprintStatus
                objectName: "reprintStatus"
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap }
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Style.title
                font.bold: true
                text: r.printing ? qsTr("正在补打凭条…")
                    : r.printError ? qsTr("凭条仍未能打印。请到服务台报号码 %1，工作人员为您查询")
                                     .arg(((r.tickets || [])[0] || {}).number || "")
                    : qsTr("请取走补打的凭条")
            }
        }
        BigButton {
            objectName: "reprintDone"
            visible: page.step === "done"
            width: parent.width
            tone: Style.good
            text: qsTr("完成")
            onClicked: kiosk.goHome()
        }
    }
}
