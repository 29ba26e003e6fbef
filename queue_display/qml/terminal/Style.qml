pragma Singleton
import QtQuick

// Colours and sizes of the window terminal: high contrast, large type, touch-sized targets.
QtObject {
    readonly property string font: "Noto Sans CJK SC"
    readonly property color background: "#eef1f5"
    readonly property color panel: "#ffffff"
    readonly property color text: "#111418"
    readonly property color muted: "#4a5361"
    readonly property color header: "#0b3a7e"
    readonly property color primary: "#0b57d0"
    readonly property color good: "#17663a"
    readonly property color warn: "#a14f00"
    readonly property color bad: "#b3261e"
    readonly property color border: "#c5ccd6"
    readonly property color disabled: "#d5d9df"
    readonly property color disabledText: "#6b7380"
    readonly property int small: 18
    readonly property int body: 22
    readonly property int title: 28
    readonly property int huge: 120
    readonly property int buttonHeight: 64
    readonly property int radius: 8
}
