pragma Singleton
import QtQuick

// Colours and sizes of the evaluator: high contrast, large type, touch targets of at least 15 mm
// on a 10.1" panel (1280×800 or 800×1280: 5.9 px per mm, so 15 mm is 89 px).
QtObject {
    readonly property string font: "Noto Sans CJK SC"
    readonly property color background: "#f3f5f8"
    readonly property color panel: "#ffffff"
    readonly property color text: "#111418"
    readonly property color muted: "#3d4552"
    readonly property color header: "#0b3a7e"
    readonly property color primary: "#0b57d0"
    readonly property color good: "#17663a"
    readonly property color warn: "#8a4300"
    readonly property color bad: "#b3261e"
    readonly property color border: "#c5ccd6"
    readonly property color disabled: "#d5d9df"
    readonly property color disabledText: "#5b6370"
    readonly property int target: 100      // the smallest touch target, px (17 mm on the usual panel)
    readonly property int body: 28
    readonly property int title: 40
    readonly property int huge: 64
    readonly property int radius: 14

    // The national levels, each with its own colour so they read without words (5 best … 1 worst).
    function levelColor(level) {
        switch (level) {
        case 5: return "#14602f"
        case 4: return "#2f7d1f"
        case 3: return "#0b57d0"
        case 2: return "#a14f00"
        default: return "#b3261e"
        }
    }
}
