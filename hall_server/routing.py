"""What the app's route modules share: the Idempotency-Key header that every queue command takes.

A module of its own so that each route module names the dependency's type (`Key`) in its
signatures, where a type checker can read it, instead of receiving it as a value.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
from typing import Annotated

from fastapi import Depends, Header

IDEMPOTENCY_KEY = r"^[A-Za-z0-9_.:\-]{8,100}$"


async def idempotency_key(idempotency_key: Annotated[str, Header(pattern=IDEMPOTENCY_KEY)]) -> str:
    """The request's Idempotency-Key header (required), checked against IDEMPOTENCY_KEY."""
    return idempotency_key


Key = Annotated[str, Depends(idempotency_key)]
