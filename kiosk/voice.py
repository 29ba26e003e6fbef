"""Voice guidance on the kiosk: off by default, switched on by a long press or the tactile key.

Once on, each page is spoken (its title and the choices on it), a touched choice speaks its name
and a second touch of it within a few seconds chooses it ("explore by touch"), the tactile keypad's
arrows move through the choices (each spoken) and its Enter chooses, and the ticket is spoken.
Everything spoken is in the session's language, through Qt's translation, and never holds an ID
number or a full name. The session reset turns it off again.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from hall_rules.idnumbers import mask, mask_name
from qtkit.props import qt_property
from qtkit.speech import Speaker

log = logging.getLogger(__name__)

#: A second touch of the same choice within this many seconds chooses it.
EXPLORE_S = 5.0
#: Anything shaped like a document number (a run of digits, maybe with letters) is never spoken whole.
_NUMBER_LIKE = re.compile(r"(?<![0-9A-Za-z*])[A-Za-z]{0,3}\d{6,}[\dXx]?(?![0-9A-Za-z*])")  # not one masked already


def tr(text: str) -> str:
    return QCoreApplication.translate("VoiceGuide", text)


def page_title(page: str) -> str:
    """What a page is, as the guidance says it when the page comes up ("" : nothing to say)."""
    titles = {
        "home": tr("首页。请选择要办理的业务"),
        "categories": tr("取号。请选择要办理的事项"),
        "identify": tr("请刷身份证。没有证件的事项，可以选择无证件取号"),
        "busy": tr("正在为您办理，请稍候"),
        "refusal": tr("未能办理"),
        "checkin": tr("预约签到。请扫描预约二维码，或刷身份证"),
        "appointment": tr("找到您今天的预约"),
        "guide": tr("办事指南。请输入事项名称搜索，或从列表中选择"),
        "matter": tr("事项详情"),
        "progress": tr("进度查询。请刷身份证或扫描办件二维码"),
        "cases": tr("您的办件"),
        "certificate": tr("证照打印"),
        "rating": tr("服务评价"),
    }
    return titles.get(page, "")


def page_details(page: str, lang: str, *, ticket: dict[str, Any], refusal: dict[str, Any],
                 matter: dict[str, Any]) -> str:
    """What a page says beyond its title: the ticket just taken, the refusal, the matter opened."""
    en = lang == "en"
    if page == "ticket" and ticket.get("number"):
        text = tr("您的号码是 %1，%2。前面还有 %3 人，预计等候约 %4 分钟。叫到您的号码时，请到叫号屏显示的窗口办理")
        for n, value in enumerate((ticket["number"], ticket.get("categoryNameEn" if en else "categoryName") or "",
                                   ticket.get("peopleAhead", 0), ticket.get("waitMinutes", 0)), start=1):
            text = text.replace(f"%{n}", str(value))
        if ticket.get("green"):
            text = tr("绿色通道，优先叫号") + tr("。") + text
        return text
    if page == "refusal":
        return str(refusal.get("messageEn" if en else "message") or "")
    if page == "matter":
        return str(matter.get("name_en" if en else "name") or "")
    return ""


def redact(text: str, private: Sequence[str] = ()) -> str:
    """`text` fit to be spoken aloud: the session's own name or number as masked, any other long
    number masked too."""
    for word in private:
        if word and len(word) >= 2 and word in text:
            text = text.replace(word, mask_name(word) if not any(ch.isdigit() for ch in word) else mask(word))
    return _NUMBER_LIKE.sub(lambda m: mask(m.group(0)), text)


class VoiceGuide(QObject):
    """The kiosk's voice guidance for QML (`kiosk.voice`).

    Args:
        lang: the session's language now ("zh" or "en").
        make_speaker: makes the speaker the first time it is needed (the engine is not loaded
            on a kiosk that never uses the guidance); made again after it failed.
        private: the session's full name and ID number now, never to be spoken as they are.
        clock: seconds, for the second touch of explore by touch.
    """

    changed = Signal()
    #: QML answers with `pageShown(page, choices, around)` for the page on screen now.
    announceRequested = Signal()
    focusChanged = Signal()
    #: The keypad's Enter on the choice at this index of the page's choices (and those around it).
    activateRequested = Signal(int)

    def __init__(self, lang: Callable[[], str], make_speaker: Callable[[], Speaker], *,
                 private: Callable[[], Sequence[str]] = tuple, page_details: Callable[[str], str] | None = None,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._make_speaker = make_speaker
        self._private = private
        self._page_details = page_details or (lambda page: "")
        self._clock = clock
        self._speaker: Speaker | None = None
        self._on = False
        self._unavailable = False
        self._explored: tuple[str, float] | None = None
        self._choices: list[str] = []  # the page's choices, then those around it (footer, header)
        self._focus = -1

    on = qt_property(bool, lambda self: self._on, notify=changed)
    #: The last try to switch on found no working speech engine (the control says 语音播报不可用).
    unavailable = qt_property(bool, lambda self: self._unavailable, notify=changed)
    #: The choice the keypad is on (an index of the page's choices and those around it), -1 for none.
    focusIndex = qt_property(int, lambda self: self._focus, notify=focusChanged)

    def _set_focus(self, index: int) -> None:
        if index != self._focus:
            self._focus = index
            self.focusChanged.emit()

    def _set(self, on: bool, unavailable: bool) -> None:
        if (on, unavailable) != (self._on, self._unavailable):
            self._on, self._unavailable = on, unavailable
            self.changed.emit()

    def _ready_speaker(self) -> Speaker | None:
        if self._speaker is None or not self._speaker.available:
            try:
                self._speaker = self._make_speaker()
            except Exception:  # a broken engine plug-in must not take the kiosk down
                log.exception("speech engine could not be started")
                self._speaker = None
        return self._speaker if self._speaker is not None and self._speaker.available else None

    def _say(self, text: str) -> None:
        if self._speaker is not None and text:
            self._speaker.say(redact(text, self._private()), self._lang())

    # --- switching -------------------------------------------------------------------------
    @Slot()
    def toggle(self) -> None:
        """The long press or the tactile key: on if off, off if on."""
        if self._on:
            self._say(tr("语音播报已关闭"))
            self._set(False, False)
            self._explored = None
            self._set_focus(-1)
            return
        if self._ready_speaker() is None:
            self._set(False, True)
            return
        self._set(True, False)
        self._say(tr("语音播报已开启。点按一次朗读，再点按一次选择；也可以用方向键和确认键"))
        self.announceRequested.emit()

    def off(self) -> None:
        """The session reset: silent, and off, for the next citizen."""
        if self._speaker is not None:
            self._speaker.stop()
        self._explored = None
        self._choices = []
        self._set_focus(-1)
        self._set(False, self._unavailable)

    @Slot()
    def hint(self) -> None:
        """A short touch of the control: how to switch it on (or off)."""
        if self._ready_speaker() is None:
            self._set(self._on, True)
            return
        self._say(tr("长按三秒关闭语音播报") if self._on else tr("长按三秒开启语音播报"))

    # --- speaking --------------------------------------------------------------------------
    @Slot(str, list, list)
    def pageShown(self, page: str, choices: list[Any], around: list[Any]) -> None:
        """A page came up (or the guidance was switched on over it): its title, details and choices
        are spoken; those `around` it (the footer's and the header's) are only reached by the keypad."""
        if not self._on:
            return
        self._explored = None
        self._choices = [str(c).strip() for c in [*choices, *around]]
        self._set_focus(-1)
        names = [str(c).strip() for c in choices if str(c).strip()]
        parts = [page_title(page), self._page_details(page)]
        if names:
            parts.append(tr("可选择：%1").replace("%1", tr("、").join(names)))
        self._say(tr("。").join(p for p in parts if p))

    @Slot(str, str, result=bool)
    def explore(self, name: str, detail: str) -> bool:
        """A touch of a choice while the guidance is on: True when it is chosen (the second touch
        of the same choice within EXPLORE_S seconds), else its name (and detail) is spoken and False."""
        if not self._on:
            return True
        if detail:
            name = name + tr("。") + detail
        now = self._clock()
        if self._explored is not None and self._explored[0] == name and now - self._explored[1] <= EXPLORE_S:
            self._explored = None
            return True
        self._explored = (name, now)
        self._say(tr("%1。再点按一次选择").replace("%1", name))
        return False

    @Slot(int)
    def step(self, delta: int) -> None:
        """The keypad's arrows: the next (1) or the previous (-1) choice, spoken."""
        if not self._on or not self._choices:
            return
        n = len(self._choices)
        index = (0 if delta > 0 else n - 1) if self._focus < 0 else (self._focus + delta) % n
        self._set_focus(index)
        self._say(tr("%1。按确认键选择").replace("%1", self._choices[index]))

    @Slot()
    def activate(self) -> None:
        """The keypad's Enter: choose the choice it is on (nothing when it is on none)."""
        if self._on and 0 <= self._focus < len(self._choices):
            index = self._focus
            self._set_focus(-1)
            self.activateRequested.emit(index)

    def speak(self, text: str) -> None:
        """Speak a text of the kiosk's own (already translated) when the guidance is on."""
        if self._on:
            self._say(text)
