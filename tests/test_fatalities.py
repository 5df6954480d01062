"""Fatalities (resolve/fatalities.py): the number killed, read from the words around the act.
Short invented sentences in the style of the news the rules were read from."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.model import Document
from sijill.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.mark.parametrize("text,count,qualifier", [
    ("قتل حوالي 30 عنصرا من قوات النظام في قصف على بلدة اللطامنة أمس.", 30, "approximate"),
    ("قتل ما لا يقل عن 7 مدنيين في قصف على بلدة اللطامنة أمس.", 7, "at_least"),
    ("قتل سبعة مدنيين في قصف على بلدة اللطامنة أمس.", 7, "exact"),
    ("قتل عشرات المدنيين في قصف على بلدة اللطامنة أمس.", None, "unspecified"),
    # the wounded are not the dead
    ("قتل 3 مدنيين وأصيب 12 آخرون في قصف على بلدة اللطامنة أمس.", 3, "exact"),
    # a part of the dead, named after them, is not their number
    ("وقال المرصد إن 30 مسلحا من داعش قتلوا، بينهم 4 انتحاريين، خلال الهجوم على بلدة اللطامنة أمس.", 30, "exact"),
    ("قتل 12 مدنيا بينهم 5 أطفال في قصف على بلدة اللطامنة أمس.", 12, "exact"),
])
def test_the_number_killed(pipeline, text, count, qualifier):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 7, 25)))
    assert events, text
    assert (events[0].fatalities, events[0].fatalities_qualifier) == (count, qualifier)
