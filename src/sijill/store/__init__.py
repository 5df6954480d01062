"""Stage 7, the register: documents with their clean text, and the events found in them.

`open_register(url_or_path)` gives a `Register` on a SQLite file (a plain path) or any
SQLAlchemy URL (`postgresql+psycopg://...`); the tables are created on first use.
`Register.store(document, events)` writes one document in one transaction and is idempotent;
`Batch` (store/batching.py) stores many, several to a transaction, as `sijill ingest` does;
`Register.query(...)` filters events by date, type, actor and place.
"""
from .batching import Batch, StoreStopped
from .opening import open_register
from .register import Register, RegisterError, StoreOutcome
from .schema import match_key

__all__ = ["Batch", "Register", "RegisterError", "StoreOutcome", "StoreStopped", "match_key", "open_register"]
