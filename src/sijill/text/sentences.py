"""Sentence segmentation with offsets into the clean text.

A sentence ends at . ! ? ؟ or a line break; a full stop between digits (3.5) or after a
single Latin capital (U.S.) does not end one.
"""
from __future__ import annotations

import re

from ..model import Sentence

_BOUNDARY = re.compile(r"(?<!\d)[.!?؟]+(?!\d)|\n+")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        _append(out, text, start, end)
        start = end
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
