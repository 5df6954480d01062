"""The Persian posts the project wrote (src/sijill/learn/train/written/): well formed, coded with
the knowledge base's own actors and the codebook's types, and read by `sijill train` as a set the
shipped model may learn from."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest

from sijill.evaluate import read_gold_events
from sijill.evaluate.records import PRECISIONS
from sijill.export.codebook import EVENT_TYPES
from sijill.knowledge.actors import load_actors
from sijill.learn.train.corpora import WRITTEN, read_corpora

POSTS = WRITTEN / "persian_posts.jsonl"
GOLD = WRITTEN / "persian_gold.jsonl"


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return _lines(POSTS)


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return _lines(GOLD)


def test_the_folder_says_what_it_holds_and_under_which_licence():
    readme = (WRITTEN / "README.md").read_text(encoding="utf-8")
    assert "written by the sijill project" in readme and "MIT" in readme


def test_every_post_is_a_persian_document_with_its_own_id(posts):
    assert len(posts) >= 100
    ids = [p["id"] for p in posts]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for p in posts:
        assert set(p) == {"id", "text", "published", "outlet", "language"}, p["id"]
        assert re.fullmatch(r"fa-written-\d{3}", p["id"]) and p["language"] == "fa"
        assert p["text"].strip() and p["outlet"].strip()
        date.fromisoformat(p["published"])


def test_the_posts_are_written_with_persian_letters(posts):
    for p in posts:
        # Persian ی and ک, never the Arabic ي and ك; ZWNJ only between letters, never doubled
        assert not re.search("[يك]", p["text"]), p["id"]
        assert "\u200c\u200c" not in p["text"] and not re.search("(^|\\s)\u200c|\u200c($|\\s)", p["text"]), p["id"]


def test_the_posts_are_mostly_after_the_fall_of_the_old_government_with_some_before(posts):
    years = Counter(date.fromisoformat(p["published"]) >= date(2024, 12, 8) for p in posts)
    assert years[True] > years[False] >= 15


def test_the_gold_reads_as_the_referee_reads_it(gold):
    events = read_gold_events(str(GOLD))
    assert len(events) == len(gold)
    ids = [g.id for g in events]
    assert len(set(ids)) == len(ids)


def test_every_gold_event_is_of_a_post_and_coded_with_known_types_and_actors(posts, gold):
    published = {p["id"]: date.fromisoformat(p["published"]) for p in posts}
    actors = load_actors()
    for g in gold:
        assert g["doc"] in published, g["id"]
        assert g["id"].startswith(g["doc"] + "#")
        assert g["event_type"] in EVENT_TYPES, g["id"]
        assert g["sub_event_type"] and all(s in EVENT_TYPES[g["event_type"]] for s in g["sub_event_type"]), g["id"]
        assert g["date_precision"] and all(p in PRECISIONS for p in g["date_precision"]), g["id"]
        when = date.fromisoformat(g["date"])
        assert when <= published[g["doc"]], g["id"]
        for role in ("actor1", "actor2"):
            for actor_id in g[role]:
                actor = actors.get(actor_id)
                assert actor is not None, f"{g['id']}: unknown actor {actor_id}"
                assert actor.period.covers(when), f"{g['id']}: {actor_id} did not exist on {when}"
        assert g["actor1"] or g["actor2"] or not g["required"], g["id"]
        assert g["location"] and all(isinstance(n, str) and n.strip() for n in g["location"]), g["id"]
        assert g["fatalities"] is None or (isinstance(g["fatalities"], int) and g["fatalities"] >= 0)
        assert g["note"].strip(), g["id"]


def test_about_half_of_the_posts_report_an_event_and_the_others_none(posts, gold):
    with_event = {g["doc"] for g in gold if g["required"]}
    assert 0.4 <= len(with_event) / len(posts) <= 0.6


def test_the_state_forces_are_named_for_their_day(gold):
    # after 8 December 2024 the Syrian state's forces are SYR_TRANS_GOV (General Security under
    # it), and SYR_GOV before: the written gold never mixes them up
    for g in gold:
        after = date.fromisoformat(g["date"]) >= date(2024, 12, 8)
        ids = set(g["actor1"]) | set(g["actor2"])
        assert not (after and "SYR_GOV" in ids) and not (not after and ids & {"SYR_TRANS_GOV", "SYR_GEN_SECURITY"})


def _seed_page(root):
    folder = root / "eval" / "seeds"
    folder.mkdir(parents=True)
    (folder / "s1.txt").write_text("قتل ثلاثة مدنيين في غارة جوية على بلدة الشحيل امس.", encoding="utf-8")
    doc = {"doc": "s1", "file": "s1.txt", "language": "ar", "published": "2018-04-30", "outlet": None}
    (folder / "documents.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    gold = {"doc": "s1", "id": "s1-a", "event_type": "Explosions/Remote violence", "sub_event_type": ["Air/drone strike"],
            "actor1": [], "actor2": ["CIVILIANS"], "location": "الشحيل", "date": "2018-04-29",
            "date_precision": ["day"], "fatalities": 3}
    (folder / "events.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")


def _persian_dev(root):
    folder = root / "eval" / "persian-dev"
    folder.mkdir(parents=True)
    post = {"id": "p1", "text": "منابع محلی از انفجار یک بمب در شهر حلب خبر دادند.", "published": "2026-03-10",
            "language": "fa"}
    (folder / "docs.jsonl").write_text(json.dumps(post, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "gold.jsonl").write_text("", encoding="utf-8")


def test_train_reads_the_written_posts_beside_the_reference_pages_for_the_persian_models(tmp_path, posts, gold):
    _seed_page(tmp_path)
    _persian_dev(tmp_path)
    found, missing = read_corpora(tmp_path)
    assert [c.name for c in found] == ["seeds", "persian", "persian_written"]
    assert not any(note.startswith("persian_written") for note in missing)
    written = found[-1]
    assert written.scoring == "events"
    assert [d.id for d in written.documents] == [p["id"] for p in posts]
    assert len(written.gold_events) == len(gold)
    # they teach the models of Persian documents (learn/data/fa/), never those of Arabic ones
    assert written.teaches == "fa"
    assert all(not written.shippable(d.id) and written.may_train_folds(d.id) for d in written.documents)
    assert all(d.language == "fa" and d.published for d in written.documents)
    # the reference Persian posts stay a set of their own, for evaluation only
    persian = found[1]
    assert not persian.shippable("p1") and [d.id for d in persian.documents] == ["p1"]


def test_without_shippable_pages_the_written_posts_stay_out_with_a_note(tmp_path):
    # alone beside labelled sentences or unshippable posts, they would choose the threshold of
    # every page by themselves
    _persian_dev(tmp_path)
    found, missing = read_corpora(tmp_path)
    assert [c.name for c in found] == ["persian"]
    assert any(note.startswith("persian_written: left out") for note in missing)


def test_a_folder_without_reference_data_is_still_no_training_data(tmp_path):
    found, _ = read_corpora(tmp_path)
    assert found == []
