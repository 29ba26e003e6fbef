"""Form templates of the service guide (电子填单): what a field may hold, one rule for the kiosk and the server.

A matter's form names its fields; each has a type (what its value looks like) and a source: a
field of the ID card (read by the card reader, locked on the kiosk) or the citizen's own typing.
The kiosk checks a value as the citizen types it and the hall server checks the same when the
form arrives, with `check_value`, so the two can never disagree.
"""
from __future__ import annotations

import datetime as dt
import re

from . import idnumbers

FIELD_TYPES = ("text", "phone", "date", "choice", "address", "idnumber")
CARD_SOURCES = ("card:name", "card:sex", "card:nation", "card:birth", "card:address", "card:id",
                "card:valid_until")
SOURCES = (*CARD_SOURCES, "citizen")
#: The type each card field has: a template that says otherwise is refused.
CARD_FIELD_TYPES = {"card:name": "text", "card:sex": "choice", "card:nation": "text", "card:birth": "date",
                    "card:address": "address", "card:id": "idnumber", "card:valid_until": "date"}
#: What an ID card gives as the end of its validity for a card valid for life.
VALID_FOR_LIFE = "长期"
#: The longest value any field may hold, whatever its template says.
MAX_LENGTH = 200

# A mobile number (11 digits from 1) or a landline with its area code (0xx-xxxxxxx, optional extension).
_PHONE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")


def check_value(type_: str, value: str, *, choices: tuple[str, ...] = (), max_length: int = MAX_LENGTH,
                today: dt.date | None = None) -> str | None:
    """Why a value does not fit its field, as a refusal code, or None when it fits.

    Codes: form_value_blank, form_value_too_long, form_bad_phone, form_bad_date,
    form_bad_choice, bad_id_number.
    """
    text = value.strip()
    if not text:
        return "form_value_blank"
    if len(value) > min(max_length, MAX_LENGTH) or "\x00" in value:
        return "form_value_too_long"
    if type_ == "phone":
        return None if _PHONE.fullmatch(text) else "form_bad_phone"
    if type_ == "date":
        if text == VALID_FOR_LIFE:
            return None
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return "form_bad_date"
        return None if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else "form_bad_date"
    if type_ == "choice":
        return None if text in choices else "form_bad_choice"
    if type_ == "idnumber":
        return None if idnumbers.is_valid(text, today=today) else idnumbers.BAD_ID_NUMBER
    return None


def shown_value(type_: str, value: str, source: str = "citizen") -> str:
    """A value as a screen others may see shows it (the kiosk, the window's evaluator, the form's paper):
    the ID number masked, and the card holder's name as everywhere else (张*丰)."""
    if type_ == "idnumber":
        return idnumbers.mask(value)
    return idnumbers.mask_name(value) if source == "card:name" else value


#: Each refusal of a form's value, in Chinese and English: the kiosk shows the same words offline.
REFUSALS = {
    "form_value_blank": ("请填写此项", "please fill in this field"),
    "form_value_too_long": ("内容过长", "the text is too long"),
    "form_bad_phone": ("请填写正确的手机号码或带区号的固定电话",
                       "give a mobile number or a landline with its area code"),
    "form_bad_date": ("请按“年-月-日”填写日期", "give the date as YYYY-MM-DD"),
    "form_bad_choice": ("请从选项中选择", "choose one of the options"),
    idnumbers.BAD_ID_NUMBER: (idnumbers.BAD_ID_NUMBER_ZH, idnumbers.BAD_ID_NUMBER_EN),
}
