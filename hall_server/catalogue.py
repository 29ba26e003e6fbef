"""The shared service catalogue: matters (办事指南) with item codes, category names, rating reasons and
the holiday calendar, published by the hall network's centre and taken up by each hall.

The catalogue is written with the hall file's own rows (`MatterRow`, `RatingReasonRow`,
`CalendarTable`), so a matter means the same in both. A hall fetches it from its centre (`[centre]`
in the hall file) at start and every `refresh_minutes`, asks with the ETag it has, and keeps the last
good one in its database: the hall never stops because the centre is away. Its effective
configuration is the catalogue's shared entries plus its own local settings (windows, hours, caps,
prefixes ...); a hall file that contradicts the catalogue is refused, and a catalogue update that
contradicts the running hall file is not taken up.
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import pathlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, ValidationError

from . import db
from .config import (
    Calendar, CalendarTable, Centre, ConfigError, Hall, HallFile, MatterRow, RatingReason, RatingReasonRow, Text,
    problem_line, repeated, parse_hall,
)
from .queue.core import SYSTEM
from .queue.writer import Tx

log = logging.getLogger(__name__)

PATH = "/api/v1/catalogue"  # where a centre serves it
TOKEN_ENV = "HALL_CENTRE_TOKEN"  # the hall's token at the centre, when the hall file does not give it
KEPT_KEY = "catalogue"  # the hall_state row that keeps the last good catalogue
FETCH_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_BODY = 8 * 1024 * 1024  # a catalogue of a few thousand matters is well under this
M = TypeVar("M", bound=BaseModel)


# --- the catalogue, as pydantic models -------------------------------------------------------------

class _Table(BaseModel):
    """A table of the catalogue: exactly these keys, each with its type (as the hall file's tables)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CategoryName(_Table):
    """`[[categories]]` of the catalogue: a category's standard names; its settings stay the hall's."""

    code: Text
    name: Text
    name_en: Text


class CatalogueRatings(_Table):
    """`[ratings]` of the catalogue: the rating reasons only (the periods are the hall's)."""

    reasons: list[RatingReasonRow] = []


class Catalogue(_Table):
    """The shared service catalogue as a whole."""

    version: Text  # the centre's version for people, e.g. "2026.12"; the digest tells contents apart
    calendar: CalendarTable = CalendarTable()
    categories: list[CategoryName] = []
    ratings: CatalogueRatings = CatalogueRatings()
    matters: list[MatterRow] = []

    def cross_check(self) -> list[str]:
        """The rules between rows (each row is valid on its own by now); one line per problem."""
        problems = repeated("categories", [c.code for c in self.categories], "duplicate category code")
        problems += repeated("matters", [m.code for m in self.matters], "duplicate matter code")
        categories = {c.code for c in self.categories}
        for i, m in enumerate(self.matters):
            if m.category not in categories:
                problems.append(f"matters[{i}] ({m.code}): unknown category {m.category!r}")
        problems += repeated("ratings.reasons", [r.code for r in self.ratings.reasons], "duplicate code {!r}")
        both = sorted(set(self.calendar.holidays) & set(self.calendar.workdays))
        if both:
            problems.append(f"calendar: {', '.join(map(str, both))} both a holiday and a workday")
        return problems

    def digest(self) -> str:
        """SHA-256 (hex) of the content, written canonically: the catalogue's ETag."""
        return hashlib.sha256(canonical(self).encode("utf-8")).hexdigest()


class PublishedCatalogue(BaseModel):
    """What `GET /api/v1/catalogue` answers: the catalogue and its digest, checked on arrival."""

    model_config = ConfigDict(extra="forbid")

    digest: str
    catalogue: Catalogue


def canonical(catalogue: Catalogue) -> str:
    return json.dumps(catalogue.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def validated(model: type[M], raw: Any, where: str) -> M:
    """`raw` as a `model`, or ConfigError with one line per problem, as the hall file's errors read."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [problem_line(raw, error) for error in exc.errors(include_url=False)]
    raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))


def parse_catalogue(raw: Any, where: str = "catalogue") -> Catalogue:
    """Check a catalogue (TOML or JSON data) and build it.

    Raises:
        ConfigError: one line per problem, each starting with `where` and naming the place.
    """
    catalogue = validated(Catalogue, raw, where)
    problems = catalogue.cross_check()
    if problems:
        raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))
    return catalogue


def parse_published(body: bytes, where: str) -> tuple[Catalogue, str]:
    """A centre's answer as (catalogue, digest), the digest checked against the content.

    Raises:
        ConfigError: the answer is not a catalogue, or its digest is not that of its content.
    """
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{where}: not JSON ({exc})") from None
    if not isinstance(raw, dict) or set(raw) != {"digest", "catalogue"} or not isinstance(raw["digest"], str):
        raise ConfigError(f"{where}: must hold exactly a digest and a catalogue")
    catalogue = parse_catalogue(raw["catalogue"], where)
    if catalogue.digest() != raw["digest"]:
        raise ConfigError(f"{where}: the digest does not match the content")
    return catalogue, raw["digest"]


def _refused(problems: list[str], catalogue: Catalogue) -> ConfigError:
    return ConfigError("\n".join(f"hall configuration: {p} (catalogue {catalogue.version})" for p in problems))


def etag_of(digest: str) -> str:
    return f'"{digest}"'


# --- a hall file against the catalogue ------------------------------------------------------------

def _years(days: list[dt.date]) -> set[int]:
    return {d.year for d in days}


def contradictions(hall: HallFile, catalogue: Catalogue) -> list[str]:
    """Where a hall file says otherwise than the catalogue, one line per place (empty: they agree).

    A matter or rating reason the catalogue lacks, a matter under another category, a category whose
    names differ, another weekend, or holidays / make-up workdays of a year the catalogue covers that
    are not the catalogue's.
    """
    problems = []
    names = {c.code: c for c in catalogue.categories}
    for i, c in enumerate(hall.categories):
        standard = names.get(c.code)
        if standard is None:
            continue  # a hall's own category (a 7×24 zone ...): the catalogue has no matters in it
        if c.name != standard.name:
            problems.append(f"categories[{i}] ({c.code}): name {c.name!r} differs from the catalogue's "
                            f"{standard.name!r}")
        name_en = c.name if c.name_en is None else c.name_en
        if name_en != standard.name_en:
            problems.append(f"categories[{i}] ({c.code}): name_en {name_en!r} differs from the catalogue's "
                            f"{standard.name_en!r}")
    matters = {m.code: m for m in catalogue.matters}
    for i, m in enumerate(hall.matters):
        if m.code not in matters:
            problems.append(f"matters[{i}] ({m.code}): not in the catalogue")
        elif m.category != matters[m.code].category:
            problems.append(f"matters[{i}] ({m.code}): category {m.category!r} differs from the catalogue's "
                            f"{matters[m.code].category!r}")
    reasons = {r.code for r in catalogue.ratings.reasons}
    for i, r in enumerate(hall.ratings.reasons):
        if r.code not in reasons:
            problems.append(f"ratings.reasons[{i}] ({r.code}): not in the catalogue")
    ours, theirs = hall.calendar, catalogue.calendar
    if "weekend" in ours.model_fields_set and set(ours.weekend) != set(theirs.weekend):
        problems.append(f"calendar.weekend: {sorted(set(ours.weekend))} differs from the catalogue's "
                        f"{sorted(set(theirs.weekend))}")
    covered = _years(theirs.holidays + theirs.workdays)
    for key, mine, shared in (("holidays", ours.holidays, theirs.holidays),
                              ("workdays", ours.workdays, theirs.workdays)):
        for year in sorted(_years(ours.holidays + ours.workdays) & covered):
            extra = sorted({d for d in mine if d.year == year} - set(shared))
            missing = sorted({d for d in shared if d.year == year} - set(mine))
            if extra:
                problems.append(f"calendar.{key}: {', '.join(map(str, extra))} not in the catalogue's {year}")
            if missing:
                problems.append(f"calendar.{key}: the catalogue's {', '.join(map(str, missing))} missing")
    return problems


def effective_calendar(hall: HallFile, catalogue: Catalogue) -> Calendar:
    """The catalogue's calendar, with the hall file's dates of years the catalogue does not cover."""
    theirs = catalogue.calendar
    covered = _years(theirs.holidays + theirs.workdays)
    own_holidays = {d for d in hall.calendar.holidays if d.year not in covered}
    own_workdays = {d for d in hall.calendar.workdays if d.year not in covered}
    return Calendar(weekend=frozenset(theirs.weekend), holidays=frozenset(theirs.holidays) | own_holidays,
                    workdays=frozenset(theirs.workdays) | own_workdays)


def take_up(hall: Hall, file: HallFile, catalogue: Catalogue) -> None:
    """Put the catalogue's matters (those of the hall's categories), rating reasons and calendar into `hall`.

    Every part of the server holds this one Hall and reads these fields when it needs them; each
    is swapped whole for an immutable value, so a reader sees the old or the new, never a mix.
    Call it from the queue writer (or before the engine runs).
    """
    ours = {c.code for c in file.categories}
    matters = tuple(m.as_matter() for m in catalogue.matters if m.category in ours)
    reasons = tuple(RatingReason(code=r.code, name=r.name, name_en=r.name_en) for r in catalogue.ratings.reasons)
    # The hall is frozen for everything else; the catalogue is the one thing that changes under it.
    object.__setattr__(hall, "matters", matters)
    object.__setattr__(hall, "ratings", dataclasses.replace(file.ratings.as_rules(), reasons=reasons))
    object.__setattr__(hall, "calendar", effective_calendar(file, catalogue))


# --- keeping the last good one -------------------------------------------------------------------

@dataclass(frozen=True)
class Kept:
    """The catalogue a hall took up last, as kept in its database."""

    catalogue: Catalogue
    digest: str
    source: str
    fetched_at: float


_KEPT = sa.select(db.hall_state.c.value).where(db.hall_state.c.key == KEPT_KEY)


def read_kept(conn: sa.Connection) -> Kept | None:
    """The kept catalogue, or None (none yet, or unreadable: then the log says so)."""
    return _kept_from(conn.execute(_KEPT).scalar())


def _kept_from(text: str | None) -> Kept | None:
    if text is None:
        return None
    try:
        raw = json.loads(text)
        catalogue = parse_catalogue(raw["catalogue"], "kept catalogue")
        return Kept(catalogue=catalogue, digest=catalogue.digest(), source=str(raw["source"]),
                    fetched_at=float(raw["fetched_at"]))
    except (ValueError, KeyError, TypeError) as exc:  # ConfigError is a ValueError
        log.warning("the kept catalogue is unreadable and is not used: %s", exc)
        return None


def keep(conn: sa.Connection, kept: Kept) -> tuple[bool, str | None]:
    """Keep `kept` as the last good catalogue, unless it is kept already (by another instance of the hall).

    Instances on one PostgreSQL database take the row in turn (insert or lock it), so exactly one
    of them finds a version new and announces it.

    Returns:
        (whether it was new here, the digest of the one it replaced).
    """
    value = json.dumps({"source": kept.source, "fetched_at": kept.fetched_at,
                        "catalogue": kept.catalogue.model_dump(mode="json")}, ensure_ascii=False)
    # RETURNING tells whether the row was made here (psycopg leaves rowcount at -1 for this statement).
    made = conn.execute(db.insert_missing(db.hall_state, conn.dialect).values(key=KEPT_KEY, value=value)
                        .returning(db.hall_state.c.key)).first()
    if made is not None:
        return True, None
    before = _kept_from(conn.execute(_KEPT.with_for_update()).scalar())
    if before is not None and before.digest == kept.digest:
        return False, before.digest
    conn.execute(db.hall_state.update().where(db.hall_state.c.key == KEPT_KEY).values(value=value))
    return True, None if before is None else before.digest


def running_hall_file(conn: sa.Connection) -> HallFile:
    """The hall configuration in force: the latest `hall_config` row (written at first start)."""
    row = conn.execute(sa.select(db.hall_config.c.toml).order_by(db.hall_config.c.id.desc()).limit(1)).one()
    return HallFile.model_validate(tomllib.loads(row.toml))


# --- the centre ----------------------------------------------------------------------------------

class CentreAway(Exception):
    """The centre gave no catalogue: unreachable, refused this hall's token, or answered nonsense."""


def centre_token(centre: Centre, hall_file: pathlib.Path | None) -> str | None:
    """The hall's token at the centre: HALL_CENTRE_TOKEN, else `[centre] token` of the hall file it runs with.

    The database keeps the configuration without it, so it is read from the file on every start.
    """
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    if centre.token is not None:
        return centre.token
    if hall_file is not None:
        try:
            raw = tomllib.loads(pathlib.Path(hall_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return None
        token = raw.get("centre", {}).get("token") if isinstance(raw.get("centre"), dict) else None
        return token if isinstance(token, str) else None
    return None


def fetch(centre: Centre, token: str | None, etag: str | None) -> tuple[Catalogue, str] | None:
    """Ask the centre for its catalogue; None when it is the one with `etag` (304).

    Raises:
        CentreAway: saying why there is no catalogue.
    """
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if etag:
        headers["If-None-Match"] = etag
    url = centre.url + PATH
    try:
        with httpx.Client(timeout=FETCH_TIMEOUT) as client, client.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return None
            if r.status_code == 401:
                raise CentreAway(f"{url}: the centre refused this hall's token (401)")
            if r.status_code != 200:
                raise CentreAway(f"{url}: answered {r.status_code}")
            body = b""
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY:
                    raise CentreAway(f"{url}: the answer is larger than {MAX_BODY} bytes")
    except httpx.HTTPError as exc:
        raise CentreAway(f"{url}: {type(exc).__name__}: {exc}") from None
    try:
        return parse_published(body, url)
    except ConfigError as exc:
        raise CentreAway(str(exc)) from None


# --- following the centre ------------------------------------------------------------------------

class CatalogueFollower:
    """Keeps a hall on its centre's catalogue: at start, then every `refresh_minutes`.

    At start, `choose` (before the hall configuration is stored: a refused hall file leaves nothing
    behind) and then `start` with the Hall built; once the engine runs, `refresh` now and then.

    Args:
        hall_file: the file the server was started with (its configuration on first start; the centre's token).
    """

    def __init__(self, store: db.Store, hall_file: pathlib.Path, clock: Callable[[], dt.datetime]):
        self.store = store
        self.hall_file = pathlib.Path(hall_file)
        self.clock = clock
        self.hall: Hall | None = None
        self.centre: Centre | None = None
        self.token: str | None = None
        self.digest: str | None = None  # of the catalogue in force; None: the hall file's own entries
        self.refused: str | None = None  # the digest last refused (logged once, not every refresh)
        self.away = False  # the centre did not answer the last time
        self.engine: Any = None  # the QueueEngine, once it runs: updates go through its writer
        self._chosen: tuple[HallFile, Kept | None, Kept | None] | None = None

    def _configuration(self) -> tuple[HallFile, Kept | None]:
        """The hall configuration in force (stored, or the hall file on first start) and the kept catalogue."""
        with self.store.read() as conn:
            kept = read_kept(conn)
            stored = conn.execute(sa.select(sa.func.count()).select_from(db.hall_config)).scalar_one()
            if stored:
                return running_hall_file(conn), kept
        try:
            raw = tomllib.loads(self.hall_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{self.hall_file}: {exc}") from exc
        parse_hall(raw, str(self.hall_file))  # its own errors first, as the hall file's are written
        return HallFile.model_validate(raw), kept

    def choose(self) -> None:
        """Ask the centre and check the configuration against the catalogue to use; writes nothing.

        Raises:
            ConfigError: the hall configuration contradicts that catalogue, naming each place.
        """
        file, kept = self._configuration()
        self.centre = None if file.centre is None else file.centre.as_centre()
        self.token = None if self.centre is None else centre_token(self.centre, self.hall_file)
        fetched: tuple[Catalogue, str] | None = None
        if self.centre is not None:
            try:
                fetched = fetch(self.centre, self.token, None if kept is None else etag_of(kept.digest))
            except CentreAway as exc:
                self.away = True
                if kept is None:
                    log.warning("catalogue: the centre is away (%s) and none is kept: the hall file's own "
                                "matters, rating reasons and calendar are used", exc)
                else:
                    log.warning("catalogue: the centre is away (%s): the kept version %s is used",
                                exc, kept.catalogue.version)
        new = None
        if fetched is not None:
            catalogue, digest = fetched
            problems = contradictions(file, catalogue)
            if not problems:
                new = Kept(catalogue=catalogue, digest=digest, source=self.centre.url if self.centre else "",
                           fetched_at=self.clock().timestamp())
            elif kept is None or contradictions(file, kept.catalogue):
                raise _refused(problems, catalogue)
            else:
                log.warning("catalogue: version %s is not taken up, the hall configuration contradicts it: %s; "
                            "the kept version %s stays", catalogue.version, "; ".join(problems),
                            kept.catalogue.version)
        use = new or kept
        if use is not None and (problems := contradictions(file, use.catalogue)):
            raise _refused(problems, use.catalogue)
        self._chosen = (file, kept, new)

    def start(self, hall: Hall) -> tuple[Kept, str | None] | None:
        """Keep what `choose` fetched and take the catalogue up into `hall`; before the engine runs.

        Returns:
            the catalogue fetched and the digest of the one kept before, when they differ
            (for `announce` once the engine runs).
        """
        assert self._chosen is not None, "choose() first"
        self.hall = hall
        file, kept, new = self._chosen
        changed, previous = False, None
        if new is not None and (kept is None or new.digest != kept.digest):
            with self.store.write() as conn:
                changed, previous = keep(conn, new)
            log.info("catalogue: version %s (%s) taken from %s", new.catalogue.version, new.digest[:12], new.source)
        use = new or kept
        if use is None:
            return None
        take_up(hall, file, use.catalogue)
        self.digest = use.digest
        return (new, previous) if changed and new is not None else None

    def announce(self, kept: Kept, previous: str | None) -> None:
        """Tell the hall's clients (an event) that the catalogue in force changed at start."""
        self.engine.execute(SYSTEM, None, "", lambda tx: (200, self._event(tx, kept, previous)))

    def refresh(self) -> str:
        """Ask the centre once; returns what came of it: away, unchanged, refused or updated."""
        if self.centre is None:
            return "unchanged"
        try:
            fetched = fetch(self.centre, self.token, None if self.digest is None else etag_of(self.digest))
        except CentreAway as exc:
            if not self.away:  # once when it goes, once when it is back: not every refresh
                log.warning("catalogue: the centre is away (%s); the catalogue in force stays", exc)
            self.away = True
            return "away"
        if self.away:
            log.info("catalogue: the centre answers again")
            self.away = False
        if fetched is None:
            return "unchanged"
        catalogue, digest = fetched
        if digest == self.digest:
            return "unchanged"
        if digest == self.refused:
            return "refused"
        new = Kept(catalogue=catalogue, digest=digest, source=self.centre.url, fetched_at=self.clock().timestamp())
        out = self.engine.execute(SYSTEM, None, "", lambda tx: self._update(tx, new))
        answer = json.loads(out.body)
        if out.status != 200:
            self.refused = digest
            log.warning("catalogue: version %s is not taken up, the hall configuration contradicts it: %s; "
                        "the catalogue in force stays", catalogue.version, "; ".join(answer.get("problems", [])))
            return "refused"
        self.digest = digest
        return "updated"

    def _update(self, tx: Tx, new: Kept) -> tuple[int, dict]:
        """In the queue writer: check the update against the configuration in force, keep it, take it up."""
        file = running_hall_file(tx.conn)
        problems = contradictions(file, new.catalogue)
        if problems:
            return 409, {"problems": problems}
        assert self.hall is not None
        take_up(self.hall, file, new.catalogue)
        changed, previous = keep(tx.conn, new)
        if not changed:
            return 200, {}  # another instance of this hall kept and announced it already
        log.info("catalogue: version %s (%s) taken up from %s", new.catalogue.version, new.digest[:12], new.source)
        return 200, self._event(tx, new, previous)

    @staticmethod
    def _event(tx: Tx, kept: Kept, previous: str | None) -> dict:
        data = {"version": kept.catalogue.version, "digest": kept.digest, "previous_digest": previous,
                "matters": len(kept.catalogue.matters)}
        tx.emit("catalogue.updated", data)
        return data

    async def run(self, interval: float) -> None:
        """Refresh every `interval` seconds for as long as the server runs."""
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception:
                log.exception("catalogue refresh failed; will retry")
