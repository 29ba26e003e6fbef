import QtQuick
import "."

// The hall call-number display (综合屏). Calls are shown, never announced.
// Every size is a share of the window height (u), so one layout reads the same at 1080p and 4K.
Window {
    id: root
    objectName: "displayWindow"
    width: 1920
    height: 1080
    color: Theme.background
    title: qsTr("叫号显示屏")

    readonly property real u: height / 100
    readonly property real gap: 1.2 * u

    // A hall that shows both languages switches every few seconds, but never during a new call's flash:
    // a switch due then waits for the flash to end.
    property bool switchDue: false
    function switchLanguageWhenCalm() {
        if (callPanel.highlighted)
            switchDue = true
        else
            display.switchLanguage()
    }
    Timer {
        objectName: "alternation"
        interval: Math.max(1000, display.alternateMs)
        running: display.alternating
        repeat: true
        onTriggered: root.switchLanguageWhenCalm()
    }

    // The calm state at once: the highlight ended, the notices from their start (for pictures and tests).
    function settle() {
        callPanel.settle()
        if (scroll.running) scroll.restart()
    }

    // --- header: hall name, date and clock -------------------------------------------------
    Rectangle {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 9 * u
        color: Theme.panel

        Text {
            objectName: "hallName"
            anchors { left: parent.left; leftMargin: 2 * u; verticalCenter: parent.verticalCenter; right: clock.left; rightMargin: 2 * u }
            text: display.hallName + (display.area ? "  ·  " + display.area : "")
            color: Theme.text
            font { family: Theme.font; pixelSize: 4.2 * u; bold: true }
            elide: Text.ElideRight
        }
        Column {
            id: clock
            anchors { right: parent.right; rightMargin: 2 * u; verticalCenter: parent.verticalCenter }
            Text {
                objectName: "clockText"
                anchors.right: parent.right
                text: display.clockText
                color: Theme.text
                font { family: Theme.font; pixelSize: 4.4 * u; bold: true }
            }
            Text {
                objectName: "dateText"
                anchors.right: parent.right
                text: display.dateText
                color: Theme.muted
                font { family: Theme.font; pixelSize: 2.4 * u }
            }
        }
    }

    // --- the newest call, large ----------------------------------------------------------
    Rectangle {
        id: callPanel
        objectName: "callPanel"
        anchors { left: parent.left; top: header.bottom; margins: gap }
        width: (parent.width - 3 * gap) * 0.6
        height: 57 * u
        radius: u
        color: Theme.panel
        border { color: Theme.panelLine; width: Math.max(1, 0.2 * u) }
        readonly property bool highlighted: highlight.running
        function settle() { highlight.complete() }  // end the highlight now (pictures, tests)

        Text {
            objectName: "nowCallingLabel"
            anchors { top: parent.top; topMargin: 1.5 * u; horizontalCenter: parent.horizontalCenter }
            text: qsTr("正在叫号")
            color: Theme.muted
            font { family: Theme.font; pixelSize: 3.6 * u }
        }
        // Baselines at fixed shares of the panel, so the three lines never overlap at any size.
        Item { id: numberBase; y: 0.555 * callPanel.height }
        Item { id: windowBase; y: 0.775 * callPanel.height }
        Item { id: nameBase; y: 0.93 * callPanel.height }
        Text {
            id: bigNumber
            objectName: "currentNumber"
            anchors { horizontalCenter: parent.horizontalCenter; baseline: numberBase.top }
            text: display.currentNumber
            color: Theme.number
            // Tall for 10 m: the digits stand over a fifth of the screen; narrower only if a long number must fit.
            font { family: Theme.font; pixelSize: Math.min(30 * u, callPanel.width * 0.95 / Math.max(4, text.length) / 0.6); bold: true }
            transformOrigin: Item.Center
        }
        Text {
            objectName: "currentWindow"
            anchors { baseline: windowBase.top; horizontalCenter: parent.horizontalCenter }
            width: parent.width - 4 * u
            horizontalAlignment: Text.AlignHCenter
            text: display.currentWindow ? qsTr("请到 %1").arg(display.currentWindow) : ""
            color: Theme.text
            font { family: Theme.font; pixelSize: 8.5 * u; bold: true }
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: 4 * u
        }
        Text {
            objectName: "currentName"
            anchors { baseline: nameBase.top; horizontalCenter: parent.horizontalCenter }
            text: display.currentName
            color: Theme.muted
            font { family: Theme.font; pixelSize: 4 * u }
        }
        Text {
            objectName: "waitForCall"
            anchors.centerIn: parent
            visible: !display.currentNumber
            text: qsTr("请留意叫号")
            color: Theme.muted
            font { family: Theme.font; pixelSize: 7 * u }
        }

        // A call or recall moves for a few seconds: colour pulse, number swelling, blinking. No sound.
        SequentialAnimation {
            id: highlight
            objectName: "highlight"
            loops: 4
            ParallelAnimation {
                ColorAnimation { target: callPanel; property: "color"; to: Theme.highlight; duration: 350 }
                NumberAnimation { target: bigNumber; property: "scale"; to: 1.1; duration: 350; easing.type: Easing.OutQuad }
            }
            PauseAnimation { duration: 300 }
            ParallelAnimation {
                ColorAnimation { target: callPanel; property: "color"; to: Theme.panel; duration: 350 }
                NumberAnimation { target: bigNumber; property: "scale"; to: 1.0; duration: 350; easing.type: Easing.InQuad }
            }
            PauseAnimation { duration: 200 }
            onStopped: {
                callPanel.color = Theme.panel
                bigNumber.scale = 1.0
                if (root.switchDue) {
                    root.switchDue = false
                    display.switchLanguage()
                }
            }
        }
        Connections {
            target: display
            function onCallShown(number) { highlight.restart() }
        }
    }

    // --- the calls before it --------------------------------------------------------------
    Rectangle {
        id: historyPanel
        anchors { left: callPanel.right; right: parent.right; top: header.bottom; margins: gap }
        height: callPanel.height
        radius: u
        color: Theme.panel
        border { color: Theme.panelLine; width: Math.max(1, 0.2 * u) }

        Text {
            id: historyTitle
            anchors { top: parent.top; topMargin: 1.5 * u; horizontalCenter: parent.horizontalCenter }
            text: qsTr("最近叫号")
            color: Theme.muted
            font { family: Theme.font; pixelSize: 3.6 * u }
        }
        ListView {
            objectName: "historyList"
            anchors { top: historyTitle.bottom; topMargin: u; left: parent.left; right: parent.right; bottom: parent.bottom; margins: 1.5 * u }
            interactive: false
            clip: true
            model: display.history
            delegate: Item {
                required property string number
                required property string windowName
                required property int index
                width: ListView.view.width
                height: 7.6 * u
                Rectangle {
                    anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
                    height: Math.max(1, 0.12 * u)
                    color: Theme.panelLine
                }
                Text {
                    objectName: "historyNumber"
                    anchors { left: parent.left; leftMargin: u; verticalCenter: parent.verticalCenter }
                    text: number
                    color: Theme.number
                    font { family: Theme.font; pixelSize: 5.4 * u; bold: true }
                }
                Text {
                    objectName: "historyWindow"
                    anchors { right: parent.right; rightMargin: u; verticalCenter: parent.verticalCenter; left: parent.horizontalCenter }
                    horizontalAlignment: Text.AlignRight
                    text: windowName
                    color: Theme.text
                    font { family: Theme.font; pixelSize: 4.6 * u }
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: 2.5 * u
                }
            }
        }
    }

    // --- waiting per category ---------------------------------------------------------------
    Item {
        id: waitingArea
        anchors { left: parent.left; right: parent.right; top: callPanel.bottom; margins: gap; topMargin: gap }
        height: 21 * u

        Grid {
            id: waitingGrid
            objectName: "waitingGrid"
            anchors.fill: parent
            readonly property int lines: waitingRepeater.count > 5 ? 2 : 1
            columns: Math.max(1, Math.ceil(waitingRepeater.count / lines))
            spacing: gap
            Repeater {
                id: waitingRepeater
                model: display.waiting
                delegate: Rectangle {
                    required property string name
                    required property string prefix
                    required property int waiting
                    required property int estimate
                    required property bool busy
                    required property bool openNow
                    objectName: "waitingTile"
                    width: (waitingGrid.width - (waitingGrid.columns - 1) * waitingGrid.spacing) / waitingGrid.columns
                    height: (waitingGrid.height - (waitingGrid.lines - 1) * waitingGrid.spacing) / waitingGrid.lines
                    radius: 0.8 * u
                    color: Theme.panel
                    border { color: busy ? Theme.busy : Theme.panelLine; width: Math.max(1, 0.2 * u) }
                    Text {
                        objectName: "categoryName"
                        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 0.8 * u }
                        text: prefix + "  " + name
                        color: Theme.text
                        font { family: Theme.font; pixelSize: 2.6 * u; bold: true }
                        fontSizeMode: Text.HorizontalFit
                        minimumPixelSize: 2 * u
                        elide: Text.ElideRight
                    }
                    Text {
                        objectName: "waitingCount"
                        anchors { left: parent.left; leftMargin: 0.8 * u; bottom: parent.bottom; bottomMargin: 0.6 * u }
                        text: qsTr("%1 人等候").arg(waiting)
                        color: busy ? Theme.busy : Theme.number
                        font { family: Theme.font; pixelSize: 3.0 * u; bold: true }
                    }
                    Text {
                        objectName: "waitingEstimate"
                        anchors { right: parent.right; rightMargin: 0.8 * u; bottom: parent.bottom; bottomMargin: 0.8 * u }
                        text: !openNow && waiting === 0 ? qsTr("未开放")
                              : estimate < 0 ? "" : estimate === 0 ? qsTr("无需等候")
                              : qsTr("约 %1 分钟").arg(estimate)
                        color: Theme.muted
                        font { family: Theme.font; pixelSize: 2.3 * u }
                    }
                }
            }
        }
    }

    // --- scrolling notices ------------------------------------------------------------------
    Rectangle {
        id: ticker
        objectName: "noticeTicker"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 100 * u - waitingArea.y - waitingArea.height - gap
        color: Theme.ticker
        clip: true
        // A size or text change starts the line again, with the new distance.
        onWidthChanged: if (scroll.running) scroll.restart()

        Text {
            id: tickerText
            objectName: "noticeText"
            anchors.verticalCenter: parent.verticalCenter
            text: display.notices.line
            color: Theme.text
            font { family: Theme.font; pixelSize: 3.6 * u }
            x: 2 * u
            onTextChanged: if (scroll.running) scroll.restart()
        }
        // The line starts readable at the left, then keeps coming in from the right edge.
        // A steady reading speed: 15 % of the screen height per second.
        readonly property real speed: 15 * u
        SequentialAnimation {
            id: scroll
            running: tickerText.text.length > 0
            NumberAnimation {
                target: tickerText; property: "x"; from: 2 * u; to: -tickerText.implicitWidth
                duration: Math.max(2000, (2 * u + tickerText.implicitWidth) / ticker.speed * 1000)
            }
            SequentialAnimation {
                loops: Animation.Infinite
                NumberAnimation {
                    target: tickerText; property: "x"; from: ticker.width; to: -tickerText.implicitWidth
                    duration: Math.max(2000, (ticker.width + tickerText.implicitWidth) / ticker.speed * 1000)
                }
            }
        }
    }

    // --- not live: the last calls stay, a banner says why they may be old ------------------------
    Rectangle {
        id: banner
        objectName: "reconnectBanner"
        visible: !display.live
        anchors { left: parent.left; right: parent.right; top: header.bottom }
        height: 8.5 * u  // covers the panels' title lines whole, never the numbers
        color: Theme.banner
        // In the screen's language, then in the other one: a citizen reading either knows the calls may be old.
        Row {
            anchors.centerIn: parent
            spacing: 3 * u
            Text {
                id: bannerText
                objectName: "reconnectText"
                anchors.verticalCenter: parent.verticalCenter
                text: display.linkState === "unauthorized" ? qsTr("显示屏未获授权，请联系管理员")
                      : display.linkState === "connecting" ? qsTr("正在连接…")
                      : qsTr("正在重新连接…")
                color: Theme.text
                font { family: Theme.font; pixelSize: 4.5 * u; bold: true }
            }
            Text {
                objectName: "reconnectTextOther"
                anchors.verticalCenter: parent.verticalCenter
                width: Math.min(implicitWidth, banner.width - bannerText.implicitWidth - 7 * u)
                text: display.linkTextOther
                color: Theme.text
                font { family: Theme.font; pixelSize: 3.4 * u }
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 2.4 * u
            }
        }
    }
}
