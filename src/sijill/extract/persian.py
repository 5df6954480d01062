"""Persian constructions: how Persian news tells an act, and who did it to whom.

Arabic tells an act with a finite verb (قصفت، اغتالوا); Persian mostly with a noun and a light
verb after it ("حمله کرد", "هدف قرار دادند", "بمباران کردند", "ترور شد", "منفجر شد"), and a
news flash with the reporting construction "منابع خبری از انفجار ... در دمشق خبر دادند" (sources
told of an explosion). Word order is subject - object - verb, and the roles are marked by small
words: "به" and "علیه" before the side acted upon, "را" after the object, "توسط" before the doer;
an act's noun takes its doer as a genitive right after it ("حمله جنگنده‌های اسرائیل به فرودگاه").

Every function here reads Persian documents only; the callers call them when the document's
language is fa, so Arabic extraction never passes through this module.
  - `persian_mentions`: triggers told by a light verb, a reporting or a confirming verb become
    verbal; a generic attack named with its weapon takes the weapon's type; a seizure with weapons
    named is weapons stopped; "این رژیم" points back to the side last named so; a country named as
    where something happened ("در سوریه") is no side, and the state named as the speaker ("سوریه
    اعلام کرد") is; a place's surface is its name without the class noun before it ("منطقه التنف");
    a name between "در" and "در حومه ..." is a place the gazetteer lacks;
  - `persian_roles`: the doer and the side acted upon from those markers;
  - `persian_status`: what the verb after the act's noun says of it (not done, to be done, stopped,
    condemned, denied);
  - `persian_anchored`: a noun with its doer named as its genitive is as particular as a report;
  - `persian_type`, `unidentified_doer`: an unspecified attack by a state that strikes from afar
    is a remote strike; a bombing or an attack on civilians with no doer named is by an
    unidentified group (CODING_RULES §4).
"""
from __future__ import annotations

import bisect
import re

from ..model import EventFrame, Mention
from ..records import replace
from ..text.normalize import fold
from .constructions import date_number

_ZWNJ = "\u200c"


def _alt(words) -> str:
    return "|".join(sorted({re.escape(fold(w)) for w in words}, key=len, reverse=True))


def word_end(text: str, pos: int) -> int:
    """Where the Persian word holding `pos` ends: its suffixes joined by ZWNJ ("حمله‌های") belong to it."""
    while pos < len(text) and (text[pos].isalnum() or (text[pos] == _ZWNJ and pos + 1 < len(text)
                                                         and text[pos + 1].isalnum())):
        pos += 1
    return pos


def word_start(text: str, pos: int) -> int:
    while pos > 0 and (text[pos - 1].isalnum() or (text[pos - 1] == _ZWNJ and pos > 1 and text[pos - 2].isalnum())):
        pos -= 1
    return pos


def _folded_after(text: str, pos: int, n: int) -> str:
    return fold(text[pos:pos + n])


_STOP = re.compile(r"[.؛;!؟?\n]")


# ------------------------------------------------------------------ verbs that tell the act

# the light verbs that make a noun an act told as done: past, perfect and passive forms (the
# present "می‌کند" is a habit or a commentary, the future a plan: `persian_status`)
_LIGHT_VERBS = ("کرد", "کردند", "کرده", "کرده‌اند", "کرده است", "کرده بود", "کرده بودند", "نمود", "نمودند",
                "نموده", "شد", "شدند", "شده", "شده‌اند", "شده است", "شده بود", "گردید", "گردیدند",
                "داد", "دادند", "داده", "داده‌اند", "داده است", "داده بود", "گرفت", "گرفتند", "گرفته",
                "گرفته‌اند", "گرفته است", "گرفته بود", "زد", "زدند", "زده", "زده‌اند",
                # "مورد حمله قرار گرفت": came under attack
                "قرار گرفت", "قرار گرفتند", "قرار گرفته", "قرار گرفته است", "قرار گرفته‌اند", "قرار داد",
                "قرار دادند", "قرار داده", "قرار داده است", "قرار داده‌اند")
_LIGHT = re.compile(r"\s*(?:" + _alt(_LIGHT_VERBS) + r")(?!\w)")
# "زیر ضرب موشک‌های ایران قرار گرفت", "مورد حمله جنگنده‌های اسرائیل قرار گرفتند": came under the act
# of a doer named between the noun and the verb
_CAME_UNDER = re.compile(r"(?:\s+[^\s.،,؛:]+){1,5}?\s+(?:" + _alt(("قرار گرفت", "قرار گرفتند", "قرار گرفته",
                                                                  "قرار گرفته است", "قرار گرفته‌اند")) + r")(?!\w)")
