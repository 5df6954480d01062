"""Every gold place name of the five seed reports is found and resolved: with the shared OCHA
gazetteer imported, to a place of that name and, among namesakes, the one of the report's area;
with only the built-in list, the governorates and big towns still resolve.

Skipped when ../shared (seeds, gazetteer) is absent; nothing of it is copied here."""
from __future__ import annotations

import json
import re
import unicodedata

import pytest

from sijill.extract.places import PlaceFinder
from sijill.knowledge.gazetteer import load_gazetteer
from sijill.knowledge.gazetteer_import import import_gazetteer
from sijill.model import Options
from sijill.resolve.places import resolve_places
from sijill.text.normalize import normalize
from tests.shared_data import GAZETTEER, SEEDS, needs_gazetteer, needs_seeds

# Where each gold place lies: the governorate its Place must be in.
GOVERNORATE = {"ذيبان": "SY09", "العزبة": "SY09", "البصيرة": "SY09", "الطيانة": "SY09", "جديد بكارة": "SY09",
               "الصور": "SY09", "عين ديوار": "SY08", "الباغوز": "SY09", "سويدان جزيرة": "SY09", "الطوب": "SY09",
               "الجنينة": "SY09", "الجيعة": "SY09", "شقرا": "SY09", "العليان": "SY09", "الموحسن": "SY09",
               "دير الزور": "SY09", "ادلب": "SY07", "حلب": "SY02", "حماة": "SY05", "الحسكة": "SY08",
               "السخنة": "SY04", "مراط": "SY09"}
BIG = {"دير الزور", "ادلب", "حلب", "حماة", "الحسكة", "السخنة"}


def place_key(name):
    """Spelling-blind key of a name, as the referee compares them (article and letters folded)."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub("[\u064B-\u065F\u0670\u0640\u200c]", "", s)
    s = s.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي",
                                   "ئ": "ي", "ک": "ك", "ؤ": "و"}))
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in re.findall(r"\w+", s)]
    return "".join(words)


def gold_places():
    """(document id, gold place name) for every place of the seeds' gold events."""
    seen = []
    for line in (SEEDS / "events.jsonl").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        names = event.get("location") or []
        for name in names if isinstance(names, list) else [names]:
            if (event["doc"], name) not in seen:
                seen.append((event["doc"], name))
    return seen


def seed_text(doc):
    files = {json.loads(l)["doc"]: json.loads(l)["file"]
             for l in (SEEDS / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    return (SEEDS / files[doc]).read_text(encoding="utf-8")


def resolve_seed(pair, doc):
    gaz, finder = pair
    text = seed_text(doc)
    mentions = finder.find(text, normalize(text))
    places = resolve_places(mentions, gaz)
    return [(m, places[i]) for i, m in enumerate(mentions)]


def matching(resolved, name):
    """The mentions of this gold name (by their words), else those whose place the referee
    would take for it (a gold governorate named by "ریف حلب" matches its admin1 name)."""
    key = place_key(name)
    named = [(m, p) for m, p in resolved if place_key(m.text) == key or place_key(p.name_ar) == key]
    return named or [(m, p) for m, p in resolved
                     if key in {place_key(x) for x in (p.admin1_ar, p.admin2_ar, p.admin3_ar) if x}]


@pytest.fixture(scope="module")
def ocha(tmp_path_factory):
    if not (GAZETTEER / "syria_communities.csv").exists():
        pytest.skip("reference gazetteer ../shared/gazetteer is absent")
    db = tmp_path_factory.mktemp("ocha") / "gazetteer.sqlite"
    import_gazetteer(GAZETTEER, db)
    gaz = load_gazetteer(Options(gazetteer_path=str(db)))
    return gaz, PlaceFinder(gaz)



def _gold_params():
    return gold_places() if (SEEDS / "events.jsonl").exists() else []


@needs_seeds
@needs_gazetteer
@pytest.mark.parametrize("doc,name", _gold_params(), ids=lambda x: x[:3] if x.isascii() else x)
def test_every_gold_place_resolves_with_the_ocha_gazetteer(ocha, doc, name):
    found = matching(resolve_seed(ocha, doc), name)
    assert found, f"{name} not found in {doc}"
    for m, p in found:
        assert p.admin1_pcode == GOVERNORATE[name], (m.text, p)
        assert p.lat is not None and p.reason


@needs_seeds
@needs_gazetteer
def test_jneineh_of_a_deir_ez_zor_report_is_the_deir_ez_zor_one(ocha):
    found = matching(resolve_seed(ocha, "004_37e3387fab889331"), "الجنينة")
    assert found and {p.id for _, p in found} == {"C5084"}
    assert all(p.name == "Jneineh" and p.admin2_ar == "مركز دير الزور" for _, p in found)


@needs_seeds
@needs_gazetteer
def test_shaqra_of_a_deir_ez_zor_report_is_never_placed_in_daraa(ocha):
    found = matching(resolve_seed(ocha, "004_37e3387fab889331"), "شقرا")
    assert found
    for m, p in found:
        assert p.admin1_pcode == "SY09" and p.id != "C6099" and p.surface == "شقرا"
        assert p.geo_precision in (2, 3) and "not in the gazetteer" in p.reason


@needs_seeds
@needs_gazetteer
def test_thiban_of_the_persian_report_is_the_deir_ez_zor_one(ocha):
    found = matching(resolve_seed(ocha, "000_75287af7dcb96f78"), "ذيبان")
    assert {p.id for _, p in found} == {"C5202"}


@needs_seeds
@pytest.mark.parametrize("name", sorted(BIG))
def test_with_only_the_built_in_list_governorates_and_big_towns_resolve(builtin, name):
    docs = [d for d, n in gold_places() if n == name]
    found = [hit for d in docs for hit in matching(resolve_seed(builtin, d), name)]
    assert found, f"{name} not found with the built-in list"
    assert all(p.admin1_pcode == GOVERNORATE[name] for _, p in found)
