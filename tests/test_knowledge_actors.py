"""The actor knowledge base: labels resolve to canonical actors, names and affiliations change
with time, partisan labels keep their framing."""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from sijill.knowledge.actors import KINDS, STANCES, Actor, AliasEntry, load_actors
from sijill.knowledge.matcher import TermMatcher
from sijill.text.normalize import normalize
from tests.shared_data import SEEDS, SHARED, needs_seeds

DOCS = Path(__file__).resolve().parents[1] / "docs" / "knowledge.md"
REQUIRED_IDS = ("SYR_GOV", "SYR_NDF", "IRN_MILITIAS", "HEZBOLLAH", "SDF", "DMC", "ARAB_TRIBES", "COALITION",
                "USA_MIL", "RUS_MIL", "TUR_MIL", "ISIS", "HTS", "MAGHAWIR", "ELITE_FORCES", "CIVILIANS",
                "PROTESTERS", "UNIDENTIFIED")


@pytest.fixture(scope="module")
def base():
    return load_actors()


@pytest.fixture(scope="module")
def matcher(base):
    # the extractor's own settings (knowledge/__init__.py)
    return TermMatcher(base.alias_entries(), suffixes=False)


def actors_in(base, matcher, text: str, on: date | None = None) -> dict[str, set[str]]:
    """Matched words -> the ids they stand for, each with its ancestors on `on`."""
    nt = normalize(text)
    out: dict[str, set[str]] = {}
    for m in matcher.find(nt.norm):
        s, e = nt.to_original(m.start, m.end)
        ids = out.setdefault(text[s:e], set())
        for entry in m.values:
            ref = base.ref(entry.actor_id, on=on)
            ids |= {ref.id, *ref.parents}
    return out


# Labels the seed reports use, each in a short invented sentence, with the gold actor and the
# report's date (renamings and affiliations depend on it).
SEED_LABELS = [
    ("ميليشيا أسد", "انسحبت ميليشيا أسد من القرية", "SYR_GOV", date(2020, 1, 31)),
    ("قوات النظام", "تقدمت قوات النظام نحو البلدة", "SYR_GOV", date(2017, 8, 7)),
    ('ميليشيا "قسد"', 'هاجمت ميليشيا "قسد" الحاجز', "SDF", date(2018, 4, 30)),
    ("مزدوران «قسد»", "حمله مزدوران «قسد» به روستا", "SDF", date(2023, 8, 31)),
    ("شبه نظامیان قسد", "درگیری شبه نظامیان قسد با عشایر", "SDF", date(2023, 8, 31)),
    ("شورای نظامی دیرالزور", "فرمانده شورای نظامی دیرالزور بازداشت شد", "DMC", date(2023, 8, 31)),
    ("عشایر", "نیروهای عشایر حمله کردند", "ARAB_TRIBES", date(2023, 8, 31)),
    ("جبهه النصره", "کاروان جبهه النصره وارد شد", "HTS", date(2023, 8, 31)),
    ("هیات تحریر الشام", "گروه هیات تحریر الشام فعال است", "HTS", date(2023, 8, 31)),
    ("نظامیان آمریکایی", "نظامیان آمریکایی نشست برگزار کردند", "USA_MIL", date(2023, 8, 31)),
    ("ارتش ایالات متحده آمریکا", "ارتش ایالات متحده آمریکا هشدار داد", "USA_MIL", date(2023, 8, 31)),
    ("تروریستهای آمریکایی", "تحت اشغال تروریستهای آمریکایی است", "USA_MIL", date(2023, 8, 31)),
    ("داعش", "حمله گروه تروریستی داعش", "ISIS", date(2023, 8, 31)),
    ("داعش", 'خلية تابعة لتنظيم "داعش" في البادية', "ISIS", date(2024, 8, 10)),
    ("طيران التحالف", "قصف طيران التحالف مواقع في الريف", "COALITION", date(2018, 4, 30)),
    ("قوات التحالف الدولي", "نفذت قوات التحالف الدولي عملية إنزال", "COALITION", date(2020, 1, 31)),
    ("القوات الأمريكية", "بدأت القوات الأمريكية ببناء قاعدة", "USA_MIL", date(2020, 1, 31)),
    ("المدرعات الروسية", "قطع الأهالي الطريق أمام المدرعات الروسية", "RUS_MIL", date(2020, 1, 31)),
    ("الجيش التركي", "قصف الجيش التركي قرى الريف", "TUR_MIL", date(2020, 1, 31)),
    ("الدفاع الوطني", 'شارك عناصر ميليشيا "الدفاع الوطني" في الهجوم', "SYR_NDF", date(2018, 4, 30)),
    ("ميليشيات شيعية", "هاجمت ميليشيات شيعية مساندة القرى", "IRN_MILITIAS", date(2018, 4, 30)),
    ("مليشيا الباقر", "شاركت مليشيا الباقر في الهجوم", "IRN_MILITIAS", date(2018, 4, 30)),
    ("الفرقة الرابعة", 'قتل عناصر من ميليشيا "الفرقة الرابعة"', "SYR_GOV", date(2024, 8, 10)),
    ("حزب الله", "عناصر من الميليشيا التابعة لحزب الله", "IRN_MILITIAS", date(2018, 4, 30)),
    ("الشبيحة", "استقدم النظام الشبيحة إلى القرية", "SYR_NDF", date(2018, 4, 30)),
    ("قوات العشائر", "هجوم قوات العشائر على الحواجز", "ARAB_TRIBES", date(2024, 8, 10)),
    ("الميليشيات الإيرانية", "اتهمت قسد الميليشيات الإيرانية بالهجوم", "IRN_MILITIAS", date(2024, 8, 10)),
    ("مخابرات النظام السوري", "اتهمت قسد مخابرات النظام السوري بالوقوف وراء الهجمات", "SYR_GOV", date(2024, 8, 10)),
    ("جيش مغاوير الثورة", "لقاءات مع جيش مغاوير الثورة المدعوم", "MAGHAWIR", date(2017, 8, 7)),
    ("قوات النخبة", "تقود قوات النخبة المعركة", "ELITE_FORCES", date(2017, 8, 7)),
    ("المدنيين", "نزوح قسم كبير من المدنيين", "CIVILIANS", date(2018, 4, 30)),
    ("الأهالي", "بفضل وعي الأهالي", "CIVILIANS", date(2024, 8, 10)),
]


