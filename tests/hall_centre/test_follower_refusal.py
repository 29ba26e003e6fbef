"""A stream the hall closes with 4401 (bad token) is a refusal, not a hall that is away."""
from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.server import serve

from hall_centre.config import HallEntry
from hall_centre.follower import HallFollower, Refused


def test_a_stream_closed_with_4401_is_refused():
    async def scenario() -> None:
        async def refuse(ws) -> None:
            await ws.close(code=4401, reason="unauthorized")

        async with serve(refuse, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            hall = HallEntry(code="H", name="大厅", name_en="Hall", level="street", parent=None, address="路1号",
                             lat=31.2, lon=121.4, base_url=f"http://127.0.0.1:{port}", token="t" * 16)
            follower = HallFollower(engine=None, hall=hall)  # type: ignore[arg-type]  # the stream needs no store
            with pytest.raises(Refused, match="4401"):
                await follower._stream()

    asyncio.run(scenario())
