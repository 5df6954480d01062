"""Stage 7, the register: documents with their clean text, and the events found in them.

`open_register(url_or_path)` gives a `Register` on a SQLite file (a plain path) or any
SQLAlchemy URL (`postgresql+psycopg://...`); the tables are created on first use.
`Register.store(document, events)` writes one document in one transaction and is idempotent;
`Register.query(...)` filters events by date, type, actor and place.
"""
from .opening import open_register
from .register import Register, RegisterError, StoreOutcome
from .schema import match_key

__all__ = ["Register", "RegisterError", "StoreOutcome", "match_key", "open_register"]
