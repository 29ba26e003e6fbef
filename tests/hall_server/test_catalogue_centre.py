"""A catalogue change reaches the halls: a real centre route served by uvicorn on loopback and a real
hall server that fetches the catalogue from it, keeps it, and keeps using it while the centre is away."""
from __future__ import annotations

import logging
import pathlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request, Response

from hall_centre import catalogue_api
from hall_centre.catalogue import CatalogueFolder, seed_folder
from hall_server import db
from hall_server.app import Settings, load_or_store_config
from hall_server.catalogue import KEPT_KEY, CatalogueFollower
from hall_server.config import SAMPLE_HALL, ConfigError, token_digest
from hall_server.schema import CatalogueUpdatedData, EventPage
from hallsupport import ADMIN_PIN, DISPLAY_TOKEN, KIOSK_TOKEN, FakeClock, RunningServer

HALL_TOKEN = "model-district-centre-token-5e1f0c"


class RunningCentre:
    """A minimal centre: the catalogue route over a folder, in uvicorn on a loopback port."""

    def __init__(self, folder: pathlib.Path):
        app = FastAPI()
        app.include_router(catalogue_api.router(CatalogueFolder(folder).current,
                                                catalogue_api.hall_tokens({"SFQ": token_digest(HALL_TOKEN)})))
        self.answers: list[int] = []  # the status of each catalogue answer, in order

        @app.middleware("http")
        async def count(request: Request, call_next: Callable) -> Response:
            response = await call_next(request)
            if request.url.path == "/api/v1/catalogue":  # not the hall's other questions (nearby waits)
                self.answers.append(response.status_code)
            return response

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        wait_for(lambda: self._server.started, "the centre to start")

    def get(self, etag: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {HALL_TOKEN}"} | ({"If-None-Match": etag} if etag else {})
        return httpx.get(f"{self.url}/api/v1/catalogue", headers=headers, timeout=30)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=20)


