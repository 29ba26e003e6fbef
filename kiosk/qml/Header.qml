import QtQuick
import QtQuick.Controls

// The hall's name and the time; the language and elder-mode switches, one touch each.
// A three-second press on the hall's name opens the technician's PIN pad.
Rectangle {
    id: header
    height: Math.max(Style.target, titleBlock.implicitHeight) + 2 * Style.gap
    color: Style.header

    Column {
        id: titleBlock
        anchors { left: parent.left; leftMargin: Style.gap; verticalCenter: parent.verticalCenter }
        width: parent.width - buttons.width - 3 * Style.gap
        Text {
            objectName: "hallName"
            Accessible.role: Accessible.StaticText  // a banner: each page has its own heading
            Accessible.name: text
            width: parent.width
            text: root.en ? (kiosk.hall.nameEn || kiosk.hall.name || "") : (kiosk.hall.name || "")
            font.family: Style.font
            font.pixelSize: Style.title
            font.bold: true
            color: "white"
            // A long name (and English ones are) wraps before it would be cut.
            wrapMode: Text.Wrap
            maximumLineCount: Style.elder ? 3 : 2
            elide: Text.ElideRight
        }
        Text {
            objectName: "clock"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            width: parent.width
            font.family: Style.font
            font.pixelSize: Style.small
            color: "#dbe6ff"
            elide: Text.ElideRight
            text: kiosk.clock + (kiosk.online ? "" : "  ·")
        }
    }
    MouseArea {
        // Not a citizen's button: no size rule; a long press only.
        objectName: "techCorner"
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("设备维护")
        Accessible.description: qsTr("工作人员长按 3 秒，输入维护密码")
        Accessible.onPressAction: kiosk.techRequest()
        anchors.fill: titleBlock
        pressAndHoldInterval: 3000
        onPressAndHold: kiosk.techRequest()
    }

    Row {
        id: buttons
        anchors { right: parent.right; rightMargin: Style.gap; verticalCenter: parent.verticalCenter }
        spacing: Style.gap
        visible: kiosk.page !== "tech" && kiosk.page !== "techpin"
        BigButton {
            objectName: "elderButton"
            text: kiosk.elder ? qsTr("标准模式") : qsTr("长辈模式")
            tone: Style.elder ? "#7a4a00" : "#8a5a00"
            size: Style.small
            height: Style.target
            onClicked: kiosk.toggleElder()
        }
        BigButton {
            objectName: "languageButton"
            text: root.en ? "中文" : "English"
            tone: "#25508f"
            size: Style.small
            height: Style.target
            onClicked: kiosk.toggleLanguage()
        }
    }
}
