"""The centre file (TOML): the centre itself and the halls it follows, checked strictly, every problem at once."""
from __future__ import annotations

import dataclasses
import os
import pathlib
import tomllib
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

# The centre file's messages read as the hall file's do: `place: key: what is wrong`, a row's code by its index.
from hall_server.config import problem_line

SAMPLE_CENTRE = pathlib.Path(__file__).resolve().parents[1] / "assets" / "centres" / "sample_centre.toml"

CentreLevel = Literal["city", "district", "street"]
HallLevel = Literal["district", "street", "community"]


class ConfigError(ValueError):
    """A centre file that cannot be used: every problem, one line each, with its place."""


@dataclasses.dataclass(frozen=True)
class HallEntry:
    """One hall the centre follows: where it is and how to reach its event log."""

    code: str
    name: str
    name_en: str
    level: HallLevel
    parent: str | None
    address: str
    lat: float
    lon: float
    base_url: str
    token: str
    travel_minutes: int | None = None


@dataclasses.dataclass(frozen=True)
class ChildEntry:
    """A lower centre this one follows: its feed (what it stored of its halls) at base_url, read with token."""

    code: str
    name: str
    base_url: str
    token: str


@dataclasses.dataclass(frozen=True)
class StaffEntry:
    """Someone who may log in to the centre's pages (viewer: read; admin: also the ratings export)."""

    username: str
    name: str
    role: str
    pin_hash: str


@dataclasses.dataclass(frozen=True)
class Centre:
    """A centre as its file describes it."""

    code: str
    name: str
    level: str
    parent_url: str | None
    parent_token: str | None
    api_tokens: tuple[str, ...]
    halls: tuple[HallEntry, ...]
    catalogue: pathlib.Path | None = None  # the folder of the service catalogue it publishes to its halls
    centres: tuple[ChildEntry, ...] = ()  # lower centres it follows (their halls become its own)
    staff: tuple[StaffEntry, ...] = ()  # who may log in to the centre's pages
    # The dashboard's SLA colour: a hall's longest wait strictly past these minutes is amber, then red.
    sla_yellow_minutes: int = 30
    sla_red_minutes: int = 60
    timezone: str = "Asia/Shanghai"  # the local days of statistics and of the ratings export

    def hall(self, code: str) -> HallEntry:
        return next(h for h in self.halls if h.code == code)


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// address")
    return text.rstrip("/")


def _secret(token: str) -> str:
    if len(token) < 16:
        raise ValueError("must be at least 16 characters")
    return token


Name = Annotated[str, AfterValidator(_not_blank)]
Url = Annotated[str, AfterValidator(_url)]
Secret = Annotated[str, AfterValidator(_secret)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CentreTable(_Table):
    """`[centre]`: this centre; `parent_url`/`parent_token` when it feeds a higher centre (which reads
    this centre's feed with `parent_token`; `parent_url` says where that centre is)."""

    code: Name
    name: Name
    level: CentreLevel
    parent_url: Url | None = None
    parent_token: Secret | None = None
    api_tokens: list[Secret] = Field(default_factory=list)
    # The folder of the shared service catalogue its halls fetch (relative to the centre file); none: no catalogue.
    catalogue: Name | None = None
    sla_yellow_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30
    sla_red_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 60
    timezone: Name = "Asia/Shanghai"


def _pin_hash(text: str) -> str:
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isdigit() for p in parts[1:4]):
        raise ValueError("must be a PIN hash scrypt$n$r$p$salt$key (hall-server hash-pin makes one)")
    return text


class StaffRow(_Table):
    """`[[staff]]`: one person who may log in to the centre's pages."""

    username: Annotated[str, Field(pattern=r"^[a-z0-9_.-]{1,32}$")]
    name: Name
    role: Literal["viewer", "admin"]
    pin_hash: Annotated[str, AfterValidator(_pin_hash)]


class HallRow(_Table):
    """`[[halls]]`: one hall; its token is the `centre` device token of that hall's file (or an env variable's)."""

    code: Name
    name: Name
    name_en: Name
    level: HallLevel
    parent: str | None = None
    address: Name
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    base_url: Url
    token: Secret | None = None
    token_env: Name | None = None
    travel_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None


class CentreRow(_Table):
    """`[[centres]]`: a lower centre whose feed this one follows; its token is that centre's `parent_token`."""

    code: Name
    name: Name
    base_url: Url
    token: Secret | None = None
    token_env: Name | None = None


