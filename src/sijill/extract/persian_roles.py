"""Persian roles: who did an act and to whom, from the small words that mark them ("به" and
"علیه" before the side acted upon, "را" after the object, "توسط" before the doer, the doer as the
genitive of the act's noun), for Persian documents only (see extract/persian.py).
"""
from __future__ import annotations

import re

from ..model import EventFrame, Mention
from ..records import replace
from ..text.normalize import fold
from .persian import _FROM, _alt, _generic_attack, _light_verb, reported_from, word_end, word_start

# ------------------------------------------------------------------ roles

_TARGET_BEFORE = re.compile(r"(?:^|\s)(?:" + _alt(("به", "علیه", "بر ضد", "ضد", "به سوی", "به سمت")) +
                            r")(?:\s+[^\s،,.:؛]+){0,3}\s*$")
_OBJECT_AFTER = re.compile(r"\s*(?:" + _alt(("را",)) + r")(?!\w)")
_SIDELINED = re.compile(r"(?:^|\s)(?:" + _alt(("از", "در", "با", "برای", "درباره", "مانند", "همچون")) + r")\s*$")
_AGENT = re.compile(r"(?:^|\s)(?:" + _alt(("توسط", "از سوی", "از جانب", "به دست")) + r")(?:\s+[^\s،,.:؛]+)?\s*$")
# a side followed by a verb of saying speaks; what it says has its own subject ("X اعلام کرد که Y ...")
_SPEAKS = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?(?::|(?:[^\s.،,:؛]+\s+){0,3}?(?:" + _alt((
    "گفت", "افزود", "مدعی شد", "اعلام کرد", "اعلام کردند", "اعلام کرده", "تاکید کرد", "تأکید کرد", "گزارش داد",
    "گزارش دادند", "نوشت", "به نقل از")) + r")(?!\w))")
# adjectives between an act's noun and its genitive doer: "حمله غافلگیرانه ایران", "حملات هوایی ارتش"
_GENITIVE_GAP = re.compile(r"^(?:\s+\S+(?:انه|ای|اي|ی|ي))?\s*$")
# a verb and a comma close an embedded clause: "از زمانی که ترامپ حملات آمریکا را متوقف کرد، یک حمله"
_CLAUSE_VERB = re.compile(r"(?:^|\s)(?:" + _alt(("کرد", "کردند", "شد", "شدند", "است", "بود", "داد",
                                                 "دادند")) + r")\s*[،,]")
# an act's noun after one of these is an adverbial ("طی ۸ حمله هوایی", "با حمله ..."), not a subject
_IN_A_PHRASE = re.compile(r"(?:^|\s)(?:" + _alt(("طی", "با", "در", "از", "به", "پس از", "بر اثر", "در پی",
                                                 "یک", "چند", "چهار", "انجام")) + r")(?:\s+[\d۰-۹]+)?\s*$")
# unarmed people are never the doers of armed acts (extract/roles.py)
_UNARMED = frozenset({"CIVILIANS", "DETAINEES", "JOURNALISTS", "STUDENTS", "WORKERS", "OFFICIALS"})


# "به گزارش خبرگزاری X", "به نقل از X": the source, not the side acted upon
_SOURCE_BEFORE = re.compile(r"(?:^|\s)(?:" + _alt(("به گزارش", "به نقل از", "به گفته")) + r")(?:\s+[^\s،,.:؛]+){0,2}\s*$")


def _marker(text: str, m: Mention, lo: int) -> str | None:
    before = fold(text[max(lo, m.start - 30):m.start])
    if _AGENT.search(before):
        return "agent"
    if _SIDELINED.search(before) or _SOURCE_BEFORE.search(before):
        return "aside"
    if _TARGET_BEFORE.search(before):
        return "target"
    if _OBJECT_AFTER.match(fold(text[m.end:m.end + 6])):
        return "object"
    return None


def genitive_doer(text: str, t: Mention, actors) -> Mention | None:
    """The side named right after an act's noun: "حمله جنگنده‌های رژیم صهیونیستی به ..." (its doer)."""
    if _light_verb(text, t):
        return None
    end = word_end(text, t.end)
    return next((m for m in actors if m.start >= end and _GENITIVE_GAP.match(text[end:m.start])), None)


