"""Types of act read from their triggers (knowledge/data/event_lexicon.tsv), with the rules alone.
Short invented sentences."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.model import Document, Options
from sijill.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(rules_only=True))


def events_of(pipeline, text: str):
    return pipeline.extract(Document("d", text, published=date(2018, 6, 15)))


@pytest.mark.parametrize("text,place", [
    # the parties agreed (a verb of agreeing, its dual and plural forms)
    ("اتفقت تركيا والولايات المتحدة أمس على خريطة طريق بشأن مدينة منبج.", "منبج"),
    ("وكان البلدان اتفقتا، الاثنين، على خريطة طريق لمدينة منبج.", "منبج"),
    # they reached or concluded one
    ("قالت الحكومة السورية إنها توصلت إلى اتفاق مع مسلحين في الضواحي الجنوبية من دمشق أمس.", "دمشق"),
    # prisoners or bodies swapped
    ("أبرمت فصائل المعارضة صفقة تبادل أسرى مع قوات النظام في مدينة حماة الأحد.", "حماة"),
    ("وكانت آخر عملية تبادل في السادس من يونيو في مدينة هجين في محافظة دير الزور.", "هجين"),
])
def test_an_agreement_reached_is_an_agreement(pipeline, text, place):
    found = [e for e in events_of(pipeline, text) if e.sub_event_type == "Agreement"]
    # the place as the text names it (its English name is the gazetteer's: built-in or imported)
    assert [e.location.surface for e in found] == [place]
    assert found[0].event_type == "Strategic developments" and found[0].status in ("reported", "claimed")


@pytest.mark.parametrize("text", [
    "يأمل الطرفان التوصل إلى اتفاق بشأن منبج خلال الأسابيع المقبلة.",         # a hope
    "دعا المبعوث الأممي إلى التوصل إلى اتفاق لوقف إطلاق النار في إدلب.",      # a call for one
    "من المقرر أن يوقع الطرفان اتفاقا في أستانة الأسبوع المقبل.",              # a plan
])
def test_an_agreement_hoped_for_called_for_or_planned_is_none(pipeline, text):
    assert not [e for e in events_of(pipeline, text) if e.status == "reported"]


@pytest.mark.parametrize("text", [
    "قتل 40 مدنيا في الهجوم الكيميائي على مدينة دوما في الغوطة الشرقية يوم السبت.",
    "قتل 30 شخصا في هجوم كيماوي على بلدة خان شيخون في ريف إدلب.",
    "أصيب العشرات بحالات اختناق في الهجوم الكيماوي على بلدة اللطامنة في ريف حماة أمس.",
])
def test_a_chemical_attack_in_either_spelling_and_with_the_article_is_one(pipeline, text):
    assert [e.sub_event_type for e in events_of(pipeline, text)] == ["Chemical weapon"]


@pytest.mark.parametrize("text,places", [
    # the list starts a few words after the act and ends far along its clause
    ("شنت طائرات التحالف أمس غارات استهدفت مواقع وآليات ومستودعات ذخيرة تابعة لتنظيم داعش قرب حلب والرقة ودير الزور.",
     ["حلب", "الرقة", "دير الزور"]),
    ("قصفت قوات النظام بالمدفعية الثقيلة أحياء سكنية في مدن معرة النعمان وخان شيخون وسراقب وأريحا وجسر الشغور.",
     ["معرة النعمان", "خان شيخون", "سراقب", "أريحا", "جسر الشغور"]),
    ("اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في محيط بلدات الصنمين وإنخل وجاسم ونوى وطفس.",
     ["الصنمين", "إنخل", "جاسم", "نوى", "طفس"]),
])
def test_a_list_of_places_is_taken_whole_however_far_it_runs(pipeline, text, places):
    # one event per place of the list (CODING_RULES §3), the last name as much as the first
    assert sorted(e.location.surface for e in events_of(pipeline, text)) == sorted(places)
