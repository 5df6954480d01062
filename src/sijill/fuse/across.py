"""Across documents: which events of different documents tell one real event (CODING_RULES §1).

Each event a document gives is a *report*: the few things needed to compare it with the reports
of other documents (`Report`, made by `report_of`). Two reports may be the same event only when
they could be (`may_match`, the blocking the register does with indexed queries):
  - the same event type, and both denials or neither;
  - dates that agree for their precision: days at most one day apart, a week's or a month's
    precision within 7 or 31 days; a report the text does not date (dated to its publication)
    happened in the `undated_days` before it was published;
  - places in the same governorate (or one of them without a place), and never two different
    named places more than `near_km` apart.
A score then weighs what agrees and what does not (`score`): the same named place, the same
acting side, the same target, the same sub-type and day, the same toll, and the words of the
sentences that tell them (outlets retell agency copy: a shared sentence is strong evidence).
Reports of different documents whose score reaches `theta` are linked; `group_keys` groups linked
reports, strongest links first, never putting two reports of one document in one event (rule 1:
they are two events) and never joining groups that hold a pair scoring below `floor`. The groups
depend only on the set of reports, not on the order they came in (`clusters` does it all in
memory; the register, store/fusion.py, does it for the part of it a document reaches).

The weights state the coding rules; `theta`, `floor` and `undated_days` were chosen by
cross-validation over the fusion gold of articles-dev (benchmarks/fusion_cv.py, folds of documents
in publication order; docs/fusion.md has the figures).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..knowledge.actors import side_name
from ..model import Event
from ..text import fold

# Half-width in days of the window a date of each precision stands for.
_HALF_WIDTH = {"day": 1, "week": 7, "month": 31, "year": 366}
# Longest window (hi - lo) of each width class: the register scans one index range per class.
CLASS_SPANS = (2, 16, 62, 732)
_VAGUE_KINDS = ("area", "admin", "context", "unknown", "foreign")
_NOBODY = ("UNIDENTIFIED",)

# Words that say nothing about which event a sentence tells (folded by `_stopwords`).
_STOP_WORDS = (
    "في من على إلى الى عن أن إن ان التي الذي الذين اللذين مع بعد قبل هذا هذه ذلك تلك هناك كان "
    "كانت يكون قد لقد لم لن لا ما أو او ثم حيث كما وقال قال قالت وقالت يقول تقول وفق وفقا بين "
    "خلال عند منذ حتى أي كل بعض غير أيضا وذلك يوم اليوم أمس امس عليه عليها فيه فيها منه منها "
    "إنه انه إنها انها وهو وهي هو هي هم الى لها له لهم دون نحو عدة "
    "از به در با که این آن برای را تا یک شد شده است بود می های ها")
_WORD = re.compile(r"\w+")
_ARTICLE = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_MAX_WORDS = 80


@dataclass(frozen=True)
class Rules:
    """The weights of the evidence and the thresholds (a fixed set gives a fixed register)."""
    # The three thresholds were chosen by cross-validation on articles-dev (benchmarks/fusion_cv.py:
    # 3 folds of documents in publication order; theta 4 was chosen on every fold, floor 3 on two
    # of three; undated_days moved between 3 and 7 with the same F1 within 0.01).
    theta: float = 4.0              # link two reports at this score
    floor: float = 3.0              # never one event with a pair of reports below this
    undated_days: int = 7           # an undated report happened in the week before publication
    near_km: float = 15.0           # two named places this close may be one event's
    place_same: float = 3.0         # the same named place
    area_same: float = 1.0          # the same area or governorate only
    place_near: float = 0.5
    nested: float = 0.5             # one place inside the other's area
    actor1_same: float = 2.0
    actor1_other: float = -2.0
    actor2_same: float = 1.0
    actor2_other: float = -0.5
    sub_same: float = 1.0
    day_same: float = 1.5           # the same day, both dated by their text
    day_next: float = 0.5
    toll_same: float = 1.5
    toll_close: float = 0.5         # within a quarter of each other
    toll_other: float = -1.0
    words_many: float = 3.0         # half of the shorter sentence's words shared
    words_some: float = 1.0         # a third of them
    words_none: float = -1.0        # under a tenth


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Report:
    """One document's event as fusion compares it (its row in the register's `tellings`)."""
    doc: str
    id: str                          # the event's own id (its id in `extract` output)
    published: int | None            # date ordinals, for cheap arithmetic
    event_type: str
    sub_event_type: str
    denied: bool
    day: int | None
    precision: str
    dated: bool                      # dated by words of the text, not by the publication
    place: str | None                # gazetteer id (+ surface when coded at a coarser unit)
    specific: bool                   # a named town, village or site, not an area
    area: str                        # the governorate P-code ("" without a place)
    lat: float | None
    lon: float | None
    actor1: frozenset[str]
    actor2: frozenset[str]
    fatalities: int | None
    words: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.doc}\x1f{self.id}"

    @property
    def family(self) -> str:
        return self.event_type + (" (denied)" if self.denied else "")

    def window(self, rules: Rules = DEFAULT_RULES) -> tuple[int, int] | None:
        """The days the event may have happened on; None: no date and no publication (never fused)."""
        if self.dated and self.day is not None and self.precision in _HALF_WIDTH:
            w = _HALF_WIDTH[self.precision]
            return self.day - w, self.day + w
        if self.published is not None:
            return self.published - rules.undated_days, self.published + 1
        return None

    def width_class(self, rules: Rules = DEFAULT_RULES) -> int:
        win = self.window(rules)
        if win is None:
            return -1
        return next((i for i, span in enumerate(CLASS_SPANS) if win[1] - win[0] <= span), -1)

    def to_row(self) -> dict:
        return {"doc": self.doc, "id": self.id, "published": self.published, "type": self.event_type,
                "sub": self.sub_event_type, "denied": self.denied, "day": self.day,
                "precision": self.precision, "dated": self.dated, "place": self.place,
                "specific": self.specific, "area": self.area, "lat": self.lat, "lon": self.lon,
                "actor1": sorted(self.actor1), "actor2": sorted(self.actor2),
                "fatalities": self.fatalities, "words": " ".join(sorted(self.words))}

    @classmethod
    def from_row(cls, d: dict) -> Report:
        return cls(d["doc"], d["id"], d["published"], d["type"], d["sub"], d["denied"], d["day"],
                   d["precision"], d["dated"], d["place"], d["specific"], d["area"], d["lat"], d["lon"],
                   frozenset(d["actor1"]), frozenset(d["actor2"]), d["fatalities"],
                   frozenset(d["words"].split()))


def report_of(ev: Event, text: str, published: date | None = None) -> Report:
    """The report of a document's event; `text` is the document's clean text (its sentences give
    the words), `published` the document's date when its source gives none."""
    src = ev.sources[0] if ev.sources else None
    pub = (src.published if src else None) or published
    loc = ev.location
    specific = loc is not None and loc.kind not in _VAGUE_KINDS and loc.geo_precision <= 2
    place, area = None, ""
    if loc is not None:
        # a place missing from the gazetteer is coded at a unit near it: its own words tell it
        place = (loc.id or "") + ("|" + fold(loc.surface) if loc.kind == "unknown" or not loc.id else "")
        area = loc.admin1_pcode or f"{loc.country or ''}:{loc.id or fold(loc.surface)}"
    return Report(
        doc=src.doc if src else "", id=ev.event_id, published=pub.toordinal() if pub else None,
        event_type=ev.event_type, sub_event_type=ev.sub_event_type, denied=ev.status == "denied",
        day=ev.event_date.toordinal() if ev.event_date else None, precision=ev.date_precision,
        dated=stated_date(ev) and ev.date_precision in _HALF_WIDTH,
        place=place, specific=specific, area=area,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        actor1=_side(ev.actor1), actor2=_side(ev.actor2), fatalities=ev.fatalities,
        words=sentence_words(text, src.evidence if src else ()))


