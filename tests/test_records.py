"""records.py: the faster __init__ and replace() give what the dataclass ones give."""
import dataclasses
import pickle

import pytest

from sijill.model import Event, EventFrame, Mention, Place, SourceRef
from sijill.records import fast_init, replace


def test_init_and_replace_match_the_dataclass_ones():
    m = Mention("actor", 3, 7, "قسد", "SDF")
    assert (m.kind, m.start, m.end, m.text, m.key, m.data) == ("actor", 3, 7, "قسد", "SDF", None)
    assert Mention(kind="actor", start=3, end=7, text="قسد", key="SDF") == m
    assert hash(Mention("actor", 3, 7, "قسد", "SDF")) == hash(m)
    moved = replace(m, start=4, data=(1,))
    assert moved == dataclasses.replace(m, start=4, data=(1,))
    assert m.start == 3                      # the original is untouched
    f = EventFrame(0, m, "Battles", "Armed clash", "FIGHT", "", "clash")
    assert replace(f, status="planned", places=(m,)) == dataclasses.replace(f, status="planned", places=(m,))
    p = Place(id=None, name=None, name_ar=None, surface="x")
    assert replace(p, kind="unknown") == dataclasses.replace(p, kind="unknown")


def test_records_stay_frozen_and_pickle():
    m = Mention("place", 0, 2, "اب", "?اب")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 1
    assert pickle.loads(pickle.dumps(m)) == m
    s = SourceRef("d", None, "ar", None)
    assert pickle.loads(pickle.dumps(s)) == s


def test_replace_refuses_unknown_fields_and_falls_back_for_other_classes():
    with pytest.raises(TypeError):
        replace(Mention("cue", 0, 1, "x", "k"), colour="red")

    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: int = 2
    assert replace(Plain(1), b=3) == Plain(1, 3)


def test_fast_init_leaves_classes_it_cannot_speed_up():
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)
    before = WithFactory.__init__
    assert fast_init(WithFactory).__init__ is before
    assert Event.__init__.__qualname__ == "Event.__init__"
