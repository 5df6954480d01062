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
    verbal; a generic attack named with its weapon takes the weapon's type; "این رژیم" points back
    to the side last named so; a country named as where something happened ("در سوریه") is no side;
  - `persian_roles`: the doer and the side acted upon from those markers;
  - `persian_anchored`: a noun with its doer named as its genitive is as particular as a report;
  - `persian_type`, `persian_actor1`: an unspecified attack by a state that strikes from afar is a
    remote strike; an explosion or an attack on civilians with no doer named is by an
    unidentified group (CODING_RULES §4).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import EventFrame, Mention
from ..text.normalize import fold
from .constructions import date_number
from .mentions import word_end, word_start


def _alt(words) -> str:
    return "|".join(sorted({re.escape(fold(w)) for w in words}, key=len, reverse=True))


# ------------------------------------------------------------------ verbs that tell the act

# the light verbs that make a noun an act told as done: past, perfect and passive forms (the
# present "می‌کند" is a habit or a commentary, the future a plan: knowledge/data/cues.tsv)
_LIGHT_VERBS = ("کرد", "کردند", "کرده", "کرده‌اند", "کرده است", "کرده بود", "کرده بودند", "نمود", "نمودند",
                "نموده", "شد", "شدند", "شده", "شده‌اند", "شده است", "شده بود", "گردید", "گردیدند",
                "داد", "دادند", "داده", "داده‌اند", "داده است", "داده بود", "گرفت", "گرفتند", "گرفته",
                "گرفته‌اند", "گرفته است", "گرفته بود", "زد", "زدند", "زده", "زده‌اند",
                # "مورد حمله قرار گرفت": came under attack
                "قرار گرفت", "قرار گرفتند", "قرار گرفته", "قرار گرفته است", "قرار گرفته‌اند", "قرار داد",
                "قرار دادند", "قرار داده", "قرار داده است", "قرار داده‌اند")
_LIGHT = re.compile(r"\s*(?:" + _alt(_LIGHT_VERBS) + r")(?!\w)")
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
                                          "خبر می‌دهند", "خبر دادند", "گزارش داد", "گزارش دادند", "گزارش داده",
                                          "گزارش داده‌اند", "گزارش می‌دهد", "گزارش می‌دهند", "گزارش کرد",
                                          "گزارش کردند", "تایید کرد", "تایید کردند", "تأیید کرد",
                                          "تأیید کردند", "تایید کرده", "تأیید کرده")) + r")(?!\w)")
_TOLD_REACH = 220
_STOP = re.compile(r"[.؛;!؟?\n]")


def _folded_after(text: str, pos: int, n: int) -> str:
    return fold(text[pos:pos + n])


# "زیر ضرب موشک‌های ایران قرار گرفت", "مورد حمله جنگنده‌های اسرائیل قرار گرفتند": came under the act
# of a doer named between the noun and the verb
_CAME_UNDER = re.compile(r"(?:\s+[^\s.،,؛:]+){1,5}?\s+(?:" + _alt(("قرار گرفت", "قرار گرفتند", "قرار گرفته",
                                                                   "قرار گرفته است", "قرار گرفته‌اند")) + r")(?!\w)")


def _light_verb(text: str, t: Mention) -> bool:
    """The noun is followed by a light verb: "حمله کرد", "ترور شد", "هدف قرار دادند"."""
    after = _folded_after(text, word_end(text, t.end), 60)
    return bool(_LIGHT.match(after) or _CAME_UNDER.match(after))


def _said_to_take_place(text: str, t: Mention, triggers, hi: int) -> bool:
    """A verb saying the act took place closes its clause: "... یک حمله موشکی ... انجام داد"."""
    end = word_end(text, t.end)
    stop = _STOP.search(text, end, hi)
    limit = min(stop.start() if stop else hi, end + _TOOK_PLACE_REACH)
    nxt = next((o.start for o in triggers if o.start >= end and o is not t), None)
    if nxt is not None and nxt < limit:
        limit = nxt
    return bool(_TOOK_PLACE.search(fold(text[end:limit])))


def _reported_from(text: str, t: Mention, triggers, lo: int, hi: int) -> bool:
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


# a seizure ("توقیف", "کشف", "ضبط") is weapons stopped when weapons are named with it:
# "محموله‌ای شامل موشک و پهپاد ... توقیف کرد"; assets or goods seized are not
_ARMS = re.compile(r"(?<!\w)(?:" + _alt(("سلاح", "سلاحهای", "تسلیحات", "جنگ‌افزار", "مهمات", "موشک", "موشکهای",
                                         "پهپاد", "پهپادهای", "بمب", "مواد منفجره", "محموله تسلیحاتی",
                                         "محموله سلاح")) + r")")
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
_WEAPON_AFTER = 30      # "حمله با پهپاد به ...", "با موشک هدف قرار داد"


