"""One root for the errors the hall's parts raise on purpose (hall_rules.errors.HallError)."""
from __future__ import annotations

import pytest

from devices.client import DeviceCommandError
from devices.errors import CommandError
from hall_rules.errors import HallError
from hall_server.certpdf import DocumentRefused
from hall_server.engine import QueueRefusal
from kiosk.casedesk import DeskRefused
from kiosk.core import TicketRefused
from kiosk.link import Refused


@pytest.mark.parametrize("make", [
    lambda: QueueRefusal(409, "daily_cap_reached", "今日号码已取完", "no tickets left today", category="tax"),
    lambda: TicketRefused("daily_cap_reached", "今日号码已取完", "no tickets left today", {"category": "tax"}),
    lambda: Refused("daily_cap_reached", "今日号码已取完", "no tickets left today", {"category": "tax"}, 409),
    lambda: DeskRefused("daily_cap_reached", "今日号码已取完", "no tickets left today", {"category": "tax"}),
    lambda: CommandError("not_ready", "缺纸", "paper out"),
    lambda: DeviceCommandError("not_ready", "缺纸", "paper out"),
    lambda: DocumentRefused("too_many_pages", "页数过多", "too many pages"),
], ids=["server", "kiosk-offline", "kiosk-link", "kiosk-desk", "device-host", "device-client", "pdf"])
def test_every_refusal_is_a_hall_error_with_its_code_and_both_languages(make):
    error = make()
    assert isinstance(error, HallError)
    assert str(error) == f"{error.code}: {error.message_en}"
    assert error.message and error.message_en and error.code
    assert error.as_dict()["code"] == error.code


def test_detail_is_a_copy_and_shown_only_when_there_is_one():
    values = {"category": "tax"}
    error = HallError("daily_cap_reached", "今日号码已取完", "no tickets left today", values)
    values["category"] = "changed"
    assert error.detail == {"category": "tax"}
    assert "detail" not in HallError("x", "甲", "x").as_dict()
