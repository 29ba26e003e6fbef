"""The centre's web pages for staff: the city dashboard, statistics with CSV, 电子监察 and 差评回访 per hall,
the provincial ratings export. Chinese first, English with `?lang=en`.

Every page needs a login with the centre file's `[[staff]]` (username and PIN, checked against its
scrypt hash as the hall server makes them with `hall-server hash-pin`; five wrong PINs in a row lock
that username for five minutes). A login gives a random
session cookie, HttpOnly and SameSite=Strict, held in memory for 12 hours (a restarted centre
asks again). The HTML is Jinja2 with autoescaping (assets/templates/centre/): every value from a
hall, the centre file or the request is escaped; only our own CSS and script go in as they are,
allowed by hash in the Content-Security-Policy. The dashboard reloads its board every few seconds
(a small fetch of the board's HTML), so it needs no second renderer in the browser.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import os
import pathlib
import secrets
import time
import urllib.parse
import zoneinfo
from collections.abc import Callable
from typing import Any

import jinja2
import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from hall_centre import reports, store
from hall_centre.catalogue import CatalogueFolder
from hall_centre.config import Centre, StaffEntry

ASSETS = pathlib.Path(__file__).resolve().parents[1] / "assets"
TEMPLATES = ASSETS / "templates" / "centre"
COOKIE = "centre_session"
SESSION_S = 12 * 3600
REFRESH_S = 10.0
LOCK_AFTER, LOCK_S = 5, 300.0  # wrong PINs in a row, then that username is refused for five minutes
LEVEL_ORDER = ("district", "street", "community")
# Devices in fault, most severe first: the reason codes the device host reports (devices/health.py).
SEVERITY = {"paper_end": 0, "cover_open": 1, "unreachable": 2, "not_answering": 2, "module_fault": 3,
            "printer_error": 3, "line_noise": 3, "offline": 4}


def verify_pin(stored: str, pin: str) -> bool:
    """A PIN against its `scrypt$n$r$p$salt$key` hash (the hall server's format)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def hash_pin(pin: str) -> str:
    """A hash `verify_pin` accepts, with the hall server's parameters (for tests and the sample file)."""
    salt = os.urandom(16)
    key = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${2**14}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


_UNKNOWN_HASH = hash_pin(secrets.token_hex(8))  # an unknown username takes as long as a known one


@dataclasses.dataclass
class Sessions:
    """Logged-in staff by the digest of their cookie (the cookie itself is never stored)."""

    staff: dict[str, StaffEntry]
    held: dict[str, tuple[str, float]] = dataclasses.field(default_factory=dict)
    failures: dict[str, tuple[int, float]] = dataclasses.field(default_factory=dict)  # wrong PINs, locked until

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def login(self, username: str, pin: str) -> str | None:
        """A new session's cookie, or None: a wrong username or PIN, or a username locked for a while
        after LOCK_AFTER wrong PINs in a row (its right PIN is refused too until LOCK_S have passed)."""
        person = self.staff.get(username)
        ok = verify_pin(person.pin_hash if person else _UNKNOWN_HASH, pin)
        now = time.monotonic()
        failed, until = self.failures.get(username, (0, 0.0))
        if until > now:
            return None
        if not ok or person is None:
            failed += 1
            self.failures[username] = (0, now + LOCK_S) if failed >= LOCK_AFTER else (failed, 0.0)
            return None
        self.failures.pop(username, None)
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        self.held = {k: v for k, v in self.held.items() if v[1] > now}
        self.held[self._key(token)] = (username, now + SESSION_S)
        return token

    def who(self, token: str | None) -> StaffEntry | None:
        found = self.held.get(self._key(token)) if token else None
        if found is None or found[1] <= time.monotonic():
            return None
        return self.staff.get(found[0])

    def logout(self, token: str | None) -> None:
        if token:
            self.held.pop(self._key(token), None)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


W: dict[str, dict[str, str]] = {
    "zh": {
        "centre": "网络中心", "dashboard": "全市看板", "stats": "统计", "supervision": "电子监察与差评回访",
        "export": "好差评导出", "logout": "退出", "switch": "English", "login": "登录", "username": "用户名",
        "pin": "密码", "login_failed": "用户名或密码不正确", "not_heard": "未联通的大厅",
        "all_heard": "所有大厅均已联通",
        "hall": "大厅", "level": "层级", "waiting": "等候人数", "longest": "最长等候", "windows": "开放窗口",
        "sla": "时效", "link": "联通", "last_heard": "最后联通", "never": "从未联通", "min_ago": "{n} 分钟前",
        "minutes": "{n} 分钟", "faults": "设备故障", "no_faults": "没有设备故障", "device": "设备", "fault": "故障",
        "since": "开始时间", "district": "区级大厅", "street": "街道便民服务中心", "community": "社区便民服务站",
        "green": "正常", "amber": "预警", "red": "超时", "unknown": "未知",
        "new": "未联通", "catching_up": "补传中", "live": "在线",
        "down": "中断", "refused": "令牌被拒", "updated": "更新于", "by": "按", "from": "开始日期", "to": "结束日期",
        "show": "查询", "csv": "下载 CSV", "by_hall": "大厅", "by_level": "层级", "by_category": "业务类别",
        "by_day": "日期", "issued": "取号数", "served": "办结数", "no_shows": "过号数", "avg_wait": "平均等候（分钟）",
        "p90_wait": "P90 等候（分钟）", "max_wait": "最长等候（分钟）", "no_rows": "该时段没有数据",
        "waiting_yellow": "等候超预警", "waiting_red": "等候超时", "late_month": "本月超时叫号",
        "bad_month": "本月差评", "fu_open": "待回访", "fu_overdue": "回访逾期", "closed_late": "本月逾期办结",
        "sla_rule": "时效颜色：最长等候超过 {y} 分钟为预警，超过 {r} 分钟为超时（网络中心设置）。",
        "export_note": "导出所有大厅在该时段的好差评（hall-ratings/1 格式，JSON）。",
        "down_count": "{n} 个大厅未联通", "refresh_failed": "刷新失败，稍后重试",
    },
    "en": {
        "centre": "Network centre", "dashboard": "City dashboard", "stats": "Statistics",
        "supervision": "Supervision and follow-ups", "export": "Ratings export", "logout": "Log out",
        "switch": "中文", "login": "Log in", "username": "Username", "pin": "PIN",
        "login_failed": "Wrong username or PIN", "not_heard": "Halls not heard from",
        "all_heard": "Every hall is connected", "hall": "Hall", "level": "Level", "waiting": "Waiting",
        "longest": "Longest wait", "windows": "Open windows", "sla": "SLA", "link": "Link",
        "last_heard": "Last heard", "never": "never", "min_ago": "{n} min ago", "minutes": "{n} min",
        "faults": "Devices in fault", "no_faults": "No device in fault", "device": "Device", "fault": "Fault",
        "since": "Since", "district": "District halls", "street": "Street service centres",
        "community": "Community service stations", "green": "OK", "amber": "Warning", "red": "Over time",
        "unknown": "Unknown",
        "new": "not connected", "catching_up": "catching up", "live": "live", "down": "down",
        "refused": "token refused", "updated": "Updated", "by": "By", "from": "From", "to": "To", "show": "Show",
        "csv": "Download CSV", "by_hall": "Hall", "by_level": "Level", "by_category": "Category", "by_day": "Day",
        "issued": "Issued", "served": "Served", "no_shows": "No-shows", "avg_wait": "Average wait (min)",
        "p90_wait": "P90 wait (min)", "max_wait": "Longest wait (min)", "no_rows": "No data for this range",
        "waiting_yellow": "Waiting past warning", "waiting_red": "Waiting over time",
        "late_month": "Called late this month", "bad_month": "Bad ratings this month",
        "fu_open": "Follow-ups open", "fu_overdue": "Follow-ups overdue", "closed_late": "Closed late this month",
        "sla_rule": "SLA colour: a longest wait past {y} min is a warning, past {r} min over time (the centre's "
                    "setting).",
        "export_note": "Every hall's ratings of the range in one file (format hall-ratings/1, JSON).",
        "down_count": "({n})", "refresh_failed": "Refresh failed; trying again",
    },
}


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


class CentrePages:
    """The pages, their templates read once; `engine()` gives the store once the app has started."""

    def __init__(self, centre: Centre, engine: Any, refresh_s: float = REFRESH_S,
                 clock: Callable[[], dt.datetime] | None = None):
        self.centre = centre
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.engine = engine
        self.refresh_s = refresh_s
        self.sessions = Sessions({s.username: s for s in centre.staff})
        self.catalogue = None if centre.catalogue is None else CatalogueFolder(centre.catalogue)
        self.tz = zoneinfo.ZoneInfo(centre.timezone)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        self.t = {n: env.get_template(f"{n}.html") for n in ("login", "dashboard", "board", "stats", "supervision")}
        self.style = Markup((TEMPLATES / "centre.css").read_text(encoding="utf-8"))
        self.script = Markup((TEMPLATES / "board.js").read_text(encoding="utf-8"))
        self.headers = {
            "Content-Security-Policy": (f"default-src 'none'; style-src {csp_hash(self.style)}; script-src "
                                        f"{csp_hash(self.script)}; connect-src 'self'; img-src 'self' data:; "
                                        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
            "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY"}

    # --- helpers ---------------------------------------------------------------------------

    def names(self) -> reports.Names:
        """The standard names of categories and matters in the centre's catalogue, as it is now."""
        if self.catalogue is None:
            return reports.Names()
        c = self.catalogue.current().catalogue
        return reports.Names(categories={x.code: (x.name, x.name_en) for x in c.categories},
                             matters={m.code: m.name for m in c.matters})

    def _page(self, name: str, lang: str, user: StaffEntry | None, here: str, **values: Any) -> HTMLResponse:
        query = {k: v for k, v in values.pop("query", {}).items() if v}
        other = "zh" if lang == "en" else "en"
        params = {**query, "lang": "en"} if other == "en" else query
        switch = here + ("?" + urllib.parse.urlencode(params) if params else "")
        suffix = "?lang=en" if lang == "en" else ""
        html = self.t[name].render(
            w=W[lang], lang=lang, html_lang="en" if lang == "en" else "zh-CN", style=self.style, script=self.script,
            user=user, centre=self.centre, switch=switch, suffix=suffix, here=here, **values)
        return HTMLResponse(html, headers=self.headers)

    def _local(self, at: dt.datetime | None) -> str:
        return "" if at is None else at.astimezone(self.tz).strftime("%m-%d %H:%M")

    def sla(self, longest_s: int | None) -> str:
        minutes = (longest_s or 0) / 60
        if minutes > self.centre.sla_red_minutes:
            return "red"
        return "amber" if minutes > self.centre.sla_yellow_minutes else "green"

    def board(self, lang: str) -> dict[str, Any]:
        """What the dashboard's board shows, from the store now."""
        from hall_centre.api import hall_status  # the API's own view of each hall

        now = self.clock()
        halls = hall_status(self.centre, store.halls_now(self.engine()), now)
        w = W[lang]
        rows = []
        for h in halls:
            heard = None if h.last_heard is None else max(0, int((now - h.last_heard).total_seconds() // 60))
            rows.append({
                "code": h.code, "name": h.name_en if lang == "en" else h.name, "level": h.level,
                "waiting": h.waiting_total, "longest": None if h.longest_wait_s is None else
                w["minutes"].format(n=h.longest_wait_s // 60), "windows": h.open_windows,
                "sla": self.sla(h.longest_wait_s) if h.status in ("live", "catching_up") else "unknown",
                "status": h.status, "error": h.error or "",
                "heard": w["never"] if heard is None else w["min_ago"].format(n=heard)})
        faults = []
        for h in halls:
            for f in h.faults:
                reason = (f.reason_en if lang == "en" else f.reason_zh) or f.reason or f.state
                rank = SEVERITY.get(f.reason, 5 if f.state == "down" else 6)
                faults.append({"hall": h.name_en if lang == "en" else h.name, "device": f.device,
                               "reason": reason, "state": f.state, "since": self._local(f.since),
                               "rank": rank, "at": f.since})
        faults.sort(key=lambda f: (f["rank"], f["at"]))
        groups = [(level, [r for r in rows if r["level"] == level]) for level in LEVEL_ORDER]
        return {"groups": [(lv, rs) for lv, rs in groups if rs],
                "unheard": [r for r in rows if r["status"] in ("new", "down", "refused")],
                "faults": faults, "updated": self._local(now) + (now.astimezone(self.tz).strftime(":%S")),
                "sla_rule": w["sla_rule"].format(y=self.centre.sla_yellow_minutes, r=self.centre.sla_red_minutes)}

    # --- the router ---------------------------------------------------------------------------

    def router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)

        def user_of(request: Request) -> StaffEntry | None:
            return self.sessions.who(request.cookies.get(COOKIE))

        def to_login(request: Request) -> RedirectResponse:
            return RedirectResponse("/login" + ("?lang=en" if _lang(request) == "en" else ""), status_code=303)

        @router.get("/login")
        async def login_form(request: Request) -> Response:
            lang = _lang(request)
            return self._page("login", lang, None, "/login", failed=False)

        @router.post("/login")
        async def login(request: Request) -> Response:
            form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
            lang = "en" if form.get("lang", [""])[0] == "en" else "zh"
            username, pin = form.get("username", [""])[0][:64], form.get("pin", [""])[0][:64]
            token = await run_in_threadpool(self.sessions.login, username, pin)
            if token is None:
                page = self._page("login", lang, None, "/login", failed=True)
                page.status_code = 401
                return page
            done = RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303)
            done.set_cookie(COOKIE, token, max_age=SESSION_S, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
            return done

        @router.post("/logout")
        async def logout(request: Request) -> Response:
            self.sessions.logout(request.cookies.get(COOKIE))
            done = to_login(request)
            done.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
            return done

        @router.get("/")
        async def dashboard(request: Request) -> Response:
            user = user_of(request)
            if user is None:
                return to_login(request)
            lang = _lang(request)
            board = await run_in_threadpool(self.board, lang)
            return self._page("dashboard", lang, user, "/", board=board, refresh_ms=int(self.refresh_s * 1000))

        @router.get("/board")
        async def board_part(request: Request) -> Response:
            if user_of(request) is None:
                return Response(status_code=401)
            lang = _lang(request)
            board = await run_in_threadpool(self.board, lang)
            return self._page("board", lang, user_of(request), "/", board=board)

        def stats_query(request: Request) -> tuple[reports.StatsBy, dt.date, dt.date, str | None]:
            q = request.query_params
            today = self.clock().astimezone(self.tz).date()
            asked = q.get("by", "hall")
            by: reports.StatsBy = next((b for b in reports.STATS_BY if b == asked), "hall")
            error = None if asked == by else "bad_by"
            try:
                date_from = dt.date.fromisoformat(q["from"]) if q.get("from") else today.replace(day=1)
                date_to = dt.date.fromisoformat(q["to"]) if q.get("to") else today
            except ValueError:
                date_from, date_to, error = today.replace(day=1), today, "bad_date"
            return by, date_from, date_to, error

        @router.get("/stats")
        async def stats_page(request: Request) -> Response:
            user = user_of(request)
            if user is None:
                return to_login(request)
            lang = _lang(request)
            by, date_from, date_to, error = stats_query(request)
            message = None
            rows: list[reports.StatsRow] = []
            if error:
                message = ("日期或分组无效" if lang == "zh" else "a date or the grouping is not valid")
            else:
                try:
                    rows = await run_in_threadpool(reports.stats, self.engine(), self.centre, by,
                                                   date_from, date_to)
                except reports.ReportRefusal as exc:
                    message = exc.message_en if lang == "en" else exc.message
            known = self.names()
            names = {r.key: reports.key_names(self.centre, by, r.key, known)[1 if lang == "en" else 0]
                     for r in rows}
            query = {"by": by, "from": date_from.isoformat(), "to": date_to.isoformat()}
            page = self._page("stats", lang, user, "/stats", rows=rows, names=names, by=by, choices=reports.STATS_BY,
                              date_from=date_from, date_to=date_to, message=message, query=query,
                              csv_href="/stats.csv?" + urllib.parse.urlencode(query),
                              export_href="/ratings/export?" + urllib.parse.urlencode(
                                  {"from": date_from.isoformat(), "to": date_to.isoformat()}))
            if message:
                page.status_code = 422
            return page

        @router.get("/stats.csv")
        async def stats_csv(request: Request) -> Response:
            if user_of(request) is None:
                return Response(status_code=401)
            by, date_from, date_to, error = stats_query(request)
            if error:
                return Response("日期或分组无效 / a date or the grouping is not valid", status_code=422,
                                media_type="text/plain; charset=utf-8")
            try:
                rows = await run_in_threadpool(reports.stats, self.engine(), self.centre, by,
                                               date_from, date_to)
            except reports.ReportRefusal as exc:
                return Response(f"{exc.message} / {exc.message_en}", status_code=422,
                                media_type="text/plain; charset=utf-8")
            name = f"centre-stats-{by}-{date_from}-{date_to}.csv"
            return Response(reports.stats_csv(self.centre, by, rows, self.names()),
                            media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"',
                                     "Cache-Control": "no-store"})

        @router.get("/supervision")
        async def supervision_page(request: Request) -> Response:
            user = user_of(request)
            if user is None:
                return to_login(request)
            lang = _lang(request)
            found = await run_in_threadpool(reports.supervision, self.engine(), self.centre, self.clock())
            names = {h.code: h.name_en if lang == "en" else h.name for h in self.centre.halls}
            return self._page("supervision", lang, user, "/supervision", rows=found, names=names,
                              sla_rule=W[lang]["sla_rule"].format(y=self.centre.sla_yellow_minutes,
                                                                  r=self.centre.sla_red_minutes))

        @router.get("/ratings/export")
        async def ratings_export(request: Request) -> Response:
            user = user_of(request)
            if user is None:
                return Response(status_code=401)
            if user.role != "admin":
                return Response("仅管理员可导出 / only an admin may export", status_code=403,
                                media_type="text/plain; charset=utf-8")
            q = request.query_params
            try:
                date_from, date_to = dt.date.fromisoformat(q.get("from", "")), dt.date.fromisoformat(q.get("to", ""))
                body = await run_in_threadpool(reports.ratings_export, self.engine(), self.centre, date_from,
                                               date_to, self.clock(), self.names())
            except ValueError as exc:
                words = (exc.message, exc.message_en) if isinstance(exc, reports.ReportRefusal) else \
                    ("日期无效（YYYY-MM-DD）", "the dates must be YYYY-MM-DD")
                return Response(f"{words[0]} / {words[1]}", status_code=422, media_type="text/plain; charset=utf-8")
            name = f"{self.centre.code}-ratings-{date_from}-{date_to}.json"
            return Response(body.model_dump_json(indent=1), media_type="application/json",
                            headers={"Content-Disposition": f'attachment; filename="{name}"',
                                     "Cache-Control": "no-store"})

        return router


def engine_getter(state: Any) -> Any:
    """The running app's engine (set at start-up), for the pages."""
    def get() -> sa.Engine:
        assert state.engine is not None
        return state.engine
    return get