# verbs that say an act named earlier in the clause took place: "یک حمله موشکی علیه پایگاهی ... انجام داد"
_TOOK_PLACE = re.compile(r"(?:^|\s)(?:" + _alt(("انجام داد", "انجام دادند", "انجام داده", "انجام داده‌اند",
                                                "انجام شد", "انجام شده", "انجام گرفت", "صورت گرفت",
                                                "صورت گرفته", "رخ داد", "رخ داده", "روی داد", "روی داده",
                                                "به وقوع پیوست")) + r")(?!\w)")
_TOOK_PLACE_REACH = 90      # the act's noun, its object and place, then the verb at the clause's end
# the reporting construction: "از" before the act's noun (a few words may stand between: "از وقوع",
# "از انجام چهار", "از شنیده شدن صدای"), and a verb of telling after it in the sentence
_FROM = re.compile(r"(?:^|\s)از(?:\s+\S+){0,4}\s*$")
_FROM_REACH = 40
_TOLD = re.compile(r"(?:^|\s)(?:" + _alt(("خبر داد", "خبر دادند", "خبر داده", "خبر داده‌اند", "خبر می‌دهد",
                                          "خبر می‌دهند", "گزارش داد", "گزارش دادند", "گزارش داده",
                                          "گزارش داده‌اند", "گزارش می‌دهد", "گزارش می‌دهند", "گزارش کرد",
                                          "گزارش کردند")) + r")(?!\w)")
_TOLD_REACH = 220
# a side that confirms or claims an act told as a noun did it: "ارتش اسرائیل انجام یک حمله در جنوب
# سوریه را تایید کرد", "... مسئولیت حمله را بر عهده گرفت"
_CONFIRMED = re.compile(r"^[^.؛:!؟?\n]{0,80}?\s+را\s+(?:" + _alt(("تایید کرد", "تایید کردند", "تایید کرده",
                                                                "تأیید کرد", "تأیید کردند", "تأیید کرده",
                                                                "بر عهده گرفت", "بر عهده گرفتند",
                                                                "به عهده گرفت", "به عهده گرفتند")) + r")(?!\w)")


def _light_verb(text: str, t: Mention) -> bool:
    """The noun is followed by its light verb: "حمله کرد", "ترور شد", "هدف قرار دادند"."""
    return bool(_LIGHT.match(_folded_after(text, word_end(text, t.end), 30)))


def _confirmed(text: str, t: Mention) -> bool:
    return bool(_CONFIRMED.match(_folded_after(text, word_end(text, t.end), 100)))


def _came_under(text: str, t: Mention) -> bool:
    return bool(_CAME_UNDER.match(_folded_after(text, word_end(text, t.end), 60)))


def _said_to_take_place(text: str, t: Mention, triggers, hi: int) -> bool:
    """A verb saying the act took place closes its clause: "... یک حمله موشکی ... انجام داد"."""
    end = word_end(text, t.end)
    stop = _STOP.search(text, end, hi)
    limit = min(stop.start() if stop else hi, end + _TOOK_PLACE_REACH)
    nxt = next((o.start for o in triggers if o.start >= end and o is not t), None)
    if nxt is not None and nxt < limit:
        limit = nxt
    return bool(_TOOK_PLACE.search(fold(text[end:limit])))


def reported_from(text: str, t: Mention, triggers, lo: int, hi: int) -> bool:
    """The reporting construction: "منابع خبری از [وقوع] انفجار ... خبر دادند"."""
    start = word_start(text, t.start)
    lead = text[max(lo, start - _FROM_REACH):start]
    if _STOP.search(lead) or not _FROM.search(fold(lead)):
        return False
    if any(o is not t and o.end <= start and start - o.end < _FROM_REACH and
           _FROM.search(fold(text[max(lo, o.start - _FROM_REACH):o.start])) for o in triggers):
        return False    # the act told is the first noun after از, not one named with it
    end = word_end(text, t.end)
    stop = _STOP.search(text, end, hi)
    limit = min(stop.start() if stop else hi, end + _TOLD_REACH)
    return bool(_TOLD.search(fold(text[end:limit])))


def _verbal(t: Mention) -> Mention:
    return replace(t, data=replace(t.data, verb=True))


# a seizure ("توقیف", "کشف", "ضبط") is weapons stopped when weapons are named before it:
# "محموله‌ای شامل موشک و پهپاد ... توقیف کرد"; assets or goods seized are not
_ARMS = re.compile(r"(?<!\w)(?:" + _alt(("سلاح", "تسلیحات", "جنگ‌افزار", "مهمات", "موشک", "پهپاد", "بمب",
                                         "مواد منفجره")) + r")")