class CentreFile(_Table):
    centre: CentreTable
    halls: list[HallRow] = Field(default_factory=list)
    centres: list[CentreRow] = Field(default_factory=list)
    staff: list[StaffRow] = Field(default_factory=list)

    def cross_check(self, env: dict[str, str]) -> list[str]:
        problems = []
        codes = [h.code for h in self.halls]
        seen: set[str] = set()
        for i, h in enumerate(self.halls):
            if h.code in seen:
                problems.append(f"halls[{i}] ({h.code}): code: {h.code} is listed twice")
            seen.add(h.code)
            if (h.token is None) == (h.token_env is None):
                problems.append(f"halls[{i}] ({h.code}): token: give exactly one of token and token_env")
            elif h.token_env is not None and len(env.get(h.token_env, "")) < 16:
                problems.append(f"halls[{i}] ({h.code}): token_env: {h.token_env} is not set to a token "
                                "(at least 16 characters)")
            if h.parent is not None and h.parent not in codes:
                problems.append(f"halls[{i}] ({h.code}): parent: no hall {h.parent} in this file")
        for i, c in enumerate(self.centres):
            if c.code in seen or c.code == self.centre.code:
                problems.append(f"centres[{i}] ({c.code}): code: {c.code} is listed twice")
            seen.add(c.code)
            if (c.token is None) == (c.token_env is None):
                problems.append(f"centres[{i}] ({c.code}): token: give exactly one of token and token_env")
            elif c.token_env is not None and len(env.get(c.token_env, "")) < 16:
                problems.append(f"centres[{i}] ({c.code}): token_env: {c.token_env} is not set to a token "
                                "(at least 16 characters)")
        users = [s.username for s in self.staff]
        for i, u in enumerate(users):
            if u in users[:i]:
                problems.append(f"staff[{i}]: username: {u} is listed twice")
        if self.centre.sla_yellow_minutes >= self.centre.sla_red_minutes:
            problems.append("centre: sla_red_minutes: must be more than sla_yellow_minutes")
        try:
            zoneinfo.ZoneInfo(self.centre.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"centre: timezone: no time zone {self.centre.timezone}")
        if (self.centre.parent_url is None) != (self.centre.parent_token is None):
            problems.append("centre: parent_token: give parent_url and parent_token together")
        return problems


def parse_centre(raw: dict[str, Any], where: str = "centre file", env: dict[str, str] | None = None,
                 base: pathlib.Path | None = None) -> Centre:
    """Check a centre file's data and build the Centre (`base`: the folder relative paths start from).

    Raises:
        ConfigError: one line per problem, each starting with `where` and naming the place.
    """
    env = dict(os.environ) if env is None else env
    try:
        model = CentreFile.model_validate(raw)
    except ValidationError as exc:
        problems = [problem_line(raw, error) for error in exc.errors(include_url=False)]
    else:
        problems = model.cross_check(env)
        if not problems:
            c = model.centre
            return Centre(code=c.code, name=c.name, level=c.level, parent_url=c.parent_url,
                          parent_token=c.parent_token, api_tokens=tuple(c.api_tokens),
                          catalogue=None if c.catalogue is None else (base or pathlib.Path.cwd()) / c.catalogue,
                          halls=tuple(HallEntry(code=h.code, name=h.name, name_en=h.name_en, level=h.level,
                                                parent=h.parent, address=h.address, lat=h.lat, lon=h.lon,
                                                base_url=h.base_url,
                                                token=h.token if h.token is not None else env[str(h.token_env)],
                                                travel_minutes=h.travel_minutes)
                                      for h in model.halls),
                          centres=tuple(ChildEntry(code=c.code, name=c.name, base_url=c.base_url,
                                                   token=c.token if c.token is not None else env[str(c.token_env)])
                                        for c in model.centres),
                          staff=tuple(StaffEntry(username=s.username, name=s.name, role=s.role, pin_hash=s.pin_hash)
                                      for s in model.staff),
                          sla_yellow_minutes=c.sla_yellow_minutes, sla_red_minutes=c.sla_red_minutes,
                          timezone=c.timezone)
    raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))


def load_centre(path: str | pathlib.Path = SAMPLE_CENTRE, env: dict[str, str] | None = None) -> Centre:
    """Read and check a centre file.

    Raises:
        ConfigError: with the place and the reason when anything is wrong.
    """
    path = pathlib.Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return parse_centre(raw, str(path), env, base=path.resolve().parent)
