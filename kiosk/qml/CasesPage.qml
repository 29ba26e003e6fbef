import QtQuick
import QtQuick.Controls

// The citizen's cases (办件): matter, stage, promised date and days left, documents to print.
Column {
    id: page
    objectName: "casesPage"
    spacing: Style.gap
    readonly property var p: kiosk.desk.progress
    PageTitle {
        id: title
        objectName: "casesTitle"
        text: kiosk.identity.present ? qsTr("%1 的办件").arg(kiosk.identity.maskedName) : qsTr("办件进度")
    }
    BodyText {
        id: note
        objectName: "casesNote"
        color: Style.muted
        text: !kiosk.identity.present ? qsTr("刷身份证可查看您的全部办件并自助打印证照")
            // by the count, not the list's height: that height depends on this line
            : kiosk.desk.cases.length > (root.landscape ? 2 : 3)
              ? qsTr("共 %1 件，上下滑动查看全部").arg(kiosk.desk.cases.length) : ""
        visible: text !== ""
    }
    ListView {
        id: list
        objectName: "caseList"
        width: parent.width
        height: page.height - title.height - (note.visible ? note.height + page.spacing : 0) - page.spacing
        clip: true
        spacing: 2 * Style.gap
        boundsBehavior: Flickable.StopAtBounds
        model: kiosk.desk.cases
        ScrollBar.vertical: ScrollBar {
            policy: list.contentHeight > list.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            width: Style.gap
            interactive: false  // the list itself scrolls under a finger; this only shows where
        }
        delegate: Rectangle {
            id: card
            required property var modelData
            required property int index
            width: list.width - 2 * Style.gap
            height: info.implicitHeight + 3 * Style.gap
            radius: Style.radius
            color: Style.panel
            border.color: modelData.overdue ? Style.bad : (modelData.readyToPrint ? Style.good : Style.border)
            border.width: Style.elder ? 3 : 2
            // Portrait: one column. Landscape: what it is on the left, what to do on the right.
            Grid {
                id: info
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: 1.5 * Style.gap }
                columns: root.landscape ? 2 : 1
                columnSpacing: 2 * Style.gap
                rowSpacing: Style.gap
                readonly property real cell: (width - (columns - 1) * columnSpacing) / columns
                Column {
                    width: info.cell
                    spacing: Style.gap
                    BodyText {
                        objectName: "caseMatter_" + card.index
                        font.bold: true
                        text: root.en ? (card.modelData.matterEn || card.modelData.matter) : card.modelData.matter
                    }
                    BodyText {
                        font.pixelSize: Style.small
                        color: Style.muted
                        text: qsTr("办件编号 %1").arg(card.modelData.number)
                    }
                    StageBar { objectName: "caseStage_" + card.index; stage: card.modelData.stage }
                }
                Column {
                    width: info.cell
                    spacing: Style.gap
                    BodyText {
                        objectName: "caseDue_" + card.index
                        color: card.modelData.overdue ? Style.bad : Style.text
                        text: card.modelData.done
                              ? qsTr("已于 %1 办结").arg(card.modelData.doneOn || card.modelData.promisedDue)
                              : card.modelData.overdue
                                ? qsTr("承诺 %1 办结，已超期 %2 个工作日").arg(card.modelData.promisedDue)
                                      .arg(Math.abs(card.modelData.daysLeft || 0))
                                : qsTr("承诺 %1 前办结，还剩 %2 个工作日").arg(card.modelData.promisedDue)
                                      .arg(card.modelData.daysLeft || 0)
                    }
                    BodyText {
                        objectName: "casePrintable_" + card.index
                        visible: card.modelData.readyToPrint
                        font.bold: true
                        color: Style.good
                        text: kiosk.identity.present ? qsTr("可打印：证照已可自助打印")
                                                     : qsTr("可打印：请刷申请人身份证后打印")
                    }
                    Repeater {
                        model: card.modelData.documents
                        delegate: BigButton {
                            required property var modelData
                            required property int index
                            objectName: "printDoc_" + card.index + "_" + index
                            visible: modelData.printable || modelData.issued
                            width: info.cell
                            tone: modelData.printable ? Style.good : Style.muted
                            glyph: modelData.printable ? "certificate" : ""
                            text: (modelData.printable ? qsTr("打印 %1") : qsTr("%1 已出证"))
                                  .arg(root.en ? modelData.titleEn : modelData.title)
                            detail: modelData.printable ? "" : qsTr("补打请到窗口办理")
                            onClicked: kiosk.desk.choosePrint(card.modelData.number, modelData.doc)
                        }
                    }
                    BigButton {
                        objectName: "rateCase_" + card.index
                        visible: card.modelData.rateable && kiosk.identity.present
                        width: info.cell
                        tone: "#6b2d5c"
                        glyph: "rating"
                        text: qsTr("评价此办件")
                        onClicked: kiosk.desk.rateCase(card.modelData.number)
                    }
                }
            }
        }
    }
}