def stated_date(ev: Event) -> bool:
    """Whether the event's date is the text's, not its publication's: words of the text give it,
    or it is precise to a day, a month or a year (an event the text does not date is dated to
    its publication at a week's precision)."""
    if ev.event_date is None:
        return False
    return ev.date_precision in ("day", "month", "year") or any(
        e.role == "date" for s in ev.sources for e in s.evidence)


def _side(actor) -> frozenset[str]:
    if actor is None or actor.id in _NOBODY:
        return frozenset()
    return frozenset(side_name(i) for i in (actor.id, *actor.parents))


def sentence_words(text: str, evidence) -> frozenset[str]:
    """The content words of the sentence that tells the event (the one holding its trigger), and of
    its evidence spans; folded, the article and conjunction taken off, function words left out."""
    spans = [e for e in evidence if e.role == "trigger"] or list(evidence)
    chunks = [e.text for e in evidence]
    for e in spans[:1]:
        if 0 <= e.start < e.end <= len(text) and text[e.start:e.end] == e.text:
            starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, e.start - 400), e.start)]
            start = starts[-1] if starts else max(0, e.start - 400)
            m = _SENTENCE_END.search(text, e.end, e.end + 400)
            chunks.append(text[start:m.start() if m else min(len(text), e.end + 400)])
    words, stop = set(), _stopwords()
    for chunk in chunks:
        for w in _WORD.findall(fold(chunk)):
            w = _bare(w)
            if len(w) >= 3 and w not in stop:
                words.add(w)
    return frozenset(sorted(words)[:_MAX_WORDS]) if len(words) > _MAX_WORDS else frozenset(words)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in _STOP_WORDS.split())


@lru_cache(maxsize=1 << 16)
def _bare(w: str) -> str:
    # words recur from page to page: each is stripped once
    for p in _ARTICLE:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w[1:] if w.startswith("و") and len(w) >= 5 else w


# ------------------------------------------------------------------ may they be one event?


def dates_agree(a: Report, b: Report, rules: Rules = DEFAULT_RULES) -> bool:
    wa, wb = a.window(rules), b.window(rules)
    if wa is None or wb is None:
        return False
    if a.dated and b.dated:
        return abs(a.day - b.day) <= max(_HALF_WIDTH[a.precision], _HALF_WIDTH[b.precision])
    if a.dated:       # b is dated by its publication: a's day falls in the days before it
        return wb[0] <= a.day <= wb[1]
    if b.dated:
        return wa[0] <= b.day <= wa[1]
    return abs(a.published - b.published) <= rules.undated_days


