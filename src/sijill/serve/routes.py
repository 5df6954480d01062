"""The read API: events and their filters, one event whole, aggregates, framing, the base map.

Every list takes the filters of `sijill events` (since, until, type, actor, place) and outlet,
status, background; every answer is JSON, bounded by the app's `Limits` (see bounds.py).
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from .bounds import ApiError, json_response
from .filters import Filters
from .aggregates import BUCKETS
from .shapes import document_view
from .review import review_state, review_trail

router = APIRouter(prefix="/api")


def filters(
    since: date | None = Query(None, description="Events on or after this date (YYYY-MM-DD)."),
    until: date | None = Query(None, description="Events on or before this date (YYYY-MM-DD)."),
    type: str | None = Query(None, description="An event type or sub-event type, any case: 'Battles', "
                                               "'Air/drone strike'. An unknown one is an error listing the types."),
    actor: str | None = Query(None, description="An actor id (SYR_GOV also finds its sub-units), a display "
                                                "name or words of it, or the outlet's own label ('قسد')."),
    place: str | None = Query(None, description="A place or area: English or Arabic name, the words of the "
                                                "text, a governorate/district name, or a P-code (SY09)."),
    outlet: str | None = Query(None, description="Events told by at least one page of this outlet."),
    status: str | None = Query(None, description="reported, claimed or denied; several as a comma list."),
    background: Literal["yes", "no", "only"] = Query(
        "yes", description="Background events (an earlier event mentioned in passing): kept (yes), "
                           "left out (no), or alone (only)."),
    include_rejected: bool = Query(False, description="Also the events an analyst rejected (left out by "
                                                      "default, as 'sijill events' leaves them out)."),
) -> Filters:
    return Filters(since, until, type, actor, place, outlet, status, background, include_rejected)


def _state(request: Request):
    return request.app.state.sijill


def _bounded(value: int | None, default: int, most: int, name: str) -> int:
    if value is None:
        return default
    if value < 1 or value > most:
        raise ApiError(400, "bad_parameter", f"{name} {value}: give a number from 1 to {most}")
    return value


@router.get("/info", summary="The register: size, event types, limits, whether review is on")
def info(request: Request):
    st = _state(request)
    types, subs = st.reader.types()
    lim = st.limits
    return json_response({
        "events": st.register.events_count(), "documents": st.register.documents_count(),
        "event_types": types, "sub_event_types": subs, "review": review_state(st),
        "basemap": st.basemap_origin(), "version": st.version, "warming": st.reader.warming,
        "limits": {"max_page": lim.max_page, "max_points": lim.max_points, "query_seconds": lim.query_seconds,
                   "max_response_bytes": lim.max_response_bytes}}, lim)


@router.get("/events", summary="Events that pass the filters, one page at a time")
def list_events(request: Request, f: Filters = Depends(filters),
                offset: int = Query(0, ge=0, description="Events to skip (page × limit)."),
                limit: int | None = Query(None, description="Events per page (default 50, at most 500)."),
                sort: Literal["newest", "oldest", "toll"] = Query("newest", description="Order of the list.")):
    st = _state(request)
    if offset > st.limits.max_offset:
        raise ApiError(400, "bad_parameter", f"offset {offset}: at most {st.limits.max_offset}; "
                                             f"narrow the filters instead of paging that far")
    limit = _bounded(limit, st.limits.default_page, st.limits.max_page, "limit")
    page = st.reader.page(f, offset=offset, limit=limit, sort=sort)
    return json_response({"filters": f.given(), **page}, st.limits)


@router.get("/events/{event_id}", summary="One event whole: sources side by side with their documents")
def get_event(request: Request, event_id: str):
    st = _state(request)
    body = _event_or_404(st, event_id)
    docs = []
    for source in body.get("sources") or ():
        doc = st.register.get_document(str(source.get("doc")))
        spans = [(e["start"], e["end"]) for e in source.get("evidence") or () if "start" in e and "end" in e]
        docs.append(document_view(doc, spans, st.limits.max_document_chars) if doc else
                    {"id": source.get("doc"), "missing": True})
    answer = {"event": body, "documents": docs}
    trail = review_trail(st.register, event_id, body)
    if trail is not None:
        answer["review_trail"] = trail
    return json_response(answer, st.limits)


def _event_or_404(st, event_id: str) -> dict:
    if len(event_id) > 200:
        raise ApiError(404, "not_found", "no event with that id")
    body = st.reader.event(event_id)
    if body is None:
        raise ApiError(404, "not_found", f"no event {event_id!r} in this register")
    return body


@router.get("/geojson", summary="The filtered events with a point, as a GeoJSON FeatureCollection")
def geojson(request: Request, f: Filters = Depends(filters),
            limit: int | None = Query(None, description="Features at most (default and maximum: 20,000).")):
    st = _state(request)
    limit = _bounded(limit, st.limits.max_points, st.limits.max_points, "limit")
    feats = st.reader.features(f, limit)
    return json_response({"type": "FeatureCollection", "features": feats, "truncated": len(feats) >= limit},
                         st.limits, headers={"Content-Type": "application/geo+json; charset=utf-8"})


@router.get("/counts", summary="Counts (and tolls) by day and type, type, governorate, or actor pair")
def counts(request: Request, f: Filters = Depends(filters),
           by: Literal["day", "type", "admin1", "actor_pair"] = Query(..., description="What to count by.")):
    st = _state(request)
    return json_response({"by": by, "filters": f.given(), "counts": st.reader.counts(f, by)}, st.limits)


@router.get("/timeline", summary="Events per day, week or month, by type")
def get_timeline(request: Request, f: Filters = Depends(filters),
                 bucket: Literal[BUCKETS] = Query("auto", description="Bin width; auto fits a few hundred bins.")):
    st = _state(request)
    return json_response({"filters": f.given(), **st.reader.timeline(f, bucket)}, st.limits)


@router.get("/places", summary="Places of the filtered events with counts by type and toll (map markers)")
def places(request: Request, f: Filters = Depends(filters)):
    st = _state(request)
    return json_response({"filters": f.given(), **st.reader.places(f)}, st.limits)


@router.get("/actors", summary="Actors of the filtered events, most active first")
def actors(request: Request, f: Filters = Depends(filters),
           limit: int | None = Query(None, description="Actors at most (default 100, at most 500).")):
    st = _state(request)
    limit = _bounded(limit, 100, st.limits.max_page, "limit")
    return json_response({"filters": f.given(), "actors": st.reader.actors(f, limit)}, st.limits)


@router.get("/network", summary="Who acted on whom: actor pairs weighted by events, with their main type")
def network(request: Request, f: Filters = Depends(filters)):
    st = _state(request)
    return json_response({"filters": f.given(), "edges": st.reader.counts(f, "actor_pair")}, st.limits)


@router.get("/outlets", summary="Outlets with their documents and the events they tell")
def outlets(request: Request):
    st = _state(request)
    return json_response({"outlets": st.reader.outlets()}, st.limits)


@router.get("/framing", summary="Per outlet, the labels used for each actor, with their stance")
def get_framing(request: Request, f: Filters = Depends(filters)):
    st = _state(request)
    return json_response({"filters": f.given(), **st.reader.framing(f)}, st.limits)


@router.get("/basemap", summary="Admin outlines drawn under the map (GeoJSON); see `origin` for how they were made")
def basemap(request: Request):
    st = _state(request)
    return json_response(st.basemap(), st.limits, headers={"Cache-Control": "max-age=3600"})
