"""The kiosk's waits at nearby halls: taken from its server on every sync, a hall named on an online
ticket only when clearly faster and only while fresh; an offline ticket never names one."""
from __future__ import annotations

from hall_server.schema import NearbyHall, NearbyList

B = NearbyHall(code="HALL-B", name="东湖街道便民服务中心", name_en="Donghu Street Service Centre", address="东湖路1号",
               distance_km=3.2, travel_minutes=15, wait_minutes=5)


def test_a_server_without_a_centre_gives_nothing_and_a_fresh_answer_names_a_faster_hall(server, make_core, clock):
    core = make_core(server.url)
    assert core.sync_now() is True
    assert core.store.view("nearby") == {"categories": {}, "age_seconds": 0.0}
    assert core.nearby_faster("general", 120) is None
    assert core.take_ticket("general").nearby is None

    core.store.put("nearby", NearbyList(categories={"general": [B]}, age_seconds=60).model_dump(mode="json"),
                   clock().timestamp())
    assert core.nearby_faster("general", 41) == B        # 20 + 15 < 41
    assert core.nearby_faster("general", 35) is None     # 20 + 15 = 35
    assert core.nearby_faster("hukou", 120) is None
    clock.advance(seconds=240)                           # 60 s old at the server + 240 s here: still fresh
    assert core.nearby_faster("general", 41) == B
    clock.advance(seconds=1)
    assert core.nearby_faster("general", 41) is None     # older than 5 minutes: nothing


def test_an_offline_ticket_names_no_hall(server, make_core, clock):
    core = make_core(server.url)
    assert core.sync_now() is True
    core.store.put("nearby", NearbyList(categories={"general": [B]}).model_dump(mode="json"), clock().timestamp())
    server.stop()
    info = core.take_ticket("general")
    assert info.offline is True and info.nearby is None
