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

import sqlalchemy as sa

from ..text import fold

# Bumped when a table changes in a way older code cannot read; stored in `meta`.
SCHEMA_VERSION = "1"

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
# by a new version loses exactly the rows it owns here (see Register._forget_document).
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
    s = fold(value)
    # Latin transliterations carry accents inconsistently (Dhībān, Dhiban): drop them, but
    # only on Latin letters, because NFKD would also take Arabic letters apart.
    s = "".join(_strip_accents(c) if "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff" else c
                for c in s)
    return _NON_WORD.sub(" ", s.lower()).strip()


def _strip_accents(c: str) -> str:
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
