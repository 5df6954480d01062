"""Actors: the canonical actors of the register and the words outlets use for them.

The data are two TSV files in `knowledge/data/` (their format is documented in
docs/knowledge.md and checked by `sijill kb check`):

- `actors.tsv`: one canonical actor a line (id, ACLED-style name, ACLED class `inter`, kind,
  country, parents with optional periods, validity period, `renamed_to`);
- `actor_aliases.tsv`: the words for an actor, per language, with the framing they carry
  (`stance`), the period in which they mean that actor, and a `rule` where one word names
  several actors.

`load_actors()` reads them once per process. The extractor compiles `alias_entries()` into a
`TermMatcher`; the resolver turns a matched entry into an `ActorRef` with `ref()`, which knows
that names change (جبهة النصرة reported in 2020 is HTS) and that affiliations change (the Deir
ez-Zor Military Council is part of SDF until 2023-08-27, not after).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from ..model import ActorRef
from .persian import entry_spellings
from ..text.normalize import fold

ACTORS_FILE = "actors.tsv"
ALIASES_FILE = "actor_aliases.tsv"
ACTOR_COLUMNS = ("id", "name", "inter", "kind", "country", "parents", "valid_from", "valid_to",
                 "renamed_to", "notes")
ALIAS_COLUMNS = ("actor_id", "lang", "alias", "stance", "valid_from", "valid_to", "rule", "note")
KINDS = frozenset({"state", "pro-government militia", "non-state armed group", "communal militia",
                   "external state", "civilians", "protesters", "unknown", "generic"})
STANCES = frozenset({"neutral", "hostile", "friendly"})
LANGS = ("ar", "fa", "en")
# Arabic proclitics that a label found in running text may still carry ("لميليشيا", "وقسد"),
# longest first; the matcher accepts the same ones (knowledge/matcher.py, PROCLITICS)
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك")

# One side that reports name two ways: the coalition the US leads and the US military (a strike
# one sentence or outlet gives to "التحالف الدولي" and another to "القوات الأمريكية"). Fusion takes
# them for one side, within a page and across pages.
SAME_SIDE = {"USA_MIL": "COALITION"}


def side_name(actor_id: str) -> str:
    """The one id fusion gives a side that reports name two ways (SAME_SIDE), else the id itself."""
    return SAME_SIDE.get(actor_id, actor_id)


class KnowledgeError(ValueError):
    """A knowledge file that cannot be read; the message names the file and line."""


# ------------------------------------------------------------------ records

@dataclass(frozen=True, slots=True)
class Period:
    """A closed interval of days; a missing end is open."""
    start: date | None = None
    end: date | None = None

    def covers(self, on: date | None) -> bool:
        """Whether `on` falls in the period; no date at all is covered by every period."""
        if on is None:
            return True
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def overlaps(self, other: Period) -> bool:
        return ((self.start is None or other.end is None or self.start <= other.end)
                and (other.start is None or self.end is None or other.start <= self.end))

    def __str__(self) -> str:
        if self.start is None and self.end is None:
            return "always"
        return f"{self.start or ''}..{self.end or ''}"


@dataclass(frozen=True, slots=True)
class ParentLink:
    id: str
    period: Period = Period()


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    inter: int
    kind: str
    country: str = ""
    parents: tuple[ParentLink, ...] = ()
    period: Period = Period()
    renamed_to: str | None = None
    notes: str = ""

    def parent_ids(self, on: date | None = None) -> tuple[str, ...]:
        """Direct parents valid on `on` (all of them when `on` is None)."""
        return tuple(p.id for p in self.parents if p.period.covers(on))


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """What a matched alias stands for. Entries are the matcher's values: keep them small."""
    actor_id: str
    lang: str
    stance: str
    valid_from: date | None
    valid_to: date | None
    rule: str
    alias: str = ""          # the words as written in the data file

    @property
    def period(self) -> Period:
        return Period(self.valid_from, self.valid_to)

    def valid_on(self, on: date | None) -> bool:
        return self.period.covers(on)


# ------------------------------------------------------------------ reading the files

def read_rows(name: str, data_dir: str | Path | None = None
              ) -> tuple[tuple[str, ...], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) rows of a TSV data file; '#' lines are comments.

    Cells are split on tabs only (no quoting: Arabic quotes are part of aliases) and stripped.
    """
    if data_dir is not None:
        text = (Path(data_dir) / name).read_text(encoding="utf-8")
    else:
        text = resources.files("sijill.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    header: tuple[str, ...] = ()
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header:
            header = tuple(cells)
        else:
            rows.append((lineno, cells))
    return header, rows


def parse_date(text: str) -> date | None:
    """An ISO date or None for an empty cell; ValueError names what is wrong."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_period(start: str, end: str) -> Period:
    p = Period(parse_date(start), parse_date(end))
    if p.start and p.end and p.start > p.end:
        raise ValueError(f"period starts after it ends ({p.start} > {p.end})")
    return p


