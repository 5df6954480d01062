"""The FastAPI app: the API of routes.py and review.py, the dashboard's pages, the docs.

`create_app(register, ...)` builds it around an open `Register` (or a --db value). Pages and
assets are files of the package (`static/`), so the dashboard works with no network; so do
the API docs at /docs: Swagger UI's files come from the `swagger-ui-py` package (the `serve`
extra) instead of a CDN, and without that package /docs is a plain page of the endpoints.
"""
from __future__ import annotations

import html
import importlib.util
import logging
import os
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import Register, RegisterError, open_register
from . import basemap as basemap_mod
from .bounds import ApiError, Limits, error_body
from .queries import Reader

log = logging.getLogger("sijill.serve")
STATIC = Path(str(resources.files("sijill.serve").joinpath("static")))
# The dashboard's pages load only their own files; an injected <script> or inline handler
# would not run even if some text escaped its escaping (the pages never insert HTML).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_CODES = {400: "bad_request", 401: "token_required", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 422: "bad_parameter", 501: "not_implemented",
          503: "unavailable"}


@dataclass
class AppState:
    """What the routes share: the register, its reader, limits and options."""
    register: Register          # or anything with its methods (tests wrap one)
    reader: Reader
    limits: Limits
    review_token: str | None = None
    basemap_files: tuple[str, ...] = ()
    gazetteer_path: str | None = None
    version: str | None = None
    _basemap: dict | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def basemap(self) -> dict:
        """The outlines under the map, made once (see basemap.py for where they come from)."""
        with self._lock:
            if self._basemap is None:
                self._basemap = self._make_basemap()
            return self._basemap

    def basemap_origin(self) -> str | None:
        return self._basemap.get("origin") if self._basemap else None

    def _make_basemap(self) -> dict:
        if self.basemap_files:
            return basemap_mod.read_files(list(self.basemap_files))
        shipped = STATIC / "basemap.geojson"
        try:
            from ..knowledge.gazetteer import load_gazetteer
            from ..model import Options
            gaz = load_gazetteer(Options(gazetteer_path=self.gazetteer_path))
            if not gaz.builtin:
                return basemap_mod.from_gazetteer(gaz)
        except Exception as exc:        # a broken gazetteer must not take the map down
            log.warning("base map from the gazetteer failed (%s); using the shipped outlines", exc)
        import json
        return json.loads(shipped.read_text(encoding="utf-8"))


def create_app(register: Register | str, *, review_token: str | None = None, limits: Limits | None = None,
               basemap_files: tuple[str, ...] = (), gazetteer_path: str | None = None,
               warm: bool = False) -> FastAPI:
    """The app serving `register` (a `Register`, or a --db value, opened here; it must exist).

    `review_token`: the token review writes need (None: read-only). `basemap_files`: boundary
    GeoJSON files to draw instead of outlines derived from the gazetteer (read here: a bad file
    raises ValueError or OSError). `warm`: make the events' copy and the base map in a background
    thread at once rather than on the first requests that need them, and, once the knowledge
    base and the gazetteer are loaded, leave what is loaded out of the garbage collector's full
    collections (`gc.freeze`, process-wide: for a process that serves, as `sijill serve`)."""
    if isinstance(register, (str, os.PathLike)):
        register = open_register(register, create=False, allow_memory=False)
    limits = limits or Limits()
    version = _version()
    reader = Reader(register.engine, limits, freeze_gc=warm)
    state = AppState(register=register, reader=reader, limits=limits,
                     review_token=review_token or None, basemap_files=tuple(basemap_files),
                     gazetteer_path=gazetteer_path, version=version)
    app = FastAPI(title="sijill register API", version=version or "0", docs_url=None, redoc_url=None,
                  description="Conflict events extracted from Arabic and Persian news, each field "
                              "with the words it came from. Errors are always "
                              "`{\"error\": {\"status\", \"code\", \"message\"}}`.")
    if basemap_files:          # read now, so that a bad file is an error at start, not at the first map
        state._basemap = basemap_mod.read_files(list(basemap_files))
    app.state.sijill = state
    _add_error_handlers(app)
    from . import review, routes
    app.include_router(routes.router)
    app.include_router(review.router)
    _add_pages(app)
    if warm:
        threading.Thread(target=_warm, args=(state,), daemon=True, name="sijill-basemap").start()
    return app


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sijill")
    except PackageNotFoundError:
        return None


def _warm(state: AppState) -> None:
    # The base map first: it loads the gazetteer, which the events' copy then finds loaded (two
    # threads loading it at once would each make one, and the filters' warmed one be dropped).
    try:
        state.basemap()
    except Exception as exc:      # logged; the request that needs it reports the problem
        log.warning("base map: %s", exc)
    try:
        state.reader.snapshots.current()
    except Exception as exc:
        log.warning("events' copy: %s", exc)


def _json_error(status: int, code: str, message: str, **extra) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, **extra), status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}; the API is under /api (see /docs)"
        return _json_error(exc.status_code, _CODES.get(exc.status_code, "error"), message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path", "header"))
            shown = e.get("input")
            shown = "" if shown is None or isinstance(shown, (dict, list)) else f" (got {str(shown)[:80]!r})"
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}{shown}")
        return _json_error(400, "bad_parameter", "; ".join(problems) or "invalid request")

    @app.exception_handler(RegisterError)
    @app.exception_handler(sa.exc.SQLAlchemyError)
    async def register_error(request: Request, exc: Exception):
        log.error("register error on %s: %s", request.url.path, exc)
        orig = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return _json_error(503, "register_unavailable",
                           f"the register could not answer: {orig[0] if orig else type(exc).__name__}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return _json_error(500, "internal_error", "an unexpected error; the server's log has the details")


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                 "Cache-Control": "no-cache"})


def _add_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard():
        return _page("index.html")

    @app.get("/event/{event_id}", include_in_schema=False)
    def event_page(event_id: str):
        return _page("event.html")

    swagger = importlib.util.find_spec("swagger_ui")
    folder = Path(list(swagger.submodule_search_locations)[0]) / "static" if swagger else None
    if folder is not None and (folder / "swagger-ui-bundle.js").is_file():
        app.mount("/docs-assets", StaticFiles(directory=folder), name="docs-assets")

        @app.get("/docs", include_in_schema=False)
        def docs():
            from fastapi.openapi.docs import get_swagger_ui_html
            return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} - docs",
                                       swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                       swagger_css_url="/docs-assets/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
    else:
        @app.get("/docs", include_in_schema=False)
        def docs_plain():
            return HTMLResponse(_plain_docs(app.openapi()))


def _plain_docs(spec: dict) -> str:
    """The endpoints of the OpenAPI document as a page, for when Swagger UI is not installed."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = ", ".join(p["name"] for p in op.get("parameters", ()))
            rows.append(f"<tr><td>{method.upper()}</td><td><code>{html.escape(path)}</code></td>"
                        f"<td>{html.escape(op.get('summary', ''))}</td><td>{html.escape(params)}</td></tr>")
    return ("<!doctype html><meta charset=utf-8><title>sijill API</title>"
            "<h1>sijill register API</h1><p>The full description: <a href=/openapi.json>/openapi.json</a> "
            "(install the <code>serve</code> extra for the interactive page).</p>"
            "<table border=1 cellpadding=4><tr><th>method<th>path<th>what<th>parameters</tr>"
            + "".join(rows) + "</table>")

