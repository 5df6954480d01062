"""Place resolution: each place mention of a document to a `Place`, namesakes chosen by context.

`resolve_places(mentions, gazetteer)` reads all place mentions of one document together:
  1. the kind of place a name stands for follows its cue (place_cues.tsv): after "قرية"/"مدينة"/
     "بالقرب من" a town, after "محافظة"/"استان" the governorate; a bare governorate name
     ("دير الزور", "ادلب") is the governorate (precision 3), since the text does not say the city;
  2. the mentions that leave no doubt about their governorate (one candidate, or all candidates
     in one governorate) and the areas are the report's anchors;
  3. each candidate of an ambiguous name is scored by the anchors: sharing their sub-district,
     district or governorate, and lying near them; places listed together count double. The
     best one wins (الجنينة in a Deir ez-Zor report is C5084, not the one in Tartous);
  4. a plain village (not the seat of an admin unit, not a big town) is taken as missing from the
     gazetteer when its namesakes lie far (FAR_KM) from the places the text names with it, or,
     when nothing is named near it, from the governorates the report is about while its own is
     one the report hardly names: شقرا of a Deir ez-Zor report is not the one in Daraa;
  5. a name the gazetteer lacks (or has only far away) keeps its surface and is coded at the
     places listed with it (precision 2 when they lie within CLUSTER_KM), else at the place the
     text puts it at ("بلدة X شرق دير الزور"), else at the report's governorate (precision 3),
     with a reason that says so.
geo_precision follows CODING_RULES section 5: 1 the named place itself, 2 near it ("بمحيط",
"قرب", "أطراف", "حومه", a direction), 3 a larger area only.
"""
from __future__ import annotations

from functools import lru_cache

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..knowledge.gazetteer import Gazetteer, GazEntry, distance_km
from ..model import Mention, Place
from ..records import replace
from ..text.normalize import fold
from .place_items import PlaceItems

# A plain village farther than this from the places its report ties it to is a far-away namesake.
# Distance alone cannot decide: in the seeds and the 137 dev articles (OCHA gazetteer imported) a
# place lies up to 386 km from the nearest other place of its report, in reports that cover
# several fronts. It decides once the text ties the name elsewhere: the seeds' villages lie within
# 40 km of a place named with them, the farthest true tie is السخنة to دير الزور (126 km), and
# the namesake to avoid, شقرا of Daraa, lies 450 km from الجنينة of Deir ez-Zor.
FAR_KM = 150.0
# Proximity counts linearly down to nothing at this distance: about the span of a governorate.
NEAR_KM = 150.0
# Places listed with the mention ("الجنينة، الجيعة، وشقرا") are the strongest tie.
GROUP_WEIGHT = 2.0
# Siblings of a missing place no farther apart than this make a "near them" (precision 2) code.
CLUSTER_KM = 30.0
# A town that gives its name to its district or sub-district is the one a bare name means unless
# the report's other places say otherwise: it gains this share of the best candidate's score. On
# the dev articles "عفرين" is Afrin city, not the village of the same name near Aleppo, although
# reports about Aleppo name places nearer that village; places of the village's own sub-district
# still outweigh it (a shared sub-district counts twice a shared governorate).
SEAT_PRIOR = 0.25
# A GeoNames place of this many people is a town a report names on purpose, even far away.
BIG_TOWN = 20000
# A governorate with less than this share of the main one's weight is one the report hardly names.
MARGINAL = 0.25
# Places named this close in the text (characters) tie a name: "X بريف حمص الشرقي", "X شرق دير الزور".
LOCAL_CHARS = 80

_COMMUNITY_CUES = {"settlement", "quarter", "near"}
_UNIT_WORDS = re.compile("^(?:ناحيه|منطقه|محافظه|مركز)\\s+")
_ADMIN_CUES = {"admin"}


@dataclass
class _Anchor:
    key: str
    admin1: dict[str, float]           # governorate -> share (areas over several split it)
    admin2: str | None
    admin3: str | None
    point: tuple[float, float] | None
    weight: float
    group: int | None


