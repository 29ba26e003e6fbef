"""The phone tracking page (`/t/{token}`): one self-contained HTML response, no CDN, no build step.

The receipt's QR code carries `/t/{token}`. The page embeds the ticket's current state (so it
shows at once on a slow mobile network, in one request) and a small script that asks
`/api/v1/track/{token}` again every few seconds. Polling, not a WebSocket: a phone on a mobile
network drops sockets often, hundreds of phones would each hold one open on the hall server,
and a state a few seconds old is fine for someone walking around the hall.

CSS and script are inlined and allowed by hash in the Content-Security-Policy, so nothing else
may run on the page; the token never leaves it (no-referrer, no external links). The HTML is a
Jinja2 template of assets/templates/server/ with autoescaping: every value is escaped unless it
is our own CSS, script or script-safe JSON (`Markup`).
"""
from __future__ import annotations

import base64
import hashlib
import pathlib
import re
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .schema import API, OFFLINE_TRACK_TOKEN_LENGTH, TicketTrack

ASSETS = pathlib.Path(__file__).resolve().parents[1] / "assets"
WEB = ASSETS / "web"  # the pages' CSS and script
TEMPLATES = ASSETS / "templates" / "server"  # the pages' HTML (Jinja2)
# What the server and offline kiosks make: token_urlsafe(18) is 24 characters; kiosks 22 to 64.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")

_TITLE = {"zh": "排队进度", "en": "Queue status"}
_NOT_FOUND = {"zh": ("未找到该号码", "该链接无效或已过期。请以大厅叫号屏或窗口工作人员的通知为准。"),
              "en": ("Ticket not found", "This link is not valid or has expired. Please follow the hall's "
                                         "call screen and the window staff.")}
_NOT_YET = {"zh": ("暂未查到该号码", "这是自助机在与服务器断开时发放的号码，自助机恢复联网后即可在此查询进度，"
                                       "本页每 30 秒自动刷新。在此之前，请留意大厅叫号屏。"),
            "en": ("Not known yet", "This number was issued by a kiosk while it was cut off from the hall's server. "
                                    "Its place in the queue shows here once the kiosk is back online; this page "
                                    "refreshes itself every 30 seconds. Meanwhile, please watch the hall's call "
                                    "screen.")}
#: How often the "not known yet" page reloads itself (a meta refresh: the page runs no script).
NOT_YET_REFRESH_S = 30
_NOSCRIPT = {"zh": "请开启浏览器的 JavaScript 以自动刷新进度。", "en": "Turn on JavaScript to see updates."}
_SWITCH = {"zh": ("English", "en"), "en": ("中文", "zh")}


def choose_language(query: str | None, accept_language: str | None) -> str:
    """"zh" or "en": `?lang=` wins, then the Accept-Language preference; Chinese by default."""
    if query in ("zh", "en"):
        return query
    best, best_q = "zh", 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.split("-")[0]
        if primary in ("zh", "en") and q > best_q:
            best, best_q = primary, q
    return best


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _json_for_script(data: str) -> Markup:
    """JSON that cannot end its <script> element early (so it goes in as it is, unescaped)."""
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page_templates(folder: pathlib.Path = TEMPLATES) -> jinja2.Environment:
    """The server's HTML templates: every value escaped, a value the page does not get is an error."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@dataclass(frozen=True)
class Rendered:
    html: str
    headers: dict[str, str]


class TrackPages:
    """Templates read once at start-up; each response is a template rendered with autoescaping."""

    def __init__(self, web: pathlib.Path = WEB, templates: pathlib.Path = TEMPLATES):
        pages = page_templates(templates)
        self.page = pages.get_template("track.html")
        self.missing = pages.get_template("not_found.html")
        self.style = Markup((web / "track.css").read_text(encoding="utf-8"))
        self.script = Markup((web / "track.js").read_text(encoding="utf-8"))
        csp = (f"default-src 'none'; style-src {csp_hash(self.style)}; script-src {csp_hash(self.script)}; "
               "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        self.headers = {
            "Content-Security-Policy": csp, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex, nofollow", "X-Content-Type-Options": "nosniff",
        }

    def _switch(self, token: str | None, lang: str) -> tuple[str, str]:
        text, other = _SWITCH[lang]
        return (f"/t/{token}?lang={other}" if token else f"?lang={other}"), text

    def ticket(self, token: str, track: TicketTrack, lang: str) -> Rendered:
        href, text = self._switch(token, lang)
        body = self.page.render(
            html_lang="en" if lang == "en" else "zh-CN", lang=lang,
            title=f"{track.number} · {_TITLE[lang]}", style=self.style, script=self.script,
            endpoint=f"{API}/track/{token}", hall=track.hall_name_en if lang == "en" else track.hall_name,
            number=track.number, switch_href=href, switch_text=text, noscript=_NOSCRIPT[lang],
            data=_json_for_script(track.model_dump_json()))
        return Rendered(body, self.headers)

    def not_found(self, lang: str, token: str = "") -> Rendered:
        """The one answer for an unknown, a malformed and an expired token alike (no oracle).

        A token of the form kiosks make offline gets "not known yet", reloading itself: its ticket
        may still be in the kiosk's outbox. That depends on the token's form alone, so it tells a
        guesser nothing about what the server holds.
        """
        offline = len(token) == OFFLINE_TRACK_TOKEN_LENGTH and TOKEN_PATTERN.fullmatch(token) is not None
        title, message = (_NOT_YET if offline else _NOT_FOUND)[lang]
        href, text = self._switch(token if offline else None, lang)
        body = self.missing.render(html_lang="en" if lang == "en" else "zh-CN", title=title, message=message,
                                   style=self.style, switch_href=href, switch_text=text,
                                   refresh=NOT_YET_REFRESH_S if offline else None)
        return Rendered(body, self.headers)
