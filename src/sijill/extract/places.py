"""Place mentions: the gazetteer's names in a text, and the places it lacks that cue words name.

`PlaceFinder(gazetteer)` compiles every spelling of every place once (knowledge/gazetteer_names.py:
with and without the article, qualifier-less, joined, Persian letters folded, press English) into
one matcher. `find(text, nt)` then gives one `Mention(kind="place")` per name, in original-text
offsets, with `PlaceMentionData`: the candidates (namesakes are all kept: the resolver chooses),
the cue words before the name ("بالقرب من", "قرية", "ريف", "شمال"), and a kind.

Three more things happen around the matcher:
  - places missing from the gazetteer are found by their cue: "قرية X", "بلدة X", "منطقة X",
    "حي X", "روستای «X»", and lists after a plural cue: "قرى (الجنينة، الجيعة، وشقرا ومنطقة
    العليان)", "در مناطق «ذیبان»، «العزبه» و «جدید بکاره»": each item is a mention; those
    the gazetteer lacks have kind "unknown" and no candidates;
  - places listed together ("الجنينة، الجيعة، وشقرا", "أرياف حلب وحماة") share a `group`, and
    an item without a cue of its own takes the list's;
  - names that are also common words (place_stopwords.tsv: "الصور" is a town and "the
    pictures") are kept only after a place cue or inside a list with other places.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import ahocorasick

from ..knowledge.gazetteer import Gazetteer, GazEntry
from ..knowledge.gazetteer_names import NAME_HEADS, NOT_NAME_TAILS, QUALIFIERS, place_words
from ..knowledge.matcher import PROCLITICS, TermMatcher
from ..model import Mention
from ..records import fast_init
from ..text.normalize import NormText
from .place_lists import CLOSERS, SETTLEMENTS, list_items, quoted_items, unquoted_list, whole_words

# classes of cue words after which a name is surely a place (place_cues.tsv)
STRONG_CUES = frozenset({"settlement", "quarter", "region", "admin", "plural", "near", "direction", "countryside"})
# classes that may introduce a place the gazetteer lacks ("قرية X"), and the plural lists
NAMING_CUES = frozenset({"settlement", "quarter", "region"})
_LIST_CUES = NAMING_CUES | {"plural"}     # the classes after which `_unknown` reads a name or a list
_WORD = re.compile(r"\w+")
_SEPARATORS = re.compile(r"^[\s،,؛()\[\]]*(?:و\s*)?$")
_PROCLITICS_LONGEST = sorted((p for p in PROCLITICS if p), key=len, reverse=True)
_CUE_MEMO_LIMIT = 200_000   # phrases whose cue class is remembered before the memo starts afresh


@fast_init
@dataclass(frozen=True, slots=True)
class PlaceMentionData:
    """What a place mention names and how the text introduces it."""
    candidates: tuple[GazEntry, ...]   # every gazetteer entry of that spelling; () if unknown
    cue: str | None                    # the cue words before it, as written ("بمحيط", "قرى")
    kind: str                          # community | admin | area | site | unknown
    cue_classes: tuple[str, ...] = ()  # their classes (place_cues.tsv), nearest first
    group: int | None = None           # places listed together share a group number
    name: str = ""                     # the name as matched, folded, clitics off


@dataclass
class _Found:
    start: int                         # offsets in the normalised text
    end: int
    name: str
    candidates: tuple[GazEntry, ...]
    cue_start: int | None = None
    cue_classes: tuple[str, ...] = ()
    group: int | None = None
    stop_rule: str | None = None
    weak: bool = False                 # a short bare word, an adjective: needs a cue, a list or quotes
    quoted: bool = False


class PlaceFinder:
    """Place names of one gazetteer, compiled once; `find` is a few milliseconds a page."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._words = place_words()
        self._terms = gazetteer.terms()
        self._matcher = TermMatcher(self._terms.items(), suffixes=False)
        self._cue_memo: dict[str, str | None] = {}
        # the words that begin a name the gazetteer lacks (`_unknown`): a naming or plural cue,
        # alone or behind a proclitic ("بمدينة"), found in one pass of an automaton instead of
        # asking the class of every word of the page
        self._naming = ahocorasick.Automaton()
        for cue in self._words.cues:
            for word in (cue, *(p + cue for p in _PROCLITICS_LONGEST)):
                if _WORD.fullmatch(word) and (cls := self._cue_class_of([word])) in _LIST_CUES:
                    self._naming.add_word(word, (len(word), cls))
        if len(self._naming):
            self._naming.make_automaton()

    def find(self, text: str, nt: NormText) -> list[Mention]:
        norm = nt.norm
        tokens = [m.span() for m in _WORD.finditer(norm)]
        starts = [s for s, _ in tokens]
        found = self._known(nt, tokens, starts)
        found += self._unknown(nt, tokens, starts, found)
        found.sort(key=lambda f: f.start)
        self._group(norm, found)
        # a group with a name that needs no help keeps its common words ("الصور، الجيعة")
        sure = {f.group for f in found if f.group is not None and f.stop_rule is None and not f.weak}
        kept = [f for f in found if self._keep(f, sure)]
        return [self._mention(text, nt, f) for f in kept]

    # ------------------------------------------------------------ names the gazetteer has

    def _known(self, nt: NormText, tokens, starts) -> list[_Found]:
        norm, out = nt.norm, []
        for m in self._matcher.find(norm):
            term = m.term if m.term in self._terms else "ا" + m.term[1:]   # "للصور" is ل + "الصور"
            if term.isascii():
                o = nt.to_original(m.start, m.end)[0]
                if not nt.original[o:o + 1].isupper():    # English names only as proper nouns
                    continue
            cands = tuple({e.id: e for vals in m.values for e in vals}.values())
            # A one-word village name of four letters or fewer without the article is most often
            # a common word or a first name: on the dev corpus and the seeds such bare matches were
            # "عليه", "شباط", "كبير", "جاسم", Persian "شما", "جمله", hardly ever a place. Names of
            # admin units, areas and sites are exempt.
            villages = all(c.kind == "community" for c in cands)
            weak = " " not in term and not term.startswith("ال") and len(term) <= 4 and villages
            # "القوات الكردية", "العلاقة الجديدة": a one-word ال-name right after an ال-noun is an
            # adjective; on the dev corpus this was the commonest kind of false place.
            if villages and " " not in term and term.startswith("ال") and not _attached(norm, m.start):
                prev = norm[max(0, m.start - 30):m.start].split()[-1:] or [""]
                weak = weak or (prev[0].startswith("ال") and self._cue_class(prev) is None
                                and norm[m.start - 1:m.start] == " ")
            rule = self._words.stop.get(term)
            whole = _whole_word(norm, m.start, m.end)
            if whole != term and self._words.stop.get(whole) == "never":
                continue                     # "لبنان" is Lebanon, not ل + the sub-district بنان
            f = _Found(m.start, m.end, term, cands, stop_rule=rule, weak=weak,
                       quoted=_quoted(nt, m.start, m.end))
            self._cue(norm, f, tokens, starts)
            out.append(f)
        return out

    def _cue(self, norm: str, f: _Found, tokens, starts) -> None:
        """The cue words right before a name: up to three phrases in a row ("في محيط قرية")."""
        i = bisect.bisect_right(starts, f.start) - 1
        word_start = tokens[i][0] if i >= 0 and tokens[i][1] >= f.start else f.start
        proclitic = norm[word_start:f.start]
        classes: list[str] = ["prep"] if set(proclitic) & set("بلك") else []
        cue_start = word_start if classes else None
        pos, j = word_start, bisect.bisect_left(starts, word_start) - 1
        for _ in range(3):
            if j < 0 or norm[tokens[j][1]:pos].strip(" \n\t(\"'[«") != "":
                break
            hit = None
            for k in range(min(self._words.max_cue_words, j + 1), 0, -1):
                words = [norm[s:e] for s, e in tokens[j - k + 1:j + 1]]
                cls = self._cue_class(words)
                if cls:
                    hit = (k, cls)
                    break
            if hit is None:
                break
            k, cls = hit
            classes.append(cls)
            pos = cue_start = tokens[j - k + 1][0]
            j -= k
        f.cue_start, f.cue_classes = cue_start, tuple(classes)

    def _cue_class(self, words: list[str]) -> str | None:
        # every word of a page is looked up (names the gazetteer lacks follow cue words): memoised
        key = " ".join(words)
        try:
            return self._cue_memo[key]
        except KeyError:
            pass
        if len(self._cue_memo) >= _CUE_MEMO_LIMIT:
            self._cue_memo.clear()      # (the words of a long run of pages: start afresh, not grow)
        cls = self._cue_memo[key] = self._cue_class_of(words)
        return cls

    def _cue_class_of(self, words: list[str]) -> str | None:
        cues = self._words.cues
        cls = cues.get(" ".join(words))
        if cls is None:
            for p in _PROCLITICS_LONGEST:       # "بمحيط", "وبلدة", "لمدينة"
                if words[0].startswith(p) and len(words[0]) > len(p) + 1:
                    cls = cues.get(" ".join([words[0][len(p):]] + words[1:]))
                    if cls:
                        break
        return cls

    # ------------------------------------------------------------ names it lacks

    def _unknown(self, nt: NormText, tokens, starts, known: list[_Found]) -> list[_Found]:
        """Names after a naming cue ("قرية X") or in a list after a plural cue, not in the gazetteer.

        Quotes and brackets are read in the original text: the normal form drops quotes."""
        norm, text = nt.norm, nt.original
        taken = _Taken((f.start, f.end) for f in known)
        out: list[_Found] = []
        for i, cls in whole_words(self._naming, norm, starts):      # (naming and plural cues)
            s, e = tokens[i]
            word = norm[s:e]
            pos = nt.to_original(s, e)[1]
            while pos < len(text) and text[pos].isspace():
                pos += 1
            opener = text[pos:pos + 1]
            if opener and opener in CLOSERS:
                if cls == "plural" and opener not in "([":
                    spans = quoted_items(text, pos)        # «X»، «Y» و «Z»
                else:
                    close = text.find(CLOSERS[opener], pos + 1)
                    if close < 0 or close - pos > 200:
                        continue
                    spans = list_items(text, pos + 1, close) if cls == "plural" else [(pos + 1, close)]
                items = [(nt.to_norm(a), nt.to_norm(b)) for a, b in spans]
            elif cls == "plural":
                items = unquoted_list(norm, tokens, i, self._bare_cue(word) is not None,
                                      lambda j: self._bare_name(norm, tokens, j))
                if not items:
                    continue
            elif self._bare_cue(norm[s:e]) is None:
                continue        # "شهر X" ("this city") is too loose to trust unquoted
            else:
                items = [self._bare_name(norm, tokens, i + 1)]
            for a, b in items:
                if a is None:
                    continue
                a, b, inner = self._strip_item(norm, a, b)
                if cls == "plural" and opener not in CLOSERS and inner is None and SETTLEMENTS.search(word):
                    inner = "settlement"    # "بلدات حيان وبيانون وماير": each item is a town
                name = " ".join(norm[a:b].split())
                if not self._plausible(name, quoted=opener in CLOSERS, cls=inner or cls):
                    continue
                if taken.overlaps(a, b):
                    continue
                f = _Found(a, b, name, ())
                self._cue(norm, f, tokens, starts)
                out.append(f)
                taken.add(a, b)
        return out

    def _bare_cue(self, word: str) -> str | None:
        for p in ("", *_PROCLITICS_LONGEST):
            if word.startswith(p) and word[len(p):] in self._words.bare:
                return word[len(p):]
        return None

    def _bare_name(self, norm: str, tokens, i: int) -> tuple[int | None, int]:
        """One word after a cue, two when the first is a prefix ("عين X") or the second a qualifier."""
        if i >= len(tokens):
            return None, 0
        a, b = tokens[i]
        if i + 1 < len(tokens) and norm[b:tokens[i + 1][0]] == " ":
            first, second = norm[a:b], norm[tokens[i + 1][0]:tokens[i + 1][1]]
            # "الطوب شرقي دير الزور": a bare direction before another word says where, it is no qualifier
            ends = i + 2 >= len(tokens) or norm[tokens[i + 1][1]:tokens[i + 2][0]].strip() != ""
            # a later item of a list keeps its "و": "المسيفرة وأم ولد" names أم ولد
            head = first[1:] if first.startswith("و") and first[1:] in NAME_HEADS else first
            if (head in NAME_HEADS and second not in NOT_NAME_TAILS) or (second in QUALIFIERS and (second.startswith("ال") or ends)):
                b = tokens[i + 1][1]
        return a, b

    def _strip_item(self, norm: str, a: int, b: int) -> tuple[int, int, str | None]:
        """Trim spaces, a leading و, and a leading naming cue ("ومنطقة العليان" -> "العليان")."""
        while a < b and not norm[a].isalnum():
            a += 1
        while b > a and not norm[b - 1].isalnum():
            b -= 1
        cls = None
        m = _WORD.match(norm, a)
        if m and m.end() < b:
            c = self._cue_class([m.group()])
            if c in NAMING_CUES:
                cls, a = c, m.end() + 1
        # "وشقرا" is و + شقرا, unless the gazetteer knows a name with that و ("وادي العيون")
        if norm.startswith("و", a) and b - a > 3 and norm[a:b] not in self._terms:
            a += 1
        return a, b, cls

    def _plausible(self, name: str, *, quoted: bool, cls: str) -> bool:
        words = name.split()
        if not words or len(words) > 4 or len(name.replace(" ", "")) < 3:
            return False
        if not all(w.isalpha() and not w.isascii() for w in words):
            return False
        stop = self._words.stop
        # a naming cue makes a common word a place ("مدينة الصور"), but not a word that names none
        if stop.get(name) in ("never", "not_name") or (len(words) > 1 and stop.get(words[0]) == "not_name"):
            return False
        if self._cue_class(words[:1]):
            return False
        # "منطقة سيطرة", "حي واحد": an unquoted area or quarter name is a proper noun with ال
        return quoted or cls == "settlement" or words[0].startswith("ال")

    # ------------------------------------------------------------ lists and common words

    def _group(self, norm: str, found: list[_Found]) -> None:
        """Places joined by "،" / "و" only form a list; items take the first one's cue."""
        group = 0
        for prev, cur in zip(found, found[1:]):
            if not self._joined(norm, prev, cur):
                continue
            if prev.group is None:
                group += 1
                prev.group = group
            cur.group = prev.group
        heads: dict[int, _Found] = {}
        for f in found:
            if f.group is None:
                continue
            head = heads.setdefault(f.group, f)
            if f is not head and not set(f.cue_classes) - {"prep"}:
                f.cue_classes = head.cue_classes + f.cue_classes

    def _joined(self, norm: str, prev: _Found, cur: _Found) -> bool:
        """"X، Y", "X وY", "X و Y", and "X ومنطقة Y" (a cue of Y's own after the و)."""
        if cur.cue_start is not None and cur.cue_start >= prev.end and cur.cue_classes[:1] != ("prep",):
            gap = norm[prev.end:cur.cue_start]
            first = norm[cur.cue_start:cur.start].split()[0]
            conj = first.startswith("و") and self._cue_class([first[1:]]) is not None
        else:
            gap, conj = norm[prev.end:cur.start], False
        return bool(_SEPARATORS.match(gap) and (conj or re.search(r"[،,]|(^|\s)و", gap)))

    def _keep(self, f: _Found, sure: set[int]) -> bool:
        if not f.candidates:
            return True                     # found by its cue in the first place
        rule = f.stop_rule
        if rule in ("never", "not_name"):
            return False
        if (rule is None and not f.weak) or set(f.cue_classes) & STRONG_CUES:
            return True
        if (rule == "cue" and "prep" in f.cue_classes) or (f.weak and rule is None and f.quoted):
            return True
        # (f itself is no such name here: that one was kept above)
        return f.group is not None and f.group in sure

    def _mention(self, text: str, nt: NormText, f: _Found) -> Mention:
        s, e = nt.to_original(f.start, f.end)
        cue = None
        if f.cue_start is not None:
            cs, _ = nt.to_original(f.cue_start, f.start)
            cue = " ".join(text[cs:s].split()).strip(" («\"'[") or None
        kind = mention_kind(f.candidates, f.cue_classes)
        key = "|".join(sorted(c.id for c in f.candidates)) if f.candidates else "?" + f.name
        data = PlaceMentionData(f.candidates, cue, kind, f.cue_classes, f.group, f.name)
        mention = Mention("place", s, e, text[s:e], key, data)
        assert text[mention.start:mention.end] == mention.text
        return mention