def resolve_places(mentions: Sequence[Mention], gazetteer: Gazetteer) -> dict[int, Place]:
    """index of a place mention in `mentions` -> its Place (every place mention gets one)."""
    items = PlaceItems([(i, m) for i, m in enumerate(mentions) if m.kind == "place" and m.data is not None])
    choices = {i: _preferred(m) for i, m in items}
    anchors = _anchors(items, choices)
    supports: dict[str, dict[str, float]] = {}
    out: dict[int, Place] = {}
    missing: dict[int, str] = {}
    for i, m in items:             # names the gazetteer has first: the missing ones hang on them
        cands = choices[i]
        if not cands:
            missing[i] = f"{m.text} is not in the gazetteer"
            continue
        support = supports.get(m.key)
        if support is None:
            support = supports[m.key] = _support(anchors, m.key)
        if len(cands) == 1:
            scored = list(cands)      # nothing to choose between: the scores are for namesakes
        else:
            scores = {c.id: _score(c, m, anchors) for c in cands}
            prior = SEAT_PRIOR * max(max(scores.values()), 1.0)
            scored = sorted(cands, key=lambda c: (-scores[c.id] - prior * _is_seat(c, gazetteer),
                                                  c.source != "ocha", c.id))
        local = items.local_governorates(m, anchors, LOCAL_CHARS)
        far = [_far(c, m, anchors, support, local, gazetteer) for c in scored]
        if all(d is not None for d in far):
            gov = gazetteer.admin(scored[0].admin1)
            only = "the only one" if len(scored) == 1 else "the nearest one"
            missing[i] = (f"{m.text} is not in the gazetteer near the other places of the report ({only} "
                          f"is in {gov.name if gov else scored[0].admin1}, {far[0]:.0f} km away)")
            continue
        best = next(c for c, d in zip(scored, far) if d is None)
        out[i] = _place(m, best, scored, gazetteer, anchors, support)
    found = dict(out)
    for i, m in items:
        if i in missing:
            out[i] = _at_report_area(m, gazetteer, anchors, items, found, missing[i])
    return out


# ------------------------------------------------------------ candidates and anchors

def _preferred(m: Mention) -> list[GazEntry]:
    """The candidates of the kind the name stands for here (step 1)."""
    cands = list(m.data.candidates)
    cues = set(m.data.cue_classes)
    for kind in ("area", "site"):
        if any(c.kind == kind for c in cands):
            return [c for c in cands if c.kind == kind]
    communities = [c for c in cands if c.kind == "community"]
    admins = [c for c in cands if c.kind == "admin"]
    if communities and cues & _COMMUNITY_CUES:
        return communities
    governorates = [a for a in admins if a.level == 1]
    if governorates:
        return governorates                 # "دير الزور", "ادلب" without "مدينة": the governorate
    if admins and cues & _ADMIN_CUES:
        return admins
    return communities or admins


def _anchors(items, choices) -> list[_Anchor]:
    counts = Counter(m.key for _, m in items)
    seen: set[str] = set()
    out = []
    for i, m in items:
        cands = choices[i]
        if not cands or m.key in seen:
            continue
        seen.add(m.key)
        weight = 1.0 + math.log2(counts[m.key])      # a report about a place names it again and again
        if len(cands) == 1 and cands[0].kind == "area" and len(cands[0].admin1_options) > 1:
            opts = cands[0].admin1_options
            out.append(_Anchor(m.key, {a: 1.0 / len(opts) for a in opts}, None, None, None, weight, m.data.group))
            continue
        govs = {c.admin1 for c in cands}
        if len(govs) != 1 or None in govs:
            continue                                          # ambiguous: not an anchor
        c = cands[0]
        admin2 = c.admin2 if all(x.admin2 == c.admin2 for x in cands) else None
        admin3 = c.admin3 if all(x.admin3 == c.admin3 for x in cands) else None
        point = c.point if len(cands) == 1 or c.kind == "admin" else None
        out.append(_Anchor(m.key, {c.admin1: 1.0}, admin2, admin3, point, weight, m.data.group))
    return out


def _support(anchors: list[_Anchor], exclude: str) -> dict[str, float]:
    support: dict[str, float] = defaultdict(float)
    for a in anchors:
        if a.key != exclude:
            for gov, share in a.admin1.items():
                support[gov] += share * a.weight
    return support


def _score(c: GazEntry, m: Mention, anchors: list[_Anchor]) -> float:
    score = 0.0
    for a in anchors:
        if a.key == m.key:
            continue
        w = a.weight * (GROUP_WEIGHT if a.group is not None and a.group == m.data.group else 1.0)
        if c.admin3 and a.admin3 == c.admin3:
            tie = 1.0
        elif c.admin2 and a.admin2 == c.admin2:
            tie = 0.8
        else:
            tie = 0.5 * a.admin1.get(c.admin1 or "", 0.0)
        d = distance_km(c.point, a.point)
        score += w * (tie + (0.5 * max(0.0, 1.0 - d / NEAR_KM) if math.isfinite(d) else 0.0))
    return score


