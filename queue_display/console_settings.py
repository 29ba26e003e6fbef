"""The console's 设置 page: the hall file's categories, windows, matters and rating reasons, edited here.

Rows are read from `GET /settings` as the hall file writes them; an edit is sent back whole to
`PUT /settings/{table}/{code}` with the version it was made on (If-Match), and the server checks it
by the hall file's own rules. A refusal names its place (`windows[3].categories: …`): the page shows
it under that field. What the centre publishes (由中心统一发布) is shown and not editable.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from hall_server.schema import HallSettings, SettingsChange
from qtkit.props import qt_property

from .console_pages import ConsoleHall, tr

log = logging.getLogger(__name__)

TABLES = ("categories", "windows", "matters", "rating_reasons", "notice_templates")
# The fields the form shows, each with how its text is read: text, a whole number, a list (comma
# separated), yes/no. A row's other keys (a matter's materials) are kept as they are.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "categories": (("code", "text"), ("prefix", "text"), ("name", "text"), ("name_en", "text"), ("group", "text"),
                   ("hours", "list"), ("daily_cap", "int"), ("warn_waiting", "int"), ("green_channel", "bool"),
                   ("appointment_only", "bool"), ("id_required", "bool"), ("all_days", "bool")),
    "windows": (("code", "text"), ("name", "text"), ("name_en", "text"), ("area", "text"), ("categories", "list"),
                ("led", "text")),
    "matters": (("code", "text"), ("name", "text"), ("name_en", "text"), ("category", "text"),
                ("legal_days", "int"), ("promised_days", "int"), ("fee", "text"), ("fee_en", "text"),
                ("location", "text"), ("location_en", "text"), ("online", "bool"), ("notes", "text"),
                ("notes_en", "text")),
    "rating_reasons": (("code", "text"), ("name", "text"), ("name_en", "text")),
    "notice_templates": (("code", "text"), ("text", "text"), ("text_en", "text")),
}
_PLACE = re.compile(r"^(?P<table>[a-z_]+)\[(?P<i>\d+)\]\.(?P<key>[A-Za-z0-9_]+)")
_LIST_SPLIT = re.compile(r"[,，、]")


def table_label(table: str) -> str:
    return {"categories": tr("事项类别"), "windows": tr("窗口"), "matters": tr("办事指南事项"),
            "rating_reasons": tr("评价原因"), "notice_templates": tr("通知模板")}[table]


def field_label(key: str) -> str:
    labels = {
        "code": tr("编码"), "prefix": tr("号码字头"), "name": tr("名称"), "name_en": tr("英文名称"),
        "group": tr("分组"), "hours": tr("取号时段（逗号分隔）"), "daily_cap": tr("每日限额"),
        "warn_waiting": tr("等候预警人数"), "green_channel": tr("绿色通道"), "appointment_only": tr("仅限预约"),
        "id_required": tr("须刷身份证"), "all_days": tr("节假日也取号"), "area": tr("区域"),
        "categories": tr("可办类别（逗号分隔）"), "led": tr("窗口屏地址"), "category": tr("所属类别"),
        "legal_days": tr("法定时限（工作日）"), "promised_days": tr("承诺时限（工作日）"), "fee": tr("收费"),
        "fee_en": tr("收费（英文）"), "location": tr("办理地点"), "location_en": tr("办理地点（英文）"),
        "online": tr("可网上办理"), "notes": tr("备注"), "notes_en": tr("备注（英文）"),
        "text": tr("通知内容"), "text_en": tr("英文内容"),
    }
    return labels.get(key, key)


def as_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == "bool":
        return "true" if value is True else "false" if value is False else str(value)
    return str(value)


def from_text(text: str, kind: str) -> Any:
    """What the server is sent for a field's text; a text that is not of its kind goes as it is, and the
    server's refusal names the field (the hall file's rules are checked in one place)."""
    text = text.strip()
    if kind == "int":
        return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text
    if kind == "list":
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]
    if kind == "bool":
        return text == "true"
    return text


class HallSettingsPage(QObject):
    """设置: one table at a time, its rows, and the form of the row chosen."""

    changed = Signal()  # the rows, the version, the note
    formChanged = Signal()  # another row chosen (or none): the form's fields are made anew
    errorsChanged = Signal()

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._settings: HallSettings | None = None
        self._table = "categories"
        self._code = ""
        self._new = False
        self._texts: dict[str, str] = {}
        self._errors: dict[str, str] = {}
        self._note = ""  # a refusal that names no field of the form

    # --- what QML reads -------------------------------------------------------------------

    def _get_tables(self) -> list[dict[str, str]]:
        return [{"key": t, "label": table_label(t)} for t in TABLES]

    def _get_table(self) -> str:
        return self._table

    def _read_only(self, code: str) -> list[str]:
        if self._settings is None:
            return []
        return next((m.fields for m in self._settings.read_only if m.table == self._table and m.code == code), [])

    def _source_rows(self) -> list[dict[str, Any]]:
        return [] if self._settings is None else list(getattr(self._settings, self._table))

    def _get_rows(self) -> list[dict[str, Any]]:
        en = getattr(self._hall, "lang", "zh") == "en"
        out = []
        for row in self._source_rows():
            code = str(row.get("code", ""))
            name = str(row.get("name_en") or row.get("name", "")) if en else str(row.get("name", ""))
            name = name or str(row.get("text_en") or row.get("text", "") if en else row.get("text", ""))
            detail = row.get("prefix") or ", ".join(map(str, row.get("categories", []))) or row.get("category") or ""
            out.append({"code": code, "name": name, "detail": str(detail), "fromCentre": bool(self._read_only(code))})
        return out

    def _get_code(self) -> str:
        return self._code

    def _get_editing(self) -> bool:
        return bool(self._code) or self._new

    def _get_is_new(self) -> bool:
        return self._new

    def _get_fields(self) -> list[dict[str, Any]]:
        if not self._get_editing():
            return []
        fixed = set(self._read_only(self._code))
        return [{"key": key, "kind": kind, "label": field_label(key), "text": self._texts.get(key, ""),
                 "readOnly": key in fixed or (key == "code" and not self._new)}
                for key, kind in FIELDS[self._table]]

    def _get_errors(self) -> dict[str, str]:
        return dict(self._errors)

    def _get_note(self) -> str:
        return self._note

    def _get_notice_templates(self) -> list[dict[str, Any]]:
        """The notices page's templates: each fills its editor."""
        if self._settings is None:
            return []
        return [{"code": str(t.get("code", "")), "text": str(t.get("text", "")), "text_en": str(t.get("text_en") or "")}
                for t in self._settings.notice_templates]

    def _get_version(self) -> int:
        return self._settings.version if self._settings else 0

    tables = qt_property(list, _get_tables, constant=True)
    table = qt_property(str, _get_table, notify=changed)
    rows = qt_property(list, _get_rows, notify=changed)
    code = qt_property(str, _get_code, notify=formChanged)
    editing = qt_property(bool, _get_editing, notify=formChanged)
    isNew = qt_property(bool, _get_is_new, notify=formChanged)
    fields = qt_property(list, _get_fields, notify=formChanged)
    errors = qt_property(dict, _get_errors, notify=errorsChanged)
    note = qt_property(str, _get_note, notify=changed)
    version = qt_property(int, _get_version, notify=changed)
    noticeTemplates = qt_property(list, _get_notice_templates, notify=changed)

    # --- reading ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self._hall.signed_in():
            self._hall.read("/settings", HallSettings, self.take)

    def take(self, settings: HallSettings | None) -> None:
        self._settings = settings
        if self._code and not self._new and not self._errors and not any(
                r.get("code") == self._code for r in self._source_rows()):
            self._code = ""  # removed meanwhile
            self.formChanged.emit()
        self.changed.emit()

    def clear(self) -> None:
        self._settings = None
        self.cancel()

    # --- the form ---------------------------------------------------------------------------

    @Slot(str)
    def showTable(self, table: str) -> None:
        if table in TABLES:
            self._table = table
            self.cancel()

    def _form(self, code: str, new: bool, texts: dict[str, str]) -> None:
        self._code, self._new, self._texts = code, new, texts
        self._errors, self._note = {}, ""
        self.formChanged.emit()
        self.errorsChanged.emit()
        self.changed.emit()

    @Slot(str)
    def select(self, code: str) -> None:
        row = next((r for r in self._source_rows() if r.get("code") == code), None)
        if row is None:
            return
        self._form(code, False, {key: as_text(row.get(key), kind) for key, kind in FIELDS[self._table]})

    @Slot()
    def add(self) -> None:
        self._form("", True, {key: ("false" if kind == "bool" else "") for key, kind in FIELDS[self._table]})

    @Slot(str, str)
    def setText(self, key: str, text: str) -> None:
        """A field typed into: kept until saved; its refusal is cleared as it is corrected."""
        self._texts[key] = text
        if self._errors.pop(key, None) is not None:
            self.errorsChanged.emit()

    @Slot()
    def cancel(self) -> None:
        self._form("", False, {})

    def _row(self) -> dict[str, Any]:
        """The row to send: the row as read, with the form's fields over it (an empty field left out)."""
        original = {} if self._new else next((dict(r) for r in self._source_rows() if r.get("code") == self._code), {})
        kinds = dict(FIELDS[self._table])
        for key, kind in kinds.items():
            text = self._texts.get(key, "")
            original.pop(key, None)
            if text.strip() or (kind == "bool" and key in self._texts):
                original[key] = from_text(text, kind)
        return original

    @Slot()
    def save(self) -> None:
        if self._settings is None or not self._get_editing():
            return
        row = self._row()
        code = str(row.get("code", "")) if self._new else self._code
        if not code:
            self._errors = {"code": tr("请填写编码")}
            self.errorsChanged.emit()
            return
        self._errors, self._note = {}, ""
        self.errorsChanged.emit()
        self.changed.emit()
        self._hall.command(f"/settings/{self._table}/{code}", row, SettingsChange, tr("设置已保存"),
                           then=self._saved, refused=self._refused, method="PUT",
                           headers={"If-Match": f'"{self._settings.version}"'})

    @Slot()
    def remove(self) -> None:
        if self._settings is None or not self._code or self._new:
            return
        self._hall.command(f"/settings/{self._table}/{self._code}", None, SettingsChange, tr("已删除"),
                           then=self._removed, refused=self._refused, method="DELETE",
                           headers={"If-Match": f'"{self._settings.version}"'})

    def _saved(self) -> None:
        if self._new:  # the new row is now one to edit: its code is fixed from here on
            self._form(str(self._texts.get("code", "")), False, dict(self._texts))
        self.refresh()

    def _removed(self) -> None:
        self.cancel()
        self.refresh()

    def _refused(self, code: str, zh: str, en: str) -> None:
        """The server's refusal, under the field it names (`table[i].key: …`), or above the form."""
        text = en if getattr(self._hall, "lang", "zh") == "en" else zh
        if code == "settings_changed":  # another admin saved first: show theirs, edit again
            self.cancel()
            self._note = text
            self.changed.emit()
            self.refresh()
            return
        m = _PLACE.match(text)
        if m and m["table"] == self._table and m["key"] in dict(FIELDS[self._table]):
            self._errors = {m["key"]: text[m.end():].lstrip(": ").strip()}
            self.errorsChanged.emit()
        else:
            self._note = text
            self.changed.emit()
