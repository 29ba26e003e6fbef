"""Test support for waits at nearby halls: a real centre (PostgreSQL) following two real hall servers,
each of which asks that centre for the waits at the other."""
from __future__ import annotations

import pathlib

from centresupport import CENTRE_TOKEN, RunningCentre, centre_file, free_port, wait_for
from hallsupport import KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, FakeClock, HallClient, RunningServer

B_TOKEN = "demo-centre-hallb-7f3a9c1e5d20"  # hall B's own `centre` device token (the centre tells halls apart by it)


def hall_file(tmp_path: pathlib.Path, name: str, centre_url: str, token: str) -> pathlib.Path:
    """The sample hall with its `centre` device's token and a `[centre]` table pointing at `centre_url`."""
    text = SAMPLE_HALL.read_text(encoding="utf-8").replace(f'token = "{CENTRE_TOKEN}"', f'token = "{token}"')
    path = tmp_path / f"{name}.toml"
    path.write_text(text + f'\n[centre]\nurl = "{centre_url}"\ntoken = "{token}"\n', encoding="utf-8")
    return path


class Network:
    """Halls HALL-A and HALL-B (1.5 km apart: 10 minutes' travel) and their centre, all on loopback."""

    def __init__(self, tmp_path: pathlib.Path, centre_db: str, max_age: float = 3.0):
        self.a = RunningServer(tmp_path / "a.db", SAMPLE_HALL, FakeClock(), poll_interval=0.2, tick_interval=0.5,
                               nearby_interval=0.5, nearby_max_age=max_age)
        self.b = RunningServer(tmp_path / "b.db", SAMPLE_HALL, FakeClock(), poll_interval=0.2, tick_interval=0.5,
                               nearby_interval=0.5, nearby_max_age=max_age)
        self.a.port, self.b.port = free_port(), free_port()
        self.centre = RunningCentre(centre_file(tmp_path, {"HALL-A": self.a, "HALL-B": self.b},
                                                tokens={"HALL-B": B_TOKEN}), centre_db)
        self.a.hall_file = hall_file(tmp_path, "a", self.centre.url, CENTRE_TOKEN)
        self.b.hall_file = hall_file(tmp_path, "b", self.centre.url, B_TOKEN)

    def start(self) -> None:
        self.a.start()
        self.b.start()
        self.centre.start()

    def stop(self) -> None:
        self.centre.stop()
        self.a.stop()
        self.b.stop()

    @staticmethod
    def open_window(server: RunningServer, code: str = "01") -> HallClient:
        staff = server.login("w01", STAFF_PIN, code)
        staff.ok(f"/windows/{code}/open")
        return staff

    @staticmethod
    def issue(server: RunningServer, count: int) -> list[dict]:
        kiosk = server.client(KIOSK_TOKEN)
        issued = []
        for _ in range(count):
            issued.append(kiosk.issue("general"))
            server.clock.advance(minutes=0.5)
        return issued

    @staticmethod
    def serve_one(server: RunningServer, staff: HallClient, code: str = "01", minutes: float = 3) -> None:
        called = staff.ok(f"/windows/{code}/call-next", {})["ticket"]
        staff.ok(f"/windows/{code}/start", {"ticket_id": called["id"]})
        server.clock.advance(minutes=minutes)
        staff.ok(f"/windows/{code}/finish", {"ticket_id": called["id"]})

    def nearby_of(self, server: RunningServer) -> dict:
        """What the hall server tells its kiosks (GET /nearby)."""
        return server.client(KIOSK_TOKEN).get("/nearby").json()

    def b_is_offered(self) -> bool:
        return any(h["code"] == "HALL-B" for h in self.nearby_of(self.a)["categories"].get("general", []))


__all__ = ["Network", "wait_for", "B_TOKEN"]
