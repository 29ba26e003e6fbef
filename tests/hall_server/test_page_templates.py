"""The server's HTML pages come from Jinja2 templates in assets/ with autoescaping: a hostile value
(a hall or category name from the hall file, a masked name or a document title from the approval
system) is shown as text on every page, never read as markup."""
from __future__ import annotations

import datetime as dt
import html.parser
import json
import pathlib

import pytest

from hall_server.schema import CertificateVerification, TicketTrack
from hall_server.trackpage import TEMPLATES, TrackPages
from hall_server.verifypage import VerifyPages

ROOT = pathlib.Path(__file__).resolve().parents[2]
HOSTILE = ["<script>alert(1)</script>", '"onload=alert(1) x="', "'><img src=x onerror=alert(1)>", "&lt;b&gt;"]
TOKEN = "Tk" + "a" * 22


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _shown_as_text(page: str, value: str, tags_without: list[tuple[str, dict]]) -> None:
    parsed = _Elements(page)
    assert parsed.tags == tags_without  # no element and no attribute came from the value
    assert value in "".join(parsed.text)  # the value itself is there, as text


def _track(**changes) -> TicketTrack:
    base = dict(number="A001", category_name="综合受理", category_name_en="General acceptance", state="waiting",
                day_closed=False, window=None, window_name=None, target_window=None, people_ahead=3,
                estimated_wait_minutes=5, business_day="2026-11-23", hall_name="东城区政务服务中心",
                hall_name_en="Dongcheng Government Service Centre", final=False, poll_seconds=5)
    return TicketTrack.model_validate({**base, **changes})


def _verification(**changes) -> CertificateVerification:
    base = dict(code="ABCD-EFGH-JKMN", status="valid", message="核验通过", message_en="Valid",
                title="户口迁移证明", title_en="Household transfer certificate", case_number="BJ2026-0001",
                matter="hk-move", matter_name="户口迁移", matter_name_en="Household transfer", masked_name="张*三",
                issued_on=dt.date(2026, 11, 23), hall_name="东城区政务服务中心", hall_name_en="Dongcheng Centre")
    return CertificateVerification.model_validate({**base, **changes})


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field, lang", [("hall_name", "zh"), ("hall_name_en", "en"), ("category_name", "zh")])
def test_the_tracking_page_escapes_every_value(field, lang, value):
    pages = TrackPages()
    plain = _Elements(pages.ticket(TOKEN, _track(), lang).html).tags
    page = pages.ticket(TOKEN, _track(**{field: value}), lang).html
    if field == "category_name":
        # Shown by the page's script from the embedded JSON: it must not end the <script> element.
        in_json = json.dumps(value, ensure_ascii=False)
        assert in_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") in page
        assert _Elements(page).tags == plain
    else:
        _shown_as_text(page, value, plain)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("token", ["", "b" * 22, "<script>" + "c" * 14])
def test_the_not_found_page_says_the_same_whatever_the_token(lang, token):
    page = TrackPages().not_found(lang, token).html
    assert "<script" not in page
    assert [t for t, _ in _Elements(page).tags].count("meta") in (4, 5)  # the refresh only for an offline form


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["masked_name", "title", "title_en", "case_number", "matter_name",
                                   "matter_name_en", "hall_name", "hall_name_en", "message", "message_en"])
def test_the_verification_page_escapes_every_value(field, value):
    pages = VerifyPages()
    plain = _Elements(pages.render(_verification()).html).tags
    page = pages.render(_verification(**{field: value})).html
    _shown_as_text(page, value, plain)


def test_the_verification_code_is_escaped_in_the_title_and_the_page():
    page = VerifyPages().render(_verification(code="<script>x</script>", status="unknown", title=None)).html
    assert "<script>x" not in page and page.count("&lt;script&gt;x&lt;/script&gt;") == 2


def test_the_pages_are_templates_in_assets_and_no_value_is_escaped_by_hand():
    assert TEMPLATES == ROOT / "assets" / "templates" / "server"
    assert {p.name for p in TEMPLATES.glob("*.html")} >= {"track.html", "not_found.html", "verify.html"}
    for source in (ROOT / "hall_server").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "html.escape" not in text and "import html\n" not in text, source
