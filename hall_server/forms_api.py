"""HTTP routes of the forms filled at the kiosk (电子填单): stored by the issuing kiosk, read at the window.

Registered by `app.create_app` with its role checks and command runner, like `ratings_api`.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Request
from fastapi.responses import Response

from . import forms
from .engine import Principal
from .routing import Key
from .schema import (
    API, FormConfirmAsked, FormConfirmRequest, FormConfirmResult, RecordId, Role, TicketForm, TicketFormRequest,
    TicketFormStored,
)


def add_routes(app: FastAPI, engine: Callable[[], Any], allow: Callable[..., Any], run: Callable[..., Any],
               errors: dict) -> None:
    """Add the form routes.

    Args:
        engine: returns the running QueueEngine (it exists only once the app has started).
        allow: the app's role check factory; `run`: the app's command runner.
    """
    KIOSK = allow(Role.KIOSK)
    READERS = allow(Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.EVALUATOR)
    EVALUATOR = allow(Role.EVALUATOR)
    STAFF = allow(Role.WINDOW_STAFF)

    @app.put(f"{API}/forms/{{track_token}}", response_model=TicketFormStored, responses=errors, tags=["forms"])
    async def put_form(request: Request, track_token: Annotated[str, Path(max_length=64)], req: TicketFormRequest,
                       who: Annotated[Principal, Depends(KIOSK)], key: Key) -> Response:
        """The form the issuing kiosk filled for its ticket, named by the ticket's tracking token (known
        offline too); checked against the matter's template."""
        return await run(request, who, key, req, lambda tx: forms.store(engine(), tx, who, track_token, req))

    @app.get(f"{API}/tickets/{{ticket_id}}/form", response_model=TicketForm, responses=errors, tags=["forms"])
    def get_form(ticket_id: RecordId, who: Annotated[Principal, Depends(READERS)]) -> TicketForm:
        """The form of the ticket at the asker's window (the evaluator sees the ID number masked)."""
        return forms.read(engine(), who, ticket_id)

    @app.post(f"{API}/tickets/{{ticket_id}}/form/confirm", response_model=FormConfirmResult, responses=errors,
              tags=["forms"])
    async def confirm_form(request: Request, ticket_id: RecordId, req: FormConfirmRequest,
                           who: Annotated[Principal, Depends(EVALUATOR)], key: Key) -> Response:
        """The citizen's answer on the window's evaluator: the form is right or not."""
        return await run(request, who, key, req, lambda tx: forms.confirm(tx, who, ticket_id, req))

    @app.get(f"{API}/tickets/{{ticket_id}}/form.pdf", responses={**errors, 200: {"content": {"application/pdf": {}}}},
             response_class=Response, tags=["forms"])
    def get_form_pdf(ticket_id: RecordId, who: Annotated[Principal, Depends(STAFF)]) -> Response:
        """打印表单: the form of the ticket at the asker's window as an A4 PDF (the ID number masked)."""
        eng = engine()
        form = forms.read(eng, who, ticket_id, masked=True)
        data = forms.pdf(form, eng.hall.name, eng.clock(), eng.hall.tz)
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="form-{form.number}.pdf"',
                                 "Cache-Control": "no-store"})

    @app.post(f"{API}/tickets/{{ticket_id}}/form/ask-confirm", response_model=FormConfirmAsked, responses=errors,
              tags=["forms"])
    async def ask_confirm_form(request: Request, ticket_id: RecordId, who: Annotated[Principal, Depends(STAFF)],
                               key: Key) -> Response:
        """请群众核对: the window's evaluator shows the form of the ticket at the window to the citizen."""
        return await run(request, who, key, None, lambda tx: forms.ask_confirm(tx, who, ticket_id))
