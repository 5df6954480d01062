"""Pieces shared by the commands: click option decorators and the ways events are printed.

Option decorators (as sqlite-utils does) keep the same option spelled and documented the same
way in every command. The table printer is for people at a terminal; JSON lines are for
programs, and are what SCHEMA.md specifies.

Arabic and Persian in a terminal: most terminals lay text out left to right, cell by cell, so
an Arabic name prints with its letters in reverse order. When the output is a terminal (and
only then), cells that contain right-to-left text are reordered for display with python-bidi's
`get_display`; files and pipes get the logical order, so nothing stored or exported changes.
Terminals that do their own bidi (mlterm; GNOME Terminal, Konsole with it switched on) would
reverse it twice: SIJILL_BIDI=0 turns the reordering off, SIJILL_BIDI=1 forces it on.
"""
from __future__ import annotations

import os
import unicodedata
from datetime import date
from typing import IO, Iterable, Iterator

import click

from ..model import Event

# ------------------------------------------------------------------ option decorators


class DateType(click.ParamType):
    """A YYYY-MM-DD date on the command line, with an error that shows the expected form."""
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2018-04-30)", param, ctx)


DATE = DateType()


def _db_value(ctx, param, value):
    # An empty value is a usage error like a missing one; what a value names is checked when
    # the register is opened (cli/store.py `_open`), with one line naming it and the problem.
    if value is not None and not value.strip():
        raise click.BadParameter(f"{value!r} is empty: give a SQLite file path or a database URL",
                                 ctx, param)
    return value


def db_option(f):
    return click.option(
        "--db", required=True, envvar="SIJILL_DB", show_envvar=True, metavar="PATH|URL",
        callback=_db_value,
        help="The register: a SQLite file path, or a SQLAlchemy URL such as "
             "postgresql+psycopg://user:password@host/dbname.")(f)


def _type_value(ctx, param, value):
    # checked here so that a wrong type is a usage error naming ACLED's types before anything runs
    from ..export.codebook import find_type, type_choices
    if value is not None and find_type(value) is None:
        raise click.BadParameter(f"{value!r} is not an ACLED event type or sub-event type; the types "
                                 f"(sub-types in brackets) are: {type_choices()}", ctx, param)
    return value


