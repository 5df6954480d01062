"""Persian spellings of one word or phrase: the joints a writer may close, open or mark with ZWNJ.

Persian writes a compound or an affixed word three ways: with a zero-width non-joiner
("بمب‌گذاری‌شده", "حمله‌ها"), with a space ("بمب گذاری شده", "حمله ها") or solid ("بمبگذاری").
Normalisation drops ZWNJ, so the first and the third meet; the second does not. A Persian entry
of the knowledge files (triggers, cues, time words, actor aliases) is therefore compiled under
every way of writing its joints: a space or a ZWNJ of the entry stands for both a space and
nothing. Arabic entries are left as they are.
"""
from __future__ import annotations

import itertools
import re

_JOINT = re.compile("[ \u200c]+")
# a phrase of more joints than this keeps its own spelling plus the all-open and all-closed ones:
# the variants grow as 2^joints, and such long phrases ("جان خود را از دست دادند") are not compounds
_MAX_JOINTS = 4


def spellings(term: str) -> tuple[str, ...]:
    """The ways of writing `term`'s joints: the term itself first, then each joint open (a space)
    or closed (nothing). "خودروی بمبگذاری شده" -> also "خودروی بمبگذاریشده", "خودرویبمبگذاری شده", ..."""
    parts = _JOINT.split(term.strip())
    if len(parts) < 2:
        return (term,)
    joints = len(parts) - 1
    if joints > _MAX_JOINTS:
        choices = [(" ",) * joints, ("",) * joints]
    else:
        choices = itertools.product((" ", ""), repeat=joints)
    out = [term]
    for seps in choices:
        word = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))
        if word not in out:
            out.append(word)
    return tuple(out)


def entry_spellings(term: str, lang: str) -> tuple[str, ...]:
    """`spellings` for a Persian entry; an entry of another language as it is."""
    return spellings(term) if lang == "fa" else (term,)
