"""The device host's local API: JSON over WebSocket on loopback or a Unix socket.

Commands and replies::

    -> {"id": 7, "command": "show_on_led", "args": {"window": "01", "lines": ["A012"]}}
    <- {"id": 7, "ok": true, "result": {...}}
    <- {"id": 7, "ok": false, "error": {"code": "device_down", "message": "...", "message_en": "..."}}

Events, to connections that subscribed (command "subscribe", args {"events": [...]})::

    <- {"event": "card.read" | "code.scanned" | "health.changed", "time": ..., ...}

Nothing here is reachable from the network: the server binds loopback or a Unix socket, and it
refuses handshakes that carry an Origin header, so a web page open on the machine cannot reach
ID-card data through the browser (cross-site WebSocket hijacking).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import threading
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve, unix_serve
from websockets.exceptions import ConnectionClosed

from servicekit import notify

from .errors import CommandError

log = logging.getLogger(__name__)

EVENTS = ("card.read", "code.scanned", "health.changed")
MAX_IN_FLIGHT = 32  # commands one connection may have running at once
OUTBOX_SIZE = 1000  # messages queued to one connection before it counts as stuck


def reply_error(request_id: Any, error: CommandError) -> dict[str, Any]:
    """An error reply."""
    return {"id": request_id, "ok": False, "error": error.as_dict()}


class _Session:
    """One client connection: its subscriptions, its outgoing queue, its running commands."""

    def __init__(self, ws: ServerConnection) -> None:
        self.ws = ws
        self.events: set[str] = set()
        self.outbox: asyncio.Queue[str] = asyncio.Queue(OUTBOX_SIZE)
        self.tasks: set[asyncio.Task[None]] = set()

    def send(self, message: dict[str, Any]) -> bool:
        """Queue a message; False when the client is not reading (it is then dropped)."""
        try:
            self.outbox.put_nowait(json.dumps(message, ensure_ascii=False))
            return True
        except asyncio.QueueFull:
            return False


class LocalApi:
    """The WebSocket server, run on its own asyncio loop in its own thread.

    Args:
        host: the DeviceHost whose commands it serves.
        listen: "127.0.0.1:PORT" (0: a free port) or "unix:/path".
        max_message_bytes: larger messages get a too_large reply.
    """

    def __init__(self, host: Any, listen: str, max_message_bytes: int) -> None:
        self.host = host
        self.listen = listen
        self.max_message_bytes = max_message_bytes
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._stopping: asyncio.Event | None = None
        self._sessions: set[_Session] = set()
        # Device commands block on ports and printers: they run here, never on the loop.
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="device-command")

    # --- lifetime ------------------------------------------------------------------------
    def start(self) -> None:
        """Bind and serve; returns once the server listens.

        Raises:
            OSError: the address cannot be bound.
        """
        self._thread = threading.Thread(target=self._run, name="device-api", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._failure is not None:
            self._thread.join()
            self._executor.shutdown(wait=True)
            raise self._failure

    def stop(self) -> None:
        """Close every connection and the server; join the thread."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # noqa: BLE001 - reported to start() in the caller's thread
            self._failure = exc
            self._ready.set()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        options: dict[str, Any] = dict(
            # Between the soft limit and twice it a message gets a clear too_large reply;
            # beyond that websockets closes the connection (1009) without buffering it all.
            max_size=self.max_message_bytes * 2,
            origins=[None],
            compression=None,
            ping_interval=20,
            ping_timeout=20,
        )
        unix_path = None
        if self.listen.startswith("unix:"):
            unix_path = self.listen.removeprefix("unix:")
            if os.path.exists(unix_path):
                os.unlink(unix_path)  # a socket file left by a host that died
            server: Server = await unix_serve(self._connection, unix_path, **options)
            os.chmod(unix_path, 0o660)  # the kiosk and display users share the host's group
            self.url = f"unix:{unix_path}"
        else:
            address, _, port = self.listen.rpartition(":")
            server = await serve(self._connection, address.strip("[]"), int(port), **options)
            bound = next(iter(server.sockets)).getsockname()
            self.url = f"ws://{address}:{bound[1]}"
        self._ready.set()
        log.info("device API listening on %s", self.url)
        # Under systemd the watchdog is fed from this loop: if it hangs, the host is restarted.
        feeding = notify.start_watchdog()
        try:
            await self._stopping.wait()
        finally:
            if feeding is not None:
                feeding.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await feeding
            server.close(close_connections=True)
            await server.wait_closed()
            if unix_path and os.path.exists(unix_path):
                os.unlink(unix_path)

    # --- events --------------------------------------------------------------------------
    def publish(self, message: dict[str, Any]) -> None:
        """Send an event to the subscribed connections (called from any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._broadcast, message)
        except RuntimeError:
            pass  # the loop closed between the check and the call: the host is stopping

    def _broadcast(self, message: dict[str, Any]) -> None:
        for session in list(self._sessions):
            if message["event"] in session.events and not session.send(message):
                log.warning("a client stopped reading events; closing its connection")
                asyncio.ensure_future(session.ws.close(1008, "not reading"))

    # --- connections ---------------------------------------------------------------------
    async def _connection(self, ws: ServerConnection) -> None:
        session = _Session(ws)
        self._sessions.add(session)
        writer = asyncio.create_task(self._write(session))
        try:
            async for message in ws:
                self._on_message(session, message)
        except ConnectionClosed:
            pass  # a client that goes away, cleanly or not, is its own business
        finally:
            self._sessions.discard(session)
            for task in list(session.tasks):
                task.cancel()
            writer.cancel()
            await asyncio.gather(writer, *session.tasks, return_exceptions=True)

    async def _write(self, session: _Session) -> None:
        try:
            while True:
                text = await session.outbox.get()
                await session.ws.send(text)
        except ConnectionClosed:
            pass

    def _on_message(self, session: _Session, message: str | bytes) -> None:
        if len(message) > self.max_message_bytes:
            session.send(reply_error(None, CommandError(
                "too_large", "消息过大，已拒绝", f"message of {len(message)} bytes refused "
                f"(limit {self.max_message_bytes})")))
            return
        if isinstance(message, bytes):
            session.send(reply_error(None, CommandError("bad_message", "请发送文本消息", "send JSON as text frames")))
            return
        try:
            request = json.loads(message)
        except ValueError:
            session.send(reply_error(None, CommandError("bad_json", "消息不是有效的 JSON",
                                                        "the message is not valid JSON")))
            return
        if not isinstance(request, dict):
            session.send(reply_error(None, CommandError("bad_message", "消息应为 JSON 对象",
                                                        "a command is a JSON object")))
            return
        request_id = request.get("id")
        if isinstance(request_id, bool) or not isinstance(request_id, (int, str)):
            session.send(reply_error(None, CommandError("bad_message", "缺少 id（数字或文字）",
                                                        "id (a number or string) is missing")))
            return
        command, args = request.get("command"), request.get("args", {})
        unknown = set(request) - {"id", "command", "args"}
        if not isinstance(command, str) or unknown:
            session.send(reply_error(request_id, CommandError(
                "bad_message", "消息应含 command(文字)与 args(对象)",
                "a command has id, command (text) and args (object) only")))
            return
        if not isinstance(args, dict):
            session.send(reply_error(request_id, CommandError("bad_args", "args 应为对象", "args must be an object")))
            return
        if command in ("subscribe", "unsubscribe"):
            self._subscription(session, request_id, command, args)
            return
        if command not in self.host.commands:
            session.send(reply_error(request_id, CommandError("unknown_command", f"未知命令：{command[:64]}",
                                                              f"unknown command: {command[:64]}")))
            return
        if len(session.tasks) >= MAX_IN_FLIGHT:
            session.send(reply_error(request_id, CommandError("busy", "命令过多，请稍后再试",
                                                              "too many commands in flight")))
            return
        task = asyncio.create_task(self._execute(session, request_id, command, args))
        session.tasks.add(task)
        task.add_done_callback(session.tasks.discard)

    def _subscription(self, session: _Session, request_id: Any, command: str, args: dict[str, Any]) -> None:
        events = args.get("events", list(EVENTS))
        if set(args) - {"events"} or not isinstance(events, list) or not all(e in EVENTS for e in events):
            session.send(reply_error(request_id, CommandError(
                "bad_args", f"events 应为以下事件的列表：{', '.join(EVENTS)}",
                f"events must be a list of: {', '.join(EVENTS)}")))
            return
        if command == "subscribe":
            session.events.update(events)
            # The current health comes with it, so a client starts from the truth, not a guess.
            result = {"subscribed": sorted(session.events), "health": self.host.health()}
        else:
            session.events.difference_update(events)
            result = {"subscribed": sorted(session.events)}
        session.send({"id": request_id, "ok": True, "result": result})

    async def _execute(self, session: _Session, request_id: Any, command: str, args: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._executor, self.host.execute, command, args)
            reply = {"id": request_id, "ok": True, "result": result}
        except CommandError as exc:
            reply = reply_error(request_id, exc)
        except RuntimeError as exc:
            if "shutdown" not in str(exc):
                raise
            reply = reply_error(request_id, CommandError("device_down", "设备主机正在停止",
                                                         "the device host is stopping"))
        except Exception:  # a bug answers "internal", the host keeps serving
            log.exception("command %s failed", command)  # the arguments are not logged: personal data
            reply = reply_error(request_id, CommandError("internal", "设备主机内部错误",
                                                         "internal error in the device host"))
        session.send(reply)
