"""Register.query: filters by date, type, actor, place, outlet, status and background, on every
backend; actor and place also by the aliases and spellings of the knowledge base."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.store import match_key, open_register

FOURTH_DIVISION = {"id": "SYR_4TH_DIV", "name": "Fourth Armoured Division", "parents": ["SYR_GOV"],
                   "label": "الفرقة الرابعة", "inter": 1}
SDF = {"id": "SDF", "name": "QSD: Syrian Democratic Forces", "parents": [], "label": "ميليشيا قسد", "inter": 2}
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians (Syria)", "parents": [], "label": "مدنيين", "inter": 7}
RAQQA = {"id": "SY110000", "name": "Ar-Raqqa", "name_ar": "الرقة", "surface": "مدينة الرقّة",
         "admin1": "Ar-Raqqa", "admin1_ar": "الرقة", "admin1_pcode": "SY11", "lat": 35.95, "lon": 39.01,
         "geo_precision": 1}


@pytest.fixture(autouse=True)
def builtin_gazetteer(tmp_path, monkeypatch):
    """Place spellings are looked up in the built-in gazetteer, whatever the machine imported."""
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "empty_home"))


@pytest.fixture
def register(register_url, make_document, make_event):
    """Four events: a strike (SCHEMA.md), a clash, an attack on civilians, an undated arrest."""
    events = {
        "strike": make_event("doc-1"),
        "clash": make_event("doc-2", event_type="Battles", sub_event_type="Armed clash",
                            event_date="2019-03-10", actor1=FOURTH_DIVISION, actor2=SDF, assoc_actor2=[],
                            location=RAQQA),
        "attack": make_event("doc-3", event_type="Violence against civilians", sub_event_type="Attack",
                             event_date="2020-01-05", actor1=SDF, actor2=CIVILIANS, assoc_actor2=[],
                             location=None),
        "arrest": make_event("doc-4", event_type="Strategic developments", sub_event_type="Arrests",
                             event_date=None, date_precision="unknown", actor1=SDF, actor2=None,
                             assoc_actor2=[], location=RAQQA),
    }
    with open_register(register_url) as reg:
        for name, ev in events.items():
            reg.store(make_document(ev.sources[0].doc), [ev])
        reg.ids = {ev.event_id: name for name, ev in events.items()}
        yield reg


def names(register, **filters) -> list[str]:
    return [register.ids[e.event_id] for e in register.query(**filters)]


def test_no_filter_gives_all_oldest_first_undated_last(register):
    assert names(register) == ["strike", "clash", "attack", "arrest"]


def test_since_and_until_are_inclusive_and_leave_out_undated(register):
    assert names(register, since=date(2019, 3, 10)) == ["clash", "attack"]
    assert names(register, until="2019-03-10") == ["strike", "clash"]
    assert names(register, since="2019-01-01", until="2019-12-31") == ["clash"]


def test_bad_date_is_a_clear_error(register):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        register.query(since="last week")


def test_type_matches_event_type_or_sub_type_in_any_case(register):
    assert names(register, type="Battles") == ["clash"]
    assert names(register, type="air/drone strike") == ["strike"]
    assert names(register, type="ARRESTS") == ["arrest"]
    assert names(register, type="Protests") == []


def test_actor_matches_id_in_any_case(register):
    assert names(register, actor="sdf") == ["clash", "attack", "arrest"]
    assert names(register, actor="COALITION") == ["strike"]


def test_actor_parent_id_finds_sub_units(register):
    # SYR_GOV is actor2 of the strike, parent of the NDF (assoc) and of the Fourth Division
    assert names(register, actor="SYR_GOV") == ["strike", "clash"]
    assert names(register, actor="SYR_4TH_DIV") == ["clash"]


def test_actor_display_name_or_words_of_it(register):
    assert names(register, actor="Syrian Democratic Forces") == ["clash", "attack", "arrest"]
    assert names(register, actor="international coalition (us-led)") == ["strike"]
    # whole words only: "Syr" is not a word of any name
    assert names(register, actor="Syr") == []


def test_actor_display_name_of_a_parent_finds_its_sub_units(register):
    assert names(register, actor="Military Forces of Syria (2000-2024)") == ["strike", "clash"]


def test_actor_outlet_label_arabic_folded(register):
    assert names(register, actor="قسد") == ["clash", "attack", "arrest"]
    assert names(register, actor="الفرقة الرابعة") == ["clash"]
    # hamza and taa marbuta spelled differently, diacritics added: the same label
    assert names(register, actor="الفرقه الرّابعة") == ["clash"]


def test_place_by_name_arabic_name_surface_admin_and_pcode(register):
    assert names(register, place="Jneineh") == ["strike"]
    assert names(register, place="الجنينة") == ["strike"]
    assert names(register, place="مدينة الرقة") == ["clash", "arrest"]        # the words of the text
    assert names(register, place="ar raqqa") == ["clash", "arrest"]
    assert names(register, place="deir ez zor") == ["strike"]                # admin1, any spelling
    assert names(register, place="دير الزور") == ["strike"]
    assert names(register, place="SY0901") == ["strike"]
    assert names(register, place="sy11") == ["clash", "arrest"]
    assert names(register, place="Aleppo") == []


def test_filters_combine(register):
    assert names(register, actor="SDF", place="Ar-Raqqa") == ["clash", "arrest"]
    assert names(register, actor="SDF", place="Ar-Raqqa", since="2019-01-01") == ["clash"]
    assert names(register, actor="SDF", type="Attack", until="2019-12-31") == []


def test_limit(register):
    assert names(register, limit=2) == ["strike", "clash"]
    assert names(register, actor="SDF", limit=1) == ["clash"]


def test_filter_without_letters_is_an_error(register):
    with pytest.raises(ValueError, match="nothing|no letters"):
        register.query(place=" - ")


def test_iter_events_streams_the_same_events(register):
    assert [e.event_id for e in register.iter_events(actor="SDF")] == \
           [e.event_id for e in register.query(actor="SDF")]


# ------------------------------------------------------------------ aliases and press spellings


def test_actor_alias_finds_the_actor_whatever_words_the_outlet_used(register):
    # the outlet wrote "قوات النظام"; "ميليشيا أسد" is another alias of SYR_GOV (and its sub-units)
    assert names(register, actor="ميليشيا أسد") == ["strike", "clash"]
    # the outlet wrote "ميليشيا قسد": the full name, in Arabic, and its other spellings find it
    assert names(register, actor="قوات سوريا الديمقراطية") == ["clash", "attack", "arrest"]
    assert names(register, actor="قوات سورية الديموقراطية") == ["clash", "attack", "arrest"]
    assert names(register, actor="SDF") == ["clash", "attack", "arrest"]
    # an alias with a proclitic, as it stands in running text
    assert names(register, actor="وقسد") == ["clash", "attack", "arrest"]


def test_actor_alias_of_an_actor_with_no_event_finds_nothing(register):
    assert names(register, actor="داعش") == []


@pytest.mark.parametrize("spelling", ["الرقة", "الرقّة", "Raqqa", "Ar-Raqqa", "ar raqqa", "RAQQA"])
def test_place_by_its_arabic_label_english_name_or_press_spelling(register, spelling):
    assert names(register, place=spelling) == ["clash", "arrest"]


@pytest.mark.parametrize("spelling", ["دير الزور", "ديرالزور", "دیر الزور", "Deir ez-Zor", "Deir-ez-Zor",
                                      "Deir ez Zor", "Deir al-Zour", "Dayr az-Zawr"])
def test_deir_ez_zor_in_every_spelling(register, spelling):
    assert names(register, place=spelling) == ["strike"]


# ------------------------------------------------------------------ type, status, outlet, background


def test_a_wrong_type_lists_the_valid_ones(register):
    with pytest.raises(ValueError) as exc:
        register.query(type="Batles")
    message = str(exc.value)
    assert "'Batles' is not an ACLED event type or sub-event type" in message
    for valid in ("Battles", "Explosions/Remote violence", "Air/drone strike", "Peaceful protest",
                  "Strategic developments", "Arrests"):
        assert valid in message


def test_type_ignores_case_and_punctuation(register):
    assert names(register, type="air drone strike") == ["strike"]
    assert names(register, type="violence against civilians") == ["attack"]


@pytest.fixture
def press(register_url, make_document, make_event):
    """Events told by three outlets, with each status and a background event."""
    # different actions, places and years: fusion keeps them apart
    events = {
        "reported": (make_event("doc-1"), "أورينت نت"),
        "claimed": (make_event("doc-2", event_type="Battles", sub_event_type="Armed clash", event_date="2019-03-10",
                               actor1=FOURTH_DIVISION, actor2=SDF, assoc_actor2=[], location=RAQQA,
                               status="claimed", claimed_by={"id": "SDF", "name": SDF["name"]}), "SY24"),
        "denied": (make_event("doc-3", event_type="Violence against civilians", sub_event_type="Attack",
                              event_date="2020-01-05", actor1=SDF, actor2=CIVILIANS, assoc_actor2=[],
                              location=None, status="denied"), "Enab Baladi"),
        "recalled": (make_event("doc-4", event_type="Strategic developments", sub_event_type="Arrests",
                                event_date="2021-06-01", actor1=SDF, actor2=None, assoc_actor2=[],
                                location=RAQQA, background=True), "Orient News"),
    }
    with open_register(register_url) as reg:
        for name, (ev, outlet) in events.items():
            reg.store(make_document(ev.sources[0].doc, outlet=outlet), [ev])
        reg.ids = {ev.event_id: name for name, (ev, _) in events.items()}
        yield reg


def test_status_one_several_or_a_comma_list(press):
    assert names(press, status="claimed") == ["claimed"]
    assert names(press, status="reported,denied") == ["reported", "denied", "recalled"]
    assert names(press, status=["claimed", "denied"]) == ["claimed", "denied"]
    assert names(press, status=("Reported", " claimed ")) == ["reported", "claimed", "recalled"]


def test_a_wrong_status_says_which_there_are(press):
    with pytest.raises(ValueError, match="'rumoured' is not a status; use reported, claimed, denied"):
        press.query(status="reported,rumoured")


def test_background_yes_no_only(press):
    assert names(press) == names(press, background="yes") == ["reported", "claimed", "denied", "recalled"]
    assert names(press, background="no") == ["reported", "claimed", "denied"]
    assert names(press, background="only") == ["recalled"]
    with pytest.raises(ValueError, match="background"):
        press.query(background="maybe")


def test_outlet_in_any_case_arabic_spelling_or_words_of_it(press):
    assert names(press, outlet="أورينت نت") == ["reported"]
    assert names(press, outlet="اورينت نت") == ["reported"]          # hamza left out
    assert names(press, outlet="sy24") == ["claimed"]
    assert names(press, outlet="enab baladi") == ["denied"]
    assert names(press, outlet="Orient") == ["recalled"]              # whole words of "Orient News"


def test_an_unknown_outlet_lists_the_registers_outlets(press):
    with pytest.raises(ValueError) as exc:
        press.query(outlet="Reuters")
    assert "no document of the register is from 'Reuters'" in str(exc.value)
    assert "SY24" in str(exc.value) and "أورينت نت" in str(exc.value)


def test_new_filters_combine_with_the_others(press):
    assert names(press, status="reported", background="no", outlet="أورينت نت", since="2018-01-01") == \
           ["reported"]
    assert names(press, status="claimed", outlet="أورينت نت") == []


@pytest.mark.parametrize("a, b", [
    ("دير الزور", "دیر الزور"),            # Persian yeh
    ("Deir ez-Zor", "deir-ez-zor"),
    ("Dhībān", "dhiban"),
    ("الرقّة", "الرقة"),
])
def test_match_key_folds_spelling_variants(a, b):
    assert match_key(a) == match_key(b)
