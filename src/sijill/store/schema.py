"""The register's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The full event object is kept as JSON text in `events.body`: it is the contract (SCHEMA.md) and
round-trips exactly through `Event.from_dict`. The other columns and the two key tables exist
only to filter without parsing JSON, so they can always be rebuilt from `body`.

Keys (`*_key` columns) hold `match_key(value)`: Arabic folded with `sijill.text.fold`, Latin
lower-cased without accents, punctuation as single spaces. A query compares the key of what
the user typed with these, so "دير الزور", "دیر الزور" and "Deir ez-Zor"/"deir-ez-zor" meet.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import sqlalchemy as sa

from ..text import fold

# Bumped when a table changes in a way older code cannot read; stored in `meta`. Version 2 added
# `tellings` (fusion across documents); version 3 the analyst's review (`reviews`, `review_log`,
# store/review.py). An older register is upgraded when opened for writing (store/opening.py).
SCHEMA_VERSION = "3"

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),          # the clean text all offsets refer to
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.String),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("language", sa.String(8)),
    sa.Column("source", sa.Text),                        # where it was read from
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.String, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),          # Event.to_dict() as JSON
    sa.Column("event_date", sa.Date, index=True),
    sa.Column("event_type", sa.String, index=True),
    sa.Column("sub_event_type", sa.String, index=True),
    sa.Column("status", sa.String, index=True),
    sa.Column("actor1_id", sa.String, index=True),
    sa.Column("actor2_id", sa.String, index=True),
    sa.Column("location_id", sa.String, index=True),
    sa.Column("location_name", sa.String),
    sa.Column("admin1", sa.String, index=True),
    sa.Column("fatalities", sa.Integer),
    sa.Column("confidence", sa.Float),
)

# Which documents tell which event, with that document's evidence spans. A document replaced
# by a new version loses exactly the rows it owns here (see store/fusion.py).
event_sources = sa.Table(
    "event_sources", metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.event_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("doc_id", sa.String, primary_key=True, index=True),
    sa.Column("evidence", sa.Text, nullable=False),      # JSON list of {role, start, end, text}
)

# One row per actor of an event and role, plus one per ancestor (`via` = the child's id), so
# that --actor SYR_GOV also finds the events of the Fourth Division (parents: [SYR_GOV]).
event_actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.event_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("role", sa.String, primary_key=True),      # actor1 | assoc_actor1 | actor2 | assoc_actor2
    sa.Column("actor_id", sa.String, primary_key=True),
    sa.Column("name", sa.String),
    sa.Column("label", sa.String),                       # the outlet's own words
    sa.Column("via", sa.String),                         # set on ancestor rows
    sa.Column("id_key", sa.String, index=True),
    sa.Column("name_key", sa.String),
    sa.Column("label_key", sa.String),
)

# Every name a place of an event goes by (names, surface words, admin names, P-codes), as keys.
event_places = sa.Table(
    "event_places", metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.event_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("key", sa.String, primary_key=True, index=True),
)

# Each event as one document told it: the register's events are groups of these (store/fusion.py).
# `report` is what matching compares (fuse.across.Report); the other columns serve the one
# blocking query: same family (event type, denials apart), the width class of the date window,
# window starts in a range, then the window's end and the governorate ("" without a place).
tellings = sa.Table(
    "tellings", metadata,
    sa.Column("key", sa.String, primary_key=True),          # doc id, U+001F, telling id
    sa.Column("doc_id", sa.String, nullable=False, index=True),
    sa.Column("telling_id", sa.String, nullable=False, index=True),  # its id in the document (extract's)
    sa.Column("event_id", sa.String, nullable=False, index=True),    # the register event it is in
    sa.Column("published", sa.Integer),                    # date ordinal: the first published names the event
    sa.Column("family", sa.String, nullable=False),
    sa.Column("wclass", sa.Integer, nullable=False),       # -1: no date window, never matched
    sa.Column("lo", sa.Integer),                          # window, as date ordinals
    sa.Column("hi", sa.Integer),
    sa.Column("area", sa.String, nullable=False),
    sa.Column("report", sa.Text, nullable=False),         # JSON
    sa.Column("body", sa.Text, nullable=False),           # the document's event, Event.to_dict() JSON
    sa.Index("ix_tellings_blocking", "family", "wclass", "lo", "area"),
)

# Pairs of tellings (keys, a < b) that may be one event, with their score (at least the rules'
# floor; a pair not here may not be one event). Scored once, when the later of the two is stored,
# so that regrouping a part of the register follows these rows instead of matching it again.
links = sa.Table(
    "links", metadata,
    sa.Column("a", sa.String, primary_key=True),
    sa.Column("b", sa.String, primary_key=True, index=True),
    sa.Column("score", sa.Float, nullable=False),
)

# An analyst's decisions on an event (store/review.py): its standing state, which fusion applies
# every time it writes the event again (reviewed values win, a rejection stays) ...
reviews = sa.Table(
    "reviews", metadata,
    sa.Column("event_id", sa.String, primary_key=True),
    sa.Column("decision", sa.String),                     # accepted | rejected | null (only edited)
    sa.Column("fields", sa.Text, nullable=False),        # JSON {field: value as in the event object}
    sa.Column("by", sa.String),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# ... and the audit trail: who, when, what, which field, before, after, why. One row per field set.
review_log = sa.Table(
    "review_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String, nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("by", sa.String),
    sa.Column("action", sa.String, nullable=False),      # accept | reject | edit | note
    sa.Column("field", sa.String),
    sa.Column("before", sa.Text),                        # JSON
    sa.Column("after", sa.Text),                         # JSON
    sa.Column("note", sa.Text),
)

ingest_runs = sa.Table(
    "ingest_runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),   # null: interrupted
    sa.Column("inputs", sa.Integer),
    sa.Column("stored", sa.Integer),
    sa.Column("skipped", sa.Integer),
    sa.Column("failed", sa.Integer),
    sa.Column("events", sa.Integer),
    sa.Column("sijill_version", sa.String),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String, primary_key=True),
    sa.Column("value", sa.Text),
)

_NON_WORD = re.compile(r"[\W_]+")


def match_key(value: str | None) -> str:
    """The form names are compared in: folded Arabic/Persian, plain lower-case Latin."""
    if not value:
        return ""
    return _match_key(value)


@lru_cache(maxsize=1 << 16)
def _match_key(value: str) -> str:
    # the same names (places, actors, labels) recur on every event stored: keyed once
    s = fold(value)
    # Latin transliterations carry accents inconsistently (Dhībān, Dhiban): drop them, but
    # only on Latin letters, because NFKD would also take Arabic letters apart.
    s = "".join(_strip_accents(c) if "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff" else c
                for c in s)
    return _NON_WORD.sub(" ", s.lower()).strip()


def _strip_accents(c: str) -> str:
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
