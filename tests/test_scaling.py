"""Extraction grows linearly with the length of a page (issue 12): behaviour, not wall-clock time.

The work is counted as the lines of sijill's own code that run (a deterministic count); doubling a
page, ordinary or degenerate, may at most about double it. The windowed lookups that made this so
are checked against the whole-page scans they replaced.
"""
from __future__ import annotations

import random
import re
import sys
from datetime import date

import pytest

from sijill.extract import constructions
from sijill.extract.merging import _WHILE, Between
from sijill.extract.spans import SpanIndex, back_over_words, back_within, near, on_within
from sijill.model import Document, Mention
from sijill.text.sentences import LONGEST, split_sentences



@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    import os
    from sijill.pipeline import Pipeline
    old = os.environ.get("SIJILL_HOME")
    os.environ["SIJILL_HOME"] = str(tmp_path_factory.mktemp("home"))   # the built-in gazetteer
    try:
        yield Pipeline()
    finally:
        if old is None:
            os.environ.pop("SIJILL_HOME", None)
        else:
            os.environ["SIJILL_HOME"] = old


def _lines_run(fn) -> int:
    """How many lines of sijill's code `fn()` runs."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame, event, arg):
        return local if "sijill" in frame.f_code.co_filename else None

    sys.settrace(global_)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


_ARTICLE = ("قالت مصادر محلية إن طائرات حربية قصفت صباح اليوم بلدة خان شيخون في ريف إدلب الجنوبي، "
            "ما أسفر عن مقتل 5 مدنيين وإصابة آخرين. واندلعت اشتباكات عنيفة بين قوات النظام وفصائل "
            "المعارضة على أطراف مدينة حماة، وقال المرصد السوري إن 12 عنصرا قتلوا أو أصيبوا. "
            "وفي حلب تظاهر مئات أمام المحكمة احتجاجا على اعتقال ناشطين.\n")

PAGES = {
    "article": _ARTICLE,
    "قصف": "قصف ",                                  # one trigger word, no stop: one sentence
    "numbers": "قتل 5 أشخاص و8 جرحى و",              # counts and deaths in one sentence
    "places": "دمشق حلب إدلب حمص درعا الرقة ",       # place names only
    "actors": "قوات النظام وتنظيم داعش وحزب الله و",  # sides only
    "no stop": _ARTICLE.replace(".", " ").replace("\n", " "),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_doubling_a_page_at_most_doubles_the_work(pipeline, kind):
    unit = PAGES[kind]
    size = 3000 if kind != "article" else 6000
    small = (unit * (size // len(unit) + 1))[:size]
    big = (unit * (2 * size // len(unit) + 1))[:2 * size]
    work = [_lines_run(lambda text=text: pipeline.extract(Document(kind, text, date(2018, 3, 1))))
            for text in (small, big)]
    assert work[1] <= 2.4 * work[0], f"{kind}: {work[0]} lines for {size} chars, {work[1]} for twice as many"


def test_alternatives_tries_a_few_acts_however_many_the_sentence_names(pipeline, monkeypatch):
    text = "قصف " * 3000
    tried = []

    class Counting:
        def match(self, s):
            tried.append(s)
            return _OR.match(s)
    _OR = constructions._OR_GAP
    monkeypatch.setattr(constructions, "_OR_GAP", Counting())
    from sijill.extract import find_mentions
    from sijill.text import analyse
    mentions = find_mentions(analyse(Document("x", text), pipeline.options), pipeline.knowledge)
    triggers = SpanIndex(mentions.triggers)
    assert len(triggers) == 3000
    t = mentions.triggers[1500]
    assert constructions.alternatives(text, t, triggers) is False
    assert len(tried) <= 8                     # the acts a word or two either side, not 3,000
    tried.clear()
    text = "قتل أو إلقاء القبض على القيادي " + text
    mentions = find_mentions(analyse(Document("x", text), pipeline.options), pipeline.knowledge)
    assert constructions.alternatives(text, mentions.triggers[0], SpanIndex(mentions.triggers))
    assert len(tried) <= 8


def test_long_runs_without_a_stop_are_cut_into_bounded_sentences():
    text = "قصف " * 10_000 + "انتهى. " + "x" * (3 * LONGEST) + "\nجملة قصيرة."
    sentences = split_sentences(text)
    assert all(s.end - s.start <= LONGEST for s in sentences)
    assert all(text[s.start:s.end] == s.text and s.text == s.text.strip() for s in sentences)
    assert sentences[-1].text == "جملة قصيرة."
    assert "".join(text[s.start:s.end] for s in sentences).replace(" ", "") == \
        text.replace(" ", "").replace("\n", "")             # nothing lost, nothing repeated
    ordinary = "قالت المصادر " * 300 + "."                  # 3,901 characters: one sentence still
    assert len(split_sentences(ordinary)) == 1


def _spans(rng: random.Random, n: int) -> list[Mention]:
    out = []
    for _ in range(n):
        start = rng.randrange(0, 500)
        out.append(Mention("cue", start, start + rng.randrange(1, 30), "", "k"))
    return out


def test_near_holds_every_span_a_whole_scan_finds_in_their_order():
    rng = random.Random(12)
    for _ in range(200):
        spans = _spans(rng, rng.randrange(0, 40))
        index = SpanIndex(spans)
        lo = rng.randrange(-40, 540)
        hi = lo + rng.randrange(0, 80)
        got = index.near(lo, hi)
        want = [m for m in spans if m.end >= lo and m.start <= hi]
        assert [m for m in got if m.end >= lo and m.start <= hi] == want
        assert got == [m for m in spans if any(m is g for g in got)]        # their own order
        assert near(spans, lo, hi) == want


def test_word_reaches_match_what_the_gap_patterns_allow():
    rng = random.Random(3)
    alphabet = ["أو", "و", " ", "  ", "«", "قتل", "محاولة", "\n", "،"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        pos = len(text)
        x = back_over_words(text, pos, 3)
        assert len(text[x:pos].split()) <= 3 and (x == 0 or len(text[x - 1:pos].split()) > 3)
        x = back_within(text, pos, 8, "\"“”«»")
        assert sum(1 for ch in text[x:pos] if not ch.isspace() and ch not in "\"“”«»") <= 8
        y = on_within(text, 0, 8, "\"“”«»")
        assert sum(1 for ch in text[:y] if not ch.isspace() and ch not in "\"“”«»") <= 8


def test_set_apart_answers_as_a_search_does_while_the_end_grows():
    rng = random.Random(5)
    words = ["قصف", " ", "،", " بينما ", " في حين ", "، كما ", "x", "،   كما "]
    for _ in range(200):
        text = "".join(rng.choice(words) for _ in range(rng.randrange(1, 20)))
        between = Between(text, [])
        lo = rng.randrange(0, len(text) + 1)
        for hi in range(lo, len(text) + 1):
            assert between.set_apart(lo, hi) == (_WHILE.search(text, lo, hi) is not None), (text, lo, hi)


def test_source_between_answers_as_a_scan_does():
    rng = random.Random(8)
    for _ in range(200):
        cues = sorted(_spans(rng, rng.randrange(0, 20)), key=lambda m: m.start)
        between = Between("", cues)
        lo = rng.randrange(0, 520)
        hi = lo + rng.randrange(0, 100)
        assert between.source(lo, hi) == any(lo <= a.start and a.end <= hi for a in cues)


def test_crime_lists_read_from_neighbours_as_from_the_whole_sentence(pipeline):
    from sijill.extract import find_mentions
    from sijill.text import analyse
    text = "ارتكب القتل والتعذيب والاغتصاب، ثم اغتصاب ونهب وقتل، ثم خطف. " * 3
    mentions = find_mentions(analyse(Document("x", text), pipeline.options), pipeline.knowledge)
    triggers = list(mentions.triggers)
    for t in triggers:
        assert constructions.crime_list(text, t, SpanIndex(triggers)) == _crime_list_by_scan(text, t, triggers)


def _crime_list_by_scan(text, t, triggers) -> bool:
    items = sorted((o for o in triggers if constructions._crime_noun(text, o)), key=lambda o: o.start)
    if t not in items:
        return False
    i = items.index(t)
    lo = hi = i
    gap = re.compile(r"^[\s،,]*و?\s*$")
    while lo > 0 and gap.match(text[items[lo - 1].end:items[lo].start]):
        lo -= 1
    while hi + 1 < len(items) and gap.match(text[items[hi].end:items[hi + 1].start]):
        hi += 1
    group = items[lo:hi + 1]
    return len(group) >= 3 or (len(group) == 2 and all(constructions.definite(text, o) for o in group))
