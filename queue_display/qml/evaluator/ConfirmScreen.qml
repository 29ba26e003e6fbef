import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 请核对您的信息: the form the citizen filled at the kiosk (the ID number masked), in large type,
// and two answers for the window's clerk to see: 确认无误 / 信息有误.
Item {
    id: screen
    property bool portrait: false
    readonly property var form: pad.form

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 10
        Text {
            objectName: "confirmTitle"
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("请核对您的信息")
            font.family: Style.font
            font.pixelSize: Style.title + 8
            font.bold: true
            color: Style.text
        }
        Text {
            objectName: "confirmMatter"
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("号码 %1　%2").arg(screen.form.number || "").arg(screen.form.matterName || "")
            font.family: Style.font
            font.pixelSize: Style.body
            color: Style.muted
        }
        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth
            GridLayout {
                width: scroll.availableWidth
                // Label and value side by side; two pairs a row in landscape, so a whole form fits.
                columns: screen.portrait ? 2 : 4
                columnSpacing: 20
                rowSpacing: 8
                Repeater {
                    model: (screen.form.values || []).length * 2
                    delegate: Text {
                        required property int index
                        readonly property var item: screen.form.values[Math.floor(index / 2)]
                        readonly property bool isLabel: index % 2 === 0
                        objectName: isLabel ? "confirmLabel_" + item.key : "confirmValue_" + item.key
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                        Layout.fillWidth: !isLabel
                        Layout.preferredWidth: isLabel ? 170 : 10  // values share what is left evenly
                        Layout.alignment: Qt.AlignTop
                        wrapMode: Text.Wrap
                        text: isLabel ? item.label : item.value
                        font.family: Style.font
                        font.pixelSize: isLabel ? Style.body - 4 : Style.body + 6
                        font.bold: !isLabel
                        color: isLabel ? Style.muted : Style.text
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 28
            PadButton {
                objectName: "formWrong"
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // the two answers equally wide
                text: qsTr("信息有误")
                tone: Style.bad
                enabled: !screen.form.answering
                onClicked: pad.answerForm(false)
            }
            PadButton {
                objectName: "formRight"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("确认无误")
                tone: Style.good
                enabled: !screen.form.answering
                onClicked: pad.answerForm(true)
            }
        }
    }
}