def _far(c: GazEntry, m: Mention, anchors: list[_Anchor], support: dict[str, float], local: set[str],
         gaz: Gazetteer) -> float | None:
    """The distance to the places the report ties `m` to, when `c` is a far-away namesake (step 4).

    The ties are the governorates of the places listed with the name or named near it that the
    report names more than the name's own (one misplaced neighbour must not pull the rest away);
    when nothing is named near it, the governorates the report is about, if the name's own is one
    it hardly names."""
    if c.kind != "community" or _is_seat(c, gaz) or (c.population or 0) >= BIG_TOWN:
        return None                         # a district's seat or a big town is named on purpose
    own = support.get(c.admin1 or "", 0.0)
    if local:
        if c.admin1 in local:
            return None
        ties = {g for g in local if support.get(g, 0.0) > own}
    else:
        top = max(support.values(), default=0.0)
        ties = {g for g, w in support.items() if w >= MARGINAL * top} if own < MARGINAL * top else set()
    nearest = min((distance_km(c.point, a.point) for a in anchors
                   if a.key != m.key and a.point and set(a.admin1) & ties), default=math.inf)
    return nearest if FAR_KM < nearest < math.inf else None


# ------------------------------------------------------------ one mention

def _place(m: Mention, c: GazEntry, scored: list[GazEntry], gaz: Gazetteer, anchors, support) -> Place:
    cues = set(m.data.cue_classes)
    name, n = m.text, len(scored)
    own = _score(c, m, anchors) if n > 1 else 0.0
    if n == 1:
        choice = f"the only {name} in the gazetteer"
    elif own > 0 and own > max(_score(x, m, anchors) for x in scored if x is not c):
        choice = f"of {n} places called {name}, the one near the other places of the report"
    elif _is_seat(c, gaz):
        choice = f"of {n} places called {name}, the one that gives its name to its district"
    else:
        choice = f"of {n} places called {name}, the first listed: nothing in the report tells them apart"
    unit = c
    if c.kind == "area":
        gov = max(c.admin1_options, key=lambda g: (support.get(g, 0.0), -c.admin1_options.index(g))) \
            if len(c.admin1_options) > 1 else c.admin1
        if gov != c.admin1:
            unit = gaz.admin(gov) or c
        coded = gaz.admin(c.anchor) if unit is c else unit
        why = f"area {c.name_ar}, coded at {_unit_label(coded, gaz)}"
        if len(c.admin1_options) > 1:
            why += ", where the report's other places are" if support.get(gov) else \
                ", its usual governorate (no other place of the report says)"
        return _build(m, c.anchor if unit is c else unit.id, c.name, c.name_ar, unit, c.precision, why, gaz)
    if c.kind == "admin":
        label = {1: "governorate", 2: "district", 3: "sub-district"}[c.level]
        why = f"{label} name; the text names no town in it" if c.level == 1 else f"{label} of {c.name}"
        return _build(m, c.id, c.name, c.name_ar, c, 3, why, gaz)
    if c.kind == "site":
        precision = max(c.precision, 2) if cues & {"near", "direction"} else c.precision
        tied = gaz.get(c.anchor or "")
        why = ("near a " if cues & {"near", "direction"} else "") + f"named site ({c.feature.replace('_', ' ')})" + (
            "" if c.precision == 1 else f", coded at {tied.name if tied else c.admin1} where it lies")
        return _build(m, c.id, c.name, c.name_ar, c, precision, why, gaz)
    # a community
    if "countryside" in cues and not cues & _COMMUNITY_CUES:
        unit = gaz.admin(c.admin2) or gaz.admin(c.admin1)
        why = f"countryside of {c.name}; coded at {_unit_label(unit, gaz)}" if unit else f"countryside of {c.name}"
        point_of = unit if unit and unit.point else c
        return _build(m, unit.id if unit else c.id, c.name, c.name_ar, c, 3, why, gaz, point=point_of.point,
                      level=unit.level if unit else None)
    town = _is_seat(c, gaz) or (c.population or 0) >= BIG_TOWN
    precision, what = 1, "named town" if town else "named village"
    if cues & {"near", "direction"}:
        precision, what = 2, f"near {c.name} ({m.data.cue})" if m.data.cue else f"near {c.name}"
    why = f"{what}; {choice}"
    if gaz.builtin:
        precision = max(precision, 2)
        why += "; from the built-in list (GeoNames towns, no districts): coarser"
    return _build(m, c.id, c.name, c.name_ar, c, precision, why, gaz)