def parse_parents(text: str) -> tuple[ParentLink, ...]:
    """`SDF@..2023-08-27;IRN_MILITIAS` -> links; a period is `from..to` with either side empty."""
    links = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        pid, _, when = part.partition("@")
        if not when:
            links.append(ParentLink(pid.strip()))
            continue
        if ".." not in when:
            raise ValueError(f"parent {part!r}: the period must be written FROM..TO")
        start, _, end = when.partition("..")
        links.append(ParentLink(pid.strip(), parse_period(start.strip(), end.strip())))
    return tuple(links)


def row_dict(header: tuple[str, ...], cells: list[str]) -> dict[str, str]:
    return dict(zip(header, cells + [""] * (len(header) - len(cells))))


def parse_actor(r: Mapping[str, str]) -> Actor:
    return Actor(id=r["id"], name=r["name"], inter=int(r["inter"]), kind=r["kind"],
                 country=r["country"], parents=parse_parents(r["parents"]),
                 period=parse_period(r["valid_from"], r["valid_to"]),
                 renamed_to=r["renamed_to"] or None, notes=r["notes"])


def parse_alias(r: Mapping[str, str]) -> AliasEntry:
    p = parse_period(r["valid_from"], r["valid_to"])
    return AliasEntry(actor_id=r["actor_id"], lang=r["lang"], stance=r["stance"] or "neutral",
                      valid_from=p.start, valid_to=p.end, rule=r["rule"], alias=r["alias"])


def _clitic_forms(key: str) -> Iterator[str]:
    """A folded label, then the same without one leading proclitic (لل -> ال)."""
    yield key
    if key.startswith("لل"):
        yield "ا" + key[1:]
    for c in _CLITICS:
        if key.startswith(c) and len(key) > len(c) + 1:
            yield key[len(c):]


# ------------------------------------------------------------------ the actor base

