"""Constructions that decide whether a sentence reports an act (extract/status.py, extract/mentions.py,
the lexicon and cue tables): charges, tallies, lists of crimes, relative clauses, demonstratives,
weapons launched at a target, crowds counted, idioms and accidents. Short invented sentences in the
style of the news the rules were read from, one construction each."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.extract import find_mentions
from sijill.model import Document, Options
from sijill.pipeline import Pipeline
from sijill.text import analyse
from tests.status_helpers import UNREST, VIOLENT, flagged


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(rules_only=True))


@pytest.mark.parametrize("text", [
    # a weapon launched at a target, with words between the verb and the weapon
    "وأطلقت طائرة بدون طيار فجر أمس عدة صواريخ على منزل في القرية.",
    "وقال شهود إن الطائرات أطلقت صباح امس خمسة صواريخ على الموقع.",
    # a count right after a weekday is a count, not a day of the month
    "وقال المتحدث: فقدنا امس (الاثنين) خمسة من جنودنا في انفجار عبوة ناسفة.",
    # deaths told by a finite verb before a relative clause are news
    "وقال المتحدث إن 11 مدنيا قتلوا في التفجير الانتحاري الذي وقع في البلدة.",
    # a noun with "was carried out" right after it
    "وقال شهود إن الهجوم بالقنبلة نفذ ضد عناصر من العشائر في منطقتهم.",
    "وقالت الوزارة في بيان إن الهجوم نفذه انتحاري يدعى محمد في سوق المدينة.",
    # hostages taken, counted
    "واحتجزت الجماعة 68 رهينة من الأجانب في فندقين وسط العاصمة.",
    # field executions
    "ونفذت القوات إعدامات ميدانية بحق 12 مدنيا في القرية أمس.",
    # "الأمر الذي أدى الى": the outcome of the act just told, not a relative clause
    "وأطلقت طائرة صاروخا على مجموعة من المقاتلين، الأمر الذي ادى الى مقتل احدهم أمس.",
    # crucifixion
    "وقال المرصد إن تنظيم داعش صلب اليوم الاربعاء في مدينة الميادين اربعة اشخاص.",
    # the verb of taking with its subject and a time between it and على
    "وسيطرت قوات النظام امس على قرية الجنينة في ريف دير الزور.",
])
def test_reported_assault(pipeline, text):
    assert flagged(pipeline, text, VIOLENT)


@pytest.mark.parametrize("text", [
    # a charge governs the act it names, however the charge is worded
    "وقررت النيابة أول من أمس حبس المتهم بقتل الفتاتين في الفيلا بحي الشيخ زايد.",
    "وجاءت التصريحات ردا على اتهامات وجهها التيار للشرطة، بقتل طفلين وتعذيبهما قبل اسبوعين في البلدة.",
    "وقال المحامي إن موكله متهم بمحاولة قتل جنود في يوليو الماضي.",
    "وأكد البيان مزاعم تعرض المعتقل للتعذيب في السجن.",
    # a tally since a point in time that is not today
    "وقتل 76 صحافيا منذ الغزو، وخطف 12 آخرون منذ عام 2004.",
    "وأفاد المرصد بأن طائرات التحالف قتلت 3042 من عناصر التنظيم خلال 10 أشهر.",
    "وشن الطيران خلال تسعة اشهر 26350 غارة على المدن السورية.",
    "وقال المرصد إن 173 مدنيا قتلوا وأصيب العشرات جراء الغارات خلال هذه الفترة.",
    # a share is a statistic
    "وبحسب التقرير فإن 14 بالمئة من الغارات استهدفت مواقع التنظيم في دير الزور.",
    # acts joined by أو are a choice
    "وأوضح المتحدث أن المهمة كانت تتمثل بقتل أو إلقاء القبض على القيادي في ريف حلب امس.",
    # a verb with the pronoun of the bare place noun before it describes the place
    "وتحدث عن إجلاء الآلاف من مناطق سيطرت عليها القوات الحكومية إلى إدلب امس.",
    # the dead with the article are the dead of an act told before
    "وقال المرصد امس إن غالبية القتلى من الجنسية السورية، وبينهم ثمانية من الأطفال.",
    # "prevailed", not "took"
    "وسيطر الهدوء الحذر على المدينة امس بعد أيام من التوتر.",
    # kinds of crime listed
    "وتنتظرهم قائمة طويلة من الاتهامات منها القتل والتعذيب والاغتصاب والتشريد في الإقليم.",
    "وتتهم المنظمات الميليشيا بارتكاب أعمال اغتصاب ونهب وقتل في القرى.",
    # people named, not acts: a former hostage, the bomber, the death penalty
    "ووصلت الرهينة السابقة امس الى المطار على متن طائرة رئاسية قادمة من العاصمة.",
    "وأشاد المصدر بالكشف عن خلية الانتحاري الذي فجر نفسه في 11 مارس الماضي.",
    "وتضمن القانون الجديد عقوبة الإعدام للمدانين في قضايا المخدرات.",
    # a car bomb found and defused did not explode
    "وفككت قوات الأمن أمس سيارة مفخخة في منطقة قريبة من السفارة في العاصمة.",
    # alternatives and the subjunctive do not report
    "ووصفت الشرطة الوفاة بأنها غامضة، وهي إما أنه قتل أو انتحر أو سقط من الشرفة.",
    "وتأخذ الحكومة في حساباتها أن يتم قصف المدن بالصواريخ.",
    # dawn before a day word, and killing in general
    "وتعمق الخلاف حول إعدام الرجل، الذي شنق فجر السبت، ورأوا القتل فيه قرارا مهينا.",
    # a verb right after a noun shares its status: here the background of other news
    "واتهمت الوزارة الحركة بخلق الفوضى، وذلك بعد قليل من انفجارين استهدفا منزل قيادي في المدينة.",
    # a purpose with ل before the noun of killing
    "وقال الباحث إن التنظيم يستعمل أسلوب القوة العمياء لقتل أكبر عدد ممكن من الناس.",
    # rates and spans of years
    "وتراوح عدد التفجيرات بين 30 و130 تفجيرا شهرياً في العاصمة خلال عام 2007.",
    # necessity, the future after the act, blame, a question without its mark
    "ونصت الخطة على ضرورة اسقاط الحكومة واغتيال عدد من قادة المعارضة.",
    "وحذر النائب من تفجيرات ستحصل في البلاد قبل الانتخابات.",
    "والثلاثة متهمون بمساعدته في منتصف 1999 على الإعداد لتفجيرات في المدينة.",
    "لكن هل هو حقا وراء اغتيال مئات الكوادر الحزبية في العاصمة.",
    # an accident, an idiom, an anti-torture body, control of a situation
    "وأشار المركز الى مقتل شخصين جراء انفجار اسطوانة غاز في أحد الأنفاق قبل يومين.",
    "وحذرت الكتائب من تفجير الوضع في المدينة قبل الاجتماع.",
    "وفي الهند حيث قتل 16 الف شخص في كارثة تسونامي في 2004، تجمع الصيادون على الشواطئ.",
    "وجاء الحكم بمبادرة من اللجنة العامة لمكافحة التعذيب في العاصمة عام 2002.",
    "وأكد الوزير أن الحكومة استعادت السيطرة على الأوضاع في البلاد بعد أسبوع من الاضطرابات.",
    # a relative clause makes the act background when no finite verb told the deaths
    "وكرمت قيادة الجيش أمس الشهداء الذين سقطوا في التفجير الذي وقع اول من امس في المدينة.",
    # an act told by a verb in a relative clause is known, not the news
    "وتواصل البحث عن الفارين الذين نفذوا يوم الاثنين هجوماً ضد سياح في المدينة.",
    # an act after a demonstrative was told before
    "وكشفت المعلومات أن الخلية كانت على صلة بذلك الهجوم الانتحاري على المعسكر في المدينة.",
    # strikes counted in the thousands are a tally
    "في حين وثق المرصد تنفيذ طائرات النظام الحربية ما لا يقل عن 12053 غارة على عدة مناطق في محافظة حلب.",
    # "at the core of", and steel
    "وهذا في صلب الموضوع الذي ناقشه الوزير أمس في دمشق مع 3 من نوابه.",
    "وارتفعت أسعار الحديد الصلب في دمشق أمس بنسبة 3 بالمئة.",
    # acts repeated since last year are a trend
    "وينفذ سلاح الجو العراقي ضربات جوية عدة ضد داعش في سوريا منذ العام الماضي بموافقة النظام السوري.",
    # thousands dead are a tally of many acts
    "ولفت إلى مقتل 2927 على الأقل من تنظيم داعش جراء غارات التحالف الدولي على تجمعات التنظيم في محافظة حلب.",
    # a priority is a plan
    "شدد الرئيس في مقابلة نشرت الخميس على أن الأولوية الحالية للنظام هي استعادة السيطرة على محافظة إدلب.",
    # a guess at who did it
    "وقال مصدر إنه من المرجح أن يكون الجهاز هو من أقدم على اغتيال العالم.",
])
def test_not_a_reported_assault(pipeline, text):
    assert not flagged(pipeline, text, VIOLENT)


@pytest.mark.parametrize("text", [
    "واندلعت مظاهرات شعبية قرب مبنى البرلمان وطالب المتظاهرون الحكومة بالتنحي.",   # broke out
    "ورشق مئات المتظاهرين قوات الأمن بالحجارة والزجاجات الفارغة في شوارع المدينة.",  # verb before subject
    "وكان 1000 لاجئ قد احتشدوا خارج مقر الأمم المتحدة للتعبير عن تضامنهم.",        # a counted crowd
    "وكان الآلاف قد خرجوا في مسيرات في العاصمة قبل اعلان نتائج التصويت.",
    "وتجمع عدد من أنصار الحزب بعد الظهر في الساحة معلنين رفضهم لترشيح الوزير.",
    "وفي المدينة ردد اكثر من الف شخص «الموت للاحتلال» امام المسجد بعد صلاة الجمعة امس.",
    "ومع ساعات بعد الظهر، ارتفعت حدة الاحتجاجات في المدينة.",                     # protests growing
    "وذكرت الوكالة قيام مجموعة من المتظاهرين أمس بالتجمع أمام مقر السفارة.",        # قيام ... بالتجمع
    "وأضرم شاب النار في نفسه أمام مقر البلدية أمس.",                                 # self-immolation
    "وأحرق المتظاهرون على الاقل 17 سيارة ومباني الضرائب في المدينة.",                # a riot
    # the protesters of a crowd verb with a place named by its kind, not in any gazetteer
    "وتجمع المتظاهرون من فلسطينيين ودعاة سلام في قرية بلعين احياء لذكرى الكفاح الشعبي.",
    # a number of people, counted as the crowd of the verb
    "وذكر شهود عيان ان عددا من الشبان اغلقوا الطريق امام السيارات احتجاجا على اعتقال ذويهم في المدينة.",
    # protests over several cities; what a crowd's anger turned into
    "وتحولت الاحتجاجات الى حالة من التشنج، واحتجاجات في عدد من المدن والبلدات، بدأت مع تحرك مناصري الحزب أمس.",
    "وتحدثت الصحيفة عن غضب الشارع في المدينة الذي تحول الى تظاهرات عنيفة مع إشعال الاطارات في الطرق.",
    # a place that "is witnessing" violence between two crowds
    "وبدأت المدينة تشهد أحداث عنف، بين أنصار الحزب وأنصار الحكومة.",
    # did not shrink from it: it was done
    "ومن أجل ذلك، لم يتورع أحد الشباب عن احراق نفسه احتجاجاً على الظلم.",
])
def test_reported_protest(pipeline, text):
    assert flagged(pipeline, text, UNREST)


@pytest.mark.parametrize("text", [
    "وأغلقت شرطة مكافحة الشغب الطرق المؤدية الى الساحة أمس.",                        # riot police
    "واعتبرت المنظمة القبض عليهم يوم الأحد انتهاكا للحق في التظاهر السلمي.",          # the right
    "وقال المتحدث باسم حركة الاحتجاج الاجتماعي إن المحكمة أصدرت حكمها أمس.",         # a movement
    "وقالت المنظمة إنهم اعتقلوا في فبراير إثر التخطيط لتنظيم مظاهرة في الذكرى.",       # a plan
    "ويقول المؤرخون إن بعضهم اعتنق الإسلام احتجاجا على هذه الحروب.",                 # a motive
    "وسقط منهم عشرات الآلاف من القتلى، واعتنق بعضهم الإسلام احتجاجا على الحروب.",     # deaths wake no protest
    "وتحدث التقرير عن تزايد الجريمة وشغب الملاعب والسطو المسلح في البلاد.",            # a kind of disorder
    "وتمكن الجهاديون امس من قطع الطريق بين البوكمال ومدينة دير الزور.",              # an armed side
    "وتجمع القراءات على أن الحكومة ستسقط قبل نهاية العام.",                           # "agree", uncounted
    "وردد الوزير امس تصريحاته السابقة حول الانتخابات.",                                # uncounted
    "وحضر المباراة أكثر من 37 الف متفرج من جمهوره تجمعوا في الاستاد الدولي.",       # an audience
    "وأغلقت الشرطة المواقع المحتمل توجه المتظاهرين إليها في وسط العاصمة.",          # where they might go
    "وطالب بأدلة عن تورط ضباط فرنسيين بطريقة مباشرة، في قتل المتظاهرين في مظاهرات مايو 1945.",  # involvement
    "وأفرج عن 26 من الطلاب وجهت لهم اتهامات بالتجمع وبتهمة اثارة الشغب.",              # charges
    # some of the protesters of a protest told before did one more thing
    "وذكر شهود عيان ان عددا من المتظاهرين اغلقوا الطريق امام السيارات.",
    # the time of their sit-in: one told before
    "ودعوا في نهاية اعتصامهم إلى التجمع مجددا أمام البرلمان عند السادسة من مساء اليوم.",
    # the agencies' background paragraph: a state since years ago
    "وتشهد سوريا منذ أكثر من سبع سنوات نزاعا داميا، بدأ باحتجاجات سلمية قبل أن يتم قمعها بالقوة.",
    # one more thing the protesters of a protest told before did, with no place, time or count
    "وسار المتظاهرون بصمت في الشوارع.",
    "وأحرق المتظاهرون الأعلام الأميركية والإسرائيلية.",
])
def test_not_a_reported_protest(pipeline, text):
    assert not flagged(pipeline, text, UNREST)


@pytest.mark.parametrize("text, sub_type", [
    ("وأحرق المتظاهرون على الاقل 17 سيارة ومباني الضرائب في المدينة أمس.", "Violent demonstration"),
    ("وقالت الاذاعة ان المتظاهرين رشقوا الجيش بالحجارة أمس.", "Violent demonstration"),
    ("وشهدت بيروت أمس تظاهرات عنيفة مع إشعال الاطارات في الطرق.", "Violent demonstration"),
    # violence between crowds of supporters: mob violence
    ("وشهدت المدينة امس أحداث عنف بين أنصار الحزبين.", "Mob violence"),
    # burning a flag or a picture is a sign: still a peaceful protest (ACLED)
    ("وأحرق المتظاهرون الأعلام الأميركية والإسرائيلية أمام السفارة أمس.", "Peaceful protest"),
    ("وأحرق عدد من المتظاهرين صور الرئيس في الساحة أمس.", "Peaceful protest"),
    # self-immolation is a protest, not a riot
    ("وأضرم النار في نفسه أمام مقر البلدية أمس احتجاجا على مصادرة بضاعته.", "Peaceful protest"),
])
def test_riot_or_protest(pipeline, text, sub_type):
    events = [e for e in pipeline.extract(Document(id="t", text=text, language="ar"))
              if e.event_type in UNREST and e.status in ("reported", "claimed")]
    assert events and events[0].sub_event_type == sub_type
    if sub_type == "Violent demonstration":
        assert events[0].event_type == "Riots" and events[0].actor1.id == "RIOTERS"


@pytest.mark.parametrize("text, sub_type, side", [
    ("وتظاهر المئات امس في العاصمة ثم فرقت الشرطة المتظاهرين بالهراوات.", "Protest with intervention", "POLICE_GENERIC"),
    ("وشهدت المدينة امس تظاهرات احتجاجا على الهجوم حيث تدخلت الشرطة وفرقت المتظاهرين.",
     "Protest with intervention", "POLICE_GENERIC"),
    # killed by the fire opened on them: excessive force, and the fighting protested against is no new act
    ("وانتهت مظاهرة عفوية ضد المعارك امس عندما تعرض المتظاهرون لإطلاق النار، مما أدى إلى مقتل اثنين منهم.",
     "Excessive force against protesters", None),
])
def test_protest_broken_up(pipeline, text, sub_type, side):
    events = [e for e in pipeline.extract(Document(id="t", text=text, language="ar"))
              if e.status in ("reported", "claimed")]
    assert [e.event_type for e in events] == ["Protests"]
    assert events[0].sub_event_type == sub_type
    assert side is None or events[0].actor2.id == side
    if sub_type.startswith("Excessive"):
        assert events[0].fatalities == 2


@pytest.mark.parametrize("text", [
    "وقالت الكتائب إن العملية تمت عندما فجر استشهادي نفسه قرب الحاجز أمس.",
    "وفجّر الانتحاري حزامه الناسف وسط السوق صباح أمس.",
])
def test_self_detonation_is_a_suicide_bombing(pipeline, text):
    """"فجر" is also dawn; with the bomber's own body or belt after it, it is the act."""
    events = [e for e in pipeline.extract(Document(id="t", text=text, language="ar", published=date(2020, 3, 4)))
              if e.status in ("reported", "claimed")]
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    assert events[0].event_date == date(2020, 3, 3)


