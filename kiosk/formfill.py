"""电子填单 on the kiosk: a matter's form filled from the ID card and by the citizen, and the materials ticked.

Pure data, no Qt: the kiosk's state keeps one `FormFill` per session and shows `as_screen()`; the
values are checked by the same rules the hall server applies (hall_rules.forms).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hall_rules import forms as rules
from hall_server.schema import FormMaterialCheck, Matter, TicketFormRequest

from .core import Identity


@dataclass
class FormFill:
    """One citizen's form for one matter, while they fill it (lives only for the session)."""

    matter: Matter
    values: dict[str, str] = field(default_factory=dict)
    have: dict[str, bool] = field(default_factory=dict)  # material name -> brought; absent: not yet answered
    problems: dict[str, str] = field(default_factory=dict)  # field key -> refusal code, after a check

    @classmethod
    def start(cls, matter: Matter, identity: Identity | None) -> FormFill:
        """The matter's form with what the ID card gives filled in (those fields stay locked)."""
        card = dict(identity.card_fields) if identity is not None else {}
        values = {f.key: card[f.source] for f in matter.form or [] if f.source in card}
        return cls(matter, values)

    def locked(self, key: str) -> bool:
        source = next((f.source for f in self.matter.form or [] if f.key == key), "citizen")
        return source != "citizen" and key in self.values

    def set_value(self, key: str, value: str) -> None:
        """A value the citizen typed or chose; the card's own fields do not change."""
        if any(f.key == key for f in self.matter.form or []) and not self.locked(key):
            self.values[key] = value
            self.problems.pop(key, None)

    def set_material(self, name: str, have: bool) -> None:
        if any(m.name == name for m in self.matter.materials):
            self.have[name] = have
            if all(m.name in self.have for m in self.matter.materials):
                self.problems.pop("_materials", None)

    def missing(self) -> list[str]:
        return [m.name for m in self.matter.materials if self.have.get(m.name) is False]

    def check(self) -> bool:
        """Check every field and that every material is answered; True when the form may go."""
        self.problems = {}
        for f in self.matter.form or []:
            value = self.values.get(f.key, "")
            if not value.strip():
                if f.required:
                    self.problems[f.key] = "form_value_blank"
                continue
            problem = rules.check_value(f.type, value, choices=tuple(f.choices), max_length=f.max_length)
            if problem is not None:
                self.problems[f.key] = problem
        unanswered = any(m.name not in self.have for m in self.matter.materials)
        if unanswered:
            self.problems["_materials"] = "form_materials_unanswered"
        return not self.problems

    def request(self) -> TicketFormRequest:
        """What goes to the hall server with the ticket."""
        return TicketFormRequest(
            matter=self.matter.code, values={k: v.strip() for k, v in self.values.items() if v.strip()},
            materials=[FormMaterialCheck(name=m.name, have=self.have.get(m.name, False))
                       for m in self.matter.materials])

    def as_screen(self) -> dict[str, Any]:
        """What the form page shows: no ID number in full (the card's fields are shown masked)."""
        fields = []
        for f in self.matter.form or []:
            value = self.values.get(f.key, "")
            locked = self.locked(f.key)
            problem = self.problems.get(f.key)
            zh, en = rules.REFUSALS.get(problem, ("", "")) if problem else ("", "")
            fields.append({"key": f.key, "label": f.label, "labelEn": f.label_en, "type": f.type,
                           "required": f.required, "choices": list(f.choices), "maxLength": f.max_length,
                           "locked": locked, "value": rules.shown_value(f.type, value, f.source) if locked else value,
                           "problem": zh, "problemEn": en})
        materials = [{"name": m.name, "nameEn": m.name_en, "copies": m.copies, "copiesEn": m.copies_en,
                      "have": self.have.get(m.name)} for m in self.matter.materials]
        missing = bool(self.missing())
        return {"matter": self.matter.code, "name": self.matter.name, "nameEn": self.matter.name_en,
                "fields": fields, "materials": materials, "missing": missing,
                "allowMissing": self.matter.allow_missing,
                "missingNote": self.matter.allow_missing_note or "",
                "missingNoteEn": self.matter.allow_missing_note_en or "",
                "unanswered": "_materials" in self.problems}
