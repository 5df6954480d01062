"""The event lexicon, cue words, time words and number words: loaders for the TSV data files.

Each file documents its own columns in its header comment (src/sijill/knowledge/data/). The
loaders return frozen records; `compile_lexicon` builds the matchers once per process.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .matcher import TermMatcher
from .persian import entry_spellings

FRAMES = frozenset({"attack", "clash", "casualty", "injury", "territory", "protest", "act", "ignore"})
CUES = frozenset({"attribution", "negation", "denial", "plan", "threat", "call", "hypothetical",
                  "habitual", "fear", "agent", "support", "target", "between", "place_anaphor", "victims",
                  "accusation", "reference", "consequence", "relative", "crowd", "riot", "disperse", "judicial", "figurative",
                  "background", "fixed", "accident", "responsibility"})
TIME_KINDS = frozenset({"day_offset", "night", "weekday", "week_ago", "month_ago", "year_ago", "recent", "month",
                        "solar_month", "hijri_month", "part_of_day"})
NUMBER_KINDS = frozenset({"number", "ordinal", "vague", "approx", "at_least", "person"})


@dataclass(frozen=True, slots=True)
class Trigger:
    term: str
    lang: str
    frame: str
    strong: bool
    event_type: str
    sub_event_type: str
    plover_type: str
    plover_mode: str
    verb: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    term: str
    lang: str
    cue: str
    scope: str


@dataclass(frozen=True, slots=True)
class TimeWord:
    term: str
    lang: str
    kind: str
    value: int


@dataclass(frozen=True, slots=True)
class NumberWord:
    term: str
    lang: str
    kind: str
    value: int | None


def read_table(name: str, data_dir=None) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV data file as (line number, row); '#' lines are comments."""
    if data_dir is not None:
        from pathlib import Path
        text = (Path(data_dir) / name).read_text(encoding="utf-8")
    else:
        text = resources.files("sijill.knowledge").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        return []
    reader = csv.reader(io.StringIO("\n".join(line for _, line in numbered)), delimiter="\t",
                        quoting=csv.QUOTE_NONE)
    rows = list(reader)
    header = rows[0]
    out = []
    for (lineno, _), row in zip(numbered[1:], rows[1:]):
        row = row + [""] * (len(header) - len(row))
        out.append((lineno, {h: (v or "").strip() for h, v in zip(header, row)}))
    return out


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    cues: tuple[Cue, ...]
    time_words: tuple[TimeWord, ...]
    number_words: tuple[NumberWord, ...]


@lru_cache(maxsize=4)
def load_lexicon(data_dir=None) -> Lexicon:
    triggers = tuple(
        Trigger(r["term"], r["lang"], r["frame"], r["strength"] == "strong", r["event_type"],
                r["sub_event_type"], r["plover_type"], r["plover_mode"], r.get("pos") == "verb")
        for _, r in read_table("event_lexicon.tsv", data_dir))
    cues = tuple(Cue(r["term"], r["lang"], r["cue"], r["scope"]) for _, r in read_table("cues.tsv", data_dir))
    times = tuple(TimeWord(r["term"], r["lang"], r["kind"], int(r["value"] or 0))
                  for _, r in read_table("time_words.tsv", data_dir))
    numbers = tuple(NumberWord(r["term"], r["lang"], r["kind"], int(r["value"]) if r["value"] else None)
                    for _, r in read_table("numbers.tsv", data_dir))
    return Lexicon(triggers, cues, times, numbers)


def check_lexicon(data_dir=None) -> list[str]:
    """Problems in the lexicon files, one line each (used by `sijill kb check`)."""
    problems = []
    for name, col, allowed in (("event_lexicon.tsv", "frame", FRAMES), ("cues.tsv", "cue", CUES),
                               ("time_words.tsv", "kind", TIME_KINDS), ("numbers.tsv", "kind", NUMBER_KINDS)):
        seen = set()
        for lineno, row in read_table(name, data_dir):
            if not row.get("term"):
                problems.append(f"{name}:{lineno}: empty term")
            if row.get(col) not in allowed:
                problems.append(f"{name}:{lineno}: {col} {row.get(col)!r} is not one of {sorted(allowed)}")
            if row.get("lang") not in ("ar", "fa", "en"):
                problems.append(f"{name}:{lineno}: lang {row.get('lang')!r} is not ar, fa or en")
            key = (row.get("term"), row.get("lang"), row.get(col))
            if key in seen:
                problems.append(f"{name}:{lineno}: duplicate line for {row.get('term')!r}")
            seen.add(key)
            if name == "event_lexicon.tsv" and row.get("frame") not in ("casualty", "injury", "ignore") \
                    and not (row.get("event_type") and row.get("sub_event_type")):
                problems.append(f"{name}:{lineno}: {row.get('term')!r} needs an event_type and sub_event_type")
    return problems


@dataclass(frozen=True)
class LexiconMatchers:
    triggers: TermMatcher
    cues: TermMatcher
    times: TermMatcher
    numbers: TermMatcher


def compile_lexicon(lex: Lexicon) -> LexiconMatchers:
    def spelt(entries):
        # a Persian entry under every way of writing its joints (knowledge/persian.py)
        return ((s, e) for e in entries for s in entry_spellings(e.term, e.lang))
    return LexiconMatchers(
        triggers=TermMatcher(spelt(lex.triggers), suffixes=True, article=True),
        cues=TermMatcher(spelt(lex.cues), suffixes=False),
        times=TermMatcher(spelt(lex.time_words), suffixes=False),
        numbers=TermMatcher(spelt(lex.number_words), suffixes=False),
    )