@pytest.mark.parametrize("label,sentence,gold,on", SEED_LABELS, ids=[f"{x[2]}:{x[0]}" for x in SEED_LABELS])
def test_every_seed_label_resolves_to_its_gold_actor(base, matcher, label, sentence, gold, on):
    found = actors_in(base, matcher, sentence, on)
    assert any(gold in ids for words, ids in found.items() if normalize(label).norm in normalize(words).norm
               or normalize(words).norm in normalize(label).norm), f"{label!r} in {sentence!r} gave {found}"


def test_labels_are_found_behind_arabic_proclitics(base, matcher):
    found = actors_in(base, matcher, "تمركز لميليشيا أسد وللنظام وقسد")
    # the match starts after the clitic: the label is the name itself
    assert found == {"ميليشيا أسد": {"SYR_GOV"}, "للنظام": {"SYR_GOV"}, "قسد": {"SDF"}}


def test_required_actors_exist_with_their_kind_and_class(base):
    for actor_id in REQUIRED_IDS:
        actor = base.get(actor_id)
        assert isinstance(actor, Actor) and actor.kind in KINDS and 1 <= actor.inter <= 8, actor_id
    assert base.get("SYR_GOV").name == "Military Forces of Syria (2000-2024)"
    assert base.get("CIVILIANS").inter == 7 and base.get("PROTESTERS").inter == 6
    assert len(base.actors) >= 80


def test_an_unknown_id_is_none_and_its_reference_keeps_the_id(base):
    assert base.get("NO_SUCH_ACTOR") is None and "NO_SUCH_ACTOR" not in base
    assert base.ref("NO_SUCH_ACTOR", label="x").id == "NO_SUCH_ACTOR"


def test_nusra_reported_after_its_renamings_is_hts(base):
    assert base.ref("JN", "جبهة النصرة", on=date(2015, 5, 1)).id == "JN"
    assert base.ref("JN", on=date(2016, 10, 1)).id == "JFS"
    ref = base.ref("JN", "جبهة النصرة", on=date(2020, 3, 1))
    assert (ref.id, ref.name, ref.label, ref.inter) == ("HTS", "HTS: Hayat Tahrir al Sham", "جبهة النصرة", 2)
    assert base.ref("JN", on="2020-03-01").id == "HTS"        # ISO strings are accepted too
    assert base.ref("JN").id == "JN"                          # no date: no renaming


