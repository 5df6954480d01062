"""Training examples: what the rules propose on every annotated document, with labels.

`read_documents` runs stages 2-4 once per document (`DocWork`). From there:
  - `option_groups`: for each frame of a document with gold events, its place options
    (learn/places.py) and its actor options (learn/actors.py), each labelled 1 when the frame
    resolved with that option could be paired with a gold event of the document, else 0;
  - `event_examples`: the candidate events once the frames are placed (by a place model, or as the
    rules placed them), each labelled:
      - on a set of gold events (seeds, articles): 1 when the candidate could be paired with a
        required gold event of its document (same type, a place and an actor in common where the
        gold names them: `evaluate.can_pair`, the referee's own rule), else 0; None when it could
        be paired with optional ones only, which the referee counts neither found nor missed. A
        candidate with the right act but the wrong place or sides is 0 too: kept, it would be an
        extra event, not a found one;
      - on labelled sentences (assault, protest): a candidate of the sentence's kind is 1 in a
        sentence all annotators accepted, 0 in one most or all rejected; other kinds and
        ambiguous sentences are left out (None), as are statuses never counted (denied).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from ...evaluate import Prediction
from ...evaluate.events import can_pair, field_checks
from ...evaluate.records import NOT_COUNTED
from ...evaluate.sentences import KINDS
from ..decide import Candidate
from ..actors import actor_options, choose_actors, with_actor
from ..places import choose_places, place_options, with_option
from .corpora import Corpus


@dataclass(frozen=True)
class DocWork:
    corpus: Corpus
    doc: str
    shippable: bool             # may train the shipped model (corpora.py)
    reading: object             # pipeline.Reading
    golds: tuple                # the document's gold events (sets of gold events)
    label: str | None           # the sentence's label (labelled sentences)


@dataclass(frozen=True)
class Example:
    corpus: str
    doc: str
    order: int                  # the candidate's rank in its document (fusion keeps text order)
    shippable: bool
    candidate: Candidate
    label: int | None           # None: not used for fitting


def read_documents(corpora: list[Corpus], pipeline, progress: Callable[[str], None] = lambda s: None) -> list[DocWork]:
    out = []
    for c in corpora:
        golds = defaultdict(list)
        for g in c.gold_events:
            golds[g.doc].append(g)
        labels = {s.id: s.label for s in c.gold_sentences}
        for i, doc in enumerate(c.documents):
            if i % 1000 == 0:
                progress(f"{c.name}: {i}/{len(c.documents)} documents")
            out.append(DocWork(c, doc.id, c.shippable(doc.id), pipeline.read(doc), tuple(golds.get(doc.id, ())),
                               labels.get(doc.id)))
    return out


def _labels(work: DocWork, pipeline, variants: list, role: str | None = None) -> list[int]:
    """For each frame variant: 1 when the events it resolves to can be paired with a gold event of
    the document (and, with `role`, agree with that gold event on the role's side). The variants of one frame are resolved in a row, the rules' own reading last,
    so that what the resolver carries over to the next frames (the last place, the last date, the
    last acting side) is what the rules' reading gives."""
    from ...resolve import resolve_frames
    r = work.reading
    origin: list[int] = []
    events = resolve_frames(r.view.analysed, variants, r.view.mentions, pipeline.knowledge, pipeline.options,
                            origin, r.place_of)
    hits = [0] * len(variants)
    for ev, i in zip(events, origin):
        if ev.status in NOT_COUNTED:
            continue
        pred = Prediction(ev, (work.doc,), ())
        if any(can_pair(g, pred) and (role is None or field_checks(g, pred)[role]) for g in work.golds):
            hits[i] = 1
    return hits


def _grouped(frames: list, options_of, apply) -> tuple[list, list, list]:
    groups, variants, owner = [], [], []
    for fi, f in enumerate(frames):
        options = options_of(f)
        groups.append(options)
        for oi in list(range(1, len(options))) + [0]:
            variants.append(apply(f, options[oi]))
            owner.append((fi, oi))
    return groups, variants, owner


def option_groups(work: DocWork, pipeline) -> dict[str, list]:
    """Each frame's labelled options for its place, actor1 and actor2 (documents with gold events
    only). Side options are labelled with the frame at its right place when one of its place
    options is right (which side acted is asked of frames that can be placed), and right when the
    side agrees with the gold event's in that role; actor2 is asked with actor1 at its right side."""
    if work.corpus.scoring != "events" or not work.golds:
        return {"place": [], "actor1": [], "actor2": []}
    r = work.reading
    groups, variants, owner = _grouped(r.frames, lambda f: place_options(r.view, f, r.place_of), with_option)
    hits = dict(zip(owner, _labels(work, pipeline, variants)))
    places = [[(o, hits[fi, oi]) for oi, o in enumerate(options)] for fi, options in enumerate(groups)]
    frames = [with_option(f, next((o for o, y in group if y), group[0][0])) for f, group in zip(r.frames, places)]
    out = {"place": places}
    for role in ("actor1", "actor2"):
        groups, variants, owner = _grouped(frames, lambda f: actor_options(r.view, f, role), with_actor)
        hits = dict(zip(owner, _labels(work, pipeline, variants, role)))
        out[role] = [[(o, hits[fi, oi]) for oi, o in enumerate(options)] for fi, options in enumerate(groups)]
        frames = [with_actor(f, next((o for o, y in group if y), group[0][0]))
                  for f, group in zip(frames, out[role])]
    return out


def event_examples(works: list[DocWork], pipeline, place_model, role_models: dict) -> list[Example]:
    """The candidate events of every document, the frames placed by `place_model` and given their
    sides by `role_models` (none: as the rules read them)."""
    out: list[Example] = []
    for w in works:
        r = w.reading
        frames = choose_places(r.view, r.frames, r.place_of, place_model)
        frames = choose_actors(r.view, frames, role_models)
        for order, cand in enumerate(pipeline.resolve(r, frames)):
            out.append(Example(w.corpus.name, w.doc, order, w.shippable, cand, _label(w, cand)))
    return out


def _label(w: DocWork, cand: Candidate) -> int | None:
    ev = cand.event
    if ev.status in NOT_COUNTED:
        return None
    if w.corpus.scoring == "events":
        pred = Prediction(ev, (w.doc,), ())
        paired = [g for g in w.golds if can_pair(g, pred)]
        if paired and not any(g.required for g in paired):
            return None     # an event that may be coded or not: kept or dropped, the referee counts neither
        return int(bool(paired))
    if ev.event_type not in KINDS[w.corpus.kind]:
        return None
    return 1 if w.label == "yes" else 0 if w.label in ("easy no", "difficult no") else None
