"""What the status tests share: a pipeline, and whether a sentence yields a reported event of some types."""
from __future__ import annotations

from sijill.model import Document

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
UNREST = {"Protests", "Riots"}


def flagged(pipeline, text: str, kinds) -> bool:
    events = pipeline.extract(Document(id="t", text=text, language="ar"))
    return any(e.event_type in kinds and e.status in ("reported", "claimed") for e in events)
