"""The faster forms of the per-page steps give exactly what their plain forms give: folding by
replacements instead of translate(), the regexes written to start with a character class, the
matchers read in one pass, cue words found by an automaton, `Mentions.within` by slices."""
from __future__ import annotations

import importlib
import random
import re

import ahocorasick
from hypothesis import given, settings, strategies as st

from sijill.extract.mentions import Mentions
from sijill.extract.place_lists import whole_words
from sijill.knowledge.matcher import MatcherGroup, TermMatcher
from sijill.model import Mention
from sijill.text import fold, normalize, split_sentences
from sijill.text.normalize import _CHANGES, _ONE_PASS
from sijill.text.sentences import _BOUNDARY

_norm = importlib.import_module("sijill.text.normalize")   # (the package's `normalize` is the function)
# every character the fold table changes, and some it leaves alone
_FOLDED = "".join(chr(k) for k in _ONE_PASS) + "دمشق حلب abc.،\n"


def test_no_fold_replacement_holds_a_character_that_is_itself_replaced():
    # what lets the replacements run in any order (text/normalize.py)
    assert not any(c in _CHANGES for to in _CHANGES.values() for c in to)


@settings(max_examples=300)
@given(st.text(alphabet=_FOLDED, max_size=2500))
def test_fold_is_the_one_pass_table_at_every_length(s):
    assert fold(s) == s.translate(_ONE_PASS)


_PLAIN_DROP = re.compile("(?<=\u0647)\u200c[\u06cc\u064a](?!\\w)|[«»“”„\"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                         "\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c\u00ad\u180e\u2060-\u2064]")
_PLAIN_BOUNDARY = re.compile(r"(?<!\d)[.!?؟]+(?!\d)|\n+")


@settings(max_examples=500)
@given(st.text(alphabet="هیيa_5 «ً\u200c\u200b", max_size=30))
def test_dropped_characters_are_those_of_the_plain_pattern(s):
    assert [m.span() for m in _norm._DROP_RE.finditer(s)] == [m.span() for m in _PLAIN_DROP.finditer(s)]


@settings(max_examples=500)
@given(st.text(alphabet="a5٣.!?؟\n ", max_size=30))
def test_sentence_stops_are_those_of_the_plain_pattern(s):
    assert [m.span() for m in _BOUNDARY.finditer(s)] == [m.span() for m in _PLAIN_BOUNDARY.finditer(s)]
    assert all(s[x.start:x.end] == x.text for x in split_sentences(s))


def _plain_normalize(text: str):
    """normalize() as it read each character to keep one space of a run."""
    index, pieces, pos = [], [], 0
    for m in _PLAIN_DROP.finditer(text):
        pieces.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    index.extend(range(pos, len(text)))
    kept = "".join(pieces)
    keep = [i for i in range(len(kept)) if not (kept[i] == " " and i and kept[i - 1] == " ")]
    return fold("".join(kept[i] for i in keep)), tuple(index[i] for i in keep)


@settings(max_examples=300)
@given(st.text(alphabet="دم ق«»\"  ً\u200cه", max_size=40))
def test_runs_of_spaces_keep_their_first_as_reading_each_character_did(s):
    nt = normalize(s)
    norm, index = _plain_normalize(s)
    assert nt.norm == norm
    assert (nt.index if nt.index is not None else tuple(range(len(s)))) == index


def test_matchers_read_in_one_pass_find_what_each_finds_alone():
    terms = ["قصف", "القصف", "قوات", "قوات النظام", "ال", "حلب", "مقتل", "قتل", "ب", "الجيش", "جيش"]
    matchers = (TermMatcher((t, i) for i, t in enumerate(terms)),
                TermMatcher(((t, -i) for i, t in enumerate(terms[::2])), suffixes=True, article=True),
                TermMatcher(((t, t) for t in terms[1::2]), proclitics=False),
                TermMatcher([]))
    group = MatcherGroup(matchers)
    rng = random.Random(4)
    words = terms + ["و", "ها", "هم", " ", " ", "،", "لل", "بال", "x"]
    for _ in range(400):
        text = fold("".join(rng.choice(words) for _ in range(rng.randrange(0, 25))))
        assert group.spans(text) == [m.spans(text) for m in matchers], text
        assert [[(m.start, m.end, m.values, m.term) for m in x.find(text)] for x in matchers] == \
            [x.spans(text) for x in matchers]


def test_cue_words_found_by_the_automaton_are_the_whole_words_that_are_cues():
    cues = ["قرية", "بلدة", "قرى", "ب", "حي_"]
    automaton = ahocorasick.Automaton()
    for c in cues:
        automaton.add_word(c, (len(c), c))
    automaton.make_automaton()
    rng = random.Random(9)
    parts = cues + ["ال", " ", "  ", "x", "5", "_", "،", "ية"]
    for _ in range(400):
        norm = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 15)))
        tokens = [m.span() for m in re.finditer(r"\w+", norm)]
        want = [(i, norm[s:e]) for i, (s, e) in enumerate(tokens) if norm[s:e] in cues]
        assert whole_words(automaton, norm, [s for s, _ in tokens]) == want, norm


def test_within_gives_what_a_scan_of_the_kind_gives():
    rng = random.Random(6)
    for _ in range(200):
        spans = []
        for _ in range(rng.randrange(0, 30)):
            start = rng.randrange(0, 300)
            spans.append(Mention("cue", start, start + rng.randrange(1, 40), "", "k"))
        spans.sort(key=lambda m: m.start)
        mentions = Mentions((), (), (), (), (), tuple(spans))
        for _ in range(10):
            lo = rng.randrange(0, 320)
            hi = lo + rng.randrange(0, 120)
            got = mentions.within("cues", lo, hi)
            assert got == [m for m in spans if lo <= m.start < hi and m.end <= hi]
            assert isinstance(got, list)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["trigger", "actor1", "location", "date"]), st.integers(0, 40),
                          st.integers(1, 3)), max_size=8),
       st.lists(st.tuples(st.sampled_from(["trigger", "actor1", "location", "date"]), st.integers(0, 80),
                          st.integers(1, 3)), max_size=8))
def test_evidence_merged_at_the_end_is_the_sorted_union(old, new):
    """fuse._merged_evidence adds a telling's spans at the end when they all come after: what
    sorting the union gives."""
    from sijill.fuse import _evidence_key, _merged_evidence
    from sijill.model import Evidence
    key = _evidence_key
    a = tuple(sorted({Evidence(r, s, s + n, "x" * n) for r, s, n in old}, key=key))
    b = tuple(sorted({Evidence(r, s, s + n, "x" * n) for r, s, n in new}, key=key))
    merged = _merged_evidence(a, b)
    assert sorted(merged, key=key) == list(merged) and set(merged) == set(a) | set(b)
    if len({key(e) for e in a + b}) == len(set(a) | set(b)):     # no two spans tie on the key
        assert merged == tuple(sorted(set(a) | set(b), key=key))