@dataclass(frozen=True)
class ActorBase:
    """The actors and their aliases; read-only once built."""
    actors: tuple[Actor, ...]
    aliases: tuple[tuple[str, AliasEntry], ...]
    _by_id: Mapping[str, Actor] = field(init=False, repr=False, compare=False)
    _by_key: Mapping[str, tuple[AliasEntry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, list[AliasEntry]] = {}
        for alias, entry in self.alias_entries():
            by_key.setdefault(fold(alias).strip(), []).append(entry)
        object.__setattr__(self, "_by_id", MappingProxyType({a.id: a for a in self.actors}))
        object.__setattr__(self, "_by_key", MappingProxyType({k: tuple(v) for k, v in by_key.items()}))

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str, default: Actor | None = None) -> Actor | None:
        """The actor with this id, or `default` (None) when there is none."""
        return self._by_id.get(actor_id, default)

    def alias_entries(self) -> Iterator[tuple[str, AliasEntry]]:
        """(alias as written, entry) pairs: what the extractor compiles into its matcher; a Persian
        alias under every way of writing its joints (knowledge/persian.py)."""
        for alias, entry in self.aliases:
            for spelt in entry_spellings(alias, entry.lang):
                yield spelt, entry

    def aliases_of(self, actor_id: str, lang: str | None = None) -> tuple[AliasEntry, ...]:
        return tuple(e for _, e in self.aliases if e.actor_id == actor_id and (lang is None or e.lang == lang))

    def alias_counts(self) -> Counter[str]:
        """Number of alias lines per language."""
        return Counter(e.lang for _, e in self.aliases)

    def candidates(self, label: str, on: date | None = None) -> tuple[AliasEntry, ...]:
        """Entries whose alias is `label` (folded, with a leading proclitic allowed) and valid on `on`."""
        for key in _clitic_forms(fold(label).strip()):
            found = self._by_key.get(key)
            if found:
                return tuple(e for e in found if e.valid_on(on))
        return ()

    def _meant_on(self, actor_id: str, label: str, on: date) -> str:
        """The actor a label means on a day, when its lines are split by `period` rules:
        the matcher hands over one entry of الجيش السوري, the date tells which actor it is."""
        entries = self.candidates(label)
        if any(e.actor_id == actor_id and e.valid_on(on) for e in entries):
            return actor_id
        valid = [e for e in entries if e.rule == "period" and e.valid_on(on)]
        return valid[0].actor_id if valid else actor_id

    def pick(self, entries: Iterable[AliasEntry], on: date | None = None,
             context: Iterable[str] = ()) -> AliasEntry | None:
        """Choose among the entries of one alias: those valid on `on`, then those whose
        `context:` rule names a country of the report, then those without a context rule."""
        valid = [e for e in entries if e.valid_on(on)]
        if len({e.actor_id for e in valid}) > 1:
            ctx = {c.casefold() for c in context}
            named = [e for e in valid if e.rule.startswith("context:") and e.rule[8:].strip().casefold() in ctx]
            plain = [e for e in valid if not e.rule.startswith("context:")]
            valid = named or plain or valid
        return valid[0] if valid else None

    def current_id(self, actor_id: str, on: date | None) -> str:
        """The id an actor had on `on`: follows `renamed_to` while `on` is after `valid_to`."""
        seen = {actor_id}
        actor = self._by_id.get(actor_id)
        while (on is not None and actor is not None and actor.renamed_to and actor.period.end
               and on > actor.period.end and actor.renamed_to not in seen):
            seen.add(actor.renamed_to)
            actor = self._by_id.get(actor.renamed_to)
        return actor.id if actor is not None else actor_id

    def lineage(self, actor_id: str, on: date | None = None) -> tuple[str, ...]:
        """The id and all its ancestors (nearest first) through parent links valid on `on`."""
        out = [actor_id]
        i = 0
        while i < len(out):
            actor = self._by_id.get(out[i])
            i += 1
            for pid in actor.parent_ids(on) if actor else ():
                if pid not in out:       # the checker rejects cycles; this only keeps us finite
                    out.append(pid)
        return tuple(out)

    def stance_of(self, label: str, actor_id: str) -> str | None:
        """The stance of `label` as an alias of `actor_id`, when it is one."""
        for e in self.candidates(label):
            if e.actor_id == actor_id:
                return e.stance
        return None

    def ref(self, actor_id: str, label: str | None = None, stance: str | None = None,
            on: date | str | None = None) -> ActorRef:
        """The reference an event carries: the actor the label means on `on` (alias periods),
        as it was named that day (renamings are followed), its ancestors valid that day as
        `parents`, its class, the outlet's label and the label's stance (looked up from the
        aliases when not given)."""
        day = date.fromisoformat(on) if isinstance(on, str) else on
        if stance is None and label:
            stance = self.stance_of(label, actor_id)
        if label and day is not None:
            actor_id = self._meant_on(actor_id, label, day)
        current = self.current_id(actor_id, day)
        actor = self._by_id.get(current)
        if actor is None:
            # an id the knowledge does not hold (e.g. from an older register): keep it, say nothing more
            return ActorRef(id=actor_id, name=actor_id, label=label, stance=stance)
        return ActorRef(id=actor.id, name=actor.name, parents=self.lineage(actor.id, day)[1:],
                        label=label, stance=stance, inter=actor.inter)

    def search(self, query: str = "", lang: str | None = None) -> list[tuple[Actor, tuple[AliasEntry, ...]]]:
        """Actors whose id, name or an alias contains `query` (folded), with their aliases in `lang`."""
        q = fold(query).strip()
        out = []
        for actor in self.actors:
            aliases = self.aliases_of(actor.id, lang)
            if not q or q in fold(actor.id) or q in fold(actor.name) \
                    or any(q in fold(e.alias) for e in self.aliases_of(actor.id)):
                out.append((actor, aliases))
        return out


def build_actor_base(data_dir: str | Path | None = None) -> ActorBase:
    """Read both files; a malformed line raises KnowledgeError naming it (run `sijill kb check`)."""
    actors = []
    header, rows = read_rows(ACTORS_FILE, data_dir)
    for lineno, cells in rows:
        try:
            actors.append(parse_actor(row_dict(header, cells)))
        except (KeyError, ValueError) as e:
            raise KnowledgeError(f"{ACTORS_FILE}:{lineno}: {e}") from None
    aliases = []
    header, rows = read_rows(ALIASES_FILE, data_dir)
    for lineno, cells in rows:
        try:
            r = row_dict(header, cells)
            aliases.append((r["alias"], parse_alias(r)))
        except (KeyError, ValueError) as e:
            raise KnowledgeError(f"{ALIASES_FILE}:{lineno}: {e}") from None
    return ActorBase(tuple(actors), tuple(aliases))


@lru_cache(maxsize=4)
def load_actors(data_dir: str | Path | None = None) -> ActorBase:
    """The actor base, read once per process (and per data folder, for tests and the checker)."""
    return build_actor_base(data_dir)