def wait_for(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    """Wait until `condition` holds (asking again and again), or fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def folder(tmp_path: pathlib.Path) -> pathlib.Path:
    seed_folder(SAMPLE_HALL, tmp_path / "catalogue", "2026.12")
    return tmp_path / "catalogue"


@pytest.fixture
def centre(folder: pathlib.Path) -> Iterator[RunningCentre]:
    running = RunningCentre(folder)
    yield running
    running.stop()


def hall_file(tmp_path: pathlib.Path, centre_url: str, edit: Callable[[str], str] = lambda text: text) -> pathlib.Path:
    """The sample hall with a `[centre]` table."""
    path = tmp_path / "hall.toml"
    text = edit(SAMPLE_HALL.read_text(encoding="utf-8"))
    path.write_text(text + f'\n[centre]\nurl = "{centre_url}"\ntoken = "{HALL_TOKEN}"\n', encoding="utf-8")
    return path


def guide(server: RunningServer, etag: str | None = None) -> httpx.Response:
    return httpx.get(f"{server.url}/api/v1/matters", headers={"If-None-Match": etag} if etag else {}, timeout=30)


def matter(server: RunningServer, code: str) -> dict:
    return next(m for m in guide(server).json()["matters"] if m["code"] == code)


@pytest.mark.slow
def test_a_catalogue_change_reaches_the_halls(tmp_path: pathlib.Path, folder: pathlib.Path,
                                              centre: RunningCentre, caplog: pytest.LogCaptureFixture) -> None:
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, centre.url), FakeClock(), poll_interval=0.2,
                           tick_interval=0.5, catalogue_interval=0.2)
    server.start()
    try:
        first = guide(server)
        assert matter(server, "GA-HZ-001")["name"] == "居民身份证换领"
        hall_etag = first.headers["ETag"]
        centre_etag = centre.get().headers["ETag"]
        assert centre.get(centre_etag).status_code == 304  # an unchanged catalogue answers 304
        wait_for(lambda: centre.answers.count(304) >= 3, "the hall to ask again with the ETag it has")

        hukou = folder / "matters" / "hukou.toml"
        text = hukou.read_text(encoding="utf-8")
        text = text.replace("居民身份证换领", "居民身份证到期换领", 1).replace(
            '"materials" = [', '"materials" = [{"name" = "近期免冠照片", "name_en" = "Recent photo", '
                               '"copies" = "1张", "copies_en" = "1 photo"}, ', 1)
        hukou.write_text(text, encoding="utf-8")
        main = folder / "catalogue.toml"
        main.write_text(main.read_text(encoding="utf-8").replace('"2026.12"', '"2026.12-2"'), encoding="utf-8")

        wait_for(lambda: matter(server, "GA-HZ-001")["name"] == "居民身份证到期换领", "the hall's guide to change")
        changed = matter(server, "GA-HZ-001")
        assert changed["materials"][0] == {"name": "近期免冠照片", "name_en": "Recent photo", "copies": "1张",
                                           "copies_en": "1 photo"}
        assert changed["initials"] == "JMSFZDQHL"  # the search keys follow the new name
        assert guide(server, hall_etag).status_code == 200  # the guide's ETag changed with it
        new_etag = guide(server).headers["ETag"]
        assert new_etag != hall_etag and guide(server, new_etag).status_code == 304
        assert centre.get(centre_etag).status_code == 200 and centre.get().headers["ETag"] != centre_etag

        events = EventPage.model_validate(server.client(DISPLAY_TOKEN).get("/events", after=0).json()).events
        updates = [CatalogueUpdatedData.model_validate(e.data) for e in events if e.type == "catalogue.updated"]
        assert [u.version for u in updates] == ["2026.12", "2026.12-2"]
        assert updates[1].previous_digest == updates[0].digest and updates[1].matters == 24
        assert f'"{updates[1].digest}"' == centre.get().headers["ETag"]
    finally:
        server.stop()

    # The centre goes away: the hall starts again on the catalogue it kept, and says so in its log.
    centre.stop()
    with caplog.at_level(logging.WARNING, logger="hall_server.catalogue"):
        server.start()
    try:
        assert matter(server, "GA-HZ-001")["name"] == "居民身份证到期换领"
        assert "the centre is away" in caplog.text and "the kept version 2026.12-2 is used" in caplog.text
        kiosk = server.client(KIOSK_TOKEN)
        assert kiosk.issue("general")["ticket"]["number"] == "A001"  # the hall works on
    finally:
        server.stop()


@pytest.mark.slow
def test_a_catalogue_update_that_contradicts_the_running_hall_is_not_taken_up(
        tmp_path: pathlib.Path, folder: pathlib.Path, centre: RunningCentre, caplog: pytest.LogCaptureFixture) -> None:
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, centre.url), FakeClock(), poll_interval=0.2,
                           tick_interval=0.5, catalogue_interval=0.2)
    server.start()
    try:
        etag = guide(server).headers["ETag"]
        main = folder / "catalogue.toml"
        # The centre renames a category and changes a matter: the hall's file still says 税务.
        main.write_text(main.read_text(encoding="utf-8").replace('"name" = "税务"', '"name" = "税务服务"'),
                        encoding="utf-8")
        hukou = folder / "matters" / "hukou.toml"
        hukou.write_text(hukou.read_text(encoding="utf-8").replace("居民身份证换领", "居民身份证到期换领", 1),
                         encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="hall_server.catalogue"):
            wait_for(lambda: "is not taken up" in caplog.text, "the update to be refused")
        assert "categories[4] (tax): name '税务' differs from the catalogue's '税务服务'" in caplog.text
        assert guide(server, etag).status_code == 304
        assert matter(server, "GA-HZ-001")["name"] == "居民身份证换领"
        events = server.client(DISPLAY_TOKEN).get("/events", after=0).json()["events"]
        assert [e["data"]["version"] for e in events if e["type"] == "catalogue.updated"] == ["2026.12"]
    finally:
        server.stop()


def test_a_hall_file_that_contradicts_the_catalogue_is_refused_and_nothing_is_kept(
        tmp_path: pathlib.Path, centre: RunningCentre) -> None:
    def contradicting(text: str) -> str:
        text = text.replace('code = "GA-HZ-002"', 'code = "GA-HZ-902"')
        text = text.replace('name = "税务"', 'name = "税务服务"')
        text = text.replace('code = "facilities"', 'code = "parking"')
        return text.replace('"2026-10-07",', '"2026-10-07", "2026-10-08",')

    path = hall_file(tmp_path, centre.url, contradicting)
    store = db.Store(str(tmp_path / "hall.db"))
    try:
        db.migrate(store, time.time)
        follower = CatalogueFollower(store, path, FakeClock())
        with pytest.raises(ConfigError) as refused:
            follower.choose()
        with store.read() as conn:
            assert conn.execute(db.hall_config.select()).first() is None
            assert conn.execute(db.hall_state.select().where(db.hall_state.c.key == KEPT_KEY)).first() is None
    finally:
        store.close()
    lines = str(refused.value).splitlines()
    assert "hall configuration: matters[1] (GA-HZ-902): not in the catalogue (catalogue 2026.12)" in lines
    assert ("hall configuration: categories[4] (tax): name '税务服务' differs from the catalogue's '税务' "
            "(catalogue 2026.12)") in lines
    assert "hall configuration: ratings.reasons[5] (parking): not in the catalogue (catalogue 2026.12)" in lines
    assert ("hall configuration: calendar.holidays: 2026-10-08 not in the catalogue's 2026 (catalogue 2026.12)"
            in lines)
    assert len(lines) == 4


def test_without_centre_or_kept_catalogue_the_hall_files_own_entries_are_used(
        tmp_path: pathlib.Path, folder: pathlib.Path, caplog: pytest.LogCaptureFixture) -> None:
    centre = RunningCentre(folder)
    url = centre.url
    centre.stop()  # a centre that is not there (yet)
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, url), FakeClock(), catalogue_interval=0.2)
    with caplog.at_level(logging.WARNING, logger="hall_server.catalogue"):
        server.start()
    try:
        assert "none is kept: the hall file's own matters" in caplog.text
        assert len(guide(server).json()["matters"]) == 24
    finally:
        server.stop()


def test_the_centres_token_is_never_kept_in_the_database(tmp_path: pathlib.Path, centre: RunningCentre) -> None:
    path = hall_file(tmp_path, centre.url)
    store = db.Store(str(tmp_path / "hall.db"))
    try:
        db.migrate(store, time.time)
        load_or_store_config(store, Settings(db_url=str(tmp_path / "hall.db"), hall_file=path))
        with store.read() as conn:
            stored = conn.execute(db.hall_config.select()).one().toml
    finally:
        store.close()
    assert centre.url in stored and HALL_TOKEN not in stored


def test_check_config_checks_a_hall_file_against_its_centres_catalogue(
        tmp_path: pathlib.Path, centre: RunningCentre, capsys: pytest.CaptureFixture) -> None:
    from hall_server.cli import main

    assert main(["check-config", str(hall_file(tmp_path, centre.url))]) == 0
    assert "ok: agrees with the centre's catalogue 2026.12" in capsys.readouterr().out
    path = hall_file(tmp_path, centre.url, lambda text: text.replace('code = "GA-HZ-002"', 'code = "GA-HZ-902"'))
    assert main(["check-config", str(path)]) == 1
    assert f"error: {path}: matters[1] (GA-HZ-902): not in the catalogue (catalogue 2026.12)" in \
        capsys.readouterr().err
    centre.stop()
    assert main(["check-config", str(path)]) == 0
    assert "note: not checked against the centre's catalogue" in capsys.readouterr().out


@pytest.mark.slow
def test_instances_on_one_postgresql_database_take_up_a_change_and_announce_it_once(
        tmp_path: pathlib.Path, folder: pathlib.Path, centre: RunningCentre, pg_url: str) -> None:
    path = hall_file(tmp_path, centre.url)
    servers = [RunningServer(pg_url, path, FakeClock(), poll_interval=0.2, tick_interval=0.5,
                             catalogue_interval=0.1) for _ in range(2)]
    for server in servers:
        server.start()
    try:
        hukou = folder / "matters" / "hukou.toml"
        hukou.write_text(hukou.read_text(encoding="utf-8").replace("居民身份证换领", "居民身份证到期换领", 1),
                         encoding="utf-8")
        for server in servers:
            wait_for(lambda s=server: matter(s, "GA-HZ-001")["name"] == "居民身份证到期换领",
                     "every instance's guide to change")
        events = servers[1].client(DISPLAY_TOKEN).get("/events", after=0).json()["events"]
        updates = [e["data"] for e in events if e["type"] == "catalogue.updated"]
        assert len(updates) == 2 and updates[1]["previous_digest"] == updates[0]["digest"]
    finally:
        for server in servers:
            server.stop()


def test_a_hall_whose_token_the_centre_refuses_starts_on_its_own_entries_and_says_why(
        tmp_path: pathlib.Path, centre: RunningCentre, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from hall_server.catalogue import TOKEN_ENV

    monkeypatch.setenv(TOKEN_ENV, "a-token-no-hall-of-this-centre-has")  # the environment's wins over the file's
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, centre.url), FakeClock())
    with caplog.at_level(logging.WARNING, logger="hall_server.catalogue"):
        server.start()
    try:
        assert "the centre refused this hall's token (401)" in caplog.text
        assert len(guide(server).json()["matters"]) == 24
        assert centre.answers == [401]
    finally:
        server.stop()


def test_what_the_centre_publishes_is_read_only_in_the_settings(tmp_path: pathlib.Path,
                                                                centre: RunningCentre) -> None:
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, centre.url), FakeClock())
    server.start()
    try:
        admin = server.login("admin", ADMIN_PIN)
        r = admin.get("/settings")
        settings, version = r.json(), r.headers["ETag"]
        marked = {(m["table"], m["code"]): m["fields"] for m in settings["read_only"]}
        category = settings["categories"][0]
        assert marked[("categories", category["code"])] == ["name", "name_en"]
        assert ("matters", settings["matters"][0]["code"]) in marked
        assert ("rating_reasons", settings["rating_reasons"][0]["code"]) in marked

        def put(path: str, row: dict) -> httpx.Response:
            headers = admin.headers(new_key=True) | {"If-Match": version}
            return admin.http.put(f"/api/v1/settings/{path}", json=row, headers=headers)

        for path, row in ((f"matters/{settings['matters'][0]['code']}", dict(settings["matters"][0], fee="10元")),
                          (f"rating_reasons/{settings['rating_reasons'][0]['code']}",
                           dict(settings["rating_reasons"][0], name="别的")),
                          (f"categories/{category['code']}", dict(category, name="改名"))):
            r = put(path, row)
            assert r.status_code == 409, r.text
            assert r.json()["error"]["code"] == "from_centre" and "由中心统一发布" in r.json()["error"]["message"]
        events = admin.get("/events", after=0).json()["events"]
        assert [e for e in events if e["type"] == "config.changed"] == []
        # What stays the hall's own is still edited here.
        r = put(f"categories/{category['code']}", dict(category, daily_cap=99))
        assert r.status_code == 200, r.text
    finally:
        server.stop()
