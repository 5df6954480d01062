"""Features of a candidate event: one function, used by training and by extraction alike.

A candidate is an event the rules propose (extract -> resolve) together with the frame it came
from. Its features are strings with a value (1.0 unless said), hashed by `linear.bucket`:
  - the words: the trigger (folded, and its character 3-grams), the proclitics before it, the
    four words either side within the sentence (by position and as a bag), every word of the
    sentence (a lighter bag), the cue words of the sentence and those just before the trigger;
  - what the rules read: event type and sub-type, frame kind, verb or noun, strong or weak,
    status, background, how many triggers were merged into the frame;
  - the values resolved: which actors (ids, kinds) and whether the rules found them, the
    place's kind, precision, country and how far it stands from the trigger, the date's
    precision and its distance from the publication day, the toll and its qualifier;
  - position: the sentence's and paragraph's rank in the page (headline, lead, body), how many
    candidates the page has, whether it has a publication date (a bare sentence has none).
A few conjunctions (type x status, type x place kind) let a linear model weigh them together.
Every feature also counts in a copy for its kind of document ("page:" or "one:", a one-sentence
document), so that one model learns what pages and lone sentences share and how each differs.
Changing what a feature means requires bumping `linear.FEATURES_VERSION` and retraining.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Event, EventFrame
from ..text import AnalysedDocument, fold

_WORD = re.compile(r"\w+")
_CONTEXT_WORDS = 4
_CONTEXT_CHARS = 70
_SENTENCE_WEIGHT = 0.3      # the bag of the sentence's words counts less than the words by the trigger


@dataclass
class DocView:
    """One document as the features read it, with per-sentence caches."""
    analysed: AnalysedDocument
    mentions: object
    candidates: int = 0
    knowledge: object = None
    _sentence_words: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)
    sentence_memo: dict = field(default_factory=dict)    # offset -> sentence index (learn/options.py)

    def cached(self, key):
        return self._cache.get(key)

    def store(self, key, value) -> None:
        self._cache[key] = value

    def frequent(self, counts: dict[str, int], ranks: dict[str, int], n: int) -> frozenset[str]:
        """The n names the page names most (earliest first on a tie), of one kind of mention."""
        key = ("frequent", id(counts), n)
        if key not in self._cache:
            order = sorted(counts.items(), key=lambda kv: (-kv[1], ranks.get(kv[0], 99)))
            self._cache[key] = frozenset(k for k, _ in order[:n])
        return self._cache[key]

    def sentence_words(self, si: int) -> list[str]:
        words = self._sentence_words.get(si)
        if words is None:
            s = self.analysed.sentences[si]
            words = self._sentence_words[si] = _words(self.analysed.doc.text[s.start:s.end])
        return words

    def sentence_starts(self) -> list[int]:
        if "starts" not in self._cache:
            self._cache["starts"] = [s.start for s in self.analysed.sentences]
        return self._cache["starts"]

    def place_mentions(self) -> list:
        """Places in Syria and abroad, in text order."""
        if "places" not in self._cache:
            m = self.mentions
            self._cache["places"] = sorted(list(m.places) + list(m.abroad), key=lambda x: x.start)
        return self._cache["places"]

    def place_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """How often the page names each place (by folded name), and the rank of its first naming."""
        if "counts" not in self._cache:
            counts: dict[str, int] = {}
            ranks: dict[str, int] = {}
            for m in self.place_mentions():
                key = getattr(m.data, "name", "") or fold(m.text)
                counts[key] = counts.get(key, 0) + 1
                ranks.setdefault(key, len(ranks))
            self._cache["counts"] = (counts, ranks)
        return self._cache["counts"]

    def actor_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """How often the page names each actor (by id), and the rank of its first naming."""
        if "actor_counts" not in self._cache:
            counts: dict[str, int] = {}
            ranks: dict[str, int] = {}
            for m in self.mentions.actors:
                counts[m.key] = counts.get(m.key, 0) + 1
                ranks.setdefault(m.key, len(ranks))
            self._cache["actor_counts"] = (counts, ranks)
        return self._cache["actor_counts"]


def _words(s: str) -> list[str]:
    return _WORD.findall(fold(s))


def _bucket_days(days: int | None) -> str:
    if days is None:
        return "none"
    if days < 0:
        return "future"
    for limit, name in ((0, "0"), (1, "1"), (7, "week"), (31, "month"), (366, "year")):
        if days <= limit:
            return name
    return "older"


def _rank(i: int) -> str:
    return str(i) if i < 3 else "3-5" if i < 6 else "6+"


def _count(n: int | None) -> str:
    if n is None:
        return "none"
    return "0" if n == 0 else "1" if n == 1 else "2-9" if n < 10 else "10-99" if n < 100 else "100+"


def event_features(view: DocView, frame: EventFrame, event: Event) -> dict[str, float]:
    a = view.analysed
    text = a.doc.text
    t = frame.trigger
    sent = a.sentences[frame.sentence]
    f: dict[str, float] = {}

    # ---- the words
    term = fold(t.text)
    f["trigger=" + term] = 1.0
    padded = f"<{term}>"
    for i in range(len(padded) - 2):
        f["tri3=" + padded[i:i + 3]] = 1.0
    ws = t.start
    while ws > sent.start and text[ws - 1].isalnum():
        ws -= 1
    f["prefix=" + fold(text[ws:t.start])] = 1.0
    before = _words(text[max(sent.start, ws - _CONTEXT_CHARS):ws])[-_CONTEXT_WORDS:]
    after = _words(text[t.end:min(sent.end, t.end + _CONTEXT_CHARS)])[:_CONTEXT_WORDS]
    for i, w in enumerate(reversed(before)):
        f[f"before{i}={w}"] = 1.0
        f["before=" + w] = 1.0
    for i, w in enumerate(after):
        f[f"after{i}={w}"] = 1.0
        f["after=" + w] = 1.0
    for w in view.sentence_words(frame.sentence):
        f["sent=" + w] = _SENTENCE_WEIGHT
    mentions = view.mentions
    for c in mentions.within("cues", sent.start, sent.end):
        f["cue=" + c.key] = 1.0
        if c.end <= t.start and t.start - c.end <= 45:
            f["cue_before=" + c.key] = 1.0
        elif c.start >= t.end and c.start - t.end <= 45:
            f["cue_after=" + c.key] = 1.0
    n_triggers = len(mentions.within("triggers", sent.start, sent.end))
    f["sent_triggers=" + _count(n_triggers)] = 1.0

    # ---- what the rules read
    etype = event.event_type
    f["type=" + etype] = 1.0
    f["subtype=" + event.sub_event_type] = 1.0
    f["frame=" + frame.frame] = 1.0
    f["verb=" + str(bool(t.data.verb))] = 1.0
    f["strong=" + str(bool(t.data.strong))] = 1.0
    f["status=" + event.status] = 1.0
    f["background=" + str(event.background)] = 1.0
    f["merged=" + _count(len(frame.others))] = 1.0
    f["casualty_words=" + _count(len(frame.casualties))] = 1.0
    f[f"type_status={etype}|{event.status}"] = 1.0

    # ---- the values resolved
    for role, ref, m in (("actor1", event.actor1, frame.actor1), ("actor2", event.actor2, frame.actor2)):
        f[f"{role}=" + (ref.id if ref else "none")] = 1.0
        f[f"{role}_inter=" + (str(ref.inter) if ref and ref.inter is not None else "none")] = 1.0
        f[f"{role}_from_text=" + str(m is not None)] = 1.0
        if m is not None:
            d = m.start - t.end if m.start >= t.end else m.end - t.start
            f[f"{role}_dist=" + str(max(-3, min(3, d // 25)))] = 1.0
    f["actors=" + str(event.actor1 is not None) + str(event.actor2 is not None)] = 1.0
    f["assoc=" + _count(len(event.assoc_actor1) + len(event.assoc_actor2))] = 1.0
    loc = event.location
    kind = (loc.kind or "none") if loc else "none"
    f["place_kind=" + kind] = 1.0
    f[f"type_place={etype}|{kind}"] = 1.0
    if loc is not None:
        f["place_precision=" + str(loc.geo_precision)] = 1.0
        f["place_country=" + ("Syria" if loc.country == "Syria" else "abroad" if loc.country else "none")] = 1.0
        f["place_resolved=" + str(loc.id is not None)] = 1.0
        f["place_admin1=" + str(loc.admin1_pcode is not None)] = 1.0
    if frame.places:
        p = frame.places[0]
        d = p.start - t.end if p.start >= t.end else p.end - t.start
        f["place_dist=" + str(max(-4, min(4, d // 30)))] = 1.0
        f["places_in_frame=" + _count(len(frame.places))] = 1.0
        cue = (getattr(p.data, "cue_classes", ()) or ("none",))[0]
        f["place_cue=" + cue] = 1.0
        for w in _words(text[max(sent.start, p.start - 20):p.start])[-2:]:
            f["place_before=" + w] = 1.0
    else:
        f["place_from_text=False"] = 1.0
    f["date_precision=" + event.date_precision] = 1.0
    pub = a.doc.published
    days = (pub - event.event_date).days if pub and event.event_date else None
    f["date_age=" + _bucket_days(days)] = 1.0
    f["date_from_text=" + str(bool(frame.times))] = 1.0
    f["fatalities=" + _count(event.fatalities)] = 1.0
    f["fatalities_qualifier=" + str(event.fatalities_qualifier)] = 1.0
    f["claimed=" + str(event.claimed_by is not None)] = 1.0

    # ---- position in the page
    f["sentence_rank=" + _rank(frame.sentence)] = 1.0
    f["paragraph_rank=" + _rank(a.paragraph_of[frame.sentence])] = 1.0
    f["page_candidates=" + _count(view.candidates)] = 1.0
    f["page_sentences=" + _count(len(a.sentences))] = 1.0
    f["published=" + str(pub is not None)] = 1.0
    f["language=" + a.language] = 1.0
    # every feature again in a copy for its kind of document (module docstring)
    kind = "one:" if one_sentence(a) else "page:"
    f.update({kind + k: v for k, v in f.items()})
    return f


def one_sentence(a: AnalysedDocument) -> bool:
    """A document of one sentence (a news flash, a bare sentence): the event model judges it by a
    threshold of its own, and its features count in a copy of their own."""
    return len(a.sentences) == 1