_ARMS_REACH = 160


def _arms_seized(text: str, t: Mention, lo: int) -> Mention:
    if t.data.strong or t.data.sub_event_type != "Disrupted weapons use":
        return t
    if not _ARMS.search(fold(text[max(lo, t.start - _ARMS_REACH):t.start])):
        return t
    return replace(t, data=replace(t.data, strong=True))


# ------------------------------------------------------------------ the weapon that says how

# attack nouns that say nothing of the weapon: the weapon named beside them says how
_GENERIC_ATTACKS = frozenset(fold(w) for w in ("حمله", "حملات", "هدف قرار", "تهاجم", "زیر ضرب", "زیر آتش"))
_WEAPON_MODES = ("aerial", "artillery", "explosive")
_WEAPON_BEFORE = 30     # "توپخانه این رژیم حملاتی به حومه درعا": the weapon as the subject, just before
_WEAPON_AFTER = 30      # "حمله با پهپاد به ...", "زیر ضرب موشک‌های ایران"


def _generic_attack(t: Mention) -> bool:
    return t.data.frame == "attack" and fold(t.data.term) in _GENERIC_ATTACKS


def _armed_with(text: str, t: Mention, triggers) -> Mention:
    if not _generic_attack(t):
        return t
    end = word_end(text, t.end)
    for o in triggers:
        if o is t or o.data.plover_mode not in _WEAPON_MODES or o.data.frame != "attack":
            continue
        if o.start >= end:
            gap, reach = text[end:o.start], _WEAPON_AFTER
        elif o.end <= t.start:
            gap, reach = text[o.end:word_start(text, t.start)], _WEAPON_BEFORE
        else:
            continue
        if len(gap) > reach or re.search(r"[.،,؛:!؟?\n]", gap):
            continue
        d = o.data
        return replace(t, data=replace(t.data, event_type=d.event_type, sub_event_type=d.sub_event_type,
                                       plover_type=d.plover_type, plover_mode=d.plover_mode))
    return t


# ------------------------------------------------------------------ sides and places

# a country after these is where something happened, not the side that acted: "در سوریه", "در خاک
# ایران", "در شمال‌شرق اردن"
_WHERE = re.compile(r"(?:^|\s)(?:" + _alt(("در", "داخل", "خاک", "سراسر", "مرز", "مرزهای", "شمال", "جنوب", "شرق",
                                           "غرب", "شمال‌شرق", "شمال‌غرب", "جنوب‌شرق", "جنوب‌غرب", "شمال‌شرقی",
                                           "شمال‌غربی", "جنوب‌شرقی", "جنوب‌غربی", "شمالی", "جنوبی", "شرقی",
                                           "غربی")) + r")\s*$")
_COUNTRIES = frozenset(fold(w) for w in ("سوریه", "ایران", "ترکیه", "عراق", "اردن", "لبنان", "اسرائیل",
                                         "آمریکا", "روسیه", "ایالات متحده", "یمن", "عربستان"))
# "این رژیم", "این گروه": the side last named with that noun ("رژیم صهیونیستی", "گروه تروریستی داعش")
_POINTER = re.compile(r"(?<!\w)(?:ا[یي]ن|هم[یي]ن)\s+(\w+)")
_POINTER_NOUNS = frozenset(fold(w) for w in ("رژیم", "گروه", "گروهک", "ارتش", "سازمان", "جنبش"))
# "سوریه اعلام کرد", "سوریه، با رهبری جدید خود، اعلام کرده است": the state speaks (a bare "سوریه" is
# no alias: folded it is the Arabic "سورية", named everywhere as a place)
_SYRIA_SPEAKS = re.compile(r"(?:^|(?<=[\s.،:]))(سوريه)(?:\s*،[^،.]{0,40}،)?\s*(?:" + _alt((
    "اعلام کرد", "اعلام کردند", "اعلام کرده", "اعلام کرده است", "مدعی شد", "گفت")) + r")(?!\w)")
_SYRIAN_STATE = "دولت سوریه"    # the alias whose period lines tell which Syrian state is meant on a day


def _pointers(text: str, actors: list[Mention]) -> list[Mention]:
    """"این رژیم" -> a mention of the side last named with the word رژیم, at the pointer's words."""
    found = []
    for m in _POINTER.finditer(text):
        noun = fold(m.group(1))
        if noun not in _POINTER_NOUNS:
            continue
        before = [a for a in actors if a.end <= m.start() and noun in fold(a.text).split()]
        if before:
            src = before[-1]
            found.append(Mention("actor", m.start(), m.end(), m.group(), src.key, src.data))
    return found


