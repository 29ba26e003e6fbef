"""The centre's service catalogue: a folder of TOML files, checked, versioned and served by ETag to halls."""
from __future__ import annotations

import json
import logging
import pathlib

import pytest
import asyncio

import httpx
from fastapi import FastAPI

from hall_centre import catalogue_api
from hall_centre.catalogue import CatalogueFolder, load_folder, main, publish, seed_folder
from hall_server.catalogue import parse_published
from hall_server.config import SAMPLE_HALL, ConfigError, token_digest

HALL_TOKEN = "street-hall-7-token-0123456789"


@pytest.fixture
def folder(tmp_path: pathlib.Path) -> pathlib.Path:
    seed_folder(SAMPLE_HALL, tmp_path / "catalogue", "2026.12")
    return tmp_path / "catalogue"


def test_a_hall_files_shared_entries_seed_a_catalogue_that_reads_back_the_same(folder: pathlib.Path) -> None:
    from hall_server.config import load_hall

    hall = load_hall(SAMPLE_HALL)
    catalogue = load_folder(folder)
    assert catalogue.version == "2026.12"
    assert [m.code for m in catalogue.matters] == sorted((m.code for m in hall.matters),
                                                         key=[m.code for m in catalogue.matters].index)
    assert {m.code for m in catalogue.matters} == {m.code for m in hall.matters}
    assert {(c.code, c.name, c.name_en) for c in catalogue.categories} == {
        (c.code, c.name, c.name_en) for c in hall.categories.values()}
    assert [r.code for r in catalogue.ratings.reasons] == [r.code for r in hall.ratings.reasons]
    assert catalogue.calendar.as_calendar() == hall.calendar
    assert sorted(p.name for p in (folder / "matters").iterdir())[:2] == ["business.toml", "exit_entry.toml"]
    with pytest.raises(ConfigError, match="holds a catalogue already"):
        seed_folder(SAMPLE_HALL, folder, "again")


def test_the_digest_is_the_content_and_the_answer_checks_itself(folder: pathlib.Path) -> None:
    first, again = publish(load_folder(folder)), publish(load_folder(folder))
    assert first.digest == again.digest and first.body == again.body and first.etag == f'"{first.digest}"'
    catalogue, digest = parse_published(first.body, "answer")
    assert catalogue == first.catalogue and digest == first.digest
    forged = json.loads(first.body)
    forged["catalogue"]["matters"][0]["name"] = "别的事项"
    with pytest.raises(ConfigError, match="answer: the digest does not match the content"):
        parse_published(json.dumps(forged).encode(), "answer")
    with pytest.raises(ConfigError, match="answer: not JSON"):
        parse_published(b"\xff{", "answer")
    # The version for people does not hide a change: the digest moves with any content.
    hukou = folder / "matters" / "hukou.toml"
    text = hukou.read_text(encoding="utf-8")
    hukou.write_text(text.replace("居民身份证换领", "居民身份证到期换领"), encoding="utf-8")
    assert publish(load_folder(folder)).digest != first.digest


@pytest.mark.parametrize(("edit", "message"), [
    (("matters/hukou.toml", "\"legal_days\" = 60", "\"legal_day\" = 60"),
     r"matters/hukou\.toml: matters\[0\] \(GA-HZ-001\): legal_day: unknown key"),
    (("matters/hukou.toml", "\"online\" = false", "\"online\" = \"no\""),
     r"matters/hukou\.toml: matters\[0\] \(GA-HZ-001\): online: must be true or false"),
    (("matters/tax.toml", "\"category\" = \"tax\"", "\"category\" = \"taxes\""),
     r"catalogue: matters\[\d+\] \(\S+\): unknown category 'taxes'"),
    (("catalogue.toml", "\"version\" = \"2026.12\"", "\"version\" = \" \""),
     r"catalogue\.toml: version: must not be blank"),
    (("catalogue.toml", "\"workdays\" = [\"2026-01-04\"", "\"workdays\" = [\"2026-10-01\""),
     r"calendar: 2026-10-01 both a holiday and a workday"),
    (("matters/hukou.toml", "[[\"matters\"]]", "[[\"matter\"]]"), r"hukou\.toml: matter: unknown key"),
])
def test_a_bad_folder_is_refused_naming_the_file_and_the_place(folder: pathlib.Path, edit: tuple[str, str, str],
                                                                message: str) -> None:
    name, old, new = edit
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_folder(folder)


