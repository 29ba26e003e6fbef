"""Receipt templates: a receipt's wording and layout in a text file that a composer plays.

The wording of a receipt belongs to the hall, not to the driver (assets/templates/receipt/);
this module only knows the form of such a file (its own header describes it) and turns it into
calls on a ``ReceiptComposer``. A template is parsed once, before any value is filled in, so a
value can never add a line, a directive or a field of its own: braces, '@' and newlines in it
are printed as they are.
"""
from __future__ import annotations

import pathlib
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .layout import ReceiptComposer

#: Where the product's receipt templates are, beside the code (a caller may give another folder).
TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "assets" / "templates" / "receipt"

_CONDITION = re.compile(r"^\[(!?)(\w+)\] ?(.*)$")
_SIZE = re.compile(r"^size=([1-8])x([1-8])$")
_ALIGNS = ("left", "center", "right")


class ReceiptTemplateError(ValueError):
    """A receipt template that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class _Step:
    """One line of a template: a directive (`op`) with its argument, shown only if `condition` holds."""

    op: str                                 # text | begin | style | qr | cut | lines
    arg: Any = None
    condition: tuple[bool, str] | None = None  # (wanted set?, field)


def _is_set(value: Any) -> bool:
    """A field is set unless it is None, False or empty (0 is set: "about 0 minutes" is news)."""
    if value is None or value is False:
        return False
    return not (isinstance(value, (str, tuple, list)) and not value)


@dataclass(frozen=True)
class ReceiptTemplate:
    """A parsed receipt template: the steps of each language it has."""

    source: str
    steps: Mapping[str, tuple[_Step, ...]]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.steps)

    def fields(self) -> set[str]:
        """Every field the template fills in or tests."""
        names: set[str] = set()
        for steps in self.steps.values():
            for step in steps:
                if step.condition:
                    names.add(step.condition[1])
                if step.op in ("text", "qr"):
                    names.update(n for _, n, _, _ in string.Formatter().parse(step.arg) if n)
                elif step.op == "lines":
                    names.add(step.arg)
        return names

    def play(self, composer: ReceiptComposer, language: str, values: Mapping[str, Any]) -> None:
        """Lay the receipt of `language` out on `composer` with `values` filled in.

        Raises:
            ReceiptTemplateError: the template has no such language, or a field has no value.
        """
        if language not in self.steps:
            raise ReceiptTemplateError(f"{self.source}: no receipt in language {language!r}")
        missing = self.fields() - set(values)
        if missing:
            raise ReceiptTemplateError(f"{self.source}: no value for {', '.join(sorted(missing))}")
        fill = string.Formatter().vformat
        for step in self.steps[language]:
            if step.condition is not None:
                wanted, field = step.condition
                if _is_set(values[field]) != wanted:
                    continue
            if step.op == "text":
                composer.line(fill(step.arg, (), values))
            elif step.op == "begin":
                composer.begin()
            elif step.op == "style":
                composer.style(**step.arg)
            elif step.op == "qr":
                composer.qr(fill(step.arg, (), values))
            elif step.op == "lines":
                for item in values[step.arg]:
                    composer.line(str(item))
            elif step.op == "cut":
                composer.cut()


def parse_template(text: str, source: str = "<receipt template>") -> ReceiptTemplate:
    """Parse a receipt template's text.

    Raises:
        ReceiptTemplateError: an unknown directive, a malformed style or field, or a line before
            the first ``@language``.
    """
    steps: dict[str, list[_Step]] = {}
    current: list[_Step] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{source}, line {number}"
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@language "):
            language = line.split(None, 1)[1].strip()
            if language in steps:
                raise ReceiptTemplateError(f"{where}: language {language!r} given twice")
            current = steps[language] = []
            continue
        if current is None:
            raise ReceiptTemplateError(f"{where}: a line before the first '@language'")
        condition = None
        matched = _CONDITION.match(line)
        if matched:
            condition = (matched.group(1) != "!", matched.group(2))
            line = matched.group(3)
        current.append(_parse_step(line, where, condition))
    if not steps:
        raise ReceiptTemplateError(f"{source}: no '@language' section")
    return ReceiptTemplate(source, {lang: tuple(s) for lang, s in steps.items()})


def _parse_step(line: str, where: str, condition: tuple[bool, str] | None) -> _Step:
    if not line.startswith("@"):
        _check_fields(line, where)
        return _Step("text", line, condition)
    directive, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    if directive in ("begin", "cut") and not rest:
        return _Step(directive, None, condition)
    if directive == "style":
        return _Step("style", _parse_style(rest.split(), where), condition)
    if directive == "qr" and rest:
        _check_fields(rest, where)
        return _Step("qr", rest, condition)
    if directive == "lines" and rest.isidentifier():
        return _Step("lines", rest, condition)
    raise ReceiptTemplateError(f"{where}: not a directive of a receipt template: {line!r}")


def _parse_style(words: Iterable[str], where: str) -> dict[str, Any]:
    style: dict[str, Any] = {}
    for word in words:
        size = _SIZE.match(word)
        if word == "bold":
            style["bold"] = True
        elif word.startswith("align=") and word[6:] in _ALIGNS:
            style["align"] = word[6:]
        elif size:
            style["size"] = (int(size.group(1)), int(size.group(2)))
        else:
            raise ReceiptTemplateError(f"{where}: not a style: {word!r} (align=left|center|right, size=WxH, bold)")
    return style


def _check_fields(text: str, where: str) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ReceiptTemplateError(f"{where}: {exc} (write {{{{ and }}}} for braces)") from None
    for _, name, _, conversion in parsed:
        if name is not None and not name.isidentifier():
            raise ReceiptTemplateError(f"{where}: a field is a plain name, not {name!r}")
        if conversion is not None:
            raise ReceiptTemplateError(f"{where}: no conversions (!r, !s) in a receipt template")


def load_template(path: pathlib.Path) -> ReceiptTemplate:
    """Read and parse a receipt template file (UTF-8).

    Raises:
        ReceiptTemplateError: the file cannot be read or is not a receipt template.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReceiptTemplateError(f"receipt template {path} cannot be read: {exc}") from exc
    return parse_template(text, str(path))


@lru_cache(maxsize=8)
def receipt_template(name: str, folder: pathlib.Path = TEMPLATES) -> ReceiptTemplate:
    """The receipt template `name` (e.g. "ticket") of `folder`, read once."""
    return load_template(folder / f"{name}.txt")

