"""`sijill framing` (how each outlet names each actor) and `sijill event` (one event whole).

Both read what the register keeps per source of a fused event (SCHEMA.md `sources[]`): each
outlet's own actors with the words it used (`label`) and the stance of those words (`stance`:
neutral | hostile | friendly, from the knowledge base's aliases), its own date, place and toll,
and its evidence spans.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

import click

from .options import db_option
from .store import _open, _stdout_utf8

_ROLES = ("actor1", "assoc_actor1", "actor2", "assoc_actor2")


def _actors_of(told) -> list:
    out = []
    for role in _ROLES:
        value = getattr(told, role)
        out += [a for a in (value if isinstance(value, tuple) else (value,)) if a is not None]
    return out


def _wanted_ids(actor: str) -> set[str] | None:
    from ..store import aliases
    ids = aliases.actor_ids(actor)
    base = aliases._actors()
    if base is not None and base.get(actor.strip()) is not None:
        ids.add(actor.strip())
    return ids or None


def framing_rows(events, actor: str | None = None) -> list[dict]:
    """Per outlet, actor, label and stance: how many mentions, in how many events."""
    wanted = _wanted_ids(actor) if actor else None
    if actor and wanted is None:
        raise click.UsageError(f"--actor: no actor {actor!r} in the knowledge base (give an id or an alias)")
    mentions: Counter = Counter()
    in_events: dict[tuple, set] = defaultdict(set)
    names: dict[str, str] = {}
    for ev in events:
        for s in ev.sources:
            for a in _actors_of(s.told) if s.told else ():
                if wanted is not None and a.id not in wanted and not wanted & set(a.parents):
                    continue
                key = (s.outlet or "(no outlet)", a.id, a.label or "", a.stance or "")
                mentions[key] += 1
                in_events[key].add(ev.event_id)
                names[a.id] = a.name
    rows = [{"outlet": o, "actor": i, "actor_name": names[i], "label": lab or None, "stance": st or None,
             "mentions": n, "events": len(in_events[(o, i, lab, st)])}
            for (o, i, lab, st), n in mentions.items()]
    return sorted(rows, key=lambda r: (r["actor"], r["outlet"], -r["mentions"], r["label"] or ""))


@click.command()
@db_option
@click.option("--actor", default=None,
              help="Only this actor (and its sub-units): an id or what the press calls it (SDF, قسد).")
@click.option("--include-rejected", is_flag=True, help="Also count the events an analyst rejected.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: for reading; json: one object a line {outlet, actor, actor_name, label, "
                   "stance, mentions, events}.")
def framing(db, actor, include_rejected, fmt):
    """How each outlet names each actor: the labels used, how often, and their stance.

    Counted over the sources of the register's events: every actor an outlet's page names in an
    event (actor1, actor2 and their associates), with the words it used and the stance of those
    words (hostile, friendly, neutral: from the knowledge base's aliases). 'sijill event ID'
    shows how each outlet named each side of one event.

    \b
    Examples:
      sijill framing --db register.sqlite
      sijill framing --db register.sqlite --actor SYR_GOV
      sijill framing --db register.sqlite --actor قسد --format json
    """
    register = _open(db, create=False)
    try:
        rows = framing_rows(register.iter_events(include_rejected=include_rejected), actor)
    finally:
        register.close()
    with _stdout_utf8() as out:
        if fmt == "json":
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            return
        if not rows:
            out.write("no actor mentions" + (f" of {actor}" if actor else "") + "\n")
            return
        _table(out, ("actor", "outlet", "label", "stance", "mentions", "events"),
               [(r["actor"], r["outlet"], r["label"] or "-", r["stance"] or "-", str(r["mentions"]),
                 str(r["events"])) for r in rows])


def _table(out, header, rows) -> None:
    from .options import display_width
    widths = [max(display_width(str(c)) for c in col) for col in zip(header, *rows)]
    for row in (header, *rows):
        out.write("  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths)).rstrip() + "\n")


# ------------------------------------------------------------------ one event whole


def _side(a) -> str:
    if a is None:
        return "-"
    return f"{a.label} ({a.id}{', ' + a.stance if a.stance else ''})" if a.label else a.id


def _place(p) -> str:
    return "-" if p is None else (p.name or p.name_ar or p.surface or "-")


@click.command()
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: for reading; json: {event: the event object, review_trail: [...]}.")
def event(event_id, db, fmt):
    """Show the event EVENT_ID whole: the register's values, its sources side by side (what each
    outlet said: date, place, actors in its own words, toll, status), their evidence, the
    disagreements between them, and the analyst's review trail.

    \b
    Examples:
      sijill event 3f2a9c1e0b7d4a55 --db register.sqlite
      sijill event 3f2a9c1e0b7d4a55 --db register.sqlite --format json
    """
    import sqlalchemy as sa

    from ..model import Event
    from ..store.schema import events
    from .review import _show
    register = _open(db, create=False)
    try:
        with register.engine.connect() as conn:
            body = conn.execute(sa.select(events.c.body).where(events.c.event_id == event_id)).scalar()
        trail = register.review_trail(event_id) if body is not None else []
    finally:
        register.close()
    if body is None:
        raise click.ClickException(f"no event {event_id!r} in this register ('sijill events' lists them)")
    ev = Event.from_dict(json.loads(body))
    with _stdout_utf8() as out:
        if fmt == "json":
            out.write(json.dumps({"event": ev.to_dict(), "review_trail": [t.to_dict() for t in trail]},
                                 ensure_ascii=False) + "\n")
            return
        _show_event(out, ev, trail, _show)


def _show_event(out, ev, trail, _show) -> None:
    killed = "-" if ev.fatalities is None else f"{ev.fatalities} ({ev.fatalities_qualifier or '-'})"
    out.write(f"event {ev.event_id}: {ev.event_type} / {ev.sub_event_type}, "
              f"{ev.event_date or 'undated'} ({ev.date_precision}), {_place(ev.location)}, "
              f"killed {killed}, {ev.status}\n")
    out.write(f"  actor1 {ev.actor1.id if ev.actor1 else '-'}; actor2 {ev.actor2.id if ev.actor2 else '-'}; "
              f"corroboration {ev.corroboration or len({s.outlet for s in ev.sources})}\n")
    if ev.review:
        out.write(f"  review: {ev.review.get('state')}"
                  f"{' (' + ', '.join(ev.review.get('fields') or ()) + ')' if ev.review.get('fields') else ''}"
                  f" by {ev.review.get('by') or '-'}\n")
    out.write("\nsources\n")
    rows = []
    for s in ev.sources:
        t = s.told
        rows.append((s.outlet or "-", str(s.published or "-"), str(t.event_date or "-") if t else "-",
                     _place(t.location) if t else "-", _side(t.actor1) if t else "-",
                     _side(t.actor2) if t else "-",
                     "-" if not t or t.fatalities is None else str(t.fatalities), t.status if t else "-"))
    _table(out, ("outlet", "published", "date", "place", "actor1 (as told)", "actor2 (as told)",
                 "killed", "status"), rows)
    out.write("\nevidence\n")
    for s in ev.sources:
        for e in s.evidence:
            out.write(f"  {s.outlet or s.doc}  {e.role}: {e.text}\n")
    if ev.disagreements:
        out.write("\ndisagreements\n")
        for d in ev.disagreements:
            by_doc = {s.doc: s.outlet or s.doc for s in ev.sources}
            out.write(f"  {d.field}: " + "; ".join(f"{by_doc.get(doc, doc)} {v}" for doc, v in d.values) + "\n")
    if trail:
        out.write("\nreview trail\n")
        for e in trail:
            what = e.action + (f" {e.field}: {_show(e.before)} -> {_show(e.after)}" if e.field else "")
            out.write(f"  {e.at[:19]}  {e.by or '-'}  {what}" + (f"  ({e.note})" if e.note else "") + "\n")