def _syria_speaks(nt, known, published) -> list[Mention]:
    entries = known.candidates(_SYRIAN_STATE, published) if known is not None else ()
    if not entries:
        return []
    found = []
    for m in _SYRIA_SPEAKS.finditer(nt.norm):
        s, e = nt.to_original(*m.span(1))
        found.append(Mention("actor", s, e, nt.original[s:e], entries[0].actor_id, entries[0]))
    return found


def _a_place(text: str, m: Mention) -> bool:
    """A bare country name after "در" / "خاک": where something happened, not a side."""
    return fold(m.text) in _COUNTRIES and bool(_WHERE.search(fold(text[max(0, m.start - 14):m.start])))


def _overlaps(m: Mention, spans) -> bool:
    return any(s < m.end and m.start < e for s, e in spans)


# the class noun before a name ("منطقه التنف", "پایگاه التنف", "شهر ادلب"): the place's name is what
# follows it, and its surface (what the referee and the analyst compare) is that name
_CLASS_NOUN = re.compile(r"(?:" + _alt(("منطقه", "پایگاه", "شهر", "شهرک", "روستای", "روستا", "فرودگاه",
                                        "استان", "بخش", "ناحیه")) + r")\s+")


def _named_without_class(text: str, p: Mention) -> Mention:
    m = _CLASS_NOUN.match(fold(p.text))
    if m is None or len(fold(p.text)) != len(p.text):
        return p
    start = p.start + m.end()
    return replace(p, start=start, text=text[start:p.end]) if start < p.end else p


# "در الفوعه در حومه ادلب": a name between "در" and "در حومه / نزدیکی / استان ..." is a place the
# gazetteer lacks, tied to the place that follows
# Syrian names begin with the article or a word of place ("الفوعه", "کفرنبل", "تل تمر", "دیر حافر")
_TOPONYM = "(?:" + _alt(("ال", "کفر", "تل", "دیر", "عین", "بیت", "خان", "جسر", "معره", "معر", "راس", "بئر", "بیر",
                          "حاجز", "مزرعه", "قصر")) + ")"
_BETWEEN_IN = re.compile(r"(?<!\w)در\s+(" + _TOPONYM + r"[^\s\d.،,؛:()]{2,}(?:\s+[^\s\d.،,؛:()]{3,})?)\s+در\s+(?:" +
                         _alt(("حومه", "حومه ی", "نزدیکی", "اطراف", "استان", "شمال", "جنوب", "شرق", "غرب",
                               "ریف")) + r")(?!\w)")


def _unlisted_places(nt, places: list[Mention], actors: list[Mention]) -> list[Mention]:
    from .places import PlaceMentionData
    taken = [(m.start, m.end) for m in places + actors]
    found = []
    for m in _BETWEEN_IN.finditer(nt.norm):
        s, e = nt.to_original(*m.span(1))
        after = nt.to_original(m.end(), m.end())[0] if m.end() < len(nt.norm) else len(nt.original)
        if _overlaps(Mention("place", s, e, "", ""), taken):
            continue
        if not any(e <= p.start <= after + 20 for p in places):
            continue    # the place it is tied to must follow
        found.append(Mention("place", s, e, nt.original[s:e], "?" + m.group(1),
                             PlaceMentionData(candidates=(), cue=None, kind="unknown", cue_classes=("prep",),
                                              name=m.group(1))))
    return found


def persian_mentions(a, known, actors: list[Mention], triggers: list[Mention], places: list[Mention]
                     ) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """The actors, triggers and places of a Persian document, read with its constructions (module doc)."""
    text = a.doc.text
    place_spans = [(p.start, p.end) for p in places]
    actors = [m for m in actors if not _a_place(text, m)
              and not (fold(m.text) in _COUNTRIES and _overlaps(m, place_spans))]
    taken = [(m.start, m.end) for m in actors]
    added = [p for p in _pointers(text, actors) + _syria_speaks(a.nt, known, a.doc.published)
             if not _overlaps(p, taken)]
    actors = sorted(actors + added, key=lambda m: m.start)
    places = sorted([_named_without_class(text, p) for p in places] + _unlisted_places(a.nt, places, actors),
                    key=lambda m: m.start)
    out = []
    starts = [s.start for s in a.sentences]
    for t in triggers:
        i = bisect.bisect_right(starts, t.start) - 1
        sent = a.sentences[i] if i >= 0 and t.start < a.sentences[i].end else None
        lo, hi = (sent.start, sent.end) if sent is not None else (0, len(text))
        if t.data.frame not in ("casualty", "injury") and not t.data.verb and (
                _light_verb(text, t) or _came_under(text, t) or _confirmed(text, t)
                or _said_to_take_place(text, t, triggers, hi)
                or reported_from(text, t, triggers, lo, hi)):
            t = _verbal(t)
        out.append(_armed_with(text, _arms_seized(text, t, lo), triggers))
    return actors, out, places