def _generic_attack(t: Mention) -> bool:
    return t.data.frame == "attack" and fold(t.data.term) in _GENERIC_ATTACKS


def _armed_with(text: str, t: Mention, triggers) -> Mention:
    if not _generic_attack(t):
        return t
    end = word_end(text, t.end)
    for o in triggers:
        if o is t or o.data.plover_mode not in _WEAPON_MODES or o.data.frame != "attack":
            continue
        gap = text[end:o.start] if o.start >= end else text[o.end:word_start(text, t.start)] if o.end <= t.start else None
        reach = _WEAPON_AFTER if o.start >= end else _WEAPON_BEFORE
        if gap is None or len(gap) > reach or re.search(r"[.،,؛:!؟?\n]", gap):
            continue
        d = o.data
        return replace(t, data=replace(t.data, event_type=d.event_type, sub_event_type=d.sub_event_type,
                                       plover_type=d.plover_type, plover_mode=d.plover_mode))
    return t


# ------------------------------------------------------------------ sides named by a pointer

# a country after these is where something happened, not the side that acted: "در سوریه", "در خاک ایران"
_WHERE = re.compile(r"(?:^|\s)(?:" + _alt(("در", "داخل", "خاک", "در خاک", "سراسر", "مرزهای", "مرز")) + r")\s*$")
_COUNTRIES = frozenset(fold(w) for w in ("سوریه", "ایران", "ترکیه", "عراق", "اردن", "لبنان", "اسرائیل",
                                         "آمریکا", "روسیه", "ایالات متحده", "یمن", "عربستان"))
# "این رژیم", "این گروه": the side last named with that noun ("رژیم صهیونیستی", "گروه تروریستی داعش")
_POINTER = re.compile(r"(?<!\w)(?:ا[یي]ن|هم[یي]ن)\s+(\w+)")
_POINTER_NOUNS = frozenset(fold(w) for w in ("رژیم", "گروه", "گروهک", "ارتش", "سازمان", "جنبش"))


def _pointers(text: str, actors: list[Mention]) -> list[Mention]:
    """"این رژیم" -> a mention of the side last named with the word رژیم, at the pointer's words."""
    found = []
    for m in _POINTER.finditer(text):
        noun = fold(m.group(1))
        if noun not in _POINTER_NOUNS:
            continue
        before = [a for a in actors if a.end <= m.start() and noun in fold(a.text).split()]
        if not before:
            continue
        src = before[-1]
        found.append(Mention("actor", m.start(), m.end(), m.group(), src.key, src.data))
    return found


def _a_place(text: str, m: Mention) -> bool:
    """A bare country name after "در" / "خاک": where something happened, not a side."""
    return fold(m.text) in _COUNTRIES and bool(_WHERE.search(fold(text[max(0, m.start - 14):m.start])))


def persian_mentions(text: str, sentences, actors: list[Mention], triggers: list[Mention]
                     ) -> tuple[list[Mention], list[Mention]]:
    """The actors and triggers of a Persian document, read with its constructions (module doc)."""
    actors = [m for m in actors if not _a_place(text, m)]
    taken = [(m.start, m.end) for m in actors]
    actors = sorted(actors + [p for p in _pointers(text, actors)
                              if not any(s < p.end and p.start < e for s, e in taken)], key=lambda m: m.start)
    out = []
    for t in triggers:
        sent = next((s for s in sentences if s.start <= t.start < s.end), None)
        lo, hi = (sent.start, sent.end) if sent is not None else (0, len(text))
        if t.data.frame not in ("casualty", "injury") and not t.data.verb and (
                _light_verb(text, t) or _said_to_take_place(text, t, triggers, hi)
                or _reported_from(text, t, triggers, lo, hi)):
            t = _verbal(t)
        out.append(_armed_with(text, _arms_seized(text, t, lo), triggers))
    return actors, out


# ------------------------------------------------------------------ roles

_TARGET_BEFORE = re.compile(r"(?:^|\s)(?:" + _alt(("به", "علیه", "بر ضد", "ضد", "به سوی", "به سمت")) + r")\s*$")
_OBJECT_AFTER = re.compile(r"\s*(?:" + _alt(("را",)) + r")(?!\w)")
_SIDELINED = re.compile(r"(?:^|\s)(?:" + _alt(("از", "در", "با", "برای", "درباره", "مانند", "همچون")) + r")\s*$")
_AGENT = re.compile(r"(?:^|\s)(?:" + _alt(("توسط", "از سوی", "از جانب", "به دست")) + r")\s*$")
_SPEAKS = re.compile(r"\s*(?::|" + _alt(("گفت", "افزود", "مدعی شد")) + r")")
# adjectives between an act's noun and its genitive doer: "حمله غافلگیرانه ایران", "حملات هوایی ارتش"
_GENITIVE_GAP = re.compile(r"^(?:\s+\S+(?:انه|ای|اي|ی|ي))?\s*$")


