import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// The citizen kiosk: a header, the page of the current step, device notices, the idle
// countdown and the on-screen keyboard (pinyin for Chinese).
ApplicationWindow {
    id: root
    objectName: "kioskWindow"
    width: 1080
    height: 1920
    visible: true
    title: qsTr("自助服务终端")
    color: Style.background
    font.family: Style.font
    readonly property bool landscape: width > height
    readonly property bool en: kiosk.lang === "en"

    Binding { target: Style; property: "elder"; value: kiosk.elder }
    Binding { target: Style; property: "mm"; value: panelMm }

    Connections {
        target: kiosk
        function onKeyboardReset() { VirtualKeyboardSettings.userDataReset() }
    }

    // Voice guidance reads out the page on screen: kiosk.voice gets its choices, in screen order,
    // then those around the page (footer, header), which the keypad's arrows reach too.
    property var voiceItems: []
    function voiceChoices(item, found) {
        if (!item || !item.visible)
            return found
        if (item.voiceName !== undefined && item.voiceName !== "" && item.enabled)
            found.push(item)
        for (var i = 0; i < item.children.length; ++i)
            voiceChoices(item.children[i], found)
        return found
    }
    function voiceNames(items) {
        return items.map(function (item) { return item.voiceName })
    }
    function announcePage() {
        if (!kiosk.voice.on || !pageLoader.item)
            return
        var onPage = voiceChoices(pageLoader.item, [])
        var around = voiceChoices(header, voiceChoices(footer, []))
        root.voiceItems = onPage.concat(around)
        kiosk.voice.pageShown(kiosk.page, voiceNames(onPage), voiceNames(around))
    }
    Connections {
        target: kiosk.voice
        function onAnnounceRequested() { root.announcePage() }
        function onActivateRequested(index) {
            if (index < root.voiceItems.length && root.voiceItems[index])
                root.voiceItems[index].clicked()
        }
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.userDataPath = keyboardDataPath
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }

    Header {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
    }

    Column {
        id: noticeBand
        objectName: "deviceNotices"
        anchors { left: parent.left; right: parent.right; top: header.bottom }
        visible: kiosk.page !== "tech" && kiosk.page !== "techpin"
        Repeater {
            model: noticeBand.visible ? kiosk.deviceNotices : []
            delegate: Rectangle {
                required property string modelData
                width: noticeBand.width
                height: noticeText.implicitHeight + Style.gap
                color: "#fff4d6"
                border.color: Style.warn
                border.width: Style.borderWidth
                Text {
                    id: noticeText
                    objectName: "deviceNotice_" + modelData
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: Style.gap }
                    font.family: Style.font
                    font.pixelSize: Style.small
                    color: Style.text
                    wrapMode: Text.Wrap
                    text: modelData === "receipt" ? qsTr("小票打印机暂停使用：取号后可到其他自助终端或服务台补打凭条")
                        : modelData === "idcard" ? qsTr("身份证阅读器暂停使用：请扫描预约码，或选择无需证件的事项")
                        : qsTr("扫码器暂停使用：预约签到请刷身份证")
                }
            }
        }
    }

    Loader {
        id: pageLoader
        objectName: "page"
        anchors {
            left: parent.left; right: parent.right; top: noticeBand.bottom
            bottom: footer.visible ? footer.top : (keyboard.active ? keyboard.top : parent.bottom)
            margins: Style.gap
        }
        source: pageFile(kiosk.page)
        onLoaded: root.announcePage()
        function pageFile(page) {
            return {
                "home": "HomePage.qml", "categories": "CategoryPage.qml", "identify": "IdentifyPage.qml",
                "busy": "BusyPage.qml", "ticket": "TicketPage.qml", "refusal": "RefusalPage.qml",
                "checkin": "CheckinPage.qml", "appointment": "AppointmentPage.qml", "guide": "GuidePage.qml",
                "matter": "MatterPage.qml", "techpin": "TechPinPage.qml", "tech": "TechPage.qml",
                "progress": "ProgressPage.qml", "cases": "CasesPage.qml", "certificate": "CertificatePage.qml",
                "rating": "RatingPage.qml", "reprint": "ReprintPage.qml", "form": "FormPage.qml"
            }[page]
        }
    }

    Rectangle {
        id: footer
        objectName: "footer"
        visible: ["home", "busy", "techpin", "tech"].indexOf(kiosk.page) < 0 && !keyboard.active
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Math.max(Style.target, privacyHint.implicitHeight) + 2 * Style.gap
        color: Style.panel
        border.color: Style.border
        border.width: Style.borderWidth
        Row {
            id: footerButtons
            anchors { left: parent.left; verticalCenter: parent.verticalCenter; leftMargin: Style.gap }
            spacing: Style.gap
            BigButton {
                objectName: "homeButton"
                text: qsTr("返回首页")
                tone: Style.header
                width: Math.max(implicitWidth, Style.target * 3)
                onClicked: kiosk.goHome()
            }
            BigButton {
                objectName: "backButton"
                visible: kiosk.page === "matter" || kiosk.page === "identify"
                text: qsTr("上一步")
                tone: Style.muted
                width: Math.max(implicitWidth, Style.target * 3)
                onClicked: kiosk.page === "matter" ? kiosk.backToGuide() : kiosk.startTakeNumber()
            }
        }
        Text {
            id: privacyHint
            objectName: "privacyHint"
            anchors { right: parent.right; verticalCenter: parent.verticalCenter; rightMargin: Style.gap }
            // Lines of even length: as narrow as its lines need, so the last never holds a lone character.
            readonly property real room: parent.width - footerButtons.width - 4 * Style.gap
            readonly property int lines: Math.max(1, Math.ceil(privacyMetrics.advanceWidth / room))
            width: Math.min(room, privacyMetrics.advanceWidth / lines + 2 * font.pixelSize)
            horizontalAlignment: Text.AlignRight
            wrapMode: Text.Wrap
            maximumLineCount: 4
            elide: Text.ElideRight
            font.family: Style.font
            font.pixelSize: Style.small
            color: Style.muted
            text: qsTr("离开时请点“返回首页”，您的信息会立即清除")
        }
        TextMetrics { id: privacyMetrics; font: privacyHint.font; text: privacyHint.text }
    }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 90
        width: parent.width
        y: active ? parent.height - height : parent.height
    }

    Rectangle {
        // Where the keypad is, for whoever stands beside the citizen.
        objectName: "voiceFocus"
        readonly property Item target: kiosk.voice.focusIndex >= 0 && kiosk.voice.focusIndex < root.voiceItems.length
                                       ? root.voiceItems[kiosk.voice.focusIndex] : null
        readonly property point at: target ? target.mapToItem(root.contentItem, 0, 0) : Qt.point(0, 0)
        visible: target !== null && kiosk.voice.on
        z: 95
        x: at.x - border.width
        y: at.y - border.width
        width: target ? target.width + 2 * border.width : 0
        height: target ? target.height + 2 * border.width : 0
        color: "transparent"
        radius: Style.radius
        border.width: Math.round(1.5 * Style.mm)
        border.color: "#ffb000"
    }

    IdleOverlay {
        anchors.fill: parent
        z: 100
    }
}
