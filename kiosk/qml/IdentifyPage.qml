import QtQuick

// Who is taking the number: the ID card on the reader (green channel by age is read from it),
// or no card where the service allows it.
Column {
    objectName: "identifyPage"
    spacing: 2 * Style.gap
    readonly property var chosen: kiosk.chosen
    readonly property bool readerDown: (kiosk.deviceHealth.idcard || {}).state === "down"
    PageTitle {
        objectName: "identifyTitle"
        text: root.en ? chosen.nameEn || "" : chosen.name || ""
    }
    Rectangle {
        width: parent.width
        height: cardHint.implicitHeight + 4 * Style.gap
        radius: Style.radius
        color: Style.panel
        border.color: Style.primary
        border.width: Style.elder ? 3 : 2
        Column {
            id: cardHint
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * Style.gap }
            spacing: Style.gap
            Rectangle {
                anchors.horizontalCenter: parent.horizontalCenter
                width: Style.target * 1.5; height: width; radius: Style.radius
                color: Style.primary
                Image {
                    anchors.fill: parent; anchors.margins: parent.width * 0.15
                    source: "icons/ticket.svg"
                    sourceSize.width: width; sourceSize.height: height
                }
            }
            BodyText {
                objectName: "swipeHint"
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Style.title
                text: readerDown ? qsTr("身份证阅读器暂停使用") : qsTr("请将身份证放在下方感应区")
            }
            BodyText {
                horizontalAlignment: Text.AlignHCenter
                color: Style.muted
                text: chosen.idRequired ? qsTr("办理此事项需要身份证")
                                        : qsTr("70 岁及以上的长辈刷身份证可优先办理")
            }
        }
    }
    BigButton {
        objectName: "noIdButton"
        visible: !chosen.idRequired
        width: parent.width
        tone: Style.muted
        text: qsTr("不刷证，直接取号")
        onClicked: kiosk.issueWithoutId()
    }
}
