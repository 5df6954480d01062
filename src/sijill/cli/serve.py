"""`sijill serve`: the register's HTTP API and dashboard, under uvicorn."""
from __future__ import annotations

import importlib.util

import click

from .options import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 listens on every interface (then put a TLS proxy in "
                   "front if a review token is set: it travels in a header).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--review-token", envvar="SIJILL_REVIEW_TOKEN", show_envvar=True, metavar="TOKEN",
              help="Allow reviews (accept, reject, edit, note) by clients sending this token as "
                   "'Authorization: Bearer TOKEN'. Without it the server is read-only.")
@click.option("--basemap", "basemap_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A GeoJSON file of admin boundaries to draw under the map instead of the outlines "
                   "derived from the gazetteer (e.g. OCHA's admin1 and admin2 polygons); repeatable.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The gazetteer the map's outlines are derived from (default: the imported one, "
                   "else the shipped outlines of the built-in list).")
@click.option("--max-page", type=click.IntRange(1, 10_000), default=500, show_default=True,
              help="Most events one list request may ask for.")
@click.option("--query-timeout", type=click.FloatRange(min=0), default=5.0, show_default=True,
              help="Seconds one request's database query may run before it is stopped (0: no limit).")
@click.option("--max-response-mb", type=click.FloatRange(min=0.1), default=8.0, show_default=True,
              help="Largest answer in megabytes; a larger one is an error asking for narrower filters.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="How much the server logs (requests at info).")
def serve(db, host, port, review_token, basemap_files, gazetteer_path, max_page, query_timeout,
          max_response_mb, log_level):
    """Serve the register --db: a JSON API under /api, its description at /docs (OpenAPI at
    /openapi.json), and a dashboard at / (map, timeline, events, actor network, framing; each
    event's page shows its sources' texts with the evidence highlighted).

    Everything is served from the package: it works with no network. The server is read-only
    unless --review-token is given. Each request is bounded (page size, query time, answer
    size) and every error is JSON: {"error": {"status", "code", "message"}}. Stop it with Ctrl-C.

    \b
    Examples:
      sijill serve --db register.sqlite
      sijill serve --db register.sqlite --port 8080 --review-token "$(openssl rand -hex 16)"
      sijill serve --db postgresql+psycopg://user:pw@host/db --host 0.0.0.0
    """
    missing = [m for m in ("fastapi", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        raise click.ClickException(f"sijill serve needs {' and '.join(missing)}: "
                                   f"pip install 'sijill[serve]'")
    import uvicorn

    from ..serve import Limits, create_app
    from ..store import RegisterError, open_register
    try:
        register = open_register(db, create=False, allow_memory=False)
        events = register.events_count()
    except RegisterError as exc:
        raise click.ClickException(str(exc)) from None
    limits = Limits(max_page=max_page, query_seconds=query_timeout,
                    max_response_bytes=int(max_response_mb * 1024 * 1024))
    try:
        app = create_app(register, review_token=review_token, limits=limits,
                         basemap_files=tuple(basemap_files), gazetteer_path=gazetteer_path, warm=True)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    shown = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    click.echo(f"sijill: serving {register!r} ({events} events) at {shown} (API docs at {shown}docs); "
               f"reviews {'on' if review_token else 'off (read-only)'}; Ctrl-C stops", err=True)
    # Bounded at the server too: at most 64 requests at once (more get 503), idle connections
    # closed after 5 s.
    uvicorn.run(app, host=host, port=port, log_level=log_level, limit_concurrency=64,
                timeout_keep_alive=5, server_header=False)
