"""Hall settings edited in the console: the hall file's categories, windows, matters and rating reasons.

A change is checked by the hall file's own rules (`config.HallFile`: its row models forbid unknown
keys, then its cross checks), stored as a new `hall_config` row in the writer's transaction with a
`config.changed` event, and taken up by the running hall. The stored configuration's version (the
latest `hall_config` id) is the ETag: an edit names the version it was made on (If-Match), so two
admins editing at once cannot overwrite each other. Staff and devices (PINs, tokens) are not here.
"""
from __future__ import annotations

import copy
import logging
import re
import tomllib
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from . import db
from .admin import dump_toml
from .catalogue import contradictions, read_kept
from .config import HallFile
from .engine import Principal, QueueEngine, QueueRefusal, Tx
from .queue.days import take_up_tables
from .schema import ACTIVE_STATES, SETTINGS_TABLES, HallSettings, SettingsChange, SettingsReadOnly

log = logging.getLogger(__name__)

FROM_CENTRE = "由中心统一发布"
_CATALOGUE_NAMES = ("name", "name_en")  # what the catalogue holds of a category; the rest stays the hall's
# How a row is written in the file for each table of the API (rating reasons are `[[ratings.reasons]]`).
_PLACE = {"categories": "categories", "windows": "windows", "matters": "matters", "rating_reasons": "ratings.reasons"}
_ZH = {
    "extra_forbidden": ("未知的设置项", "unknown key"),
    "missing": ("缺少此项", "missing"),
    "string_type": ("应为文字", "must be text"),
    "int_type": ("应为整数", "must be a whole number"),
    "float_type": ("应为数字", "must be a number"),
    "bool_type": ("应为是或否（true/false）", "must be true or false"),
    "list_type": ("应为列表", "must be an array"),
    "model_type": ("应为一组设置", "must be a table"),
    "dict_type": ("应为一组设置", "must be a table"),
    "too_short": ("至少需要一项", "must list at least one item"),
}
_CROSS = re.compile(r"^(?P<rows>[a-z_.]+)\[(?P<i>\d+)\](?: \([^)]*\))?: (?P<what>.*)$")


def version_of(conn: sa.Connection, lock: bool = False) -> Any:
    """The latest stored configuration row (its id is the version)."""
    q = sa.select(db.hall_config).order_by(db.hall_config.c.id.desc()).limit(1)
    return conn.execute(q.with_for_update() if lock else q).one()


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None) -> int:
    """The version an edit was made on, from its If-Match header.

    Raises:
        QueueRefusal: 428 without one, 422 when it is not a version this server gave.
    """
    if value is None:
        raise QueueRefusal(428, "version_required", "请先读取当前设置再修改（缺少 If-Match）",
                           "read the settings first and send their version as If-Match")
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 12:
        raise QueueRefusal(422, "bad_version", "设置版本格式错误", "If-Match must be a settings version",
                           version=value[:40])
    return int(text)


def _rows(raw: dict[str, Any], table: str) -> list[dict[str, Any]]:
    if table == "rating_reasons":
        ratings = raw.get("ratings", {})
        return list(ratings.get("reasons", [])) if isinstance(ratings, dict) else []
    return list(raw.get(table, []))


