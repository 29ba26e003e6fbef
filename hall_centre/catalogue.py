"""The shared service catalogue as the centre keeps it: TOML files in a folder, published versioned.

The folder:

    catalogue.toml        version = "2026.12"          (the version for people; the digest tells contents apart)
                          [calendar]                   weekend, holidays, workdays (调休), as a hall file's
                          [[categories]]               code, name, name_en: the categories' standard names
                          [[ratings.reasons]]          code, name, name_en: the 好差评 reasons
                          [[matters]]                  (optional) matters, as a hall file writes them
    any other *.toml      [[matters]] only             e.g. matters/公安.toml, one file per department

Every row is the hall file's own (hall_server.config.MatterRow, RatingReasonRow, CalendarTable), so
a matter means the same at the centre and in the hall; halls fetch it through `catalogue_api`.
"""
from __future__ import annotations

import argparse
import logging
import pathlib
import sys
import threading
import tomllib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from hall_server.catalogue import PublishedCatalogue, Catalogue, etag_of, parse_catalogue, validated
from hall_server.config import ConfigError, MatterRow

log = logging.getLogger(__name__)

MAIN_FILE = "catalogue.toml"


class MattersFile(BaseModel):
    """A catalogue file besides catalogue.toml: matters only."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    matters: list[MatterRow]


@dataclass(frozen=True)
class Published:
    """One version of the catalogue as the centre serves it."""

    catalogue: Catalogue
    digest: str
    body: bytes  # the JSON answer: {"digest": ..., "catalogue": ...}

    @property
    def etag(self) -> str:
        return etag_of(self.digest)

    @property
    def version(self) -> str:
        return self.catalogue.version


def publish(catalogue: Catalogue) -> Published:
    digest = catalogue.digest()
    body = PublishedCatalogue(digest=digest, catalogue=catalogue).model_dump_json().encode("utf-8")
    return Published(catalogue=catalogue, digest=digest, body=body)


def _files(folder: pathlib.Path) -> list[pathlib.Path]:
    """The folder's TOML files: catalogue.toml first, then the others by path."""
    others = sorted(p for p in folder.rglob("*.toml") if p.is_file() and p != folder / MAIN_FILE)
    return [folder / MAIN_FILE, *others]


def _read(path: pathlib.Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_folder(folder: str | pathlib.Path) -> Catalogue:
    """Read and check a catalogue folder.

    Raises:
        ConfigError: one line per problem, naming the file and the place.
    """
    folder = pathlib.Path(folder)
    if not (folder / MAIN_FILE).is_file():
        raise ConfigError(f"{folder}: no {MAIN_FILE} in the catalogue folder")
    main, *others = _files(folder)
    raw = _read(main)
    validated(Catalogue, raw, str(main))  # its own rows first, so their errors name its file
    problems: list[str] = []
    matters = raw.get("matters", [])
    matters = list(matters) if isinstance(matters, list) else matters  # not a list: parse_catalogue says so
    for path in others:
        try:
            part = validated(MattersFile, _read(path), str(path))
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        if isinstance(matters, list):
            matters += [m.model_dump(mode="json") for m in part.matters]
    if problems:
        raise ConfigError("\n".join(problems))
    return parse_catalogue(dict(raw, matters=matters), str(folder) if others else str(main))


class CatalogueFolder:
    """The catalogue of a folder, read again when a file in it changes.

    A change that breaks the catalogue is logged and the last good version stays published.

    Raises:
        ConfigError: (on creation) the folder holds no good catalogue.
    """

    def __init__(self, folder: str | pathlib.Path):
        self.folder = pathlib.Path(folder)
        self._lock = threading.Lock()
        self._signature = self._look()
        self._published = publish(load_folder(self.folder))
        log.info("catalogue %s (%s) from %s", self._published.version, self._published.digest[:12], self.folder)

    def _look(self) -> tuple:
        """What tells a changed folder: each TOML file's path, modification time and size."""
        found = []
        for path in sorted(self.folder.rglob("*.toml")):
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(found)

    def current(self) -> Published:
        """The catalogue to publish now."""
        signature = self._look()
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                try:
                    published = publish(load_folder(self.folder))
                except ConfigError as exc:
                    log.warning("catalogue folder %s changed but is not valid; version %s stays published:\n%s",
                                self.folder, self._published.version, exc)
                else:
                    if published.digest != self._published.digest:
                        log.info("catalogue %s (%s) published from %s", published.version, published.digest[:12],
                                 self.folder)
                    self._published = published
            return self._published


def seed_folder(hall_file: str | pathlib.Path, folder: str | pathlib.Path, version: str) -> Catalogue:
    """Start a catalogue folder from a hall file's shared entries (a network's first catalogue).

    Writes catalogue.toml (calendar, category names, rating reasons) and matters/<category>.toml.

    Raises:
        ConfigError: the hall file is not valid, the folder has a catalogue already, or the result
            is not a valid catalogue (nothing is written then).
    """
    from hall_server.admin import dump_toml
    from hall_server.config import HallFile, parse_hall

    hall_file, folder = pathlib.Path(hall_file), pathlib.Path(folder)
    raw = _read(hall_file)
    parse_hall(raw, str(hall_file))
    model = HallFile.model_validate(raw)
    if (folder / MAIN_FILE).exists():
        raise ConfigError(f"{folder}: holds a catalogue already")
    main = {"version": version, "calendar": model.calendar.model_dump(mode="json"),
            "categories": [{"code": c.code, "name": c.name, "name_en": c.name if c.name_en is None else c.name_en}
                           for c in model.categories],
            "ratings": {"reasons": [r.model_dump(mode="json") for r in model.ratings.reasons]}}
    parts: dict[str, list[dict]] = {}
    for m in model.matters:
        parts.setdefault(m.category, []).append(m.model_dump(mode="json", exclude_none=True))
    catalogue = parse_catalogue(dict(main, matters=[m for ms in parts.values() for m in ms]), str(hall_file))
    (folder / "matters").mkdir(parents=True, exist_ok=True)
    (folder / MAIN_FILE).write_text(dump_toml(main), encoding="utf-8")
    for category, matters in parts.items():
        (folder / "matters" / f"{category}.toml").write_text(dump_toml({"matters": matters}), encoding="utf-8")
    return catalogue


def main(argv: list[str] | None = None) -> int:
    """Check a catalogue folder (`check FOLDER`), or start one from a hall file (`seed HALL_FILE FOLDER`)."""
    parser = argparse.ArgumentParser(prog="hall_centre.catalogue", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a catalogue folder")
    check.add_argument("folder", type=pathlib.Path)
    seed = sub.add_parser("seed", help="start a catalogue folder from a hall file's matters, reasons, calendar")
    seed.add_argument("hall_file", type=pathlib.Path)
    seed.add_argument("folder", type=pathlib.Path)
    seed.add_argument("--version", required=True, help='the version for people, e.g. "2026.12"')
    args = parser.parse_args(argv)
    if args.command == "seed":
        try:
            seeded = seed_folder(args.hall_file, args.folder, args.version)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"ok: {args.folder}: catalogue {seeded.version}, {len(seeded.matters)} matters")
        return 0
    try:
        published = publish(load_folder(args.folder))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    c = published.catalogue
    print(f"ok: catalogue {c.version} ({published.digest[:12]}): {len(c.matters)} matters, "
          f"{len(c.categories)} categories, {len(c.ratings.reasons)} rating reasons, "
          f"{len(c.calendar.holidays)} holidays")
    return 0


if __name__ == "__main__":
    sys.exit(main())