def _marker(text: str, m: Mention, lo: int) -> str | None:
    before = fold(text[max(lo, m.start - 14):m.start])
    if _AGENT.search(before):
        return "agent"
    if _TARGET_BEFORE.search(before):
        return "target"
    if _SIDELINED.search(before):
        return "aside"
    if _OBJECT_AFTER.match(fold(text[m.end:m.end + 6])):
        return "object"
    return None


def genitive_doer(text: str, t: Mention, actors) -> Mention | None:
    """The side named right after an act's noun: "حمله جنگنده‌های رژیم صهیونیستی به ..." (its doer)."""
    if t.data.verb and _light_verb(text, t):
        return None
    end = word_end(text, t.end)
    return next((m for m in actors if m.start >= end and _GENITIVE_GAP.match(text[end:m.start])), None)


def persian_roles(text: str, f: EventFrame, clause, mentions) -> EventFrame:
    """The roles of a Persian attack or act read from its markers; the rules' reading stands where
    these say nothing. Clashes keep the reading of "بین/میان A و B"."""
    if f.frame not in ("attack", "act"):
        return f
    lo, hi = clause
    t = f.trigger
    actors = [m for m in mentions.actors if lo <= m.start and m.end <= hi and not (m.start < t.end and m.end > t.start)]
    if not actors:
        return f
    marks = {id(m): _marker(text, m, lo) for m in actors}
    triggers = mentions.within("triggers", lo, hi)
    reported = _reported_from(text, t, triggers, lo, hi)
    actor1, actor2 = f.actor1, f.actor2
    agent = next((m for m in actors if marks[id(m)] == "agent"), None)
    doer = agent or genitive_doer(text, t, actors)
    if doer is None and t.data.verb and not reported:
        doer = _subject(text, t, actors, marks, triggers, lo)
    if doer is None and (reported or not t.data.verb):
        # a state that strikes from afar tells of its own strikes: the side that speaks
        # ("روابط عمومی سپاه پاسداران: ...") or reports ("سپاه ... از حمله ... خبر داد") did it
        doer = _claims_own(text, t, actors, marks)
    if doer is not None:
        actor1 = doer
    elif not t.data.verb or (actor1 is not None and marks.get(id(actor1)) in ("target", "object", "aside")):
        actor1 = None   # a noun takes its doer after it (genitive) or after "توسط", never before it
    targets = [m for m in actors if marks[id(m)] in ("target", "object") and m is not actor1
               and (actor1 is None or m.key != actor1.key)]
    if targets:
        actor2 = min(targets, key=lambda m: min(abs(m.start - t.end), abs(t.start - m.end)))
    elif actor2 is not None and (actor2 is actor1 or marks.get(id(actor2)) == "aside"):
        actor2 = None
    if actor1 is f.actor1 and actor2 is f.actor2:
        return f
    assoc1 = tuple(m for m in f.assoc1 if m is not actor1 and m is not actor2) if actor1 is not None else ()
    assoc2 = tuple(m for m in f.assoc2 if m is not actor1 and m is not actor2)
    return replace(f, actor1=actor1, actor2=actor2, assoc1=assoc1, assoc2=assoc2)


_THAT = re.compile(r"(?:^|\s)(?:که|:)(?:\s|$)|:")


def _subject(text: str, t: Mention, actors, marks, triggers, lo: int) -> Mention | None:
    """Subject - object - verb: the first side before the verb that no small word marks, in the
    verb's own clause ("مقامات سوریه اعلام کردند که [subject] ... کشف کرده‌اند"); none when another
    act's noun stands between it and the verb (that noun is the subject: "و حملات، باند را هدف قرار دادند")."""
    head = word_start(text, t.start)
    start = lo
    for m in _THAT.finditer(text, lo, head):
        start = m.end()
    for scope in ((start, head), (lo, head)):
        for m in actors:
            if not (scope[0] <= m.start and m.end <= scope[1]) or marks[id(m)] is not None:
                continue
            if _SPEAKS.match(fold(text[m.end:m.end + 14])):
                continue
            if any(m.end <= o.start and o.end <= head and o is not t and o.data.frame != "casualty" for o in triggers):
                return None
            return m
    return None


_SPEAKER = re.compile(r"\s*:")


