"""`GET /api/v1/catalogue`: the centre's service catalogue for its halls, by ETag.

The centre's app includes `router(...)`, giving it where the catalogue comes from and how a hall's
bearer token is checked (e.g. `hall_tokens({...})` over the halls it knows).
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import hmac
from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, Response

from hall_server.catalogue import PATH
from hall_server.config import ConfigError, token_digest

from .catalogue import Published


def hall_tokens(digests: Mapping[str, str]) -> Callable[[str], str | None]:
    """A token check over the halls' tokens as kept: hall code → the token's SHA-256 (hex, config.token_digest).

    Returns:
        a function giving the hall a token belongs to, or None.
    """
    def hall_of(token: str) -> str | None:
        digest = token_digest(token)
        found = None
        for hall, kept in digests.items():  # every one compared: the time tells nothing
            if hmac.compare_digest(digest, kept):
                found = hall
        return found
    return hall_of


def _error(status: int, code: str, message: str, message_en: str, headers: dict[str, str] | None = None
           ) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "message_en": message_en, "detail": {}}},
                        status_code=status, headers=headers)


def router(catalogue: Callable[[], Published], hall_of: Callable[[str], str | None]) -> APIRouter:
    """The catalogue's route.

    Args:
        catalogue: the version to publish now (e.g. `CatalogueFolder(...).current`).
        hall_of: the hall a bearer token belongs to, or None for a token no hall has.
    """
    routes = APIRouter(tags=["catalogue"])

    @routes.get(PATH, responses={304: {"description": "not modified"}, 401: {"description": "no hall's token"},
                                 503: {"description": "no catalogue to publish"}})
    def get_catalogue(authorization: Annotated[str | None, Header()] = None,
                      if_none_match: Annotated[str | None, Header()] = None) -> Response:
        """The shared service catalogue (matters, category names, rating reasons, calendar); ETag = its digest."""
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else ""
        if not token or hall_of(token) is None:
            return _error(401, "unauthorized", "需要有效的大厅令牌", "a hall's valid token is required",
                          {"WWW-Authenticate": "Bearer"})
        try:
            published = catalogue()
        except ConfigError:
            return _error(503, "catalogue_unavailable", "服务目录暂不可用", "the catalogue is not available")
        headers = {"ETag": published.etag, "Cache-Control": "no-cache"}
        tags = {t.strip() for t in (if_none_match or "").split(",")}
        if published.etag in tags or f"W/{published.etag}" in tags or "*" in tags:
            return Response(status_code=304, headers=headers)
        return Response(published.body, media_type="application/json", headers=headers)

    return routes
