import QtQuick

// A face for a level: an open laugh at 5, a straight mouth at 3, a deep frown at 1.
Canvas {
    id: face
    property int level: 3
    property color ink: "white"
    implicitWidth: 96
    implicitHeight: 96
    onLevelChanged: requestPaint()
    onInkChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d")
        const s = Math.min(width, height)
        const cx = width / 2, cy = height / 2, r = s / 2 - s * 0.05
        ctx.reset()
        ctx.strokeStyle = face.ink
        ctx.fillStyle = face.ink
        ctx.lineWidth = Math.max(3, s * 0.06)
        ctx.lineCap = "round"
        ctx.beginPath()
        ctx.arc(cx, cy, r, 0, Math.PI * 2)
        ctx.stroke()
        for (const dx of [-0.36, 0.36]) {
            ctx.beginPath()
            ctx.arc(cx + dx * r, cy - 0.28 * r, s * 0.06, 0, Math.PI * 2)
            ctx.fill()
        }
        const bend = (face.level - 3) / 2          // -1 … 1
        const y = cy + 0.32 * r - bend * 0.12 * r
        ctx.beginPath()
        ctx.moveTo(cx - 0.45 * r, y)
        ctx.quadraticCurveTo(cx, y + bend * 0.55 * r, cx + 0.45 * r, y)
        if (face.level === 5) {   // a laugh, open: tells 非常满意 from 满意 at a glance
            ctx.closePath()
            ctx.fill()
        }
        ctx.stroke()
    }
}
