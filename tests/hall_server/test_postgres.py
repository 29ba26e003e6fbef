"""The same hall server on PostgreSQL (the cluster of conftest.py)."""
from __future__ import annotations

import concurrent.futures

import pytest

from hallsupport import KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer, hall_file_with

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)


def test_numbering_under_concurrency_on_postgresql(pg_url, tmp_path, clock):
    srv = RunningServer(pg_url, hall_file_with(tmp_path, daily_cap=9999), clock)
    srv.start()
    try:
        assert srv.client(KIOSK_TOKEN).get("/health").json()["storage"] == "postgresql"

        def worker(_: int) -> list[str]:
            k = srv.client(KIOSK_TOKEN)
            return [k.issue(("general", "tax")[n % 2])["ticket"]["number"] for n in range(40)]

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            numbers = [n for batch in pool.map(worker, range(8)) for n in batch]
        assert len(numbers) == len(set(numbers)) == 320
        for prefix in "AE":
            assert sorted(int(n[1:]) for n in numbers if n[0] == prefix) == list(range(1, 161))
    finally:
        srv.stop()


def test_life_refusals_replays_and_restart_on_postgresql(pg_url, clock):
    srv = RunningServer(pg_url, SAMPLE_HALL, clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        staff = srv.login("w01", STAFF_PIN, "01")
        staff.ok("/windows/01/open")
        first = k.post("/tickets", {"category": "general"}, key="pg-key-0001").json()
        k.refused("/tickets", {"category": "nope"}, 404, "unknown_category")  # rolled back, the batch goes on
        k.issue("general")
        called = staff.ok("/windows/01/call-next", {})["ticket"]
        assert called["number"] == "A001"
        before = k.get("/snapshot").json()
        srv.stop()
        srv.start()
        k = srv.client(KIOSK_TOKEN)
        assert k.get("/snapshot").json() == before
        again = k.post("/tickets", {"category": "general"}, key="pg-key-0001")
        assert again.json() == first and again.headers["Idempotent-Replayed"] == "true"
        assert [e["type"] for e in k.get("/events").json()["events"]] == [
            "window.opened", "ticket.issued", "ticket.issued", "ticket.called"]
        assert k.issue("general")["ticket"]["number"] == "A003"
    finally:
        srv.stop()


# --- cases (办件) and certificate prints on PostgreSQL ------------------------------------------

def test_cases_documents_and_prints_on_postgresql(pg_url, clock):
    import base64

    from hall_server import certpdf
    from hallsupport import make_id

    srv = RunningServer(pg_url, SAMPLE_HALL, clock)
    srv.start()
    try:
        approval = srv.client("demo-approval-system-7b3e51d0c9a2")
        k = srv.client(KIOSK_TOKEN)
        zhang = make_id("19850612")
        rows = [{"number": "SFQ2026000201", "matter": "GA-HZ-003", "id_number": zhang, "name": "张小三",
                 "stage": "approved", "accepted_on": "2026-09-30"},
                {"number": "SFQ2026000202", "matter": "NO-SUCH", "id_number": zhang, "name": "张小三",
                 "stage": "accepted", "accepted_on": "2026-11-20"}]
        result = approval.post("/cases/import", {"cases": rows}).json()
        assert result["created"] == 1 and [r["code"] for r in result["refused"]] == ["unknown_matter"]
        rows[0]["stage"] = "accepted"
        assert approval.post("/cases/import", {"cases": rows[:1]}).json()["refused"][0]["code"] == "stage_backwards"
        pdf = certpdf.sample_document("户口迁移证明", "Household migration certificate", ["PostgreSQL"])
        r = approval.http.put("/api/v1/cases/SFQ2026000201/documents/migration", content=pdf,
                              params={"title": "户口迁移证明", "title_en": "Household migration certificate"},
                              headers={**approval.headers(), "Content-Type": "application/pdf"})
        assert r.status_code == 201, r.text
        [case] = k.post("/cases/lookup", {"id_number": zhang}).json()["cases"]
        assert case["promised_due"] == "2026-10-13" and case["ready_to_print"] is True
        p = k.ok("/certificate-prints", {"case_number": "SFQ2026000201", "doc": "migration", "id_number": zhang}, 201)
        assert base64.b64decode(p["pdf_base64"]).startswith(b"%PDF-")
        assert k.ok(f"/certificate-prints/{p['print_id']}/result", {"outcome": "completed"})["issued"] is True
        srv.stop()
        srv.start()
        verify = srv.client().get(f"/verify/{p['code']}").json()
        assert verify["status"] == "valid" and verify["case_number"] == "SFQ2026000201"
        admin = srv.login("admin", "860301")
        assert admin.get("/supervision/cases").json()["red"] == 1
    finally:
        srv.stop()
