"""Place mentions and their resolution, on invented sentences and an invented gazetteer
(tests/test_gazetteer.py): spellings, cues, lists, common words, namesakes, missing places,
geo_precision and the Place record; and the built-in list alone."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.extract.places import PlaceFinder, PlaceMentionData
from sijill.knowledge.gazetteer import load_gazetteer
from sijill.knowledge.gazetteer_import import import_gazetteer
from sijill.model import Options, Place
from sijill.resolve.places import resolve_places
from sijill.text.normalize import normalize
from tests.test_gazetteer import write_tiny_gazetteer


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    db = folder / "gazetteer.sqlite"
    import_gazetteer(write_tiny_gazetteer(folder / "in"), db)
    gaz = load_gazetteer(Options(gazetteer_path=str(db)))
    return gaz, PlaceFinder(gaz)



def find(finder, text):
    mentions = finder.find(text, normalize(text))
    for m in mentions:
        assert text[m.start:m.end] == m.text and m.kind == "place"
        assert isinstance(m.data, PlaceMentionData)
    return mentions


def resolved(pair, text) -> list[tuple[str, Place]]:
    gaz, finder = pair
    mentions = find(finder, text)
    places = resolve_places(mentions, gaz)
    assert set(places) == set(range(len(mentions)))
    return [(m.text, places[i]) for i, m in enumerate(mentions)]


def place_of(pair, text, surface) -> Place:
    return dict(resolved(pair, text))[surface]


# ------------------------------------------------------------ finding names

def test_spellings_article_space_persian_and_qualifier_variants_are_found(tiny):
    _, finder = tiny
    text = "قصف على قرية الموحسن وبلدة الباغوز وقرية سويدان الجزيرة في ديرالزور ودر روستای الرابیه"
    found = {m.text: m.data for m in find(finder, text)}
    assert [c.id for c in found["الموحسن"].candidates] == ["C9004"]          # موحسن in the gazetteer
    assert [c.id for c in found["الباغوز"].candidates] == ["C9006"]          # الباغوز فوقاني
    assert [c.id for c in found["سويدان الجزيرة"].candidates] == ["C9007"]   # سويدان جزيرة
    assert "C9003" in {c.id for c in found["ديرالزور"].candidates}
    assert {c.id for c in found["الرابیه"].candidates} == {"C9001", "C9101"}


def test_proclitics_stay_outside_the_mention(tiny):
    _, finder = tiny
    text = "اشتباكات في الرابية والمزيرعة وبالمزيرعة"
    assert [m.text for m in find(finder, text)] == ["الرابية", "المزيرعة", "المزيرعة"]


def test_cue_words_before_a_name_are_kept_with_their_class(tiny):
    _, finder = tiny
    data = {m.text: m.data for m in find(finder, "غارة بالقرب من قرية المزيرعة وقصف بمحيط الرابية شمال دير الزور")}
    assert data["المزيرعة"].cue == "بالقرب من قرية" and data["المزيرعة"].cue_classes == ("settlement", "near")
    assert data["الرابية"].cue == "بمحيط" and "near" in data["الرابية"].cue_classes
    assert data["دير الزور"].cue == "شمال" and data["دير الزور"].cue_classes == ("direction",)


def test_english_names_match_only_as_proper_nouns(tiny):
    _, finder = tiny
    assert [m.text for m in find(finder, "Clashes near Mzeiraa")] == ["Mzeiraa"]
    assert find(finder, "the mzeiraa of it") == []


def test_places_missing_from_the_gazetteer_are_found_by_their_cue(tiny):
    _, finder = tiny
    found = find(finder, "داهمت القوات قرية العليان فجر اليوم")
    assert [(m.text, m.data.kind, m.data.candidates, m.key) for m in found] == [
        ("العليان", "unknown", (), "?العليان")]
    assert find(finder, "داهمت القوات قرية مجاورة") == []           # an adjective, not a name
    assert find(finder, "في المنطقة سيطرة كاملة") == []


@pytest.mark.parametrize("text, name", [
    ("قصفت قوات النظام قرية قصر الحير بريف حمص الشرقي", "قصر الحير"),
    ("اندلعت اشتباكات في منطقة الشيخ سليمان بريف حلب الغربي", "الشيخ سليمان"),
    ("سيطرت الفصائل على قرية تلة الرمان جنوب حلب", "تلة الرمان"),
    ("داهمت دورية قرية خربة السوس فجر اليوم", "خربة السوس"),
    # first words that name no village on their own (a well, a gate, a valley, a citadel, a meadow)
    ("قصف الطيران بلدة جب الصفا شرق حلب", "جب الصفا"),
    ("تعرضت قرية مرج السلطان لقصف مدفعي", "مرج السلطان"),
    ("اشتباكات عنيفة في قرية قلعة المضيق غرب حماة", "قلعة المضيق"),
])
def test_a_two_word_name_the_gazetteer_lacks_keeps_both_words(tiny, text, name):
    """After a naming cue, a shrine's, palace's, ruin's or hill's word starts a name of two."""
    _, finder = tiny
    found = [(m.text, m.data.kind) for m in find(finder, text)]
    assert (name, "unknown") in found


def test_a_preposition_or_a_time_never_ends_such_a_name(tiny):
    _, finder = tiny
    assert [m.text for m in find(finder, "قصفت المدفعية قرية الشيخ بعد منتصف الليل")] == ["الشيخ"]


def test_a_list_after_a_plural_cue_gives_one_mention_per_item(tiny):
    _, finder = tiny
    found = find(finder, "سيطرت على كل من قرى (الرابية، المزيرعة، وشقرا ومنطقة العليان) لكن")
    assert [m.text for m in found] == ["الرابية", "المزيرعة", "شقرا", "العليان"]
    assert [m.data.kind for m in found] == ["community", "community", "community", "unknown"]
    assert len({m.data.group for m in found}) == 1 and found[0].data.group is not None
    assert all("plural" in m.data.cue_classes for m in found[:3])   # items take the list's cue


@pytest.mark.parametrize("text, names", [
    # a dual names two
    ("اندلعت اشتباكات عنيفة في قريتي كفرنبودة والهبيط صباح امس", ["كفرنبودة", "الهبيط"]),
    ("وواصل مقاتلو المعارضة قصف بلدتي نبل والزهراء المواليتين للنظام", ["نبل", "الزهراء"]),
    ("قصف الطيران مدينتي سراقب وأريحا", ["سراقب", "أريحا"]),
    # "هي" / "وهي" opens a list
    ("سيطرت القوات على 4 قرى هي خشام وطابية والصالحية ومراط", ["خشام", "طابية", "الصالحية", "مراط"]),
    ("وتقدمت نحو ثلاث بلدات وهي التبني وبقرص والشميطية", ["التبني", "بقرص", "الشميطية"]),
    # three names or more joined by و or ، after a plural cue
    ("واستهدفت قوات الأسد بالصواريخ بلدات حيان وبيانون وماير", ["حيان", "بيانون", "ماير"]),
    ("وشمل القصف قرى الكشكية، أبو حمام، وغرانيج شرق النهر", ["الكشكية", "أبو حمام", "غرانيج"]),
    ("امتدت الاشتباكات إلى مدن تلبيسة والرستن والحولة", ["تلبيسة", "الرستن", "الحولة"]),
    # a later item of two words keeps its "و" on the first: وأم ولد, وأبو حجر, وخربة الناقوس
    ("ألقى الطيران براميل على بلدتي المسيفرة وأم ولد", ["المسيفرة", "أم ولد"]),
    ("قصفت قوات النظام قريتي الطيبة وأبو حجر", ["الطيبة", "أبو حجر"]),
    ("قصفت قوات النظام قريتي الزيارة وخربة الناقوس", ["الزيارة", "خربة الناقوس"]),
])
def test_an_unquoted_list_whose_form_says_it_is_one_gives_one_mention_per_item(tiny, text, names):
    _, finder = tiny
    found = [m for m in find(finder, text) if m.text in names]
    assert [m.text for m in found] == names
    assert len({m.data.group for m in found}) == 1


@pytest.mark.parametrize("text", [
    "سيطرت الفصائل على مناطق سيطرة النظام",         # a bare plural before words of a phrase
    "وقصفت الطائرات قرى عديدة في الريف",             # an adjective, not a name
    "تعرضت بلدات الريف الشرقي للقصف",                # a plural and its qualifier
    "عاد الأهالي إلى قريتي بعد سنوات",               # "my village": a dual form with no pair after it
])
def test_a_plural_cue_without_a_list_form_names_no_place(tiny, text):
    _, finder = tiny
    assert [m.text for m in find(finder, text) if m.data.kind == "unknown"] == []


def test_a_persian_quoted_list_gives_one_mention_per_item(tiny):
    _, finder = tiny
    found = find(finder, "درگیری در مناطق «الرابیه»، «العزبه»، «المزیرعه» و «جدید بکاره» روی داده")
    assert [m.text for m in found] == ["الرابیه", "العزبه", "المزیرعه", "جدید بکاره"]
    assert [m.data.kind for m in found] == ["community", "unknown", "community", "unknown"]
    assert len({m.data.group for m in found}) == 1


def test_names_that_are_common_words_need_a_place_cue(tiny):
    _, finder = tiny
    assert find(finder, "كما يظهر في الصور المنشورة") == []
    assert [m.text for m in find(finder, "إنزال جوي بالقرب من مدينة الصور")] == ["الصور"]
    assert find(finder, "قال شقرا إن الوضع هادئ") == []              # short bare name: no cue
    assert [m.text for m in find(finder, "نقطة مراقبة (شقرا) شرق")] == ["شقرا"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["قرية", "الرابية", "وشقرا", "«العزبه»", "،", "ديرالزور", "\u064e",
                                 "ـ", "بمحيط", "(", ")", " ", "Mzeiraa", "الصور", "\u200c", "منطقة"]),
                max_size=14))
def test_every_mention_is_the_original_text_it_spans(tiny, words):
    _, finder = tiny
    text = " ".join(words)
    for m in find(finder, text):          # find() checks text[start:end] == text
        assert m.start < m.end


# ------------------------------------------------------------ resolving

def test_a_namesake_is_the_one_near_the_other_places_of_the_report(tiny):
    dez = place_of(tiny, "اشتباكات في قرية الرابية قرب المزيرعة بريف دير الزور", "الرابية")
    assert (dez.id, dez.admin1_pcode) == ("C9001", "SY09")
    assert "near the other places of the report" in dez.reason
    daraa = place_of(tiny, "اشتباكات في قرية الرابية قرب بلدة شقرا في محافظة درعا", "الرابية")
    assert (daraa.id, daraa.admin1_pcode) == ("C9101", "SY12")


def test_every_field_of_a_resolved_village_is_filled(tiny):
    p = place_of(tiny, "قصف على قرية المزيرعة في ريف دير الزور", "المزيرعة")
    assert p == Place(id="C9002", name="Mzeiraa", name_ar="المزيرعة", surface="المزيرعة",
                      admin1="Deir-ez-Zor", admin2="Deir-ez-Zor", admin3="Deir-ez-Zor",
                      admin1_ar="دير الزور", admin2_ar="مركز دير الزور", admin3_ar="مركز دير الزور",
                      admin1_pcode="SY09", admin2_pcode="SY0901", admin3_pcode="SY090100",
                      lat=35.35, lon=40.25, geo_precision=1,
                      reason="named village; the only المزيرعة in the gazetteer")


def test_a_far_namesake_is_not_taken_for_a_village_of_the_report(tiny):
    text = "سيطرت القوات على قرى (الرابية، المزيرعة، وشقرا) في ريف دير الزور الغربي"
    p = place_of(tiny, text, "شقرا")
    assert p.admin1_pcode == "SY09" and p.id != "C9102"
    assert p.surface == "شقرا" and p.geo_precision == 2
    assert "شقرا is not in the gazetteer near the other places of the report" in p.reason
    alone = place_of(tiny, "اشتباكات في قرية شقرا في محافظة درعا", "شقرا")
    assert alone.id == "C9102"


def test_an_unknown_place_is_coded_near_the_places_listed_with_it(tiny):
    p = place_of(tiny, "سيطرت القوات على قرى (الرابية، المزيرعة ومنطقة العليان) بريف دير الزور", "العليان")
    assert (p.id, p.admin3_pcode, p.geo_precision) == ("SY090100", "SY090100", 2)
    assert p.surface == "العليان" and "listed with it" in p.reason


def test_an_unknown_place_is_coded_where_the_text_puts_it(tiny):
    p = place_of(tiny, "بناء قاعدة في محيط بلدة العزبة شرق دير الزور", "العزبة")
    assert (p.id, p.admin1_pcode, p.geo_precision) == ("SY09", "SY09", 3)
    lone = place_of(tiny, "داهمت القوات قرية العليان", "العليان")
    assert lone.id is None and lone.geo_precision == 3 and "no other place" in lone.reason


@pytest.mark.parametrize("text,surface,precision", [
    ("غارة على قرية المزيرعة", "المزيرعة", 1),
    ("غارة بالقرب من قرية المزيرعة", "المزيرعة", 2),
    ("غارة على أطراف المزيرعة", "المزيرعة", 2),
    ("قصف في ريف دير الزور الشرقي", "ريف دير الزور الشرقي", 3),
    ("قصف في الريف الشرقي لدير الزور", "الريف الشرقي لدير الزور", 3),
    ("اشتباكات في دير الزور", "دير الزور", 3),
    ("اشتباكات في مدينة دير الزور", "دير الزور", 1),
])
def test_geo_precision_follows_the_cue(tiny, text, surface, precision):
    assert place_of(tiny, text, surface).geo_precision == precision


def test_a_governorate_name_without_a_town_cue_is_the_governorate(tiny):
    p = place_of(tiny, "اشتباكات في دير الزور", "دير الزور")
    assert (p.id, p.admin1_pcode, p.admin2_pcode, p.name) == ("SY09", "SY09", None, "Deir-ez-Zor")
    city = place_of(tiny, "اشتباكات في مدينة دير الزور", "دير الزور")
    assert city.id == "C9003"


def test_an_area_over_several_governorates_takes_the_reports_one(tiny):
    p = place_of(tiny, "تحركات في مناطق شرق الفرات قرب قرية الغزالية", "شرق الفرات")
    assert p.admin1_pcode == "SY08"
    p = place_of(tiny, "تحركات في مناطق شرق الفرات قرب قرية المزيرعة", "شرق الفرات")
    assert p.admin1_pcode == "SY09" and p.geo_precision == 3


def test_a_site_is_coded_at_its_point_or_its_town(tiny):
    p = place_of(tiny, "قصف في محيط مطار دير الزور العسكري", "مطار دير الزور العسكري")
    assert (p.id, p.admin1_pcode, p.geo_precision) == ("site:deir-ez-zor-airport", "SY09", 2)


# ------------------------------------------------------------ the built-in list alone

@pytest.mark.parametrize("text,surface,admin1", [
    ("اشتباكات في دير الزور", "دير الزور", "SY09"),
    ("قصف على مدينة حلب", "حلب", "SY02"),
    ("غارات في محافظة إدلب", "إدلب", "SY07"),
    ("قصف على مدينة حماة", "حماة", "SY05"),
    ("اشتباكات في الحسكة", "الحسكة", "SY08"),
    ("وصلت إلى مدينة السخنة بريف حمص الشرقي", "السخنة", "SY04"),
    ("دورية في مدينة القامشلي", "القامشلي", "SY08"),
    ("در استان ادلب", "ادلب", "SY07"),
])
def test_with_the_built_in_list_governorates_and_big_towns_resolve(builtin, text, surface, admin1):
    p = place_of(builtin, text, surface)
    assert p.admin1_pcode == admin1 and p.admin1_ar
    if p.id and p.id.startswith("GN"):
        assert "built-in list" in p.reason and p.geo_precision >= 2


def test_an_event_abroad_is_coded_in_its_country_not_in_syria(tmp_path, monkeypatch):
    from datetime import date

    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path))
    text = ("قتل خمسة أشخاص في انفجار سيارة مفخخة في بغداد امس، فيما قصفت قوات النظام "
            "بلدة الشحيل في ريف دير الزور.")
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, published=date(2019, 3, 2)))
    by_country = {e.location.country for e in events if e.location}
    assert "Iraq" in by_country and "Syria" in by_country
    baghdad = next(e for e in events if e.location and e.location.country == "Iraq")
    assert baghdad.location.surface == "بغداد" and baghdad.location.admin1 is None


def test_a_country_named_as_the_actor_is_not_a_place():
    from sijill.extract.foreign import ForeignFinder
    from sijill.text import normalize
    finder = ForeignFinder()
    text = "قصفت تركيا قرى في ريف منبج، وقتل جندي في العراق"
    found = [m.text for m in finder.find(text, normalize(text))]
    assert found == ["العراق"]


def test_a_country_inside_an_actor_name_or_after_for_is_not_a_place():
    from sijill.extract.foreign import ForeignFinder
    from sijill.text import normalize
    finder = ForeignFinder()
    text = "محاولات تسلل من مسلحين موالين لإيران، وقتل جندي بالعراق"
    assert [m.text for m in finder.find(text, normalize(text))] == ["العراق"]


def test_a_bank_of_the_euphrates_and_a_dateline_are_not_places_abroad():
    from sijill.extract.foreign import ForeignFinder
    from sijill.text import normalize
    finder = ForeignFinder()
    river = "قتل 45 مسلحا في هجمات على قرى في الضفة الغربية لنهر الفرات، وقتل فلسطيني في الضفة الغربية"
    assert [m.start for m in finder.find(river, normalize(river))] == [river.rindex("الضفة الغربية")]
    dateline = ("نيويورك، الولايات المتحدة الأمريكية (CNN)— كشفت صحيفة واشنطن بوست عن هجوم، "
                "ونظمت مظاهرة في نيويورك")
    assert [m.start for m in finder.find(dateline, normalize(dateline))] == [dateline.rindex("نيويورك")]


def test_a_capital_that_fighters_are_loyal_to_is_not_where_they_were_hit():
    from datetime import date

    from sijill.model import Document
    from sijill.pipeline import Pipeline
    text = "وتصعد تركيا عملياتها في عفرين، حيث استهدفت غاراتها الأربعاء مقاتلين موالين لدمشق."
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2018, 3, 14)))
    assert [e.location.surface for e in events] == ["عفرين"]