def test_the_deir_ez_zor_council_leaves_sdf_on_2023_08_27(base):
    assert base.ref("DMC", on=date(2023, 8, 1)).parents == ("SDF",)
    assert base.ref("DMC", on=date(2023, 8, 27)).parents == ("SDF",)
    assert base.ref("DMC", on=date(2023, 9, 1)).parents == ()


def test_parents_are_all_enclosing_actors_valid_that_day(base):
    assert base.ref("SYR_4TH_DIV").parents == ("SYR_GOV",)
    assert base.ref("LIWA_BAQIR", on=date(2018, 4, 29)).parents == ("IRN_MILITIAS", "SYR_LDF")
    assert base.ref("FAYLAQ_SHAM", on=date(2020, 1, 1)).parents == ("NFL", "SNA")
    assert base.ref("FAYLAQ_SHAM", on=date(2018, 9, 1)).parents == ("NFL",)
    assert base.lineage("IRN_QUDS_FORCE") == ("IRN_QUDS_FORCE", "IRN_IRGC", "IRN_MIL")
    assert base.lineage("HEZBOLLAH") == ("HEZBOLLAH", "IRN_MILITIAS")
    assert base.ref("YPG", on=date(2014, 1, 1)).parents == ()     # before SDF existed


@pytest.mark.parametrize("label,actor_id,stance", [
    ("ميليشيا أسد", "SYR_GOV", "hostile"),
    ("مزدوران قسد", "SDF", "hostile"),
    ("شبه نظامیان قسد", "SDF", "hostile"),
    ("شبه‌نظامیان قسد", "SDF", "hostile"),
    ("تروریستهای آمریکایی", "USA_MIL", "hostile"),
    ("الشبيحة", "SYR_NDF", "hostile"),
    ("الخوارج", "ISIS", "hostile"),
    ("الجيش العربي السوري", "SYR_GOV", "friendly"),
    ("قوات سوريا الديمقراطية", "SDF", "neutral"),
    ("قسد", "SDF", "neutral"),
    ("لميليشيا قسد", "SDF", "hostile"),       # the label as found, with its proclitic
])
def test_partisan_labels_keep_their_stance(base, label, actor_id, stance):
    assert base.stance_of(label, actor_id) == stance
    assert base.ref(actor_id, label=label).stance == stance


def test_the_syrian_army_after_2024_12_08_is_the_transitional_governments(base):
    before = base.candidates("الجيش السوري", date(2020, 5, 1))
    after = base.candidates("الجيش السوري", date(2025, 1, 15))
    assert [e.actor_id for e in before] == ["SYR_GOV"] and [e.actor_id for e in after] == ["SYR_TRANS_GOV"]
    everyone = base.candidates("الجيش السوري")
    assert base.pick(everyone, on=date(2025, 1, 15)).actor_id == "SYR_TRANS_GOV"
    # the matcher gives one entry for the words; the reference follows the date
    assert base.ref("SYR_GOV", label="الجيش السوري", on=date(2025, 1, 15)).id == "SYR_TRANS_GOV"
    assert base.ref("SYR_TRANS_GOV", label="والجيش السوري", on=date(2019, 1, 15)).id == "SYR_GOV"
    assert base.ref("SYR_GOV", label="قوات النظام", on=date(2025, 1, 15)).id == "SYR_GOV"
    assert base.get("SYR_TRANS_GOV").name == "Military Forces of Syria (2024-)"
    assert base.ref("SYR_GEN_SECURITY", label="الأمن العام", on=date(2025, 2, 1)).parents == ("SYR_TRANS_GOV",)


def test_a_context_rule_tells_namesakes_apart(base):
    entries = base.candidates("جيش الإسلام")
    assert {e.actor_id for e in entries} == {"JAYSH_ISLAM", "GAZA_ARMY_OF_ISLAM"}
    assert base.pick(entries, context=["Palestine"]).actor_id == "GAZA_ARMY_OF_ISLAM"
    assert base.pick(entries, context=["Syria"]).actor_id == "JAYSH_ISLAM"


def test_main_syrian_actors_have_persian_names(base):
    for actor_id in ("SYR_GOV", "SDF", "DMC", "ISIS", "HTS", "JN", "USA_MIL", "TUR_MIL", "RUS_MIL",
                     "HEZBOLLAH", "IRN_IRGC", "ARAB_TRIBES", "CIVILIANS", "COALITION", "SYR_NDF"):
        assert base.aliases_of(actor_id, "fa"), actor_id


