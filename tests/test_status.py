"""Status of a trigger (extract/status.py): a reported act is an event; a plan, a threat, a denial,
a question, a reference to a known act, a judicial sentence, a figurative attack or a crowd of
protesters named without a protest is not. Short invented sentences, one rule each."""
from __future__ import annotations

import pytest

from sijill.model import Options
from sijill.pipeline import Pipeline
from tests.status_helpers import UNREST, VIOLENT, flagged


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(rules_only=True))


@pytest.mark.parametrize("text", [
    "قتل خمسة أشخاص أمس في انفجار سيارة مفخخة وسط المدينة.",
    "وقال مصدر أمني إن مسلحين مجهولين اغتالوا ضابطا في الشرطة.",                  # a verb with its doer
    "وأعلن الجيش أن قواته قتلت مسلحا خلال عمليات في العاصمة.",
    "ولقي ثلاثة جنود مصرعهم إثر انفجار عبوة ناسفة على الطريق أمس.",              # deaths told before إثر
    "نجا وزير من انفجار سيارة مفخخة عند مرور موكبه أمس.",
    "وأصيب ثلاثة أشخاص أمس في انفجار سيارة مفخخة بالقرب من المحكمة.",            # a court as a place
])
def test_a_reported_assault_is_an_event(pipeline, text):
    assert flagged(pipeline, text, VIOLENT)


@pytest.mark.parametrize("text", [
    "وقال المسؤول إن الجماعة تعتزم شن هجمات انتحارية في العاصمة.",                # plan
    "وهددت الجماعة بتنفيذ تفجيرات جديدة في المدينة.",                              # threat
    "ونفت الحكومة قصف القرية أمس.",                                                 # denial
    "هل تنفذ الجماعة هجوما انتحاريا جديدا في العاصمة؟",                             # question
    "وطلب المسؤولون تسليم السجين لإعدامه قبل العيد.",                                # purpose (ل + noun)
    "وعقد المسؤولون اجتماعا أمس على خلفية التفجيرات الأخيرة التي شهدتها المدينة.",  # background
    "وقال إن جهة أجنبية تقف وراء الهجوم الانتحاري، الذي استهدف السفارة.",           # a known act
    "وأصدرت المحكمة حكما بالإعدام على ثلاثة رجال أدينوا بتهمة تنفيذ تفجيرات.",       # judicial news
    "شن رئيس الحزب هجوما لاذعا على الحكومة في كلمة ألقاها أمس.",                    # verbal attack
    "وأشار المصدر إلى تراجع عدد التفجيرات في العاصمة خلال العام.",                  # a trend
    "وأدانت الوزارة الهجوم على السفارة في العاصمة أمس.",                             # a reaction
    "واستنكر المجلس تفجير الكنيسة في المدينة يوم الأحد.",                            # a reaction
    "وقال إن جهة أجنبية تقف وراء الهجوم الانتحاري الذي استهدف السفارة في العاصمة.",  # adjective, then الذي
    "ويحاكم خمسة رجال منذ أشهر في العاصمة، وهم متهمون بتهمة التآمر من أجل تنفيذ تفجيرات.",  # a charge
])
def test_what_did_not_happen_is_not_an_assault(pipeline, text):
    assert not flagged(pipeline, text, VIOLENT)


@pytest.mark.parametrize("text", [
    "وتجمع آلاف المتظاهرين أمس أمام مقر البرلمان احتجاجا على رفع الأسعار.",
    "وخرجت أمس مظاهرات في عدة مدن تأييدا لقرار الحكومة.",
    "وتجمع نحو 500 متظاهر أمس أمام المحكمة العليا في العاصمة.",                     # a crowd at a court
])
def test_a_reported_protest_is_an_event(pipeline, text):
    assert flagged(pipeline, text, UNREST)


@pytest.mark.parametrize("text", [
    "وقال أحد المتظاهرين إن الشرطة منعتهم من الوصول إلى الساحة.",                   # a speaker
    "واعتقلت الشرطة 68 متظاهرا يوم الأحد.",                                          # acted upon
    "وأكد البيان أن التظاهر السلمي حق يكفله القانون.",                               # a verbal noun
    "ودعت النقابة إلى تنظيم مظاهرة يوم الجمعة المقبل.",                             # a call
])
def test_protesters_named_or_a_protest_called_for_is_not_a_protest(pipeline, text):
    assert not flagged(pipeline, text, UNREST)


def test_a_drone_is_not_a_negation(pipeline):
    """"طائرة بدون طيار" is a set phrase: its "بدون" does not negate the strike after it."""
    assert flagged(pipeline, "وأطلقت طائرة بدون طيار صاروخا على سيارة في البلدة أمس، ما أدى إلى مقتل ثلاثة.",
                   VIOLENT)


def test_a_time_far_from_a_noun_does_not_date_it(pipeline):
    """A time word in another part of a long sentence dates another act, not the noun."""
    text = ("وعقد الوزراء أمس جلسة استثنائية في مقر الحكومة لبحث الأوضاع الاقتصادية والمعيشية وأزمة الكهرباء "
            "والمياه، وأكدوا رفضهم لكل أشكال الاغتيالات")
    assert not flagged(pipeline, text, VIOLENT)