def _with_rows(raw: dict[str, Any], table: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    changed = copy.deepcopy(raw)
    if table == "rating_reasons":
        changed["ratings"] = {**changed.get("ratings", {}), "reasons": rows}
    else:
        changed[table] = rows
    return changed


def _catalogue(engine: QueueEngine, conn: sa.Connection) -> Any:
    """The centre's catalogue in force, or None when the hall uses its own matters and reasons."""
    if engine.hall.centre is None:
        return None
    kept = read_kept(conn)
    return None if kept is None else kept.catalogue


def _read_only(raw: dict[str, Any], follows: bool, catalogue: Any) -> list[SettingsReadOnly]:
    """What the centre publishes: matters and reasons of a hall that follows one, and the names of the
    categories its catalogue has (known once a catalogue is kept)."""
    if not follows:
        return []
    names = set() if catalogue is None else {c.code for c in catalogue.categories}
    marks = [SettingsReadOnly(table="categories", code=str(row.get("code")), fields=list(_CATALOGUE_NAMES))
             for row in _rows(raw, "categories") if row.get("code") in names]
    for table in ("matters", "rating_reasons"):
        marks += [SettingsReadOnly(table=table, code=str(row.get("code")), fields=sorted(row))
                  for row in _rows(raw, table)]
    return marks


def _jsonable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return copy.deepcopy(rows)  # TOML's tables of these four hold only text, numbers, booleans and arrays


def read_settings(engine: QueueEngine) -> HallSettings:
    """The four editable tables as stored, with the version to edit them on."""
    with engine.store.read() as conn:
        row = version_of(conn)
        catalogue = _catalogue(engine, conn)
    raw = tomllib.loads(row.toml)
    return HallSettings(version=row.id, read_only=_read_only(raw, engine.hall.centre is not None, catalogue),
                        **{table: _jsonable(_rows(raw, table)) for table in SETTINGS_TABLES})


# --- checking a change by the hall file's rules ---------------------------------------------------

def _place(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _field_problem(error: Any) -> dict[str, str]:
    """One pydantic error of the hall file as `{field, key, message, message_en}`: field is its place."""
    kind = error["type"]
    if kind in _ZH:
        zh, en = _ZH[kind]
    elif kind == "value_error":
        en = str(error["ctx"]["error"])
        zh = f"取值无效：{en}"
    elif kind == "string_too_long":
        most = error["ctx"]["max_length"]
        zh, en = f"最多{most}个字", f"at most {most} characters"
    elif kind == "literal_error":
        en = f"must be one of {error['ctx']['expected']}"
        zh = f"应为以下之一：{error['ctx']['expected']}"
    else:
        en, zh = error["msg"], f"取值无效：{error['msg']}"
    loc = tuple(error["loc"])
    if loc[:2] == ("ratings", "reasons"):
        loc = ("rating_reasons", *loc[2:])
    # The row's own key: what follows the row's index in the place.
    row = next((i for i, part in enumerate(loc) if isinstance(part, int)), None)
    key = str(loc[row + 1]) if row is not None and row + 1 < len(loc) else ""
    return {"field": _place(loc), "key": key, "message": zh, "message_en": en}


_CROSS_ZH = ((r"^unknown categories ", "本厅没有这些类别：{}"), (r"^unknown category ", "本厅没有这个类别：{}"),
             (r"^duplicate ", "编码与另一行重复"), (r"^prefix .* already used", "字头已由另一类别使用"))
_CROSS_KEYS = (("prefix", "prefix"), ("duplicate", "code"), ("unknown categor", "category"),
               ("restart window", "hours"), ("evaluator", "code"))


def _cross_problem(line: str, table: str) -> dict[str, str]:
    """A cross check's line (`windows[3] (W03): unknown categories ['x']`) with the field it names."""
    m = _CROSS.match(line)
    key = next((k for words, k in _CROSS_KEYS if words in line), "")
    if key == "category" and table == "windows":
        key = "categories"
    field = ""
    if m:
        rows = "rating_reasons" if m["rows"] == "ratings.reasons" else m["rows"]
        field = f"{rows}[{m['i']}].{key}" if key else f"{rows}[{m['i']}]"
    what = m["what"] if m else line
    found = next(((hit, zh) for pattern, zh in _CROSS_ZH if (hit := re.search(pattern, what))), None)
    zh = found[1].format(what[found[0].end():]) if found else "与其他设置冲突：" + line
    return {"field": field, "key": key, "message": zh, "message_en": line}


def _refuse(problems: list[dict[str, str]]) -> QueueRefusal:
    first = problems[0]
    where = f"{first['field']}: " if first["field"] else ""
    return QueueRefusal(422, "bad_settings", f"{where}{first['message']}", f"{where}{first['message_en']}",
                        problems=problems)


def check(raw: dict[str, Any], table: str) -> HallFile:
    """The changed configuration by the hall file's rules: every problem at once, each with its place.

    Raises:
        QueueRefusal: 422 bad_settings, `problems` listing each field and what is wrong with it.
    """
    try:
        model = HallFile.model_validate(raw)
    except ValidationError as exc:
        raise _refuse([_field_problem(e) for e in exc.errors(include_url=False)]) from None
    lines = model.cross_check()
    if lines:
        raise _refuse([_cross_problem(line, table) for line in lines])
    return model


def _from_centre(before: dict[str, Any], after: dict[str, Any], table: str, follows: bool, catalogue: Any) -> None:
    """Refuse a change to what the centre publishes (matters, reasons, the names of its categories)."""
    if follows and table in ("matters", "rating_reasons"):
        raise QueueRefusal(409, "from_centre", f"{FROM_CENTRE}，本厅不能修改",
                           "published by the centre: not editable in this hall", table=table)
    if catalogue is None:
        return
    names = {c.code: c for c in catalogue.categories}
    old = {r.get("code"): r for r in _rows(before, table)}
    for row in _rows(after, table):
        code = row.get("code")
        if code in names and any(row.get(k) != old.get(code, {}).get(k) for k in _CATALOGUE_NAMES):
            raise QueueRefusal(409, "from_centre", f"类别“{code}”的名称{FROM_CENTRE}，本厅不能修改",
                               f"the names of category {code} are published by the centre", table=table,
                               row=code, fields=list(_CATALOGUE_NAMES))


def _summary(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """What changed in a row, key by key: [before, after] (these tables hold no secrets)."""
    keys = sorted(set(before or {}) | set(after or {}))
    return {k: [(before or {}).get(k), (after or {}).get(k)] for k in keys
            if (before or {}).get(k) != (after or {}).get(k)}


def _no_waiting(tx: Tx, codes: set[str]) -> None:
    """A category may leave the hall only with none of today's tickets still in its queue."""
    if not codes:
        return
    t = db.tickets.c
    busy = tx.conn.execute(sa.select(t.category, sa.func.count()).where(
        t.business_day == tx.day.isoformat(), t.category.in_(sorted(codes)),
        t.state.in_([s.value for s in ACTIVE_STATES])).group_by(t.category)).first()
    if busy is not None:
        raise QueueRefusal(409, "category_has_tickets", f"类别“{busy[0]}”今天还有{busy[1]}张号在排队，不能删除",
                           f"category {busy[0]} still has {busy[1]} tickets in its queue today",
                           category=busy[0], tickets=busy[1])


def change(engine: QueueEngine, tx: Tx, actor: Principal, version: int, table: str, code: str | None,
           rows: list[dict[str, Any]] | None, remove: bool = False) -> tuple[int, SettingsChange]:
    """Edit (or add) the row `code`, remove it, or replace the whole table (`code` None) — on `version`.

    Raises:
        QueueRefusal: 404 unknown table or row, 409 settings_changed (another edit came first),
            from_centre or category_has_tickets, 422 bad_settings naming each field.
    """
    if table not in SETTINGS_TABLES:
        raise QueueRefusal(404, "unknown_settings_table", "没有这一类设置", "no such settings table",
                           table=table[:40], tables=list(SETTINGS_TABLES))
    stored = version_of(tx.conn, lock=True)
    if stored.id != version:
        raise QueueRefusal(409, "settings_changed", "设置已被他人修改，请刷新后重新编辑",
                           "the settings were changed meanwhile: reload them and edit again",
                           version=stored.id)
    raw = tomllib.loads(stored.toml)
    old_rows = _rows(raw, table)
    index = next((i for i, r in enumerate(old_rows) if r.get("code") == code), None)
    before = old_rows[index] if index is not None else None
    if code is None:
        assert rows is not None
        new_rows, action = rows, "replaced"
    elif remove:
        if before is None:
            raise QueueRefusal(404, "unknown_settings_row", "没有这一行设置", "no such row", table=table, row=code)
        new_rows, action = [r for r in old_rows if r.get("code") != code], "removed"
    else:
        assert rows is not None and len(rows) == 1
        row = rows[0]
        if row.get("code") != code:
            raise QueueRefusal(422, "bad_settings", f"{table}.code: 应与地址中的“{code}”一致",
                               f"{table}.code: must be {code!r} as in the address",
                               problems=[{"field": f"{table}.code", "key": "code",
                                          "message": f"应与地址中的“{code}”一致",
                                          "message_en": f"must be {code!r} as in the address"}])
        new_rows = [row if i == index else r for i, r in enumerate(old_rows)] + ([row] if index is None else [])
        action = "edited" if before is not None else "added"
    changed = _with_rows(raw, table, new_rows)
    model = check(changed, table)
    catalogue = _catalogue(engine, tx.conn)
    _from_centre(raw, changed, table, engine.hall.centre is not None, catalogue)
    if catalogue is not None:
        problems = contradictions(model, catalogue)
        if problems:
            raise QueueRefusal(409, "from_centre", f"{FROM_CENTRE}：{problems[0]}",
                               f"published by the centre: {problems[0]}", problems=problems)
    if table == "categories":
        _prefix_unchanged(engine, old_rows, new_rows)
        _no_waiting(tx, {str(r.get("code")) for r in old_rows} - {str(r.get("code")) for r in new_rows})
    new_id = tx.conn.execute(db.hall_config.insert().values(
        source=f"{actor.id}: settings {table} {code or '(all)'} {action}", toml=dump_toml(changed),
        loaded_at=tx.ts).returning(db.hall_config.c.id)).scalar_one()
    # Last, after everything that may refuse: the running hall takes the change up.
    _take_up(engine, tx, model, table)
    engine.settings.version = new_id  # this instance holds it already (StoredSettings.follow)
    after = next((r for r in new_rows if r.get("code") == code), None) if code is not None else None
    if code is not None:
        summary: dict[str, Any] = _summary(before, after)
    else:
        olds = {r.get("code"): r for r in old_rows}
        news = {r.get("code"): r for r in new_rows}
        summary = {str(c): _summary(olds.get(c), news.get(c)) for c in sorted(set(olds) | set(news), key=str)
                   if olds.get(c) != news.get(c)}
    tx.emit("config.changed", {"by": actor.id, "by_name": actor.name, "at": tx.now.isoformat(), "table": table,
                               "code": code, "action": action, "version": new_id, "changes": summary})
    if table == "categories":
        tx.emit("category.changed", {"changed": ["settings"], "category": {"code": code}})
    log.info("settings %s %s %s by %s (version %d)", table, code or "(all)", action, actor.id, new_id)
    return 200, SettingsChange(version=new_id, table=table, code=code, action=action,  # type: ignore[arg-type]  # the route took table as a SettingsTable; action is one of four literals above
                               rows=_jsonable(new_rows))


def _prefix_unchanged(engine: QueueEngine, old_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]) -> None:
    """A prefix changes only through the category setting that applies it on the next business day.

    A prefix changed mid-day would give the same number (A012) two meanings.
    """
    old = {r.get("code"): r.get("prefix") for r in old_rows}
    for i, r in enumerate(new_rows):
        code = r.get("code")
        if code in old and r.get("prefix") != old[code]:
            field = f"categories[{i}].prefix"
            zh = "字母次日生效，请在“类别设置”中修改"
            en = "a prefix changes from the next business day: use the category settings"
            raise QueueRefusal(422, "bad_settings", f"{field}: {zh}", f"{field}: {en}",
                               problems=[{"field": field, "key": "prefix", "message": zh, "message_en": en}])


def _take_up(engine: QueueEngine, tx: Tx, model: HallFile, table: str) -> None:
    """Put the changed table into the running hall (and a new window's row into the windows table)."""
    take_up_tables(engine.hall, model, (table,))
    if table == "windows":
        engine.windows.add_missing(tx.conn)


def export_config(conn: sa.Connection) -> str:
    """The stored hall configuration as a hall file (`check-config` accepts it; comments are not kept).

    Staff PINs are kept as their hashes and device tokens as token_sha256, as stored: no secret is written.
    """
    return dump_toml(tomllib.loads(version_of(conn).toml))
