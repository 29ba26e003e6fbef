pragma Singleton
import QtQuick

// Colours of the hall display: light on dark, numbers in amber, read from 10 m away.
QtObject {
    readonly property string font: "Noto Sans CJK SC"
    readonly property color background: "#071a33"
    readonly property color panel: "#0d2a4f"
    readonly property color panelLine: "#1f4b80"
    readonly property color text: "#ffffff"
    readonly property color muted: "#a9c1e0"
    readonly property color number: "#ffd34d"
    readonly property color highlight: "#c62828"
    readonly property color busy: "#ff8a65"
    readonly property color banner: "#b3261e"
    readonly property color ticker: "#04101f"
}
