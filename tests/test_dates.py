"""Relative dates resolve against the publication date; the weekday checks the arithmetic."""
from datetime import date

import pytest

from sijill.model import Document, Options
from sijill.text import analyse


@pytest.fixture(scope="module")
def lexicon():
    from sijill.knowledge.lexicon import compile_lexicon, load_lexicon
    return compile_lexicon(load_lexicon())


def resolve(text, published, lexicon):
    from sijill.extract.mentions import _spans
    from sijill.model import Mention
    from sijill.resolve.dates import resolve_date
    import re
    a = analyse(Document("d", text, published=published), Options())
    times = _spans(a, lexicon.times, "date", lambda v: v.kind)
    nums = _spans(a, lexicon.numbers, "number", lambda v: v.kind)
    for m in re.finditer(r"\d+", a.nt.norm):
        s, e = a.nt.to_original(m.start(), m.end())
        nums.append(Mention("number", s, e, text[s:e], "digits", int(m.group())))
    parts = tuple(sorted(times + [n for n in nums if n.key in ("ordinal", "digits", "number")], key=lambda m: m.start))
    return resolve_date(parts, published)


@pytest.mark.parametrize("text,published,expected,precision", [
    ("قصف أمس (الأحد) القرية", date(2018, 4, 30), date(2018, 4, 29), "day"),
    ("اشتباكات اليوم الجمعة", date(2020, 1, 31), date(2020, 1, 31), "day"),
    ("قصف متبادل الليلة الماضية", date(2024, 8, 10), date(2024, 8, 9), "day"),
    ("بدأت الأسبوع الماضي ببناء قاعدة", date(2020, 1, 31), date(2020, 1, 24), "week"),
    ("في السابع من شباط/ فبراير الماضي", date(2018, 4, 30), date(2018, 2, 7), "day"),
    ("دستگیری روز یکشنبه", date(2023, 8, 31), date(2023, 8, 27), "day"),
    ("قبل يومين", date(2023, 8, 31), date(2023, 8, 29), "day"),
    ("يوم 27 ديسمبر الماضي", date(2008, 1, 10), date(2007, 12, 27), "day"),
    ("اعتقلا العام الماضي من قبل قوات سوريا الديمقراطية", date(2018, 10, 9), date(2017, 1, 1), "year"),
    ("اغتاله مسلحون قبل عامين", date(2008, 3, 1), date(2006, 1, 1), "year"),
    ("براميل متفجرة الليلة قبل الماضية", date(2015, 7, 21), date(2015, 7, 19), "day"),
    ("ومطلع الأسبوع الجاري، قتل 45 مسلحا", date(2018, 6, 7), date(2018, 6, 4), "week"),
])
def test_relative_and_named_dates(text, published, expected, precision, lexicon):
    got = resolve(text, published, lexicon)
    assert (got.value, got.precision) == (expected, precision)


def test_weekday_wins_when_it_disagrees_with_yesterday(lexicon):
    # published on a Monday; "أمس (السبت)" names Saturday, not Sunday: trust the weekday
    got = resolve("هجوم أمس (السبت)", date(2018, 4, 30), lexicon)
    assert got.value == date(2018, 4, 28)


def test_old_dated_events_are_background(lexicon):
    got = resolve("في السابع من شباط الماضي", date(2018, 4, 30), lexicon)
    assert got.background is True
    assert resolve("أمس", date(2018, 4, 30), lexicon).background is False
    assert resolve("اعتقل العام الماضي", date(2018, 10, 9), lexicon).background is True


def test_no_publication_date_and_no_date_in_text_is_unknown(lexicon):
    got = resolve("اشتباكات عنيفة", None, lexicon)
    assert got.value is None and got.precision == "unknown"


def test_a_year_on_its_own_dates_an_earlier_act_as_background(tmp_path, monkeypatch):
    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path))
    text = "وكانت طائرات إسرائيلية قد قصفت في 2007 منشأة قرب مدينة دير الزور وقتلت عشرة أشخاص."
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, published=date(2018, 3, 21)))
    assert events and all(e.background and e.event_date == date(2007, 1, 1) and e.date_precision == "year"
                          for e in events)


def test_a_date_after_since_does_not_date_the_acts_that_follow():
    from sijill.pipeline import Pipeline
    text = ("وبذلك يرتفع عدد قتلى القوات الموالية للنظام إلى 179 منذ 22 أيار/مايو الفائت. "
            "وقتل 45 مسلحا مواليا للنظام جراء هجمات شنها التنظيم على قرى في ريف دير الزور.")
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2018, 6, 7)))
    assert events and all(e.event_date != date(2018, 5, 22) for e in events)