def _at_report_area(m: Mention, gaz: Gazetteer, anchors, items, done, problem: str) -> Place:
    """A name the gazetteer lacks (or only far away): at the places listed with it, or the report's area."""
    siblings = [done[i] for i, o in items.listed_with(m)
                if i in done and o.key != m.key and done[i].id and done[i].geo_precision < 3]
    if siblings:
        for level in (3, 2, 1):
            codes = {getattr(p, f"admin{level}_pcode") for p in siblings}
            if len(codes) == 1 and None not in codes:
                unit = gaz.admin(codes.pop())
                if unit:
                    break
        else:
            unit = None
        pts = [(p.lat, p.lon) for p in siblings if p.lat is not None]
        centre = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) if pts else None
        spread = max((distance_km(centre, p) for p in pts), default=math.inf)
        if unit is not None:
            close = spread <= CLUSTER_KM
            names = "، ".join(dict.fromkeys(p.surface for p in siblings))
            why = (f"{problem}; coded near the places listed with it ({names}), "
                   f"in {_unit_label(unit, gaz)}")
            return _build(m, unit.id, unit.name, unit.name_ar, unit, 2 if close else 3, why, gaz,
                          point=centre if close else unit.point)
    tied = _tied_by_text(m, items, done)
    if tied is not None:
        other, p = tied
        if p.geo_precision < 3 and set(other.data.cue_classes) & {"near", "direction"}:
            why = f"{problem}; coded near {p.name} ({other.data.cue} {other.text}), where the text puts it"
            return replace(p, surface=m.text, geo_precision=2, reason=why)
        unit = gaz.admin(p.admin1_pcode)
        if unit is not None:
            why = f"{problem}; coded at {_unit_label(unit, gaz)}, where the text puts it ({other.text})"
            return _build(m, unit.id, unit.name, unit.name_ar, unit, 3, why, gaz)
    support = _support(anchors, m.key)
    if support:
        gov = max(sorted(support), key=lambda g: support[g])
        districts = Counter({a.admin2: a.weight for a in anchors if a.key != m.key and a.admin2
                             and a.admin2.startswith(gov)})
        unit = gaz.admin(gov)
        if districts:
            d, w = districts.most_common(1)[0]
            if w >= 0.6 * support[gov] and gaz.admin(d):
                unit = gaz.admin(d)
        if unit is not None:
            why = f"{problem}; coded at the report's area, {_unit_label(unit, gaz)}"
            return _build(m, unit.id, unit.name, unit.name_ar, unit, 3, why, gaz)
    return Place(id=None, name=None, name_ar=m.data.name or m.text, surface=m.text, geo_precision=3,
                 reason=f"{problem}, and no other place of the report ties it to an area")


def _tied_by_text(m: Mention, items, done) -> tuple[Mention, Place] | None:
    """The resolved place named right after (or else right before) `m`: "بلدة X شرق دير الزور"."""
    near = [(o.start - m.end if o.start >= m.end else LOCAL_CHARS + m.start - o.end, i, o)
            for i, o in items.around(m.start, LOCAL_CHARS)
            if i in done and o.key != m.key and done[i].admin1_pcode
            and -LOCAL_CHARS <= o.start - m.start <= LOCAL_CHARS]
    if not near:
        return None
    _, i, o = min(near, key=lambda t: t[0])
    return o, done[i]


# ------------------------------------------------------------ building the record

@lru_cache(maxsize=65536)   # asked for every candidate of every page: the answer never changes
def _is_seat(c: GazEntry, gaz: Gazetteer) -> bool:
    """A community that gives its name to its admin unit: ذيبان of the sub-district Thiban, دير الزور
    of "مركز دير الزور" and of the governorate."""
    if c.kind != "community":
        return False
    names = {fold(n) for n in c.names}
    for unit in (gaz.admin(c.admin3), gaz.admin(c.admin2), gaz.admin(c.admin1)):
        for n in unit.names if unit is not None else ():
            if _UNIT_WORDS.sub("", fold(n)).strip() in names:
                return True
    return False


def _unit_label(unit: GazEntry | None, gaz: Gazetteer) -> str:
    if unit is None:
        return "an unknown area"
    kind = {1: "governorate", 2: "district", 3: "sub-district"}.get(unit.level, "place")
    if unit.level > 1 and unit.admin1:
        gov = gaz.admin(unit.admin1)
        return f"the {kind} of {unit.name} ({gov.name if gov else unit.admin1})"
    return f"the {kind} of {unit.name}"


def _build(m: Mention, id_: str | None, name: str, name_ar: str, c: GazEntry, precision: int, why: str,
           gaz: Gazetteer, *, point=None, level: int | None = None) -> Place:
    codes = [c.admin1, c.admin2, c.admin3]
    if level is not None:
        codes = codes[:level] + [None] * (3 - level)
    units = [gaz.admin(code) for code in codes]
    lat, lon = point if point else (c.lat, c.lon)
    return Place(
        id=id_, name=name, name_ar=name_ar, surface=m.text,
        admin1=units[0].name if units[0] else None, admin2=units[1].name if units[1] else None,
        admin3=units[2].name if units[2] else None,
        admin1_ar=units[0].name_ar if units[0] else None, admin2_ar=units[1].name_ar if units[1] else None,
        admin3_ar=units[2].name_ar if units[2] else None,
        admin1_pcode=codes[0], admin2_pcode=codes[1], admin3_pcode=codes[2],
        lat=round(lat, 5) if lat is not None else None, lon=round(lon, 5) if lon is not None else None,
        geo_precision=precision, reason=why)
