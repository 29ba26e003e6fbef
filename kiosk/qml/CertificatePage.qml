import QtQuick
import QtQuick.Controls

// 自助打印出证: confirm, print on the certificate printer, and what became of it.
Column {
    id: page
    objectName: "certificatePage"
    spacing: 2 * Style.gap
    readonly property var c: kiosk.desk.certificate
    readonly property string step: c.step || ""
    readonly property string docTitle: root.en ? (c.titleEn || c.title || "") : (c.title || "")
    // A certificate printer may take a while: the session must not time out under the citizen.
    Timer {
        interval: 5000; repeat: true
        running: page.step === "printing"
        onTriggered: kiosk.touched()
    }
    PageTitle {
        objectName: "certificateTitle"
        color: ["failed", "issued", "unreported", "notready", "refused", "unavailable"].indexOf(step) >= 0 ? Style.warn
             : step === "done" ? Style.good : Style.text
        text: step === "done" ? qsTr("请取走您的证照")
            : step === "printing" ? qsTr("正在打印，请稍候…")
            : step === "failed" ? qsTr("证照未能打印")
            : step === "issued" ? qsTr("该证照已打印出证")
            : step === "unreported" ? qsTr("上一次打印尚未确认")
            : ["notready", "refused", "unavailable"].indexOf(step) >= 0 ? qsTr("暂时无法打印")
            : qsTr("打印证照")
    }
    Rectangle {
        width: parent.width
        height: doc.implicitHeight + 3 * Style.gap
        radius: Style.radius
        color: Style.panel
        border.color: step === "done" ? Style.good : Style.border
        border.width: Style.elder ? 3 : 2
        Column {
            id: doc
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 1.5 * Style.gap }
            spacing: Style.gap
            BodyText {
                objectName: "certificateDoc"
                font.pixelSize: Style.title
                font.bold: true
                text: page.docTitle
            }
            BodyText {
                color: Style.muted
                text: (root.en ? (c.matterEn || c.matter || "") : (c.matter || "")) + "  " + qsTr("办件编号 %1").arg(c.caseNumber || "")
            }
        }
    }
    BodyText {
        objectName: "certificateMessage"
        visible: text !== ""
        font.pixelSize: step === "done" ? Style.body : Style.title
        text: step === "needcard" ? qsTr("请将申请人本人的身份证放在感应区")
            : step === "confirm" ? qsTr("确认打印后，证照将从下方出证口送出，并印有防伪核验码。")
            : step === "done" ? qsTr("证照上的核验码可在网上或扫码查验真伪：")
            : step === "failed" ? qsTr("打印未成功，证照仍可再次打印。如需帮助，请咨询窗口工作人员。")
            : step === "issued" ? qsTr("证照只能自助打印一次。再次打印需由工作人员核实后授权。")
            : step === "unreported" ? qsTr("该证照上一次打印的结果尚未确认。如您没有取得证照，请工作人员核实后授权打印。")
            : step === "notready" ? qsTr("办件尚未批准，证照还不能打印。")
            : step === "unavailable" ? qsTr("暂时无法查询，请稍后再试或咨询窗口")
            : step === "refused" ? (root.en ? (c.messageEn || c.message || "") : (c.message || c.messageEn || ""))
            : ""
    }
    Text {
        objectName: "certificateCode"
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("核验码 %1").arg(text)
        visible: step === "done"
        width: parent.width
        horizontalAlignment: Text.AlignHCenter
        text: c.code || ""
        font.family: "monospace"
        font.pixelSize: Style.title * 1.2
        font.bold: true
        color: Style.primary
    }
    BodyText {
        objectName: "certificateRecording"
        // Printed while the hall server was away: the outcome waits in the kiosk's outbox.
        visible: step === "done" && !!c.recording
        font.bold: true
        color: Style.good
        text: qsTr("证照已打印，打印结果正在登记，您无需等待")
    }
    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        visible: step === "printing"
        running: visible
        width: Style.target * 1.5; height: width
    }
    // A second print: a member of staff comes to the kiosk and allows it with their own username and PIN.
    Column {
        id: staffAuth
        objectName: "reprintPanel"
        visible: (step === "issued" || step === "unreported") && kiosk.identity.present
        width: parent.width
        spacing: Style.gap
        BodyText {
            font.bold: true
            text: qsTr("工作人员授权重打")
        }
        Row {
            width: parent.width
            spacing: Style.gap
            TextField {
                id: staffUser
                objectName: "reprintUser"
                Accessible.name: placeholderText
                width: (parent.width - parent.spacing) / 2
                height: Style.target
                font.family: Style.font
                font.pixelSize: Style.body
                placeholderText: qsTr("工作人员工号")
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhSensitiveData
                background: Rectangle { radius: Style.radius; color: Style.panel; border.color: Style.border; border.width: 2 }
            }
            TextField {
                id: staffPin
                objectName: "reprintPin"
                // Qt keeps a password field's name to itself: a reader says its description.
                Accessible.name: placeholderText
                Accessible.description: placeholderText
                width: (parent.width - parent.spacing) / 2
                height: Style.target
                font.family: Style.font
                font.pixelSize: Style.body
                placeholderText: qsTr("密码")
                echoMode: TextInput.Password
                maximumLength: 12
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ }
                background: Rectangle { radius: Style.radius; color: Style.panel; border.color: Style.border; border.width: 2 }
            }
        }
        BodyText {
            objectName: "reprintRefusal"
            visible: text !== ""
            color: Style.warn
            text: root.en ? (c.messageEn || "") : (c.message || "")
        }
        BigButton {
            objectName: "reprintButton"
            width: parent.width
            tone: Style.good
            glyph: "certificate"
            enabled: staffUser.text.trim() !== "" && staffPin.text.length >= 4
            text: qsTr("授权并打印")
            onClicked: {
                const user = staffUser.text, pin = staffPin.text
                staffPin.text = ""  // never left on the screen
                kiosk.desk.authoriseReprint(user, pin)
            }
        }
    }
    BigButton {
        objectName: "confirmPrint"
        visible: step === "confirm"
        width: parent.width
        tone: Style.good
        glyph: "certificate"
        size: Style.title
        text: qsTr("确认打印")
        onClicked: kiosk.desk.confirmPrint()
    }
    BigButton {
        objectName: "certificateBack"
        visible: step !== "printing"
        width: parent.width
        tone: Style.muted
        text: qsTr("返回办件列表")
        onClicked: kiosk.desk.backToCases()
    }
}
