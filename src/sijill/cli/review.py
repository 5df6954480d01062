"""`sijill review`: an analyst's decision on an event (accept, reject, set fields), and its trail."""
from __future__ import annotations

import getpass
import json

import click

from .options import db_option
from .store import _open, _stdout_utf8

_SETTABLE = "event_type, sub_event_type, event_date, fatalities, actor1, actor2, location"


def _pairs(ctx, param, values):
    out = {}
    for item in values:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE (fields: {_SETTABLE})", ctx, param)
        out[name.strip()] = value.strip()
    return out


@click.command()
@click.argument("event_id", required=False)
@db_option
@click.option("--accept", "decision", flag_value="accept", help="Accept the event as it stands (with any --set).")
@click.option("--reject", "decision", flag_value="reject",
              help="Reject the event: left out of 'sijill events' and exports from then on "
                   "(unless --include-rejected), whatever later pages say.")
@click.option("--set", "fields", multiple=True, metavar="FIELD=VALUE", callback=_pairs,
              help=f"Set a field by hand (repeatable); later extractions never overwrite it. "
                   f"Fields: {_SETTABLE}. event_type/sub_event_type: ACLED's; event_date: "
                   f"YYYY-MM-DD; fatalities: a whole number >= 0; actor1/actor2: an actor id or "
                   f"alias; location: a place name from the gazetteer.")
@click.option("--note", default=None, help="Why: kept in the trail.")
@click.option("--by", default=None, help="Who decides (default: your login name).")
@click.option("--list", "list_", is_flag=True,
              help="Show the review trail: of EVENT_ID if given, else of the whole register.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How --list and the result are printed.")
def review(event_id, db, decision, fields, note, by, list_, fmt):
    """Review the event EVENT_ID of the register --db: accept it, reject it, set fields, note why.

    Every decision is stored in the register's audit table (who, when, what, which field, the
    value before and after, why), and the event is written again at once. A field set here is
    never overwritten by a later extraction or by another outlet's telling that joins the
    event; a rejected event stays rejected. Exports mark reviewed events (the `review` field of
    the event object; "reviewed ..." in the ACLED CSV's tags).

    \b
    Examples:
      sijill review 3f2a9c1e0b7d4a55 --db register.sqlite --accept --by ana
      sijill review 3f2a9c1e0b7d4a55 --db register.sqlite --set fatalities=7 --note "SOHR update"
      sijill review 3f2a9c1e0b7d4a55 --db register.sqlite --set actor1=قسد --set location=Hajin
      sijill review 3f2a9c1e0b7d4a55 --db register.sqlite --reject --note "not an event"
      sijill review --list --db register.sqlite
    """
    if list_:
        if decision or fields:
            raise click.UsageError("--list shows the trail: give no --accept, --reject or --set with it")
        return _list(db, event_id, fmt)
    if not event_id:
        raise click.UsageError("give the id of the event to review (or --list)")
    if not (decision or fields or note):
        raise click.UsageError("give --accept, --reject, --set FIELD=VALUE or --note")
    by = by or _login()
    register = _open(db, create=False)
    steps = []
    if fields:
        steps.append(("edit", fields))
    if decision or not fields:
        steps.append((decision or "note", {}))
    result = None
    try:
        for action, values in steps:
            result = register.review(event_id, action, values, note, by)
    except LookupError as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        register.close()
    ev = result["event"]
    if fmt == "json":
        with _stdout_utf8() as out:
            out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        return
    state = (ev.get("review") or {}).get("state", "noted")
    set_ = ", ".join(f"{k}={_show(ev.get(k))}" for k in fields)
    click.echo(f"{event_id}: {state}" + (f"; set {set_}" if set_ else "") + (f" by {by}" if by else ""))


def _list(db, event_id, fmt):
    register = _open(db, create=False)
    try:
        trail = register.review_trail(event_id)
    finally:
        register.close()
    with _stdout_utf8() as out:
        if fmt == "json":
            for entry in trail:
                out.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
            return
        if not trail:
            out.write("no reviews" + (f" of {event_id}" if event_id else "") + "\n")
            return
        for e in trail:
            what = e.action + (f" {e.field}: {_show(e.before)} -> {_show(e.after)}" if e.field else "")
            note = f"  ({e.note})" if e.note else ""
            out.write(f"{e.at[:19]}  {e.event_id}  {e.by or '-'}  {what}{note}\n")


def _show(value) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or value.get("name") or value.get("surface"))
    return "-" if value is None else str(value)


def _login() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
