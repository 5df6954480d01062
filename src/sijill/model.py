"""Typed records that flow between the stages (see `pipeline.py`).

Every record is an immutable dataclass. Offsets (`start`, `end`) always index the
document's clean text (`Document.text`), so `doc.text[start:end] == evidence.text`.
The JSON shape of an `Event` is the contract of the design's SCHEMA.md; `Event.to_dict`
and `Event.from_dict` are the only places that know it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .records import fast_init, replace


# ---------------------------------------------------------------- documents

@dataclass(frozen=True, slots=True)
class Document:
    """One page after ingest: `text` is the clean text that all offsets refer to."""
    id: str
    text: str
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None          # ar | fa | en; detected by `text` when None
    source: str | None = None            # where it was read from (file path, file:line)
    # What was wrong with the page but did not stop it being read (a bad `published` value),
    # for the reader to report; not part of what the document is (not compared, not hashed).
    warnings: tuple[InputProblem, ...] = field(default=(), compare=False)

    @property
    def content_hash(self) -> str:
        """Hash of what the extractor sees; the store uses it to skip re-ingesting a page."""
        h = hashlib.sha256()
        for part in (self.id, self.text, self.published.isoformat() if self.published else "",
                     self.outlet or "", self.language or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A source that could not be read; the run goes on and reports it."""
    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


# ---------------------------------------------------------------- text

@fast_init
@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- mentions