# ------------------------------------------------------------------ status

# what the verb after an act's noun says of it: not done ("حمله نکرد"), to be done ("حمله خواهد
# کرد", "هدف قرار خواهند داد", "اگر ... حمله کند"), stopped, condemned or denied ("حملات ... را
# متوقف کرد", "حمله ... را محکوم کرد", "... را تکذیب کرد")
_NOT_DONE = re.compile(r"\s*(?:" + _alt(("نکرد", "نکردند", "نکرده", "نکرده‌اند", "نشد", "نشدند", "نشده", "نشده‌اند",
                                       "نگرفت", "نگرفتند", "نداد", "ندادند", "نزد", "نزدند")) + r")(?!\w)")
_TO_BE_DONE = re.compile(r"\s*(?:قرار\s+)?(?:" + _alt(("خواهد", "خواهند", "خواهیم", "خواهم", "بکند", "بکنند",
                                                      "کند", "کنند", "کنیم", "شود", "شوند", "بزند", "بزنند",
                                                      "بگیرد", "بگیرند", "بدهد", "بدهند", "دهد", "دهند")) + r")(?!\w)")
_REACTION = re.compile(r"^[^.؛:!؟?\n]{0,60}?\s+را\s+(?:به\s*شدت\s+)?(" + _alt(("متوقف", "محکوم", "تکذیب", "رد",
                                                                             "تقبیح", "نکوهش")) + r")\s")
_REACTIONS = {fold("متوقف"): "reference", fold("محکوم"): "reference", fold("تقبیح"): "reference",
              fold("نکوهش"): "reference", fold("تکذیب"): "denied", fold("رد"): "denied"}


_TERROR = fold("ترور")
_CONSTRUCT_HEAD = re.compile(r"\S(?:هاي|ها|ي)\s+$")


def persian_status(text: str, f: EventFrame, status: str) -> str:
    """The status the verb after a Persian act's noun gives it, when it is not a report; and an
    attack named by a bare noun ("حمله", "حملات") with no doer says neither who nor how: no report."""
    t = f.trigger
    if status not in ("reported", "unanchored") or t.data.frame in ("casualty", "injury"):
        return status
    after = _folded_after(text, word_end(text, t.end), 80)
    if _NOT_DONE.match(after):
        return "negated"
    if _TO_BE_DONE.match(after):
        return "planned"
    reaction = _REACTION.match(after)
    if reaction:
        return _REACTIONS[reaction.group(1)]
    if fold(t.data.term) == _TERROR and not t.data.verb and _CONSTRUCT_HEAD.search(fold(text[max(0, t.start - 20):t.start])):
        return "figurative"     # "بازوهای ترور", "سیاست‌های ترور": terror, the noun of a phrase, not an assassination
    if status == "reported" and f.actor1 is None and _generic_attack(t) \
            and t.data.sub_event_type == "Armed clash" and not t.data.verb:
        return "unanchored"
    return status


# ------------------------------------------------------------------ anchoring

_NOUN_TIME_WINDOW = 60      # as for Arabic nouns (extract/status.py): a time further off dates another act


def persian_anchored(text: str, t: Mention, sent, triggers, mentions) -> bool:
    """A noun with its doer named right after it ("حمله جنگنده‌های اسرائیل به فرودگاه ابوالظهور")
    or after "توسط" reports an act when one more particular (a place, a time, a count) is given:
    the doer counts as a particular, as a finite verb's subject does."""
    from .persian_roles import _AGENT, genitive_doer     # the roles read the same markers
    actors = mentions.within("actors", sent.start, sent.end)
    named = genitive_doer(text, t, actors) is not None or any(
        _AGENT.search(fold(text[max(sent.start, m.start - 30):m.start])) for m in actors if m.start >= t.end)
    return named and _one_more(t, sent, mentions)


def _one_more(t: Mention, sent, mentions) -> bool:
    """A place, a time beside the noun, or a count in the sentence."""
    lo, hi = sent.start, sent.end
    if mentions.within("places", lo, hi) or mentions.within("abroad", lo, hi):
        return True
    if mentions.within("times", max(lo, t.start - _NOUN_TIME_WINDOW), min(hi, t.end + _NOUN_TIME_WINDOW)):
        return True
    return any(n.key in ("digits", "number") and not date_number(n, mentions)
               for n in mentions.within("numbers", lo, hi))
