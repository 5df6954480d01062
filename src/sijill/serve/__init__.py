"""Stage 8b, serving the register: an HTTP API (FastAPI) and an offline dashboard.

`create_app(register_or_db, review_token=..., limits=Limits(...))` gives the ASGI app that
`sijill serve` runs under uvicorn. The API is read-only unless a review token is given; every
request is bounded (bounds.py); the dashboard's files ship in `static/` (no CDN, no framework).
Needs the `serve` extra: `pip install 'sijill[serve]'`.

Modules: app (the app, pages, docs, errors), routes (read API), review (write API), queries
(reads beyond `Register`'s methods), snapshot (the in-memory copy of the events' narrow
columns that filters and counts run on), filters, lookup (the actor, place and outlet filters
over an in-memory copy of the register's index rows), aggregates (counts, timeline), shapes
(answers' JSON), bounds (limits and the error shape), basemap (admin outlines under the map).
"""
from .bounds import ApiError, Limits


def create_app(*args, **kwargs):
    """See `sijill.serve.app.create_app` (imported on use: FastAPI loads in about 0.3 s)."""
    from .app import create_app as make
    return make(*args, **kwargs)


__all__ = ["ApiError", "Limits", "create_app"]
