"""The write API: an analyst's review of an event (accept, reject, edit fields, note).

The server is read-only unless it was started with a review token (`--review-token` or
SIJILL_REVIEW_TOKEN). A write then needs that token, as `Authorization: Bearer TOKEN` or
`X-Review-Token: TOKEN`: none given is 401, a wrong one 403; with no token configured every
write is 403. The decision itself is the register's business: `Register.review(event_id,
action, fields, note, by)` stores it in its audit table. A register without that method (an
older store) answers 501 "review is not available in this register version".

Reading the trail is duck-typed the same way: `Register.review_trail(event_id)` (or
`reviews(event_id)`) when the register has it, else the event's own `review` field.
"""
from __future__ import annotations

import dataclasses
import hmac
import inspect
from typing import Any, Literal

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field

from .bounds import ApiError, json_response

router = APIRouter(prefix="/api")
UNAVAILABLE = "review is not available in this register version"
_TRAIL_METHODS = ("review_trail", "reviews", "review_history")


class ReviewRequest(BaseModel):
    """One decision on one event."""
    action: Literal["accept", "reject", "edit", "note"] = Field(
        description="accept or reject the event, edit fields (`fields`), or only add a note.")
    fields: dict[str, Any] = Field(default_factory=dict, max_length=30,
                                   description="For edit: field name -> new value (e.g. {\"fatalities\": 7}).")
    note: str | None = Field(None, max_length=4000, description="Why: kept in the trail.")
    by: str | None = Field(None, max_length=200, description="Who decided (an analyst's name).")


def review_state(st) -> str:
    """enabled | read-only (no token configured) | unavailable (the register cannot review)."""
    if not st.review_token:
        return "read-only"
    return "enabled" if callable(getattr(st.register, "review", None)) else "unavailable"


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "_asdict"):
        return value._asdict()
    if hasattr(value, "_mapping"):
        return dict(value._mapping)
    return value


def review_trail(register, event_id: str, body: dict) -> list | None:
    """The event's review trail, oldest first, if the register keeps one; None when nothing says."""
    for name in _TRAIL_METHODS:
        method = getattr(register, name, None)
        if callable(method):
            try:
                return [_plain(r) for r in method(event_id) or ()]
            except TypeError:       # another signature than (event_id): fall back to the event
                break
    review = body.get("review")
    return [review] if isinstance(review, dict) else None


def _check_token(st, authorization: str | None, x_review_token: str | None) -> None:
    if not st.review_token:
        raise ApiError(403, "read_only", "this server is read-only: start it with --review-token "
                                         "(or SIJILL_REVIEW_TOKEN) to allow reviews")
    given = x_review_token
    if given is None and authorization:
        scheme, _, value = authorization.partition(" ")
        given = value.strip() if scheme.lower() == "bearer" else None
    if not given:
        raise ApiError(401, "token_required", "a review needs the server's review token: send "
                                              "'Authorization: Bearer TOKEN' or 'X-Review-Token: TOKEN'")
    if not hmac.compare_digest(given.encode("utf-8"), st.review_token.encode("utf-8")):
        raise ApiError(403, "bad_token", "the review token is not this server's")


def _call_review(method, event_id: str, r: ReviewRequest):
    values = {"event_id": event_id, "action": r.action, "fields": r.fields, "note": r.note, "by": r.by}
    try:
        params = inspect.signature(method).parameters
    except (TypeError, ValueError):
        params = {}
    if set(values) <= set(params):
        return method(**values)
    return method(*values.values())


@router.post("/events/{event_id}/review", summary="Review an event (needs the review token)",
             responses={401: {"description": "no token sent"}, 403: {"description": "wrong token, or read-only"},
                        404: {"description": "no such event"}, 501: {"description": UNAVAILABLE}})
def review(request: Request, event_id: str, decision: ReviewRequest,
           authorization: str | None = Header(None), x_review_token: str | None = Header(None)):
    st = request.app.state.sijill
    _check_token(st, authorization, x_review_token)
    method = getattr(st.register, "review", None)
    if not callable(method):
        raise ApiError(501, "review_unavailable", UNAVAILABLE)
    if st.reader.event(event_id) is None:
        raise ApiError(404, "not_found", f"no event {event_id!r} in this register")
    if decision.action == "edit" and not decision.fields:
        raise ApiError(400, "bad_review", "an edit names the fields it sets: {\"fields\": {\"fatalities\": 7}}")
    try:
        result = _call_review(method, event_id, decision)
    except LookupError as exc:
        raise ApiError(404, "not_found", str(exc) or f"no event {event_id!r}") from None
    except ValueError as exc:
        raise ApiError(400, "bad_review", str(exc)) from None
    st.reader.changed()
    body = st.reader.event(event_id) or {}
    answer = {"event": body, "result": _plain(result) if result is not None else None}
    trail = review_trail(st.register, event_id, body)
    if trail is not None:
        answer["review_trail"] = trail
    return json_response(answer, st.limits)


@router.get("/events/{event_id}/review", summary="An event's review trail")
def trail(request: Request, event_id: str):
    st = request.app.state.sijill
    body = st.reader.event(event_id)
    if body is None:
        raise ApiError(404, "not_found", f"no event {event_id!r} in this register")
    return json_response({"event_id": event_id, "review": review_state(st),
                          "trail": review_trail(st.register, event_id, body) or []}, st.limits)