def test_generic_agents_of_agency_copy_are_found(base, matcher):
    found = actors_in(base, matcher, "قتل مسلحون مجهولون شرطيين وجنديين، وفجر انتحاري نفسه قرب الطلاب")
    ids = set().union(*found.values())
    assert {"UNIDENTIFIED", "POLICE_GENERIC", "MIL_GENERIC", "SUICIDE_BOMBERS", "STUDENTS"} <= ids
    assert base.ref("GUNMEN_GENERIC").parents == ("UNIDENTIFIED",)
    assert base.ref("PAK_POLICE", label="الشرطة الباكستانية").inter == 1


def test_entries_are_immutable_and_typed(base):
    alias, entry = next(base.alias_entries())
    assert isinstance(alias, str) and isinstance(entry, AliasEntry) and entry.stance in STANCES
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.stance = "hostile"  # type: ignore[misc]
    assert load_actors() is base          # read once per process


def test_the_documented_formats_are_the_files_columns():
    from sijill.knowledge.actors import ACTOR_COLUMNS, ALIAS_COLUMNS
    doc = DOCS.read_text(encoding="utf-8")
    for column in ACTOR_COLUMNS + ALIAS_COLUMNS:
        assert f"`{column}`" in doc, column
    for word in sorted(KINDS) + sorted(STANCES) + ["period", "context:"]:
        assert word in doc, word


# ------------------------------------------------------------------ against ../shared

@pytest.mark.skipif(not (SHARED / "eval" / "actor_ids.tsv").exists(), reason="../shared/eval/actor_ids.tsv is absent")
def test_the_gold_files_actor_ids_are_all_known(base):
    lines = (SHARED / "eval" / "actor_ids.tsv").read_text(encoding="utf-8").splitlines()[1:]
    missing = [line.split("\t")[0] for line in lines if line.strip() and line.split("\t")[0] not in base]
    assert not missing


@needs_seeds
def test_the_seed_reports_name_every_gold_actor_they_code(base, matcher):
    """Each actor a seed's gold events use is named somewhere in that report (PROTESTERS come
    from the event type: no word in the report names them)."""
    docs = {}
    for line in (SEEDS / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs[d["doc"]] = (SEEDS / d["file"], date.fromisoformat(d["published"]))
    wanted: dict[str, set[str]] = {}
    for line in (SEEDS / "events.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        for key in ("actor1", "actor2"):
            wanted.setdefault(e["doc"], set()).update(e.get(key) or ())
    for doc, ids in wanted.items():
        path, published = docs[doc]
        found = set().union(*actors_in(base, matcher, path.read_text(encoding="utf-8"), published).values())
        assert ids - {"PROTESTERS"} <= found, f"{doc}: {sorted(ids - found)} not named"


@pytest.mark.parametrize("text,actor1", [
    ("وقتل اثنان من المقاتلين في ضربات جوية أمريكية شمال شرقي سوريا الأسبوع الماضي.", "USA_MIL"),
    ("وقتل ثلاثة مدنيين في قصف تركي على قرية العريمة امس.", "TUR_MIL"),
    ("وأصيب خمسة أشخاص في غارات روسية على بلدة في ريف إدلب امس.", "RUS_MIL"),
    ("وأسفرت الضربة الأمريكية امس قرب بلدة خشام عن مقتل العشرات.", "USA_MIL"),
])
def test_a_strikers_adjective_after_the_act_names_the_doer(text, actor1):
    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline
    events = Pipeline(Options(rules_only=True)).extract(Document("d", text, language="ar", published=date(2018, 2, 14)))
    assert [e.actor1.id for e in events if e.actor1] == [actor1]


def test_a_strikers_adjective_elsewhere_is_no_actor():
    from sijill.extract import find_mentions
    from sijill.knowledge import load_knowledge
    from sijill.model import Document, Options
    from sijill.text import analyse
    text = "وأعلنت الخارجية الأمريكية أن المحادثات التركية الروسية انتهت امس."
    mentions = find_mentions(analyse(Document("d", text, language="ar"), Options()), load_knowledge())
    assert [m.key for m in mentions.actors if m.key in ("USA_MIL", "TUR_MIL", "RUS_MIL")] == []
