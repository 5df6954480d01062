"""From stored event objects to what the API answers: list rows, framing tables, documents.

Everything reads the event as a JSON object (SCHEMA.md) and is duck-typed on what a newer
register adds: `corroboration`, `disagreements`, `review`, and sources carrying their own
actors with labels. Absent fields are left out, never invented.
"""
from __future__ import annotations

from collections import Counter, defaultdict

ACTOR_ROLES = ("actor1", "actor2", "assoc_actor1", "assoc_actor2")
_PLACE_KEYS = ("id", "name", "name_ar", "surface", "admin1", "admin1_ar", "admin2", "lat", "lon",
               "geo_precision")


def _actor(a) -> dict | None:
    if not isinstance(a, dict):
        return None
    return {k: a.get(k) for k in ("id", "name", "label", "stance") if a.get(k) is not None}


def summary(body: dict) -> dict:
    """One event as a row of the list: what a table or a marker's popup shows."""
    loc = body.get("location") or None
    sources = body.get("sources") or []
    out = {
        "event_id": body.get("event_id"),
        "event_date": body.get("event_date"),
        "date_precision": body.get("date_precision"),
        "event_type": body.get("event_type"),
        "sub_event_type": body.get("sub_event_type"),
        "status": body.get("status"),
        "background": bool(body.get("background")),
        "actor1": _actor(body.get("actor1")),
        "actor2": _actor(body.get("actor2")),
        "place": {k: loc.get(k) for k in _PLACE_KEYS if loc.get(k) is not None} if isinstance(loc, dict) else None,
        "fatalities": body.get("fatalities"),
        "fatalities_qualifier": body.get("fatalities_qualifier"),
        "confidence": body.get("confidence"),
        "sources": len(sources),
        "outlets": sorted({s.get("outlet") for s in sources if s.get("outlet")}),
    }
    if "corroboration" in body:
        out["corroboration"] = body["corroboration"]
    if body.get("disagreements"):
        out["disagreements"] = [d.get("field") for d in body["disagreements"] if isinstance(d, dict)]
    review = body.get("review")
    if isinstance(review, dict) and review.get("state"):
        out["review"] = review["state"]
    return out


# ------------------------------------------------------------------ framing


def _source_actor(body: dict, source: dict, role: str, words: str | None) -> dict | None:
    """The actor a source's words for `role` name: the source's own when it carries actors
    (a fused register), else the event's, matched on the label for associated actors."""
    own = source.get(role) if role in source else None
    candidates = own if own is not None else body.get(role)
    if isinstance(candidates, dict):
        return candidates
    if isinstance(candidates, list) and candidates:
        for a in candidates:
            if isinstance(a, dict) and words and a.get("label") == words:
                return a
        return candidates[0] if len(candidates) == 1 and isinstance(candidates[0], dict) else None
    return None


def source_labels(body: dict, source: dict, only_source: bool):
    """(actor, label, stance) for each actor a source names: the words of its evidence spans of
    an actor role; the label of the actor where the source has no span for it (one source only).
    The stance is the knowledge base's for that label, unknown (None) for other words."""
    seen_roles = set()
    for ev in source.get("evidence") or ():
        role = ev.get("role")
        if role not in ACTOR_ROLES or not ev.get("text"):
            continue
        actor = _source_actor(body, source, role, ev["text"])
        if actor and actor.get("id"):
            seen_roles.add(role)
            stance = actor.get("stance") if actor.get("label") == ev["text"] else None
            yield actor, ev["text"], stance
    for role in ACTOR_ROLES:
        if role in seen_roles:
            continue
        value = source.get(role) if role in source else (body.get(role) if only_source else None)
        for actor in (value if isinstance(value, list) else [value]):
            if isinstance(actor, dict) and actor.get("id") and actor.get("label"):
                yield actor, actor["label"], actor.get("stance")


def framing(bodies: list[dict], *, actors_per_outlet: int = 40) -> list[dict]:
    """Per outlet: the events it told and, per actor, the labels it used (count, stance)."""
    told: Counter = Counter()
    langs: dict[str, Counter] = defaultdict(Counter)
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    for body in bodies:
        sources = [s for s in body.get("sources") or () if isinstance(s, dict)]
        for source in sources:
            outlet = source.get("outlet") or "(outlet unknown)"
            told[outlet] += 1
            if source.get("language"):
                langs[outlet][source["language"]] += 1
            for actor, label, stance in source_labels(body, source, len(sources) == 1):
                row = table[outlet].setdefault(actor["id"], {"id": actor["id"], "name": actor.get("name"),
                                                             "n": 0, "labels": {}, "stance": Counter()})
                row["n"] += 1
                entry = row["labels"].setdefault(label, {"label": label, "n": 0, "stance": stance})
                entry["n"] += 1
                row["stance"][stance or "unknown"] += 1
    out = []
    for outlet, n in sorted(told.items(), key=lambda kv: (-kv[1], kv[0])):
        actors = sorted(table[outlet].values(), key=lambda r: (-r["n"], r["id"]))[:actors_per_outlet]
        for a in actors:
            a["labels"] = sorted(a["labels"].values(), key=lambda e: (-e["n"], e["label"]))
            a["stance"] = dict(a["stance"])
        out.append({"outlet": outlet, "events": n,
                    "language": langs[outlet].most_common(1)[0][0] if langs[outlet] else None,
                    "actors": actors})
    return out


# ------------------------------------------------------------------ documents


def document_view(doc, spans: list[tuple[int, int]], max_chars: int) -> dict:
    """A stored document for the event page: its clean text whole, or, past `max_chars`, the
    window around its evidence (`text_offset` says where the window starts in the text)."""
    text, offset = doc.text or "", 0
    if len(text) > max_chars:
        lo = min((s for s, _ in spans), default=0)
        hi = max((e for _, e in spans), default=0)
        room = max(0, max_chars - (hi - lo)) // 2
        offset = max(0, min(lo - room, len(text) - max_chars))
        text = text[offset:offset + max_chars]
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
            "language": doc.language,
            "published": doc.published.isoformat() if doc.published else None,
            "text": text, "text_offset": offset, "text_length": len(doc.text or ""),
            "truncated": len(text) < len(doc.text or "")}