@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the clean text that the knowledge base recognised.

    kind: actor | place | trigger | number | date | cue
    key:  what it names (an actor id, a lexicon entry id, a cue class, ...)
    data: kind-specific payload (immutable: tuples or frozen dataclasses)
    """
    kind: str
    start: int
    end: int
    text: str
    key: str
    data: Any = None


# ---------------------------------------------------------------- resolved values

@fast_init
@dataclass(frozen=True, slots=True)
class Evidence:
    role: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"role": self.role, "start": self.start, "end": self.end, "text": self.text}


@fast_init
@dataclass(frozen=True, slots=True)
class ActorRef:
    id: str
    name: str
    parents: tuple[str, ...] = ()
    label: str | None = None             # the outlet's own words for the actor
    stance: str | None = None            # neutral | hostile | friendly: the label's framing
    inter: int | None = None             # ACLED actor class 1-8

    def to_dict(self) -> dict:
        d = {"id": self.id, "name": self.name, "parents": list(self.parents), "label": self.label}
        if self.stance:
            d["stance"] = self.stance
        if self.inter is not None:
            d["inter"] = self.inter
        return d

    @classmethod
    def from_dict(cls, d: dict | None) -> ActorRef | None:
        if not d:
            return None
        return cls(id=d["id"], name=d.get("name") or d["id"], parents=tuple(d.get("parents") or ()),
                   label=d.get("label"), stance=d.get("stance"), inter=d.get("inter"))


@fast_init
@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location. `id` is the gazetteer id (an OCHA P-code where there is one)."""
    id: str | None
    name: str | None
    name_ar: str | None
    surface: str
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    admin1_ar: str | None = None
    admin2_ar: str | None = None
    admin3_ar: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 3
    reason: str = ""
    kind: str | None = None          # what the text named: community | site | area | admin | unknown | context
    country: str | None = "Syria"
    iso: int | None = 760
    # A fused event's place: the other names its sources give it (SCHEMA.md: each source's own
    # location is in its entry of `sources`); left out of the record when there are none.
    alternatives: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = {f: getattr(self, f) for f in self.__dataclass_fields__ if f != "alternatives"}
        if self.alternatives:
            d["alternatives"] = list(self.alternatives)
        return d

    @classmethod
    def from_dict(cls, d: dict | None) -> Place | None:
        if not d:
            return None
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if "alternatives" in known:
            known["alternatives"] = tuple(known["alternatives"] or ())
        known.setdefault("surface", d.get("name_ar") or d.get("name") or "")
        known.setdefault("id", None)
        known.setdefault("name", None)
        known.setdefault("name_ar", None)
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Telling:
    """What one source says of an event: its own values, kept beside the register's (SCHEMA.md:
    "each with the values that document gives"). Set on the sources of register events."""
    event_date: date | None
    date_precision: str
    sub_event_type: str
    status: str
    claimed_by: Any = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    assoc_actor1: tuple[ActorRef, ...] = ()
    assoc_actor2: tuple[ActorRef, ...] = ()
    location: Place | None = None
    fatalities: int | None = None
    fatalities_qualifier: str | None = None
    fatalities_text: str | None = None

    @classmethod
    def of(cls, ev: Event) -> Telling:
        return cls(ev.event_date, ev.date_precision, ev.sub_event_type, ev.status, ev.claimed_by,
                   ev.actor1, ev.actor2, ev.assoc_actor1, ev.assoc_actor2, ev.location,
                   ev.fatalities, ev.fatalities_qualifier, ev.fatalities_text)

    def to_dict(self) -> dict:
        return {
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "date_precision": self.date_precision, "sub_event_type": self.sub_event_type,
            "status": self.status, "claimed_by": self.claimed_by,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "assoc_actor1": [a.to_dict() for a in self.assoc_actor1],
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actor2": [a.to_dict() for a in self.assoc_actor2],
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities, "fatalities_qualifier": self.fatalities_qualifier,
            "fatalities_text": self.fatalities_text,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Telling | None:
        """The values in a source object, or None when it carries none (an `extract` source)."""
        if "event_date" not in d and "sub_event_type" not in d:
            return None
        ed = d.get("event_date")
        return cls(event_date=date.fromisoformat(ed) if ed else None,
                   date_precision=d.get("date_precision") or "unknown",
                   sub_event_type=d.get("sub_event_type") or "", status=d.get("status") or "reported",
                   claimed_by=d.get("claimed_by"), actor1=ActorRef.from_dict(d.get("actor1")),
                   actor2=ActorRef.from_dict(d.get("actor2")),
                   assoc_actor1=tuple(ActorRef.from_dict(a) for a in d.get("assoc_actor1") or ()),
                   assoc_actor2=tuple(ActorRef.from_dict(a) for a in d.get("assoc_actor2") or ()),
                   location=Place.from_dict(d.get("location")), fatalities=d.get("fatalities"),
                   fatalities_qualifier=d.get("fatalities_qualifier"),
                   fatalities_text=d.get("fatalities_text"))


@fast_init
@dataclass(frozen=True, slots=True)
class SourceRef:
    """One document's telling of an event, with its evidence spans (and, in the register, its
    own values: `told`)."""
    doc: str
    outlet: str | None
    language: str | None
    published: date | None
    evidence: tuple[Evidence, ...] = ()
    told: Telling | None = None

    def to_dict(self) -> dict:
        d = {"doc": self.doc, "outlet": self.outlet, "language": self.language,
             "published": self.published.isoformat() if self.published else None}
        if self.told is not None:
            d.update(self.told.to_dict())
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> SourceRef:
        pub = d.get("published")
        return cls(doc=str(d["doc"]), outlet=d.get("outlet"), language=d.get("language"),
                   published=date.fromisoformat(pub) if pub else None,
                   evidence=tuple(Evidence(e["role"], e["start"], e["end"], e["text"])
                                  for e in d.get("evidence") or ()),
                   told=Telling.from_dict(d))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A field on which the sources of a fused event differ: the value each source gives."""
    field: str
    values: tuple[tuple[str, Any], ...]      # (doc id, value), in the order of the sources

    def to_dict(self) -> dict:
        return {"field": self.field, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, d: dict) -> Disagreement:
        return cls(field=d["field"], values=tuple((str(k), v) for k, v in (d.get("values") or {}).items()))


@fast_init
@dataclass(frozen=True, slots=True)
class Event:
    event_type: str
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None
    status: str                                  # reported | claimed | denied
    event_date: date | None
    date_precision: str                          # day | week | month | year | unknown
    actor1: ActorRef | None
    actor2: ActorRef | None
    location: Place | None
    fatalities: int | None
    fatalities_qualifier: str | None             # exact | approximate | at_least | unspecified
    fatalities_text: str | None
    sources: tuple[SourceRef, ...]
    assoc_actor1: tuple[ActorRef, ...] = ()
    assoc_actor2: tuple[ActorRef, ...] = ()
    claimed_by: Any = None                       # {"id","name"} or a source phrase
    background: bool = False
    notes: str = ""
    confidence: float = 0.5
    event_id: str = ""
    # Set by the register's fusion (None / () on `extract` output): the number of distinct
    # outlets that tell the event, and the fields on which its sources differ.
    corroboration: int | None = None
    disagreements: tuple[Disagreement, ...] = ()
    # Set by the register when an analyst reviewed the event (store/review.py): {"state":
    # accepted | rejected | edited, "fields": [...], "by", "at"}; left out of the record when None.
    review: dict | None = field(default=None, compare=False)

    def with_id(self) -> Event:
        """The event with its stable id: a hash of what defines it, not of run order."""
        first = self.sources[0] if self.sources else None
        anchor = min((e.start for e in first.evidence if e.role == "trigger"), default=0) if first else 0
        key = json.dumps([first.doc if first else "", anchor, self.event_type, self.sub_event_type,
                          self.location.id if self.location else None,
                          self.location.surface if self.location else None,
                          self.event_date.isoformat() if self.event_date else None,
                          self.actor1.id if self.actor1 else None,
                          self.actor2.id if self.actor2 else None], ensure_ascii=False)
        return replace(self, event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])

    def to_dict(self) -> dict:
        return {
            "event_id": self.event_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "date_precision": self.date_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "status": self.status,
            "claimed_by": self.claimed_by,
            "background": self.background,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "assoc_actor1": [a.to_dict() for a in self.assoc_actor1],
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actor2": [a.to_dict() for a in self.assoc_actor2],
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities,
            "fatalities_qualifier": self.fatalities_qualifier,
            "fatalities_text": self.fatalities_text,
            "notes": self.notes,
            "confidence": round(self.confidence, 3),
            **({"corroboration": self.corroboration,
                "disagreements": [x.to_dict() for x in self.disagreements]}
               if self.corroboration is not None else {}),
            **({"review": self.review} if self.review else {}),
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Event:
        ed = d.get("event_date")
        return cls(
            event_id=d.get("event_id") or "",
            event_date=date.fromisoformat(ed) if ed else None,
            date_precision=d.get("date_precision") or "unknown",
            event_type=d["event_type"],
            sub_event_type=d["sub_event_type"],
            plover_type=d.get("plover_type"),
            plover_mode=d.get("plover_mode"),
            status=d.get("status") or "reported",
            claimed_by=d.get("claimed_by"),
            background=bool(d.get("background")),
            actor1=ActorRef.from_dict(d.get("actor1")),
            assoc_actor1=tuple(ActorRef.from_dict(a) for a in d.get("assoc_actor1") or ()),
            actor2=ActorRef.from_dict(d.get("actor2")),
            assoc_actor2=tuple(ActorRef.from_dict(a) for a in d.get("assoc_actor2") or ()),
            location=Place.from_dict(d.get("location")),
            fatalities=d.get("fatalities"),
            fatalities_qualifier=d.get("fatalities_qualifier"),
            fatalities_text=d.get("fatalities_text"),
            notes=d.get("notes") or "",
            confidence=float(d.get("confidence") or 0.0),
            sources=tuple(SourceRef.from_dict(s) for s in d.get("sources") or ()),
            corroboration=d.get("corroboration"),
            disagreements=tuple(Disagreement.from_dict(x) for x in d.get("disagreements") or ()),
            review=d.get("review") or None,
        )


@dataclass(frozen=True, slots=True)
class Options:
    """Run options, passed explicitly to every stage; never mutated."""
    published: date | None = None       # fallback publication date for documents without one
    language: str | None = None         # force a language instead of detecting it
    gazetteer_path: str | None = None   # an imported gazetteer (SQLite); None: the user's default or built-in
    max_bytes: int = 50 * 1024 * 1024   # pages larger than this are refused with an error
    include_background: bool = True     # keep dated background events (background: true)
    keep_denied: bool = True            # keep denied events (status: denied), never counted
    rules_only: bool = False            # no learned decisions: every event the rules propose is kept
    model_dir: str | None = None        # models trained by `sijill train --out DIR`; None: the shipped ones
    doc_timeout: float = 10.0           # seconds of extraction a document may take (run()); 0: no limit
    max_chars: int = 2_000_000          # longer clean texts are refused by run() before extraction



@fast_init
@dataclass(frozen=True, slots=True)
class EventFrame:
    """Stage 4 output: a trigger with its roles, status and the mentions that are its evidence.

    status: reported | claimed | denied | planned | threatened | hypothetical | negated | habitual |
    alleged | reference | unanchored | figurative | accident (only reported, claimed and denied become events).
    """
    sentence: int                       # index into the document's sentences
    trigger: Mention                    # the trigger that gives the type
    event_type: str
    sub_event_type: str
    plover_type: str
    plover_mode: str
    frame: str
    status: str = "reported"
    claimed_by: Mention | None = None
    actor1: Mention | None = None
    actor2: Mention | None = None
    assoc1: tuple[Mention, ...] = ()
    assoc2: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()    # one event per place; empty: the place comes from context
    place_anaphor: Mention | None = None
    times: tuple[Mention, ...] = ()     # the date expression's parts (day, month, year, weekday)
    casualties: tuple[Mention, ...] = ()
    others: tuple[Mention, ...] = ()    # other triggers told in the same breath (merged)
