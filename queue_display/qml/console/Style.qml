pragma Singleton
import QtQuick

// Colours and sizes of the manager console: high contrast, large type, buttons at least 48 px.
QtObject {
    readonly property string font: "Noto Sans CJK SC"
    readonly property color background: "#eef1f5"
    readonly property color panel: "#ffffff"
    readonly property color text: "#111418"
    readonly property color muted: "#4a5361"
    readonly property color header: "#0b3a7e"
    readonly property color primary: "#0b57d0"
    readonly property color good: "#17663a"
    readonly property color goodTint: "#e6f4ea"
    readonly property color yellow: "#f2b705"
    readonly property color yellowTint: "#fff4cc"
    readonly property color red: "#c5221f"
    readonly property color redTint: "#fde2e0"
    readonly property color closed: "#6b7380"
    readonly property color border: "#c5ccd6"
    readonly property color disabled: "#d5d9df"
    readonly property color disabledText: "#6b7380"
    readonly property int small: 18
    readonly property int body: 22
    readonly property int title: 28
    readonly property int buttonHeight: 56
    readonly property int radius: 8

    function slaColor(sla) { return sla === "red" ? red : sla === "yellow" ? yellow : good }
    function slaTint(sla) { return sla === "red" ? redTint : sla === "yellow" ? yellowTint : panel }
}