def test_a_duplicate_matter_across_files_and_a_missing_main_file_are_refused(folder: pathlib.Path) -> None:
    (folder / "extra.toml").write_text((folder / "matters" / "hukou.toml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    with pytest.raises(ConfigError, match=r"matters\[\d+\] \(GA-HZ-001\): duplicate matter code"):
        load_folder(folder)
    (folder / "catalogue.toml").unlink()
    with pytest.raises(ConfigError, match="no catalogue.toml in the catalogue folder"):
        load_folder(folder)


def test_the_folder_is_read_again_when_it_changes_and_a_broken_edit_keeps_the_last_good(
        folder: pathlib.Path, caplog: pytest.LogCaptureFixture) -> None:
    source = CatalogueFolder(folder)
    first = source.current()
    assert source.current() is first  # unchanged: not read again
    hukou = folder / "matters" / "hukou.toml"
    good = hukou.read_text(encoding="utf-8")
    hukou.write_text(good.replace("居民身份证换领", "居民身份证换领（到期）"), encoding="utf-8")
    second = source.current()
    assert second.digest != first.digest
    assert next(m.name for m in second.catalogue.matters if m.code == "GA-HZ-001") == "居民身份证换领（到期）"
    with caplog.at_level(logging.WARNING, logger="hall_centre.catalogue"):
        hukou.write_text(good.replace("\"online\" = false", "\"online\" = 0", 1), encoding="utf-8")
        assert source.current() is second
    assert "is not valid; version 2026.12 stays published" in caplog.text
    assert "online: must be true or false" in caplog.text


def test_a_folder_without_a_good_catalogue_cannot_be_published(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ConfigError):
        CatalogueFolder(tmp_path)


class _Centre:
    """The catalogue route in a minimal app, asked in process (the hall server's tests ask it over loopback)."""

    def __init__(self, folder: pathlib.Path):
        app = FastAPI()
        app.include_router(catalogue_api.router(CatalogueFolder(folder).current,
                                                catalogue_api.hall_tokens({"JD-007": token_digest(HALL_TOKEN)})))
        self.app = app

    def get(self, path: str, headers: dict[str, str]) -> httpx.Response:
        async def ask() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://centre") as c:
                return await c.get(path, headers=headers)
        return asyncio.run(ask())


def test_the_route_serves_halls_by_token_with_a_strong_etag(folder: pathlib.Path) -> None:
    centre = _Centre(folder)
    for headers in ({}, {"Authorization": "Bearer not-a-hall-token-at-all"}, {"Authorization": HALL_TOKEN}):
        refused = centre.get("/api/v1/catalogue", headers=headers)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert refused.json()["error"]["code"] == "unauthorized"
        assert refused.json()["error"]["message"] == "需要有效的大厅令牌"
    hall = {"Authorization": f"Bearer {HALL_TOKEN}"}
    answer = centre.get("/api/v1/catalogue", headers=hall)
    assert answer.status_code == 200
    etag = answer.headers["ETag"]
    assert not etag.startswith("W/")
    catalogue, digest = parse_published(answer.content, "answer")
    assert etag == f'"{digest}"' and catalogue.version == "2026.12" and len(catalogue.matters) == 24
    again = centre.get("/api/v1/catalogue", headers=hall | {"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    assert centre.get("/api/v1/catalogue", headers=hall | {"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    # A wrong token never learns whether its ETag is current.
    assert centre.get("/api/v1/catalogue", headers={"If-None-Match": etag}).status_code == 401
    tax = folder / "matters" / "tax.toml"
    tax.write_text(tax.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same content: same version
    assert centre.get("/api/v1/catalogue", headers=hall | {"If-None-Match": etag}).status_code == 304
    tax.write_text(tax.read_text(encoding="utf-8").replace("\"online\" = true", "\"online\" = false", 1),
                   encoding="utf-8")
    changed = centre.get("/api/v1/catalogue", headers=hall | {"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_check_command_says_what_the_folder_holds(folder: pathlib.Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(folder)]) == 0
    assert "ok: catalogue 2026.12" in capsys.readouterr().out
    (folder / "catalogue.toml").write_text("version = 3\n", encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    assert "version: must be text" in capsys.readouterr().err


def test_the_centre_app_publishes_its_catalogue_to_each_hall_with_that_halls_own_token():
    import asyncio

    import httpx

    from hall_centre.api import create_app
    from hall_centre.config import SAMPLE_CENTRE, load_centre

    centre = load_centre(SAMPLE_CENTRE, env={})
    assert centre.catalogue is not None and centre.catalogue.is_dir()
    app = create_app(centre, "postgresql+psycopg://unused/none", follow=False)  # no lifespan run: no database
    street = centre.hall("SFQ-JD-001")

    async def ask(token: str, etag: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} | ({"If-None-Match": etag} if etag else {})
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://centre") as client:
            return await client.get("/api/v1/catalogue", headers=headers)

    first = asyncio.run(ask(street.token))
    assert first.status_code == 200 and len(first.json()["catalogue"]["matters"]) == 24
    assert asyncio.run(ask(street.token, first.headers["ETag"])).status_code == 304
    for token in ("", centre.api_tokens[0], street.token + "x"):  # the staff API token is not a hall's
        refused = asyncio.run(ask(token))
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
