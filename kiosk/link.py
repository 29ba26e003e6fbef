"""The kiosk's link to the hall server: a thin synchronous HTTP client (httpx), used from worker threads.

Every failure is sorted into what it means for a command that changes state:
`Refused` (the server answered no; nothing happened), `Unreachable` (nothing was sent, so
nothing happened) and `Ambiguous` (the request may have reached the server: only a retry
with the same idempotency key can tell). Every answer is parsed into its wire-schema model
(`hall_server.schema`) here, at the edge; an answer that does not fit its model is `Malformed`,
an `Ambiguous` outcome: the server may have acted, and the kiosk cannot read what it said.
"""
from __future__ import annotations

import logging
import threading
import uuid
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from hall_rules.errors import HallError
from hall_server.schema import API, ErrorBody

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class LinkError(Exception):
    """The server did not do what was asked (base of the three outcomes below)."""


class Refused(LinkError, HallError):
    """The server answered with a 4xx refusal in the error shape; nothing changed on the server."""

    def __init__(self, code: str, message: str, message_en: str, detail: dict[str, Any] | None = None,
                 status: int = 400):
        HallError.__init__(self, code, message, message_en, detail)
        self.status = status


class Unreachable(LinkError):
    """The server could not be reached; the request was never sent."""


class Ambiguous(LinkError):
    """The request may have been received (timeout, 5xx, dropped connection): retry with the same key.

    Attributes:
        timed_out: no answer came within the timeout (a silent server, not a dropped connection).
    """

    def __init__(self, message: str, timed_out: bool = False):
        super().__init__(message)
        self.timed_out = timed_out


class Malformed(Ambiguous):
    """A 2xx answer that is not what the wire schema says the route answers (not JSON, a field
    missing or of the wrong type): the request may have been carried out; retry with the same key."""


def parse(model: type[M], data: Any, what: str = "answer") -> M:
    """`data` (parsed JSON) as the wire-schema `model`, or Malformed naming what did not fit."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        places = "; ".join(".".join(str(p) for p in e["loc"]) or "(the whole answer)" for e in exc.errors()[:5])
        # The places only, never the values: an answer may carry a masked name or a PDF.
        log.warning("hall server %s is not a %s (%s)", what, model.__name__, places)
        raise Malformed(f"{what}: not a {model.__name__} ({places})") from None


def new_key() -> str:
    """A fresh idempotency key (the server accepts [A-Za-z0-9_.:-]{8,100})."""
    return uuid.uuid4().hex


class HallLink:
    """Talks to one hall server with the kiosk's device token.

    Args:
        server_url: the hall server's base address, e.g. http://10.0.0.2:8000.
        token: the kiosk's device token.
        timeout_s: connect/read/write timeout of one request.
    """

    def __init__(self, server_url: str, token: str, *, timeout_s: float = 2.0):
        self.server_url = server_url.rstrip("/")
        self._http = httpx.Client(base_url=self.server_url, timeout=timeout_s,
                                  headers={"Authorization": f"Bearer {token}"})
        self._lock = threading.Lock()  # httpx.Client is thread-safe, but close() must not race a request

    def close(self) -> None:
        with self._lock:
            self._http.close()

    def get(self, path: str, *, params: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> httpx.Response:
        """GET an API path; returns the response for 2xx and 304, raises a LinkError otherwise."""
        return self._send("GET", path, params=params, headers=headers)

    def fetch(self, path: str, model: type[M], **params: Any) -> M:
        """GET an API path; its answer as the wire-schema `model`.

        Raises:
            Refused, Unreachable, Ambiguous (Malformed: the answer is not a `model`).
        """
        return read(self.get(path, params=params or None), model, f"GET {path}")

    def post(self, path: str, body: Any, model: type[M] | None, *, key: str | None = None) -> M | None:
        """POST an API path with an idempotency key; its answer as the wire-schema `model`.

        Args:
            model: what the route answers; None for a route that answers 204 No Content.
        Raises:
            Refused, Unreachable, Ambiguous (Malformed: the answer is not a `model`, or not empty).
        """
        r = self._send("POST", path, json=body, headers={"Idempotency-Key": key or new_key()})
        if model is None:
            if r.status_code != 204 or r.content:
                raise Malformed(f"POST {path}: HTTP {r.status_code} with a body where none was expected")
            return None
        return read(r, model, f"POST {path}")

    def post_for(self, path: str, body: Any, model: type[M]) -> M | None:
        """POST a read-and-take path (no idempotency key): its answer as `model`, None for 204 No Content."""
        r = self._send("POST", path, json=body)
        return None if r.status_code == 204 else read(r, model, f"POST {path}")

    def put(self, path: str, body: Any, model: type[M], *, key: str | None = None) -> M:
        """PUT an API path with an idempotency key; its answer as the wire-schema `model`.

        Raises:
            Refused, Unreachable, Ambiguous (Malformed: the answer is not a `model`).
        """
        r = self._send("PUT", path, json=body, headers={"Idempotency-Key": key or new_key()})
        return read(r, model, f"PUT {path}")

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = f"{API}{path}"
        try:
            r = self._http.request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise Unreachable(f"{method} {path}: {type(exc).__name__}") from None
        except httpx.TransportError as exc:  # read/write timeout, dropped connection, protocol error
            raise Ambiguous(f"{method} {path}: {type(exc).__name__}",
                            timed_out=isinstance(exc, httpx.TimeoutException)) from None
        except RuntimeError as exc:  # the client was closed while stopping
            raise Unreachable(f"{method} {path}: {exc}") from None
        if r.status_code >= 500:
            raise Ambiguous(f"{method} {path}: HTTP {r.status_code}")
        if r.status_code >= 400:
            raise _refusal(r)
        return r


def read(r: httpx.Response, model: type[M], what: str) -> M:
    """A 2xx response's JSON body as the wire-schema `model` (Malformed when it is not)."""
    try:
        data = r.json()
    except ValueError:
        raise Malformed(f"{what}: HTTP {r.status_code}, not JSON") from None
    return parse(model, data, what)


def _refusal(r: httpx.Response) -> Refused:
    try:
        error = ErrorBody.model_validate(r.json()).error
        return Refused(error.code, error.message, error.message_en, error.detail, status=r.status_code)
    except (ValueError, ValidationError):
        # Not our error shape (a proxy, a route this server does not have yet).
        return Refused(f"http_{r.status_code}", f"服务器拒绝了请求（{r.status_code}）",
                       f"the server refused the request (HTTP {r.status_code})", status=r.status_code)
