"""`sijill ingest`, `sijill events`, `sijill export`: the register from the command line.

Standard output carries only data (tables, JSON lines, CSV, GeoJSON); progress, errors and
summaries go to standard error, so that output can be piped.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import os
import sys
from collections import Counter

import click

from .options import (budget_options, db_option, filter_options, gazetteer_option, jobs_option,
                      max_bytes_option, model_options, published_option, quiet_option)
from .stopping import StopRequest

_EXPORT_FORMATS = ("acled", "jsonl", "geojson", "parquet")   # sijill.export.FORMATS, kept lazy


def _open(db: str, *, create: bool):
    """The register --db names; a value that does not name one usable is one line, exit 1."""
    from ..store import RegisterError, open_register
    try:
        # In memory, what ingest stores would be gone at exit and events would list nothing.
        return open_register(db, create=create, allow_memory=False)
    except RegisterError as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def _stdout_utf8():
    """Standard output as UTF-8 text whatever the locale (Arabic in a C-locale pipe)."""
    sys.stdout.flush()
    raw = getattr(sys.stdout, "buffer", None)
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True) if raw else sys.stdout
    try:
        yield out
        out.flush()
        if raw:
            raw.flush()
    except BrokenPipeError:
        # `sijill events | head`: the reader has gone, which is not an error of ours. Later
        # writes (Python's own flush at exit) go to /dev/null instead of raising again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    finally:
        if raw:
            with contextlib.suppress(ValueError, OSError):
                out.detach()


def _query_args(since, until, type_, actor, place, outlet, status, background, limit) -> dict:
    return {"since": since, "until": until, "type": type_, "actor": actor, "place": place,
            "outlet": outlet, "status": status, "background": background, "limit": limit}


class _Progress:
    """A tqdm bar on a terminal; a line every `every` inputs in a log; nothing when quiet."""

    def __init__(self, quiet: bool, every: int = 100):
        from tqdm import tqdm
        self.every = every
        self.log = not quiet and not sys.stderr.isatty()
        self.bar = tqdm(file=sys.stderr, unit=" doc", desc="ingest", dynamic_ncols=True,
                        disable=quiet or not sys.stderr.isatty())

    def error(self, message: str) -> None:
        if not self.bar.disable:
            self.bar.write(message, file=sys.stderr)    # above the bar, not through it
        else:
            click.echo(message, err=True)

    def line_due(self, counts: Counter) -> bool:
        """Whether `update` is about to print a line in the log."""
        return self.log and counts["inputs"] % self.every == 0

    def update(self, counts: Counter) -> None:
        self.bar.update(1)
        if not self.bar.disable:
            self.bar.set_postfix(events=counts["events"], failed=counts["failed"], refresh=False)
        if self.line_due(counts):
            click.echo(f"ingest: {_tally(counts)}", err=True)

    def close(self) -> None:
        self.bar.close()


def _tally(c: Counter) -> str:
    stored = c["stored"] + c["replaced"]
    replaced = f" ({c['replaced']} replaced)" if c["replaced"] else ""
    return (f"{c['inputs']} documents read: {stored} stored{replaced}, {c['skipped']} skipped as "
            f"already stored, {c['failed']} failed; {c['events']} events stored")


@click.command()
@click.argument("pages", nargs=-1, required=True)
@db_option
@published_option
@gazetteer_option
@max_bytes_option
@budget_options
@jobs_option
@model_options
@click.option("--replace", is_flag=True,
              help="Extract and store again documents already stored with the same content "
                   "(after a knowledge base update); their old events are replaced.")
@quiet_option
def ingest(pages, db, published, gazetteer_path, max_bytes, doc_timeout, max_chars, jobs, model_dir, rules_only,
           replace, quiet):
    """Read PAGES, extract their events, and store both in the register --db.

    PAGES are .txt, .html/.htm, .jsonl documents, .warc/.warc.gz archives, or folders of them
    ('-': JSON lines documents on standard input). Documents are stored with their events
    several to a transaction (every 100 documents or every second), each whole or not at all,
    so an interrupted run loses nothing it cannot redo: run the same command again and it skips
    what is stored and finishes the rest. A document seen again with the same content is
    skipped; with new content (same id) its events are replaced.

    A page that cannot be read or stored is reported on standard error as "error: SOURCE:
    PROBLEM" and the run goes on. At the end a summary line is printed; the exit status is 1 if
    any page failed, else 0. A progress bar shows on a terminal; in a log, a line every 100
    documents.

    A page whose extraction runs past --doc-timeout, or whose text is longer than --max-chars,
    is such an error too. Ctrl-C stops at once (the pages read before the one in hand are
    stored, that one is not; exit 130); SIGTERM stops after the page in hand (exit 143); both
    print the summary, and the same command run again finishes the rest.

    \b
    Examples:
      sijill ingest examples/ --db register.sqlite
      sijill ingest archive.warc.gz --db postgresql+psycopg://me:secret@dbhost/sijill
      SIJILL_DB=register.sqlite sijill ingest pages/ --published 2018-04-30 --quiet
    """
    from ..model import Options
    from ..pipeline import run
    from ..store import Batch, StoreStopped

    register = _open(db, create=True)
    options = Options(published=published, gazetteer_path=gazetteer_path, max_bytes=max_bytes,
                      model_dir=model_dir, rules_only=rules_only, doc_timeout=doc_timeout,
                      max_chars=max_chars)
    counts: Counter = Counter()
    run_id = register.start_run()
    progress = _Progress(quiet)
    batch = Batch(register, lambda result, outcome: _stored(result, outcome, counts, progress), replace=replace,
                  lost_repeats=lambda doc_id, copies, exc: _lost_repeats(doc_id, copies, counts, progress))
    # a document stored before (or waiting in the batch) with the same content is not extracted
    # again (cheap re-runs)
    results = run(pages, options, skip=None if replace else
                  (lambda doc: batch.has_document(doc.id, doc.content_hash)), jobs=jobs)
    stop = StopRequest()
    status = None
    try:
        with stop:
            while not stop.requested and (result := _next_result(results, counts, batch)) is not None:
                _ingest_one(result, batch, counts, progress)
            batch.flush()
        if stop.requested:
            status = 143                  # SIGTERM: stopped after the page in hand, all stored
    except KeyboardInterrupt:
        # Ctrl-C: the page in hand is dropped; the pages before it are stored (a second Ctrl-C
        # gives that up too: the same command run again stores them)
        status = 130
        with contextlib.suppress(Exception, KeyboardInterrupt):
            batch.flush()
    except StoreStopped as exc:
        # The database itself is unusable (gone, locked, disk full): every next document would
        # fail the same way, so stop; what is stored stays stored.
        raise click.ClickException(f"{exc.tag.source}: cannot write to the register: "
                                   f"{_first_line(exc.error)}") from None
    finally:
        progress.close()
        batch.close()
    interrupted = status is not None
    try:
        register.finish_run(run_id, inputs=counts["inputs"], stored=counts["stored"] + counts["replaced"],
                            skipped=counts["skipped"], failed=counts["failed"], events=counts["events"])
        register.close()
    except Exception:
        if not interrupted:     # after Ctrl-C the connection may be in any state: the record is best effort
            raise
    if interrupted:
        click.echo(f"interrupted: {_tally(counts)}; run the same command again to finish", err=True)
        sys.exit(status)
    click.echo(_tally(counts), err=True)
    sys.exit(1 if counts["failed"] else 0)


def _ingest_one(result, batch, counts: Counter, progress: "_Progress") -> None:
    """Hand one result of the pipeline to the batch, or count it (skipped, failed) at once."""
    counts["inputs"] += 1
    for warning in getattr(result.document, "warnings", ()):   # read, with something set aside
        progress.error(f"warning: {warning}")
    # A document whose extraction failed comes with a problem and is not stored:
    # stored without events, it would be skipped as "done" on the next run.
    if result.skipped:
        counts["skipped"] += 1
    elif result.problem is not None or result.document is None:
        counts["failed"] += 1
        progress.error(f"error: {result.problem or result.source + ': nothing read'}")
    else:
        batch.add(result, result.document, result.events)
    if progress.line_due(counts):
        batch.flush()                  # so that the line counts what is stored
    progress.update(counts)


def _stored(result, outcome, counts: Counter, progress: "_Progress") -> None:
    """Count a document the batch has stored, or report the error it met."""
    if isinstance(outcome, Exception):
        counts["failed"] += 1
        progress.error(f"error: {result.source}: could not store: "
                       f"{type(outcome).__name__}: {_first_line(outcome)}")
    else:
        counts[outcome.status] += 1
        counts["events"] += outcome.events


def _lost_repeats(doc_id: str, copies: int, counts: Counter, progress: "_Progress") -> None:
    """Copies of a page skipped while it waited to be stored, and it could not be: failed too."""
    counts["skipped"] -= copies
    counts["failed"] += copies
    progress.error(f"error: {doc_id}: {copies} later {'copy' if copies == 1 else 'copies'} of this page "
                   "skipped while it waited, and it could not be stored; run the same command again")


def _next_result(results, counts: Counter, batch):
    """The next result, or None at the end; a failure of the pipeline itself (not of one page:
    those come as problems) stops the run with its message, after storing what was read and
    saying what was stored."""
    try:
        return next(results)
    except StopIteration:
        return None
    except Exception as exc:
        batch.flush()
        raise click.ClickException(f"the run stopped: {type(exc).__name__}: {_first_line(exc)}; "
                                   f"so far {_tally(counts)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else ""


@click.command()
@db_option
@filter_options
@click.option("--include-rejected", is_flag=True,
              help="Also the events an analyst rejected ('sijill review ID --reject'): left out by default.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True,
              help="table: a readable table for a terminal; jsonl: one event object a line "
                   "(SCHEMA.md), for programs.")
def events(db, since, until, type_, actor, place, outlet, status, background, limit, include_rejected,
           fmt):
    """List the events stored in the register --db that pass every filter given.

    Events come oldest first (undated ones last). The default is a table for reading, whatever
    standard output is (predictable in scripts: ask for --format jsonl to get the records); in
    the table, Arabic is reordered for display on a terminal only (SIJILL_BIDI=0 turns that
    off for terminals that do it themselves).

    \b
    Examples:
      sijill events --db register.sqlite --type Battles --since 2018-01-01
      sijill events --db register.sqlite --actor SDF --place "دير الزور" --limit 20
      sijill events --db register.sqlite --actor قسد --place Raqqa --status reported,claimed
      sijill events --db register.sqlite --outlet "أورينت نت" --background no
      sijill events --db register.sqlite --format jsonl > events.jsonl
    """
    from .options import print_events_table, render_events_jsonl
    register = _open(db, create=False)
    found = _stream(register, {**_query_args(since, until, type_, actor, place, outlet, status, background,
                                             limit), "include_rejected": include_rejected})
    with _stdout_utf8() as out:
        if fmt == "table":
            print_events_table(found, out)
        else:
            out.writelines(render_events_jsonl(found))
    register.close()


def _stream(register, query: dict):
    """The register's events, with bad filter values and database errors as clean messages; the
    first event is read at once, so that a bad filter is reported before anything is written."""
    found = _guarded(register, query)
    first = next(found, None)
    return itertools.chain([first], found) if first is not None else iter(())


def _guarded(register, query: dict):
    import sqlalchemy as sa
    try:
        yield from register.iter_events(**query)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except sa.exc.SQLAlchemyError as exc:
        raise click.ClickException(f"cannot read the register: {_first_line(exc)}") from None


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(_EXPORT_FORMATS), required=True,
              help="acled: ACLED-style CSV (ACLED's columns; denied events left out); "
                   "jsonl: the event objects; geojson: a FeatureCollection of points "
                   "(properties = the event object and flat columns; no coordinates: geometry "
                   "null); parquet: one row an event, nested objects as JSON and flat columns "
                   "(needs pyarrow and -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default=None,
              help="Write here, made whole at the end (a failed export leaves no partial file; a "
                   "symbolic link there is replaced, not written through). A FIFO or device is "
                   "written in place. '-' or no -o: standard output, for the text formats.")
@filter_options
@click.option("--include-rejected", is_flag=True,
              help="Also the events an analyst rejected ('sijill review ID --reject'): left out by default.")
def export(db, fmt, output, since, until, type_, actor, place, outlet, status, background, limit,
           include_rejected):
    """Write the events of the register --db as ACLED CSV, JSON lines, GeoJSON or Parquet.

    The same filters as 'sijill events' choose the events. Text formats go to standard output
    unless -o is given (or with -o -); Parquet needs -o FILE. The number of events written is
    reported on standard error.

    The ACLED CSV has ACLED's columns, event_id_cnty to timestamp: disorder_type from the event
    type, the event's own country (iso, region, country: an event in Iraq is Iraq's), unnamed
    attackers as "Unidentified Armed Group (Syria)", civilian_targeting only where civilians
    are the target, and timestamp = the unix time of the export (the register keeps no time of
    last update per event). GeoJSON and Parquet carry flat columns beside the nested objects
    (actor1_name, actor2_name, outlets, sources_count, place, admin1-3, country, region,
    disorder_type, year, drawn_at ...) so that QGIS or a DataFrame can style and filter by them.
    An event known only at an area (a governorate, district, or "ريف دير الزور الشرقي") is
    drawn at that area's seat (its capital town, as ACLED does) in all three, not at the centre
    of its shape; the JSON objects keep the coordinates the register holds.

    In the ACLED CSV, a text cell that starts with =, +, -, @, a tab or a carriage return gets a
    leading ' so that a spreadsheet shows it as text instead of running it as a formula (notes
    and names come from the pages read); numbers, negative ones included, are left as they are.

    \b
    Examples:
      sijill export --db register.sqlite --format acled -o events.csv
      sijill export --db register.sqlite --format geojson --since 2018-01-01 > events.geojson
      sijill export --db register.sqlite --format jsonl -o - | gzip > events.jsonl.gz
      sijill export --db register.sqlite --format parquet -o events.parquet --actor SYR_GOV
      sijill export --db register.sqlite --format acled --status reported --background no -o e.csv
    """
    from ..export import ExportError, write_events
    if output == "-":
        output = None
    if fmt == "parquet" and output is None:
        raise click.UsageError("parquet is a binary format: give a file with -o FILE")
    register = _open(db, create=False)
    seen = Counter()
    found = _stream(register, {**_query_args(since, until, type_, actor, place, outlet, status, background,
                                             limit), "include_rejected": include_rejected})   # a bad filter stops here

    def counted():
        for ev in found:
            seen["events"] += 1
            yield ev

    try:
        if output is None:
            with _stdout_utf8() as out:
                written = write_events(counted(), fmt, out)
        else:
            written = write_events(counted(), fmt, output)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"{output or 'standard output'}: {exc.strerror or exc}") from None
    register.close()
    left_out = seen["events"] - written
    note = f" ({left_out} denied events left out of the ACLED file)" if left_out else ""
    click.echo(f"export: {written} events written to {output or 'standard output'} as {fmt}{note}",
               err=True)
