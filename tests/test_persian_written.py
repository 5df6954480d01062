"""The Persian posts the project wrote (src/sijill/learn/train/written/): well formed, coded with
the knowledge base's own actors and the codebook's types, and read by `sijill train` as a set the
shipped model may learn from."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest

from sijill.learn.train.corpora import WRITTEN, read_corpora
from tests.written_sets import check_gold, lines, seed_page

POSTS = WRITTEN / "persian_posts.jsonl"
GOLD = WRITTEN / "persian_gold.jsonl"


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return lines(POSTS)


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return lines(GOLD)


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


def test_every_gold_event_is_of_a_post_and_coded_with_known_types_and_actors(posts):
    check_gold(GOLD, posts)


def test_about_half_of_the_posts_report_an_event_and_the_others_none(posts, gold):
    with_event = {g["doc"] for g in gold if g["required"]}
    assert 0.4 <= len(with_event) / len(posts) <= 0.6


def _persian_dev(root):
    folder = root / "eval" / "persian-dev"
    folder.mkdir(parents=True)
    post = {"id": "p1", "text": "منابع محلی از انفجار یک بمب در شهر حلب خبر دادند.", "published": "2026-03-10",
            "language": "fa"}
    (folder / "docs.jsonl").write_text(json.dumps(post, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "gold.jsonl").write_text("", encoding="utf-8")


def test_train_reads_the_written_posts_beside_the_reference_pages_for_the_persian_models(tmp_path, posts, gold):
    seed_page(tmp_path)
    _persian_dev(tmp_path)
    found, missing = read_corpora(tmp_path)
    assert [c.name for c in found] == ["seeds", "persian", "persian_written", "arabic_written"]
    assert not any(note.startswith("persian_written") for note in missing)
    written = found[2]
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
