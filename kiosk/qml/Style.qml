pragma Singleton
import QtQuick

// Colours and sizes of the kiosk. Sizes are in millimetres of the real panel (`mm` pixels each),
// so a touch target is 15 mm or more on any screen; elder mode scales type and targets by 1.5
// and switches to a higher-contrast palette.
QtObject {
    property real mm: 4.0            // pixels per millimetre, set from the panel size
    property bool elder: false
    readonly property real scale: elder ? 1.5 : 1.0
    readonly property string font: "Noto Sans CJK SC"

    readonly property color background: elder ? "#ffffff" : "#eef2f7"
    readonly property color panel: "#ffffff"
    readonly property color text: elder ? "#000000" : "#14181f"
    readonly property color muted: elder ? "#1f2630" : "#4a5361"
    readonly property color header: elder ? "#002b66" : "#0b3a7e"
    readonly property color primary: elder ? "#003f9e" : "#0b57d0"
    readonly property color good: "#13612f"
    readonly property color warn: elder ? "#7a3b00" : "#9a4a00"
    readonly property color bad: "#a4161a"
    readonly property color border: elder ? "#000000" : "#c5ccd6"
    readonly property int borderWidth: elder ? 3 : 1
    readonly property color disabled: "#d5d9df"
    readonly property color disabledText: "#505864"

    // type, in pixels
    readonly property int small: Math.round(5.5 * mm * scale)
    readonly property int body: Math.round(7 * mm * scale)
    readonly property int title: Math.round(10 * mm * scale)
    readonly property int huge: Math.round(30 * mm)
    // targets
    readonly property int target: Math.round(18 * mm * scale)   // button height
    readonly property int gap: Math.round(4 * mm)
    readonly property int radius: Math.round(2 * mm)
}