def may_match(a: Report, b: Report, rules: Rules = DEFAULT_RULES) -> bool:
    """Whether two reports of different documents could be one event (symmetric)."""
    if a.doc == b.doc or a.family != b.family:
        return False
    if a.area and b.area and a.area != b.area:
        return False
    return dates_agree(a, b, rules)


def score(a: Report, b: Report, rules: Rules = DEFAULT_RULES) -> float | None:
    """How strongly two reports that may match tell one event; None: they cannot (two named
    places far apart). Symmetric in a and b."""
    s = 0.0
    if a.place is not None and b.place is not None:
        if a.place == b.place:
            s += rules.place_same if a.specific else rules.area_same
        elif a.specific and b.specific:
            if _km(a, b) > rules.near_km:
                return None
            s += rules.place_near
        else:
            s += rules.nested
    if a.actor1 and b.actor1:
        swapped = a.event_type == "Battles" and (a.actor1 & b.actor2) and (a.actor2 & b.actor1)
        s += rules.actor1_same if (a.actor1 & b.actor1) or swapped else rules.actor1_other
    if a.actor2 and b.actor2:
        s += rules.actor2_same if a.actor2 & b.actor2 else rules.actor2_other
    if a.sub_event_type == b.sub_event_type:
        s += rules.sub_same
    if a.dated and b.dated and a.precision == b.precision == "day":
        gap = abs(a.day - b.day)
        s += rules.day_same if gap == 0 else rules.day_next if gap == 1 else 0.0
    if a.fatalities is not None and b.fatalities is not None and max(a.fatalities, b.fatalities) > 0:
        lo, hi = sorted((a.fatalities, b.fatalities))
        s += rules.toll_same if lo == hi else rules.toll_close if lo >= 0.75 * hi else rules.toll_other
    if len(a.words) >= 3 and len(b.words) >= 3:
        shared = len(a.words & b.words) / min(len(a.words), len(b.words))
        s += rules.words_many if shared >= 0.5 else rules.words_some if shared >= 0.3 else \
            rules.words_none if shared < 0.1 else 0.0
    return s


def _km(a: Report, b: Report) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def link_score(a: Report, b: Report, rules: Rules = DEFAULT_RULES) -> float | None:
    """The score of two reports, or None when blocking keeps them apart. Two documents that give
    an event the same id were fused before it came here (Spark, another register): one event."""
    if a.id == b.id and a.doc != b.doc:
        return math.inf
    return score(a, b, rules) if may_match(a, b, rules) else None


# ------------------------------------------------------------------ grouping


def clusters(reports: list[Report], rules: Rules = DEFAULT_RULES,
             links: dict[tuple[str, str], float | None] | None = None) -> list[list[Report]]:
    """The events the reports form (see `group_keys`), every pair scored here unless `links`
    already holds its score ((key, key) sorted -> score or None)."""
    by_key = {r.key: r for r in reports}
    keys = sorted(by_key)
    known = links or {}
    allowed = {}
    for i, x in enumerate(keys):
        for y in keys[i + 1:]:
            s = known[(x, y)] if (x, y) in known else link_score(by_key[x], by_key[y], rules)
            if s is not None and s >= rules.floor:
                allowed[(x, y)] = s
    return [[by_key[k] for k in g] for g in group_keys(keys, allowed, rules)]


def doc_of(key: str) -> str:
    """The document of a report's key (document id, U+001F, the event's id: a hex hash)."""
    return key.rsplit("\x1f", 1)[0]


def group_keys(keys, allowed: dict[tuple[str, str], float], rules: Rules = DEFAULT_RULES) -> list[list[str]]:
    """The events reports form, by their keys: linked reports grouped, strongest links first, at
    most one report of a document in an event, and two groups joined only when every pair across
    them is `allowed` (scored at least `floor`; pairs not in it may not be one event). `allowed`
    maps (key, key), sorted, to the score. Deterministic: the same sets, the same groups, whatever
    order they were given in."""
    keys = sorted(keys)
    links = sorted((-s, x, y) for (x, y), s in allowed.items() if s >= rules.theta)
    group = {k: [k] for k in keys}              # key -> the keys of its group (shared list)
    docs = {k: {doc_of(k)} for k in keys}
    for _, x, y in links:
        gx, gy = group[x], group[y]
        if gx is gy or docs[x] & docs[y]:
            continue
        if any(((p, q) if p < q else (q, p)) not in allowed for p in gx for q in gy):
            continue
        gx.extend(gy)
        merged = docs[x] | docs[y]
        for k in gx:
            group[k], docs[k] = gx, merged
    seen, out = set(), []
    for k in keys:
        g = group[k]
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g))
    return out


def anchor(reports: list[Report]) -> Report:
    """The report that names the event: the first published, then the smallest id."""
    return min(reports, key=lambda r: (r.published is None, r.published or 0, r.id, r.doc))
