"""HTTP routes of 好差评 (the window evaluator, the kiosk, follow-ups, the provincial export),
the supervision of waiting tickets (电子监察) and the hall's statistics.

Registered by `app.create_app` with its role checks and command runner, like `kiosks_api`.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import ratings, stats
from .engine import Principal
from .routing import Key
from .schema import (
    API, CaseRating, CurrentRatingRequest, EvaluatorRating, FollowUp, FollowUpClose, FollowUpList, RateableTicket,
    Rating, RatingExport, RatingOptions, RatingRequestInfo, RatingRequestStart, RecordId, Role, StatsReport,
    SupervisionList, TicketCodeLookup, TicketCodeRating,
)


def add_routes(app: FastAPI, engine: Callable[[], Any], allow: Callable[..., Any], run: Callable[..., Any],
               errors: dict) -> None:
    """Add the rating, supervision and statistics routes.

    Args:
        engine: returns the running QueueEngine (it exists only once the app has started).
        allow: the app's role check factory; `run`: the app's command runner.
    """
    ADMIN = allow(Role.HALL_ADMIN)
    STAFF = allow(Role.WINDOW_STAFF, Role.HALL_ADMIN)
    KIOSK = allow(Role.KIOSK)
    EVALUATOR = allow(Role.EVALUATOR)
    SCREENS = allow(Role.KIOSK, Role.EVALUATOR, Role.WINDOW_STAFF, Role.HALL_ADMIN)
    From = Annotated[dt.date, Query(alias="from", description="first business day (local), inclusive")]
    To = Annotated[dt.date, Query(alias="to", description="last business day (local), inclusive")]

    # --- rating ---------------------------------------------------------------------------------

    @app.get(f"{API}/ratings/options", response_model=RatingOptions, responses=errors, tags=["ratings"])
    def rating_options(who: Annotated[Principal, Depends(SCREENS)]) -> RatingOptions:
        """The five levels and the hall's preset reasons, in zh and en."""
        return ratings.options(engine())

    @app.post(f"{API}/windows/{{code}}/rating-request", status_code=201, response_model=RatingRequestInfo,
              responses=errors, tags=["ratings"])
    async def rating_request(request: Request, code: str, req: RatingRequestStart,
                             who: Annotated[Principal, Depends(STAFF)], k: Key) -> Response:
        """Ask the window's evaluator to rate the ticket being served or just finished (replaces an open request)."""
        return await run(request, who, k, req, lambda tx: ratings.request_rating(engine(), tx, who, code, req))

    @app.get(f"{API}/ratings/request", response_model=CurrentRatingRequest, responses=errors, tags=["ratings"])
    def current_rating_request(who: Annotated[Principal, Depends(EVALUATOR)]) -> CurrentRatingRequest:
        """The open request at the evaluator's own window, if any."""
        return ratings.current_request(engine(), who)

    @app.post(f"{API}/ratings/evaluator", status_code=201, response_model=Rating, responses=errors,
              tags=["ratings"])
    async def rate_on_evaluator(request: Request, req: EvaluatorRating, who: Annotated[Principal, Depends(EVALUATOR)],
                                k: Key) -> Response:
        """The citizen's rating on the window's evaluator, for the ticket of the open request."""
        return await run(request, who, k, req, lambda tx: ratings.rate_by_evaluator(engine(), tx, who, req))

    @app.post(f"{API}/ratings/ticket-lookup", response_model=RateableTicket, responses=errors, tags=["ratings"])
    def rateable_ticket(req: TicketCodeLookup, who: Annotated[Principal, Depends(KIOSK)]) -> RateableTicket:
        """The ticket a scanned receipt QR is for, if it can be rated (the code travels in the body, not the URL)."""
        return ratings.lookup_ticket_code(engine(), req.code)

    @app.post(f"{API}/ratings/by-ticket-code", status_code=201, response_model=Rating, responses=errors,
              tags=["ratings"])
    async def rate_by_ticket_code(request: Request, req: TicketCodeRating, who: Annotated[Principal, Depends(KIOSK)],
                                  k: Key) -> Response:
        """Rate a served ticket on the kiosk by the text of its receipt's QR code."""
        return await run(request, who, k, req, lambda tx: ratings.rate_by_ticket_code(engine(), tx, who, req))

    @app.post(f"{API}/ratings/by-case", status_code=201, response_model=Rating, responses=errors, tags=["ratings"])
    async def rate_case(request: Request, req: CaseRating, who: Annotated[Principal, Depends(KIOSK)],
                        k: Key) -> Response:
        """Rate a finished case on the kiosk; the applicant's ID number proves it is theirs."""
        return await run(request, who, k, req, lambda tx: ratings.rate_case(engine(), tx, who, req))

    # --- follow-ups and export ------------------------------------------------------------------

    @app.get(f"{API}/ratings/follow-ups", response_model=FollowUpList, responses=errors, tags=["ratings"])
    def follow_ups(who: Annotated[Principal, Depends(ADMIN)],
                   state: Literal["all", "open", "overdue", "closed"] = "all") -> FollowUpList:
        """Follow-ups of bad ratings (levels 1–2), earliest deadline first; overdue ones flagged."""
        return ratings.follow_ups(engine(), state)

    @app.post(f"{API}/ratings/follow-ups/{{follow_up_id}}/close", response_model=FollowUp, responses=errors,
              tags=["ratings"])
    async def close_follow_up(request: Request, follow_up_id: RecordId, req: FollowUpClose,
                              who: Annotated[Principal, Depends(ADMIN)], k: Key) -> Response:
        """Close a follow-up with a note of what was done (required)."""
        return await run(request, who, k, req,
                         lambda tx: ratings.close_follow_up(engine(), tx, who, follow_up_id, req))

    @app.get(f"{API}/ratings/export", response_model=RatingExport, responses=errors, tags=["ratings"])
    async def export(who: Annotated[Principal, Depends(ADMIN)], date_from: From, date_to: To) -> RatingExport:
        """Ratings given on the local days from..to for the provincial system (format hall-ratings/1)."""
        return await run_in_threadpool(ratings.export, engine(), date_from, date_to)

    # --- supervision and statistics -------------------------------------------------------------

    @app.get(f"{API}/supervision/tickets", response_model=SupervisionList, responses=errors, tags=["supervision"])
    def supervised_tickets(who: Annotated[Principal, Depends(ADMIN)]) -> SupervisionList:
        """Today's waiting tickets past the hall's yellow / red minutes, longest wait first."""
        return ratings.supervision(engine())

    @app.get(f"{API}/stats", response_model=StatsReport, responses=errors, tags=["statistics"])
    async def statistics(who: Annotated[Principal, Depends(ADMIN)], date_from: From, date_to: To,
                         by: Literal["day", "category", "window"] = "day") -> StatsReport:
        """Per business day, category or window: issued, served, no-shows, waits, service time, ratings."""
        return await run_in_threadpool(stats.report, engine(), date_from, date_to, by)

    @app.get(f"{API}/stats.csv", response_class=Response, responses=errors, tags=["statistics"])
    async def statistics_csv(who: Annotated[Principal, Depends(ADMIN)], date_from: From, date_to: To,
                             by: Literal["day", "category", "window"] = "day") -> Response:
        """The same rows as CSV (UTF-8 with BOM for Excel; header in zh with the field codes)."""
        report = await run_in_threadpool(stats.report, engine(), date_from, date_to, by)
        name = f"stats-{by}-{date_from.isoformat()}-{date_to.isoformat()}.csv"
        return Response(stats.to_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