class _Taken:
    """Spans of the normal form already named, asked whether any overlaps a new one by bisection."""

    def __init__(self, spans):
        self._spans = sorted(spans)
        self._longest = max((y - x for x, y in self._spans), default=0)

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._spans, (b,))        # the spans that start before b ...
        while i > 0 and self._spans[i - 1][0] >= a - self._longest:
            i -= 1
            if a < self._spans[i][1]:                    # ... and end after a
                return True
        return False

    def add(self, a: int, b: int) -> None:
        bisect.insort(self._spans, (a, b))
        self._longest = max(self._longest, b - a)


def _attached(norm: str, start: int) -> bool:
    """Whether a proclitic is glued to the name ("وشقرا", "بالرقة")."""
    return start > 0 and norm[start - 1].isalnum()


def _whole_word(norm: str, start: int, end: int) -> str:
    while start > 0 and norm[start - 1].isalnum():
        start -= 1
    return norm[start:end]


def _quoted(nt: NormText, start: int, end: int) -> bool:
    """Whether a span of the normal form stands in quotes or brackets in the original text."""
    s, e = nt.to_original(start, end)
    return nt.original[s - 1:s] in CLOSERS and nt.original[e:e + 1] in CLOSERS.values()


def mention_kind(candidates: tuple[GazEntry, ...], cue_classes: tuple[str, ...]) -> str:
    """community | admin | area | site | unknown: what the name most likely names, given its cue."""
    kinds = {c.kind for c in candidates}
    if not kinds:
        return "unknown"
    if len(kinds) == 1:
        return kinds.pop()
    for k in ("area", "site"):
        if k in kinds:
            return k
    cues = set(cue_classes)
    if cues & {"settlement", "quarter", "near"}:
        return "community"
    if cues & {"admin", "countryside"} or any(c.kind == "admin" and c.level == 1 for c in candidates):
        return "admin"
    return "community"

