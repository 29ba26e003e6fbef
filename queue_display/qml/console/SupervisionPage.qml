import QtQuick
import QtQuick.Controls

// 电子监察: cases near (yellow) or past (red) their promised date, and waiting tickets past the hall's
// minutes; red first. Every light says itself in words and a shape as well as a colour.
Item {
    id: page
    objectName: "supervisionPage"

    function caseLight(light) {
        return light === "red" ? qsTr("■ 红灯 超期") : light === "yellow" ? qsTr("▲ 黄灯 临期") : qsTr("● 正常")
    }
    function ticketLight(level) { return level === "red" ? qsTr("■ 红灯 严重超时") : qsTr("▲ 黄灯 超时") }
    function daysLeft(n) {
        return n < 0 ? qsTr("超期 %1 个工作日").arg(-n) : n === 0 ? qsTr("今日到期") : qsTr("剩 %1 个工作日").arg(n)
    }
    function stageText(stage) {
        return stage === "accepted" ? qsTr("受理", "case stage") : stage === "reviewing" ? qsTr("审核", "case stage")
             : stage === "approved" ? qsTr("批准", "case stage") : qsTr("办结", "case stage")
    }

    Row {
        id: tiles
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 16
        readonly property real tileWidth: (width - 3 * spacing) / 4
        CountTile {
            objectName: "supCaseRed"
            width: tiles.tileWidth
            count: hall.supervision.counts.case_red
            mark: "■"
            label: qsTr("办件红灯")
            detail: qsTr("已过承诺办结日期")
            tone: Style.red
            tint: Style.redTint
        }
        CountTile {
            objectName: "supCaseYellow"
            width: tiles.tileWidth
            count: hall.supervision.counts.case_yellow
            mark: "▲"
            label: qsTr("办件黄灯")
            detail: qsTr("距承诺办结日期 %1 个工作日内").arg(hall.supervision.counts.warn_days)
            tone: "#8a5a00"
            tint: Style.yellowTint
        }
        CountTile {
            objectName: "supTicketRed"
            width: tiles.tileWidth
            count: hall.supervision.counts.ticket_red
            mark: "■"
            label: qsTr("等候红灯")
            detail: qsTr("等候超过 %1 分钟").arg(hall.supervision.counts.red_minutes)
            tone: Style.red
            tint: Style.redTint
        }
        CountTile {
            objectName: "supTicketYellow"
            width: tiles.tileWidth
            count: hall.supervision.counts.ticket_yellow
            mark: "▲"
            label: qsTr("等候黄灯")
            detail: qsTr("等候超过 %1 分钟").arg(hall.supervision.counts.yellow_minutes)
            tone: "#8a5a00"
            tint: Style.yellowTint
        }
    }

    // --- cases ----------------------------------------------------------------------------
    Rectangle {
        id: casesPanel
        anchors { left: parent.left; top: tiles.bottom; topMargin: 16; bottom: parent.bottom }
        width: (parent.width - 16) * 0.68
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        readonly property var columns: [
            { w: 0.15, t: qsTr("办件编号") }, { w: 0.22, t: qsTr("事项") }, { w: 0.08, t: qsTr("申请人") },
            { w: 0.10, t: qsTr("环节") }, { w: 0.11, t: qsTr("承诺办结") }, { w: 0.16, t: qsTr("剩余时限") },
            { w: 0.18, t: qsTr("监察状态") }
        ]
        readonly property real unit: width - 32
        Text {
            id: casesTitle
            anchors { left: parent.left; top: parent.top; margins: 16 }
            text: qsTr("办件时限监察（%1 件）").arg(hall.supervision.caseRows.count)
            font.family: Style.font; font.pixelSize: Style.body; font.bold: true; color: Style.header
        }
        Row {
            id: casesHead
            anchors { left: parent.left; right: parent.right; top: casesTitle.bottom; margins: 16; topMargin: 8 }
            height: 36
            Repeater {
                model: casesPanel.columns
                Cell {
                    required property var modelData
                    width: casesPanel.unit * modelData.w
                    text: modelData.t
                    font.bold: true
                    color: Style.muted
                }
            }
        }
        Text {
            anchors { left: parent.left; top: casesHead.bottom; margins: 16 }
            visible: hall.supervision.caseRows.count === 0
            text: qsTr("没有临期或超期的办件")
            font.family: Style.font; font.pixelSize: Style.body; color: Style.good
        }
        ListView {
            id: caseList
            objectName: "caseList"
            anchors { left: parent.left; right: parent.right; top: casesHead.bottom; bottom: parent.bottom
                      leftMargin: 16; rightMargin: 16; bottomMargin: 12 }
            clip: true
            model: hall.supervision.caseRows
            delegate: Rectangle {
                id: caseRow
                required property var modelData
                objectName: "case_" + modelData.number
                property string light: modelData.light
                property int daysLeft: modelData.working_days_left
                width: caseList.width
                height: 50
                color: Style.slaTint(modelData.light)
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Style.border }
                Row {
                    anchors.fill: parent
                    Cell { width: casesPanel.unit * 0.15; leftPadding: 6; text: caseRow.modelData.number; font.bold: true }
                    Cell { width: casesPanel.unit * 0.22; rightPadding: 8; text: caseRow.modelData.matter_label }
                    Cell { width: casesPanel.unit * 0.08; text: caseRow.modelData.masked_name }
                    Cell { width: casesPanel.unit * 0.10; text: page.stageText(caseRow.modelData.stage) }
                    Cell { width: casesPanel.unit * 0.11; text: caseRow.modelData.promised_due }
                    Cell {
                        width: casesPanel.unit * 0.16
                        text: page.daysLeft(caseRow.modelData.working_days_left)
                        color: caseRow.modelData.working_days_left < 0 ? Style.red : Style.text
                    }
                    Cell {
                        objectName: "caseLight"
                        width: casesPanel.unit * 0.18
                        text: page.caseLight(caseRow.modelData.light)
                        font.bold: true
                        color: caseRow.modelData.light === "red" ? Style.red : "#8a5a00"
                    }
                }
            }
        }
    }

    // --- waiting tickets past the hall's minutes ------------------------------------------
    Rectangle {
        id: ticketsPanel
        anchors { left: casesPanel.right; leftMargin: 16; right: parent.right; top: tiles.bottom; topMargin: 16
                  bottom: parent.bottom }
        radius: Style.radius
        color: Style.panel
        border.color: Style.border
        readonly property real unit: width - 32
        Text {
            id: ticketsTitle
            anchors { left: parent.left; top: parent.top; margins: 16 }
            text: qsTr("等候超时（%1 张）").arg(hall.supervision.lateTicketRows.count)
            font.family: Style.font; font.pixelSize: Style.body; font.bold: true; color: Style.header
        }
        Row {
            id: ticketsHead
            anchors { left: parent.left; right: parent.right; top: ticketsTitle.bottom; margins: 16; topMargin: 8 }
            height: 36
            Repeater {
                model: [{ w: 0.16, t: qsTr("号码") }, { w: 0.37, t: qsTr("事项类别") },
                        { w: 0.17, t: qsTr("已等候") }, { w: 0.30, t: qsTr("监察状态") }]
                Cell {
                    required property var modelData
                    width: ticketsPanel.unit * modelData.w
                    text: modelData.t
                    font.bold: true
                    color: Style.muted
                }
            }
        }
        Text {
            anchors { left: parent.left; top: ticketsHead.bottom; margins: 16 }
            visible: hall.supervision.lateTicketRows.count === 0
            text: qsTr("没有等候超时的号")
            font.family: Style.font; font.pixelSize: Style.body; color: Style.good
        }
        ListView {
            id: ticketList
            objectName: "lateTicketList"
            anchors { left: parent.left; right: parent.right; top: ticketsHead.bottom; bottom: parent.bottom
                      leftMargin: 16; rightMargin: 16; bottomMargin: 12 }
            clip: true
            model: hall.supervision.lateTicketRows
            delegate: Rectangle {
                id: ticketRow
                required property var modelData
                objectName: "lateTicket_" + modelData.number
                property string level: modelData.level
                property int waited: modelData.waited_minutes
                width: ticketList.width
                height: 50
                color: Style.slaTint(modelData.level)
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Style.border }
                Row {
                    anchors.fill: parent
                    Cell { width: ticketsPanel.unit * 0.16; leftPadding: 6; text: ticketRow.modelData.number; font.bold: true }
                    Cell { width: ticketsPanel.unit * 0.37; rightPadding: 8; text: ticketRow.modelData.category_label }
                    Cell { width: ticketsPanel.unit * 0.17; text: qsTr("%1 分钟").arg(ticketRow.modelData.waited_minutes) }
                    Cell {
                        objectName: "ticketLight"
                        width: ticketsPanel.unit * 0.30
                        text: page.ticketLight(ticketRow.modelData.level)
                        font.bold: true
                        color: ticketRow.modelData.level === "red" ? Style.red : "#8a5a00"
                    }
                }
            }
        }
    }
}
