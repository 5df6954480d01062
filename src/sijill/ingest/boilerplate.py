"""Removal of page boilerplate from plain text, line by line, keeping report lines untouched.

All evidence offsets index the clean text, and the clean text is shown to analysts next to the
page it came from, so a kept line is kept exactly: the same characters, no reflowing, no
normalisation. Only whole lines are dropped, and runs of blank lines collapse to one.

The knowledge of what boilerplate looks like is data: knowledge/data/boilerplate.tsv (its header
describes the format). This module only applies it:
  1. each line is compared, in folded form, with the exact, prefix, heading and regex rules;
  2. a line that repeats the line before it is dropped (the headline printed twice, by the page
     and by the scraper);
  3. a heading of a links box ("مقالات ذات صلة", "الأكثر قراءة") followed only by short lines
     starts the page's tail, which is dropped to the end.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..text import fold

KINDS = ("exact", "prefix", "heading", "regex")

# Rules look at lines under _LONG_LINE characters only: page furniture is short (the longest
# rules, comment-form notices, are under 100), and a report's paragraph must never be lost
# because of how it begins. Longer lines are not even folded, which is most of the cost of a page.
_LONG_LINE = 300
# A tail of links: headlines of other articles, tag names, form labels. Measured on the 137
# real articles of the dev corpus (../shared/corpus): 99% of their headlines are under 120
# characters and none ends with a full stop, while only 4 of their 137 last paragraphs are
# that short without one.
_SHORT_LINE = 120

# Marks that decorate widget headings and buttons ("💡 أهم المواضيع", "• Facebook", "اقرأ أيضاً:").
_EDGE_MARKS = "•·●▪◾◽■□►▶◀»«›‹-–—|:*#>~.،,؛\ufe0f\u200d"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Rules:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    headings: frozenset[str]
    regex: re.Pattern[str] | None


def line_key(line: str) -> str:
    """The folded form of a line that rules are compared with."""
    return _SPACES.sub(" ", fold(line)).strip()


def bare_key(key: str) -> str:
    """A folded line without the marks that decorate it at either end."""
    start, end = 0, len(key)
    while start < end and _is_edge_mark(key[start]):
        start += 1
    while end > start and _is_edge_mark(key[end - 1]):
        end -= 1
    return key[start:end].strip()


def _is_edge_mark(c: str) -> bool:
    return c in _EDGE_MARKS or c.isspace() or unicodedata.category(c)[0] == "S"


def _fold_pattern(pattern: str) -> str:
    # Regex syntax is ASCII and must not be lower-cased (\S, \W, \U0001F300); the letters are
    # folded one by one so that a pattern written as on the page meets the folded line.
    return "".join(c if c.isascii() else fold(c) for c in pattern)


def parse_rules(text: str, origin: str = "boilerplate.tsv") -> Rules:
    """Rules from the text of a boilerplate file; ValueError naming the line of a bad rule."""
    exact: set[str] = set()
    prefixes: list[str] = []
    headings: set[str] = set()
    regexes: list[str] = []
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            header_seen = True
            if cols[:3] == ["kind", "lang", "pattern"]:
                continue
        if len(cols) < 3:
            raise ValueError(f"{origin}:{lineno}: a rule needs kind, lang and pattern separated by tabs")
        kind, pattern = cols[0].strip(), cols[2].strip()     # the language column is documentation
        if kind not in KINDS:
            raise ValueError(f"{origin}:{lineno}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if kind == "regex":
            folded = _fold_pattern(pattern)
            try:
                re.compile(folded)
            except re.error as exc:
                raise ValueError(f"{origin}:{lineno}: bad regular expression ({exc})") from None
            regexes.append(folded)
            continue
        key = bare_key(line_key(pattern))
        if not key:
            raise ValueError(f"{origin}:{lineno}: pattern {pattern!r} is empty once folded; use a regex")
        if kind == "prefix":
            prefixes.append(key)
        elif kind == "heading":
            headings.add(key)
        else:
            exact.add(key)
    combined = re.compile("|".join(f"(?:{r})" for r in regexes), re.IGNORECASE) if regexes else None
    return Rules(frozenset(exact), tuple(prefixes), frozenset(headings), combined)


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules shipped with the package (read once per process, on first use)."""
    # Addressed from the top package so that reading the file does not import sijill.knowledge
    # (and its matchers) just to clean a page.
    data = resources.files("sijill").joinpath("knowledge", "data", "boilerplate.tsv")
    return parse_rules(data.read_text(encoding="utf-8"))


def is_boilerplate(line: str, rules: Rules | None = None) -> bool:
    """Whether one line, on its own, is page furniture."""
    rules = rules or load_rules()
    if len(line) >= _LONG_LINE:
        return False
    key = line_key(line)
    return bool(key) and _matches(key, bare_key(key), rules)


def _matches(key: str, bare: str, rules: Rules) -> bool:
    if bare in rules.exact or bare in rules.headings:
        return True
    if bare.startswith(rules.prefixes):
        return True
    if rules.regex is not None and (rules.regex.fullmatch(key) or rules.regex.fullmatch(bare)):
        return True
    return False


def clean_text(text: str, rules: Rules | None = None) -> str:
    """The text without its boilerplate lines; kept lines are returned exactly as they were."""
    rules = rules or load_rules()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    n = len(lines)
    short = [len(line) < _LONG_LINE for line in lines]
    keys = [line_key(line) if s else line.strip() for line, s in zip(lines, short)]
    bares = [bare_key(k) if s else "" for k, s in zip(keys, short)]
    drop = [not k or (s and _matches(k, b, rules))      # blank lines are dropped too
            for k, b, s in zip(keys, bares, short)]

    previous = None
    for i in range(n):
        if drop[i]:
            continue
        if keys[i] == previous:
            drop[i] = True
        previous = keys[i]

    # short_after[i]: every kept line from i to the end is short (a tail of links can follow).
    short_after = [True] * (n + 1)
    for i in range(n - 1, -1, -1):
        short_after[i] = short_after[i + 1] and (drop[i] or _is_short(keys[i]))
    for i in range(n):
        if bares[i] in rules.headings and short_after[i + 1]:
            for j in range(i, n):
                drop[j] = True
            break

    out: list[str] = []
    gap = False
    for i, line in enumerate(lines):
        if drop[i]:
            # a dropped blank line separates paragraphs; a dropped furniture line does not
            gap = gap or not keys[i]
            continue
        if gap and out:
            out.append("")
        out.append(line)
        gap = False
    return "\n".join(out)


def _is_short(key: str) -> bool:
    return len(key) < _SHORT_LINE and not key.endswith(".")
