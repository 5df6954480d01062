"""Roles (extract/roles.py): which side acts and which is acted upon, read from Arabic word order
and the usual constructions. Short invented sentences, one construction each."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.model import Document, Options
from sijill.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(rules_only=True))


def roles(pipeline, text: str):
    language = "fa" if any(ch in text for ch in "پگی") else "ar"
    events = pipeline.extract(Document("d", text, language=language, published=date(2018, 4, 30)))
    assert events, text
    e = events[0]
    return (e.actor1.id if e.actor1 else None, e.actor2.id if e.actor2 else None,
            tuple(a.id for a in e.assoc_actor1))


@pytest.mark.parametrize("text,actor1,actor2", [
    # verb, subject, object
    ("قصفت قوات النظام بلدة الشحيل في ريف دير الزور امس.", "SYR_GOV", None),
    # between A and B: the side named first acts
    ("اندلعت اشتباكات عنيفة امس بين قوات سوريا الديمقراطية وقوات النظام في ريف دير الزور.", "SDF", "SYR_GOV"),
    # passive with the doer after من قبل
    ("واستهدفت قرية في ريف منبج امس بقذائف المدفعية من قبل الجيش التركي.", "TUR_MIL", None),
    # ... and the side acted upon named before the doer
    ("پس از دستگیری روز یکشنبه فرمانده گروه مسلح «شورای نظامی دیرالزور» توسط قسد در حومه دیرالزور، درگیریها شدت گرفت.",
     "SDF", "DMC"),
    # the act's noun, a verb of doing with its pronoun, then the doer
    ("وقتل 45 مسلحا مواليا للنظام جراء هجمات شنها تنظيم الدولة الإسلامية على قرى في ريف دير الزور.",
     "ISIS", None),
])
def test_the_doer_is_read_from_the_construction(pipeline, text, actor1, actor2):
    got1, got2, _ = roles(pipeline, text)
    assert got1 == actor1
    if actor2 is not None:
        assert got2 == actor2


def test_an_ally_after_with_the_support_of_is_an_associated_actor(pipeline):
    actor1, _, assoc1 = roles(pipeline, "شنت قسد بدعم جوي من التحالف الدولي هجوما على مواقع التنظيم في قرية سويدان امس.")
    assert actor1 == "SDF" and "COALITION" in assoc1


def test_a_word_inside_the_name_of_an_attack_is_not_a_side(pipeline):
    """"عمليات انتحارية": the suicide attacks are the act, not the side they hit."""
    events = pipeline.extract(Document("d", "وشن تنظيم داعش امس عمليات انتحارية على مواقع قوات النظام في البوكمال.",
                                       language="ar", published=date(2018, 6, 8)))
    assert events and all(e.actor2 is None or e.actor2.id != "SUICIDE_BOMBERS" for e in events)


def test_the_armed_side_named_with_a_protest_intervenes_in_it(pipeline):
    """"فرقت الشرطة مظاهرة": the police act on the protesters; the protest is the event."""
    events = pipeline.extract(Document("d", "وفرقت الشرطة امس بالقوة مظاهرة سلمية في مدينة السويداء.",
                                       language="ar", published=date(2023, 9, 8)))
    protest = next(e for e in events if e.event_type == "Protests")
    assert (protest.sub_event_type, protest.actor1.id, protest.actor2.id) == \
        ("Protest with intervention", "PROTESTERS", "POLICE_GENERIC")
    roles_ = {ev.role: ev.text for ev in protest.sources[0].evidence}
    assert roles_.get("actor2") == "الشرطة" and "actor1" not in roles_



@pytest.mark.parametrize("text,name", [
    ("تظاهر الاف الاسرائيليين مساء امس في تل ابيب احتجاجا على حملة اليمين المتطرف.", "Protesters (Israel)"),
    ("وتظاهر المئات امس في مدينة إدلب احتجاجا على غلاء الأسعار.", "Protesters (Syria)"),
])
def test_crowds_are_named_by_the_country_they_are_in(pipeline, text, name):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 4, 30)))
    assert [e.actor1.name for e in events] == [name]
    assert events[0].actor1.id == "PROTESTERS"


@pytest.mark.parametrize("text,source", [
    # the whole name, up to the act it reports
    ("أفاد المرصد السوري لحقوق الإنسان بمقتل 5 عناصر من قوات النظام في قصف على بلدة اللطامنة أمس.",
     "أفاد المرصد السوري لحقوق الإنسان"),
    # the source ends where what it said begins: إنها, a relative clause, a quotation
    ("وقالت مصادر في المعارضة إنها قصفت مواقع قوات النظام في بلدة اللطامنة أمس.", "قالت مصادر في المعارضة"),
    ("وبحسب المرصد الذي يتخذ من لندن مقرا له، قتل 5 مدنيين في قصف على بلدة اللطامنة أمس.", "بحسب المرصد"),
    # a name in quotes is still the name
    ("وأعلن «المرصد السوري» مقتل 5 مدنيين في قصف على بلدة اللطامنة أمس.", "أعلن المرصد السوري"),
    # the subject before the verb, and not the weekday after it
    ("وكانت وزارة الخارجية الروسية قالت، الثلاثاء، إن 5 جنود قتلوا في اشتباكات في بلدة اللطامنة.",
     "وزارة الخارجية الروسية قالت"),
    # more than the actor named in it
    ("وتقول جماعات حقوقية وسكان محليون إن القوات الكردية اشتبكت مع تنظيم داعش في محافظة الحسكة أمس.",
     "تقول جماعات حقوقية وسكان محليون"),
])
def test_the_source_of_a_claim_is_named_in_its_own_words(pipeline, text, source):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 4, 30)))
    assert events and events[0].status == "claimed"
    assert events[0].claimed_by == source


def test_a_source_not_named_again_is_the_one_named_before(pipeline):
    text = ("قال المرصد السوري لحقوق الإنسان إن 5 مدنيين قتلوا في قصف على بلدة اللطامنة أمس. "
            "وأشار إلى أن الطيران قصف بلدة كفرزيتا بالبراميل المتفجرة أمس.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 4, 30)))
    assert len(events) >= 2 and {e.claimed_by for e in events} == {"قال المرصد السوري لحقوق الإنسان"}


def test_a_place_is_taken_from_the_side_fought_for_it(pipeline):
    text = ("تمكن مسلحو تنظيم داعش، السبت، من استعادة السيطرة على حقل الصيجان النفطي في ريف دير الزور "
            "الشرقي بعد اشتباكات مع قوات سوريا الديمقراطية.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 7, 14)))
    taken = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert [(e.actor1.id, e.actor2.id) for e in taken] == [("ISIS", "SDF")]


@pytest.mark.parametrize("text,published,actor1,assoc1,actor2", [
    # armed men named only by whom they are loyal to are that side's militia
    ("واندلعت اشتباكات بين المسلحين الموالين للنظام وسكان حملوا السلاح من جهة، وعناصر داعش من جهة أخرى في ريف السويداء.",
     date(2018, 7, 25), "PRO_GOV_MILITIA", ("CIVILIANS",), "ISIS"),
    ("وهاجم مسلحون موالون لتركيا مواقع قسد في ريف حلب أمس.", date(2018, 7, 25), "SNA", (), "SDF"),
    # ... loyal to the side just named ("لها"), and after the fall of the government, its remnants
    ("واندلعت اشتباكات بين قوات النظام والمسلحين الموالين لها من جهة، وهيئة تحرير الشام من جهة ثانية في ريف حماة.",
     date(2018, 7, 25), "SYR_GOV", ("PRO_GOV_MILITIA",), "HTS"),
    ("واندلعت اشتباكات بين المسلحين الموالين للنظام وقوات الأمن العام في ريف اللاذقية أمس.",
     date(2025, 3, 7), "SYR_REGIME_REMNANTS", (), "SYR_GEN_SECURITY"),
])
def test_sides_loyal_to_another_and_sides_on_each_hand(pipeline, text, published, actor1, assoc1, actor2):
    events = pipeline.extract(Document("d", text, language="ar", published=published))
    assert events, text
    e = events[0]
    assert (e.actor1.id, tuple(a.id for a in e.assoc_actor1), e.actor2.id) == (actor1, assoc1, actor2)


@pytest.mark.parametrize("text,actor1,actor2", [
    # the side that says so is not the doer of what it says ...
    ("وأوضح الجيش الروسي أن الضربات الجوية استهدفت قرية هجين، وأدت إلى حدوث حرائق.", None, None),
    # ... unless it speaks of itself
    ("وقالت وزارة الدفاع الروسية إن قواتها قصفت مواقع المسلحين في قرية هجين أمس.", "RUS_MIL", "GUNMEN_GENERIC"),
    ("وأعلنت قسد أنها سيطرت على قرية هجين أمس.", "SDF", None),
    # the sides after a place: "تدور في مدينة ... ، بين ..."
    ("قال المرصد إن اشتباكات عنيفة تدور في مدينة البوكمال بمحافظة دير الزور (شمال شرقي سوريا)، "
     "بين تنظيم داعش من جهة وقوات النظام وميليشيات موالية له من جهة أخرى.", "ISIS", "SYR_GOV"),
])
def test_who_speaks_and_who_acts(pipeline, text, actor1, actor2):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 9, 10)))
    assert events, text
    e = events[0]
    assert (e.actor1.id if e.actor1 else None, e.actor2.id if e.actor2 else None) == (actor1, actor2)


def test_the_killed_subject_of_a_passive_is_acted_upon(pipeline):
    text = ("نقلت سكاي نيوز عن متحدث باسم وزارة الدفاع البريطانية قوله اليوم الجمعة، إن جنديا بريطانيا، "
            "قتل في انفجار عبوة ناسفة قرب مدينة منبج.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 3, 30)))
    assert [(e.sub_event_type, e.actor2.id, e.fatalities, e.location.surface) for e in events] == \
        [("Remote explosive/landmine/IED", "GBR_MIL", 1, "منبج")]


@pytest.mark.parametrize("text,actor1,actor2", [
    # the one killed after an active verb is its object, and the killer its subject
    ("وقال المرصد إن مسلحين قتلوا جنديا من قوات النظام قرب منبج أمس.", "GUNMEN_GENERIC", "SYR_GOV"),
    # dead named before "قتلوا في قصف ل": the side of the strike acts
    ("وقال المرصد إن عناصر من داعش قتلوا في قصف للتحالف قرب منبج أمس.", "COALITION", "ISIS"),
    # the genitive after an arrest is the one taken
    ("وأسفرت المواجهات عن مقتل شخص واعتقال رجل وزوجته في بلدة منبج أمس.", None, "CIVILIANS"),
])
def test_killers_killed_and_taken(pipeline, text, actor1, actor2):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 3, 30)))
    e = events[-1]
    assert (e.actor1.id if e.actor1 else None, e.actor2.id if e.actor2 else None) == (actor1, actor2)


def test_mercenaries_named_with_a_side_fight_beside_it(pipeline):
    text = "وفي الزبداني استمرت حملة قوات النظام السوري ومرتزقة حزب الله على المدينة، وقصفت المدينة بعشرات الصواريخ."
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 21)))
    assert [(e.actor1.id, tuple(a.id for a in e.assoc_actor1)) for e in events] == [("SYR_GOV", ("HEZBOLLAH",))]


@pytest.mark.parametrize("text,actor1,actor2,sub_type", [
    # verb, subject, then the dead counted: the subject killed them
    ("وقتل مهاجم انتحاري 47 شخصا في هجوم على سوق في بلدة اللطامنة أمس.", "SUICIDE_BOMBERS", None, "Suicide bomb"),
    # "بنيران": by the fire of
    ("وقتل أحد عناصر الشرطة بنيران مسلحين مجهولين وسط بلدة اللطامنة أمس.", "UNIDENTIFIED", "POLICE_GENERIC", None),
    # whose the drone is, not who it hit
    ("وقالت مصادر إن طائرة بدون طيار تابعة لجيش الاحتلال أطلقت أمس صاروخا على مجموعة من عناصر كتائب القسام "
     "في مدينة غزة.", "ISR_MIL", "HAMAS", None),
    # the unarmed do not abduct
    ("وخطفت الحركة عشرات العاملين الاجانب خلال هجوم على بلدة اللطامنة أمس.", None, "WORKERS", None),
])
def test_doers_in_the_usual_constructions(pipeline, text, actor1, actor2, sub_type):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 3, 30)))
    assert events, text
    e = events[0]
    assert (e.actor1.id if e.actor1 else None) == actor1
    assert actor2 is None or (e.actor2 and e.actor2.id) == actor2
    assert sub_type is None or e.sub_event_type == sub_type


@pytest.mark.parametrize("text,label,assoc", [
    # the crowd in the outlet's words, after the verb and its time
    ("تظاهر الاف الاسرائيليين مساء امس في تل ابيب دفاعا عن الديمقراطية.", "الاف الاسرائيليين", ()),
    ("تظاهر أمس عشرات من أعضاء حزب الغد المصري المعارض أمام مقر البرلمان.", "عشرات من أعضاء حزب الغد", ()),
    # a group protesting as itself: Protesters, the group associated (ACLED)
    ("وتظاهر طلاب جامعة دمشق أمس أمام مبنى الجامعة.", "طلاب جامعة", ("STUDENTS",)),
])
def test_who_protested_in_the_outlets_words(pipeline, text, label, assoc):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2008, 1, 20)))
    assert [(e.actor1.id, e.actor1.label, tuple(a.id for a in e.assoc_actor1)) for e in events] == \
        [("PROTESTERS", label, assoc)]
    ev = [x for x in events[0].sources[0].evidence if x.role == "actor1"]
    assert [text[x.start:x.end] for x in ev] == [label]


@pytest.mark.parametrize("text,actor1,source", [
    # by whom a place is besieged is not who shelled it; "أفادت X بتعرض": the source ends at what it said
    ("وفي محافظة حلب، أفادت شبكة حلب نيوز بتعرض قرى ريف حلب الشرقي المحيطة بمطار كويرس العسكري المحاصر "
     "من قبل تنظيم داعش لقصف عنيف بالبراميل المتفجرة.", None, "أفادت شبكة حلب نيوز"),
    # the whole name of a source of seven words
    ("قتل 54 شخصا على الأقل في غارة جوية قرب بلدة السوسة، وفق ما أعلن المرصد السوري لحقوق الإنسان.",
     None, "وفق ما أعلن المرصد السوري لحقوق الإنسان"),
])
def test_besiegers_and_long_sources(pipeline, text, actor1, source):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 21)))
    assert events and (events[0].actor1.id if events[0].actor1 else None) == actor1
    assert events[0].claimed_by == source


def test_while_sets_two_acts_apart(pipeline):
    text = ("وشهدت مدينة الزبداني بريف دمشق غارات استهدفت المدينة ببراميل متفجرة، في حين تدور معارك عنيفة "
            "في سهل الزبداني بين مقاتلي المعارضة وعناصر ميليشيات حزب الله اللبناني.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 24)))
    assert sorted((e.sub_event_type, e.actor1.id if e.actor1 else None) for e in events) == \
        [("Air/drone strike", None), ("Armed clash", "SYR_OPPOSITION")]


def test_drones_that_shell_strike_from_the_air_and_the_speaker_said_at_length_is_not_the_doer(pipeline):
    text = ("وقال قيادي في التحالف العسكري الذي يدعم الرئيس بشار الأسد لرويترز إن طائرات مسيرة مجهولة "
            "يرجح أنها أميركية قصفت نقاطا للفصائل العراقية قرب البوكمال.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 6, 17)))
    assert [(e.sub_event_type, e.actor1.id if e.actor1 else None) for e in events] == [("Air/drone strike", None)]


def test_officials_named_in_passing_do_not_attack(pipeline):
    text = ("وقتل أكثر من 200 متعاقد يعملون لحساب حكومة الرئيس بشار الأسد في هجوم فاشل على نقطة للقوات "
            "الأمريكية في محافظة دير الزور.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 2, 15)))
    assert events and all(not e.actor1 or e.actor1.id != "OFFICIALS" for e in events)


def test_of_them_were_killed_in_strikes_the_coalition_carries_out(pipeline):
    text = ("أما تنظيم الدولة الإسلامية فقتل منه 58 مسلحا أغلبهم قضوا في الغارات الجوية التي يشنها التحالف "
            "الدولي بقيادة الولايات المتحدة في دير الزور.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 7, 27)))
    assert [(e.sub_event_type, e.actor1.id, e.fatalities) for e in events] == [("Air/drone strike", "COALITION", 58)]


def test_a_side_named_far_after_the_verb_is_not_its_subject(pipeline):
    text = ("ذكر المرصد السوري لحقوق الإنسان، الاثنين، أن انفجارا في شمال سوريا استهدف سيارة عسكرية، على الطريق "
            "من بلدة عين عيسى إلى قاعدة تتمركز فيها بعض قوات التحالف الدولي بقيادة الولايات المتحدة.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 6, 4)))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Remote explosive/landmine/IED", None)]


def test_the_side_that_claims_an_act_did_it(pipeline):
    text = "وتبنى تنظيم داعش تفجير عبوة ناسفة في آليتين جنوبي منطقة التركمان شمال شرقي الرقة أمس."
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 6, 24)))
    assert [(e.sub_event_type, e.actor1.id, e.status, e.claimed_by["id"]) for e in events] == \
        [("Remote explosive/landmine/IED", "ISIS", "claimed", "ISIS")]


def test_barrels_dropped_at_the_same_time_are_their_own_air_strike(pipeline):
    text = ("وفي حلب، اندلعت اشتباكات عنيفة بين قوات المعارضة من جهة، وقوات النظام من جهة أخرى، وقتلت المعارضة "
            "3 جنود، تزامناً مع قصف بالبراميل على قرية حريتان.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 24)))
    strikes = [e for e in events if e.location and e.location.surface == "حريتان"]
    assert [(e.sub_event_type, e.actor1) for e in strikes] == [("Air/drone strike", None)]


def test_also_starts_another_act_and_one_camp_is_no_pair_of_opponents(pipeline):
    text = ("وأشار المرصد إلى أن الطيران المروحي قصف بالبراميل المتفجرة مناطق في بلدة تل الضمان بريف حلب الجنوبي، "
            "كما قصفت قوات النظام بعدد من القذائف مناطق في قرية عبطين بريف حلب الجنوبي.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 22)))
    assert sorted((e.location.surface, e.sub_event_type, e.actor1.id, e.actor2) for e in events) == [
        ("تل الضمان", "Air/drone strike", "SYR_AIRFORCE", None),
        ("عبطين", "Shelling/artillery/missile attack", "SYR_GOV", None)]


@pytest.mark.parametrize("text,actor1", [
    # the regime's air force is the regime: the regime named after the strike is not its target
    ("وألقى الطيران المروحي أمس براميل متفجرة على بلدة اللطامنة التي تحاول قوات النظام اقتحامها.",
     "SYR_AIRFORCE"),
    ("وقصف الطيران الحربي السوري أمس قرية الهبيط لمساندة قوات النظام في هجومها.", "SYR_AIRFORCE"),
])
def test_a_side_does_not_bomb_itself(pipeline, text, actor1):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 4, 30)))
    strikes = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert [(e.actor1.id, e.actor2) for e in strikes] == [(actor1, None)]


def test_a_unit_may_fight_its_parent(pipeline):
    # before the split (DMC a unit of the SDF until 27 August 2023) a clash between them keeps both
    text = "واندلعت اشتباكات بين قوات سوريا الديمقراطية ومجلس دير الزور العسكري في بلدة ذيبان أمس."
    events = pipeline.extract(Document("d", text, language="ar", published=date(2023, 8, 20)))
    assert [(e.event_type, e.actor1.id, e.actor2.id) for e in events] == [("Battles", "SDF", "DMC")]