def _status_value(ctx, param, value):
    from ..store.rows import statuses
    if not value:
        return None
    try:
        return tuple(statuses(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("status: "), ctx, param) from None


def filter_options(f):
    """--since --until --type --actor --place --outlet --status --background --limit, as
    `Register.query` takes them."""
    for decorator in reversed((
        click.option("--since", type=DATE, help="Events on or after this date."),
        click.option("--until", type=DATE, help="Events on or before this date."),
        click.option("--type", "type_", metavar="TYPE", callback=_type_value,
                     help="An ACLED event type or sub-event type, any case: 'Battles', 'Air/drone strike' "
                          "(a wrong one lists them all)."),
        click.option("--actor", metavar="ACTOR",
                     help="An actor id (SYR_GOV also finds its sub-units), a display name or words of "
                          "it, an alias of the knowledge base ('قسد' is SDF, 'ميليشيا أسد' SYR_GOV), or "
                          "the outlet's own label; case and Arabic spelling ignored."),
        click.option("--place", metavar="PLACE",
                     help="A place or area as the press writes it ('الرقة', 'Raqqa', 'Deir ez-Zor'): its "
                          "English or Arabic name or a spelling of it in the gazetteer, the words of the "
                          "text, a governorate/district/sub-district name (all events inside it), or a "
                          "P-code (SY09)."),
        click.option("--outlet", metavar="OUTLET",
                     help="Events told by a document of this outlet ('أورينت نت', 'SY24'), any case or "
                          "Arabic spelling, or whole words of its name; an unknown one lists the "
                          "register's outlets."),
        click.option("--status", metavar="STATUS", multiple=True, callback=_status_value,
                     help="reported, claimed or denied; several as a comma list or by repeating the "
                          "option (default: all)."),
        click.option("--background", type=click.Choice(["yes", "no", "only"]), default="yes",
                     show_default=True,
                     help="Background events (an earlier, dated event a report recalls: background "
                          "true): yes keeps them, no leaves them out, only keeps only them."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many events."),
    )):
        f = decorator(f)
    return f


def published_option(f):
    return click.option(
        "--published", type=DATE,
        help="Publication date for pages that carry none: the reference for 'yesterday', 'last Sunday'.")(f)


def gazetteer_option(f):
    return click.option(
        "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), default=None,
        help="A gazetteer file made by 'sijill gazetteer import' (default: the imported one, else built-in).")(f)


def model_options(f):
    """--model DIR and --rules-only: which learned decisions extraction uses."""
    f = click.option("--rules-only", is_flag=True,
                     help="Keep every event the rules propose, without the trained model's decision.")(f)
    return click.option("--model", "model_dir", type=click.Path(file_okay=False, exists=True), default=None,
                        help="A model folder made by 'sijill train --out DIR' (default: the shipped model).")(f)


def max_bytes_option(f):
    return click.option("--max-bytes", type=click.IntRange(min=1), default=50 * 1024 * 1024,
                        show_default=True, help="Refuse pages larger than this many bytes.")(f)


def budget_options(f):
    """--doc-timeout and --max-chars: what one document may cost before it is left out."""
    f = click.option("--max-chars", type=click.IntRange(min=1), default=2_000_000, show_default=True,
                     help="Refuse to extract a page whose clean text is longer than this many "
                          "characters (an error for that page; the run goes on).")(f)
    return click.option("--doc-timeout", type=click.FloatRange(min=0), default=10.0, show_default=True,
                        help="Seconds one page's extraction may take; a page over it gets an error "
                             "and the run goes on (0: no limit).")(f)


def jobs_option(f):
    from ..workers import default_jobs
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=default_jobs(), show_default=True,
                        help="Worker processes extracting pages at once (default: the cores this "
                             "process may use). The output is the same whatever the number.")(f)


def quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress report (errors and the summary are still printed).")(f)


# ------------------------------------------------------------------ JSON lines


def render_events_jsonl(events: Iterable[Event]) -> Iterator[str]:
    """Each event as one JSON line (newline included): `file.writelines(render_events_jsonl(evs))`."""
    from ..export.jsonl import event_line
    return (event_line(ev) for ev in events)


# ------------------------------------------------------------------ table

_HEADERS = ("date", "type", "status", "actors", "place", "killed", "source")
_MAX_WIDTH = (11, 48, 8, 56, 36, 6, 32)


def char_width(c: str) -> int:
    """Columns a character takes in a terminal: 0 for marks and format characters, 2 for wide."""
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def display_width(s: str) -> int:
    return sum(char_width(c) for c in s)


def _truncate(s: str, width: int) -> str:
    if display_width(s) <= width:
        return s
    out, used = [], 0
    for c in s:
        w = char_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _has_rtl(s: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in s)


def _bidi_wanted(file: IO[str]) -> bool:
    setting = os.environ.get("SIJILL_BIDI", "").strip().lower()
    if setting in ("0", "no", "off", "false"):
        return False
    if setting in ("1", "yes", "on", "true"):
        return True
    isatty = getattr(file, "isatty", None)
    return bool(isatty and isatty())


def _date_cell(ev: Event) -> str:
    if ev.event_date is None:
        return "?"
    iso = ev.event_date.isoformat()
    return {"month": iso[:7], "year": iso[:4], "week": iso + "~"}.get(ev.date_precision, iso)


def _killed_cell(ev: Event) -> str:
    if ev.fatalities is None:
        return "?"
    mark = {"approximate": "~", "at_least": "≥"}.get(ev.fatalities_qualifier or "", "")
    return f"{mark}{ev.fatalities}"


def _place_cell(ev: Event) -> str:
    loc = ev.location
    if loc is None:
        return "-"
    name = loc.name or loc.name_ar or loc.surface or "?"
    # The outlet's own words next to the gazetteer's name: they are what the evidence shows.
    return f"{name} ({loc.surface})" if loc.surface and loc.surface != name else name


# Short forms of ACLED's event types, so that the sub-type, which says more, fits the column.
_SHORT_TYPE = {"Explosions/Remote violence": "Explosions", "Violence against civilians": "VAC",
               "Strategic developments": "Strategic"}


def _row(ev: Event) -> tuple[str, ...]:
    kind = f"{_SHORT_TYPE.get(ev.event_type, ev.event_type)}: {ev.sub_event_type}"
    status = "" if ev.status == "reported" else ev.status
    a1 = ev.actor1.name if ev.actor1 else "?"
    actors = f"{a1} → {ev.actor2.name}" if ev.actor2 else a1
    docs = [s.doc for s in ev.sources]
    source = (docs[0] + (f" +{len(docs) - 1}" if len(docs) > 1 else "")) if docs else "-"
    cells = (_date_cell(ev), kind, status, actors, _place_cell(ev), _killed_cell(ev), source)
    return tuple(" ".join(c.split()) for c in cells)     # no newlines or tabs inside a cell


def print_events_table(events: Iterable[Event], file: IO[str] | None = None) -> int:
    """Print a readable table of events (date, type, status, actor1 → actor2, place, killed, source).

    Columns are sized by display width; right-to-left cells are reordered for display only
    when `file` is a terminal (see the module docstring). Returns the number of events printed.
    """
    file = file if file is not None else click.get_text_stream("stdout")
    rows = [_row(ev) for ev in events]
    bidi = _bidi_wanted(file)
    if bidi:
        from bidi import get_display
    widths = [min(max([display_width(h)] + [display_width(r[i]) for r in rows]), _MAX_WIDTH[i])
              for i, h in enumerate(_HEADERS)]

    def line(cells) -> str:
        out = []
        for i, cell in enumerate(cells):
            cell = _truncate(cell, widths[i])
            if bidi and _has_rtl(cell):
                cell = get_display(cell)
            pad = " " * (widths[i] - display_width(cell))
            out.append(pad + cell if _HEADERS[i] == "killed" else cell + pad)
        return "  ".join(out).rstrip()

    file.write(line(_HEADERS) + "\n")
    file.write("  ".join("─" * w for w in widths) + "\n")
    for r in rows:
        file.write(line(r) + "\n")
    file.write(f"({len(rows)} event{'s' if len(rows) != 1 else ''})\n")
    return len(rows)