@pytest.mark.parametrize("text, dawn", [
    ("وقال شهود إن القوات اقتحمت القرية وقتلت ثلاثة مدنيين فجر", True),
    ("وقال شهود إن الانتحاري فجر نفسه وسط السوق", False),
])
def test_dawn_or_detonation(pipeline, text, dawn):
    """A weak "فجر" with no bomber's body or belt after it stays a time word (the act's time)."""
    doc = Document(id="t", text=text, language="ar")
    mentions = find_mentions(analyse(doc, pipeline.options), pipeline.knowledge)
    assert any(m.key == "part_of_day" for m in mentions.times) == dawn


@pytest.mark.parametrize("text, sub_type, actor1", [
    # targeting from the air is an air strike
    ("واستهدفت طائرات النظام الحربية بلدة اللطامنة أمس.", "Air/drone strike", "SYR_AIRFORCE"),
    # barrel bombs are dropped from helicopters; "قصف" right after its subject is the verb
    ("وأشار إلى أن الطيران المروحي قصف بالبراميل المتفجرة بلدة اللطامنة أمس.", "Air/drone strike", "SYR_AIRFORCE"),
    ("وقال ناشطون إن الطيران المروحي قصف بلدة اللطامنة.", "Air/drone strike", "SYR_AIRFORCE"),
    # strikes by aircraft named just before them; air strikes as the subject of "targeted"
    ("واستأنفت الطائرات الروسية الضربات في إدلب، الأحد.", "Air/drone strike", "RUS_MIL"),
    ("وقالت قسد إن الضربات الجوية الروسية استهدفت قرية هجين أمس.", "Air/drone strike", "RUS_MIL"),
])
def test_the_weapon_gives_the_sub_type(pipeline, text, sub_type, actor1):
    events = [e for e in pipeline.extract(Document(id="t", text=text, language="ar", published=date(2020, 3, 4)))
              if e.status in ("reported", "claimed")]
    assert [(e.sub_event_type, e.actor1.id) for e in events] == [(sub_type, actor1)]


@pytest.mark.parametrize("text", [
    "الاشتباكات بين مسلحي تنظيم داعش وقوات سوريا الديمقراطية تتواصل قرب مدينة هجين بريف دير الزور.",
    "وتواصلت المواجهات بين قوات المعارضة وتنظيم داعش بالقرب من قرية حربل.",
    "تجدد القصف المدفعي على بلدة اللطامنة.",
])
def test_an_act_that_goes_on_or_breaks_out_again_is_reported(pipeline, text):
    assert flagged(pipeline, text, VIOLENT)