def test_a_season_and_a_year_date_an_act_to_that_year():
    from sijill.pipeline import Pipeline
    text = "وسيطر تنظيم داعش على مجمل محافظة دير الزور في صيف 2014 بما فيها مدينة البوكمال."
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2015, 7, 30)))
    assert [(e.event_date, e.date_precision, e.background) for e in events] == [(date(2014, 1, 1), "year", True)]



def test_an_old_date_holds_its_paragraph_and_no_further():
    """A timeline: the old date of a line dates the sentences after it in that line (here the
    strike it tells), not the news of the next paragraph."""
    from sijill.pipeline import Pipeline
    text = ("27 أبريل: اتهمت دمشق إسرائيل بقصف موقع عسكري قرب مطار دمشق الدولي. "
            "وقال المرصد السوري لحقوق الإنسان إن القصف استهدف مستودع أسلحة قرب مطار دمشق الدولي.\n"
            "وقتل 5 مدنيين في قصف على بلدة اللطامنة في ريف حماة.")
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2018, 4, 10)))
    news = [e for e in events if e.location and e.location.surface == "اللطامنة"]
    assert [(e.event_date, e.background) for e in news] == [(date(2018, 4, 10), False)]
    # the strike of the timeline is dated to its line (or, a noun long ago, left out): never to today
    assert all(e.event_date == date(2017, 4, 27) and e.background for e in events if e not in news)


@pytest.mark.parametrize("text,published,expected,background", [
    # a month range with "of last year"
    ("وسيطرت قسد على مدينة الرقة من يونيو إلى أكتوبر من العام الماضي بعد معارك مع داعش.",
     date(2018, 6, 5), date(2017, 6, 1), True),
    # the time of a relative clause the act is not in dates that clause, not the act
    ("وفي خرق لهدنة الجنوب السوري التي تم الاتفاق عليها في تموز يوليو 2017، ضمن اتفاق دولي، "
     "قصفت قوات النظام عددا من البلدات في درعا.", date(2018, 3, 19), date(2018, 3, 19), False),
    # ... but a relative clause on the act itself dates it
    ("وقتل 5 مدنيين في القصف الذي استهدف بلدة اللطامنة أمس.", date(2018, 3, 19), date(2018, 3, 18), False),
])
def test_ranges_and_relative_clauses(text, published, expected, background):
    from sijill.pipeline import Pipeline
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=published))
    assert [(e.event_date, e.background) for e in events] == [(expected, background)]


def test_a_vague_date_of_one_act_does_not_date_the_acts_after_it():
    """"بعد اخفاق هجوم ضخم شنه الشهر الماضي": last month dates that attack; the shelling told in the
    next sentence, with no date of its own, is the report's (publication week), not last month."""
    from sijill.pipeline import Pipeline
    text = ("وواصل التنظيم شن هجمات داخل مدينة الحسكة بعد اخفاق هجوم ضخم شنه الشهر الماضي. "
            "وقصفت قوات النظام بلدة اللطامنة بالبراميل المتفجرة.")
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2015, 7, 21)))
    shelling = [e for e in events if e.location and e.location.surface == "اللطامنة"]
    assert [(e.event_date, e.date_precision) for e in shelling] == [(date(2015, 7, 21), "week")]


@pytest.mark.parametrize("text,place,expected", [
    # "X أمس، وقصفت ... صباح اليوم": a comma and "و" open the next act's clause, and its own date
    # (after it) dates it, not the nearer date that ends the clause before
    ("سيطرت فصائل المعارضة على قرية تل مرديخ أمس، وقصفت الطائرات الحربية مدينة سراقب صباح اليوم.",
     "سراقب", date(2018, 6, 13)),
    ("اندلعت اشتباكات عنيفة في مدينة درعا يوم الاثنين، واستهدفت غارات جوية بلدة نوى مساء الثلاثاء.",
     "نوى", date(2018, 6, 12)),
    ("اعتقلت قوات الأمن ثلاثة شبان في مدينة حمص الأحد، وانفجرت عبوة ناسفة في مدينة تدمر اليوم.",
     "تدمر", date(2018, 6, 13)),
])
def test_an_act_after_a_comma_and_wa_takes_the_date_of_its_own_clause(text, place, expected):
    from sijill.pipeline import Pipeline
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2018, 6, 13)))
    assert [e.event_date for e in events if e.location and e.location.surface == place] == [expected]
    # the act of the first clause keeps its own date
    assert all(e.event_date < expected for e in events if e.location and e.location.surface != place)