def persian_roles(text: str, f: EventFrame, clause, mentions) -> EventFrame:
    """The roles of a Persian attack or act read from its markers: a noun's doer is its genitive or
    follows "توسط"; a verb's is its subject; the side acted upon follows "به"/"علیه" or precedes
    "را". Clashes and deaths keep the rules' reading ("بین/میان A و B")."""
    if f.frame not in ("attack", "act"):
        return f
    lo, hi = clause
    t = f.trigger
    actors = [m for m in mentions.actors if lo <= m.start and m.end <= hi and not (m.start < t.end and m.end > t.start)]
    marks = {id(m): _marker(text, m, lo) for m in actors}
    triggers = mentions.within("triggers", lo, hi)
    reported = reported_from(text, t, triggers, lo, hi)
    doer = next((m for m in actors if marks[id(m)] == "agent"), None) or genitive_doer(text, t, actors)
    if doer is None and (t.data.verb or _in_the_act(text, t, triggers)) and not reported:
        doer = _subject(text, t, actors, marks, triggers, lo)
    if doer is None and (reported or not t.data.verb):
        doer = _claims_own(text, t, actors, marks)
    actor1, actor2 = doer, f.actor2
    targets = [m for m in actors if marks[id(m)] in ("target", "object") and m is not actor1
               and (actor1 is None or m.key != actor1.key)]
    if targets:
        actor2 = min(targets, key=lambda m: min(abs(m.start - t.end), abs(t.start - m.end)))
    elif actor2 is not None and (actor2 is actor1 or marks.get(id(actor2)) == "aside"
                                 or (actor1 is not None and actor2.key == actor1.key)):
        actor2 = None
    if actor1 is f.actor1 and actor2 is f.actor2:
        return f
    assoc1 = tuple(m for m in f.assoc1 if m is not actor2) if actor1 is not None and actor1 is f.actor1 else ()
    assoc2 = tuple(m for m in f.assoc2 if m is not actor1 and m is not actor2)
    return replace(f, actor1=actor1, actor2=actor2, assoc1=assoc1, assoc2=assoc2)


_IN_THE = re.compile(r"(?:^|\s)(?:" + _alt(("در", "با", "طی", "در جریان", "در پی")) + r")(?:\s+\S+)?\s*$")


def _in_the_act(text: str, t: Mention, triggers) -> bool:
    """"رزمندگان سپاه در حمله به مقر ... ۱۲ تن را به درک واصل کردند": the act's noun in a phrase of
    the clause whose verb comes after it; the clause's subject did the act."""
    return bool(_IN_THE.search(fold(text[max(0, t.start - 16):word_start(text, t.start)]))) and any(
        o.data.verb and o.start > t.end for o in triggers)


def _subject(text: str, t: Mention, actors, marks, triggers, lo: int) -> Mention | None:
    """Subject - object - verb: the first side of the clause that no small word marks and that is no
    other act's genitive; a side that speaks ("X اعلام کرد که ...") only when no other side is
    named. None when another act's noun stands between it and the verb as its subject ("و حملات،
    باند را هدف قرار دادند")."""
    head = word_start(text, t.start)
    owned = {id(genitive_doer(text, o, actors)) for o in triggers if o is not t and o.end <= head}
    free = [m for m in actors if lo <= m.start and m.end <= head and marks[id(m)] is None
            and id(m) not in owned and m.key not in _UNARMED]
    speakers = [m for m in free if _SPEAKS.match(fold(text[m.end:m.end + 40]))]
    for m in [m for m in free if m not in speakers] or speakers[:1]:
        if any(_competing_subject(text, o, m, head) for o in triggers if o is not t):
            return None
        return m
    return None


def _competing_subject(text: str, o: Mention, m: Mention, head: int) -> bool:
    """An act's noun between the side and the verb that is the verb's subject itself."""
    if not (m.end <= o.start and o.end <= head) or o.data.verb or not o.data.strong \
            or o.data.frame in ("casualty", "injury"):
        return False
    if _IN_A_PHRASE.search(fold(text[max(m.end, o.start - 20):word_start(text, o.start)])):
        return False
    return not _CLAUSE_VERB.search(fold(text[o.end:head]))


_SPEAKER = re.compile(r"\s*:")


def _claims_own(text: str, t: Mention, actors, marks) -> Mention | None:
    """A state that strikes from afar tells of its own strikes: the side that speaks ("روابط عمومی
    سپاه پاسداران: ...") or reports ("سپاه ... از حمله ... خبر داد") is the doer."""
    for m in actors:
        if m.key not in _REMOTE_ATTACKERS or marks[id(m)] in ("target", "object", "aside"):
            continue
        if (m.end <= t.start and _FROM.search(fold(text[m.end:word_start(text, t.start)]))) or _SPEAKER.match(text, m.end):
            return m
    return None


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
    if {actor1.id, *actor1.parents} & _REMOTE_ATTACKERS:
        return "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "aerial"
    return et, st, pt, pm


def unidentified_doer(et: str, st: str, actor1) -> bool:
    """A bombing or an attack on civilians told with no doer is by an unidentified group."""
    return actor1 is None and (st in _UNSEEN_ATTACKS or (et == "Violence against civilians" and st == "Attack"))


_INTERCEPTIONS = frozenset(fold(w) for w in ("رهگیری", "سرنگون کرد", "سرنگون کردند", "سرنگون شد"))


def unidentified_launcher(f: EventFrame, actor2) -> bool:
    """A drone or missile intercepted with no launcher named was launched by an unidentified group."""
    return actor2 is None and f.sub_event_type == "Disrupted weapons use" and fold(f.trigger.data.term) in _INTERCEPTIONS