def _claims_own(text: str, t: Mention, actors, marks) -> Mention | None:
    for m in actors:
        if m.key not in _REMOTE_ATTACKERS or marks[id(m)] in ("target", "object", "aside"):
            continue
        if m.end <= t.start and _FROM.search(fold(text[m.end:word_start(text, t.start)])) or _SPEAKER.match(text, m.end):
            return m
    return None


# ------------------------------------------------------------------ status

# what the verb after an act's noun says of it: not done ("حمله نکرد"), to be done ("حمله خواهد
# کرد", "هدف قرار خواهند داد"), stopped, condemned or denied ("حملات ... را متوقف کرد", "حمله ...
# را محکوم کرد", "... را تکذیب کرد")
_NOT_DONE = re.compile(r"\s*(?:" + _alt(("نکرد", "نکردند", "نکرده", "نکرده‌اند", "نشد", "نشدند", "نشده", "نشده‌اند",
                                       "نگرفت", "نگرفتند", "نداد", "ندادند", "نزد", "نزدند")) + r")(?!\w)")
_TO_BE_DONE = re.compile(r"\s*(?:قرار\s+)?(?:" + _alt(("خواهد", "خواهند", "خواهیم", "خواهم", "بکند", "بکنند",
                                                       "کند", "کنند", "کنیم", "شود", "شوند", "بزند", "بزنند",
                                                       "بگیرد", "بگیرند", "بدهد", "بدهند", "دهد", "دهند")) + r")(?!\w)")
_REACTION = re.compile(r"^[^.؛:!؟?\n]{0,60}?\s+را\s+(?:به\s*شدت\s+)?(" + _alt(("متوقف", "محکوم", "تکذیب", "رد",
                                                                              "تقبیح", "نکوهش")) + r")\s")
_REACTIONS = {fold("متوقف"): "reference", fold("محکوم"): "reference", fold("تقبیح"): "reference",
              fold("نکوهش"): "reference", fold("تکذیب"): "denied", fold("رد"): "denied"}


def persian_status(text: str, t: Mention, status: str) -> str:
    """The status the verb after a Persian act's noun gives it, when it is not a report."""
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
    return status


# ------------------------------------------------------------------ anchoring

def persian_anchored(text: str, t: Mention, sent, triggers, mentions) -> bool:
    """A noun with its doer named right after it ("حمله جنگنده‌های اسرائیل به فرودگاه ابوالظهور")
    or after "توسط" reports an act when one more particular (a place, a time, a count) is given:
    the doer counts as a particular, as a finite verb's subject does."""
    actors = mentions.within("actors", sent.start, sent.end)
    named = genitive_doer(text, t, actors) is not None or any(
        _AGENT.search(fold(text[max(sent.start, m.start - 14):m.start])) for m in actors if m.start >= t.end)
    return named and _one_more(t, sent, mentions)


_NOUN_TIME_WINDOW = 60      # as for Arabic nouns (extract/status.py): a time further off dates another act


def _one_more(t: Mention, sent, mentions) -> bool:
    """A place, a time beside the noun, or a count in the sentence."""
    lo, hi = sent.start, sent.end
    if mentions.within("places", lo, hi) or mentions.within("abroad", lo, hi):
        return True
    if mentions.within("times", max(lo, t.start - _NOUN_TIME_WINDOW), min(hi, t.end + _NOUN_TIME_WINDOW)):
        return True
    return any(n.key in ("digits", "number") and not date_number(n, mentions)
               for n in mentions.within("numbers", lo, hi))


# ------------------------------------------------------------------ resolution

# states whose attacks in this war come from the air or from afar: their forces do not fight on
# the ground where they strike (Israel in Syria and Lebanon, Iran and the US across the region)
_REMOTE_ATTACKERS = frozenset({"ISR_MIL", "IRN_MIL", "IRN_IRGC", "USA_MIL", "COALITION"})
_UNSEEN_ATTACKS = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade")


def persian_type(f: EventFrame, actor1, et: str, st: str, pt: str, pm: str) -> tuple[str, str, str, str]:
    """An attack named without its weapon ("حمله", "هدف قرار داد") by a state that strikes from afar
    is an air or drone strike; named with its weapon it has already taken the weapon's type."""
    if actor1 is None or not _generic_attack(f.trigger) or st != "Armed clash":
        return et, st, pt, pm
    lineage = {actor1.id, *actor1.parents}
    if lineage & _REMOTE_ATTACKERS:
        return "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "aerial"
    return et, st, pt, pm


def unidentified_doer(et: str, st: str, actor1) -> bool:
    """A bombing or an attack on civilians told with no doer is by an unidentified group."""
    return actor1 is None and (st in _UNSEEN_ATTACKS or (et == "Violence against civilians" and st == "Attack"))
