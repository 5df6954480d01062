"""The Arabic reports the project wrote (src/sijill/learn/train/written/): well formed, coded with
the knowledge base's own actors and the codebook's types, and read by `sijill train` as a set that
trains every model while the event model's thresholds are still chosen on the reference pages."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from sijill.knowledge.gazetteer import load_gazetteer
from sijill.knowledge.lexicon import read_table
from sijill.learn.train.corpora import WRITTEN, read_corpora
from sijill.learn.train.fit import SetScore, objective
from sijill.text import fold
from tests.written_sets import check_gold, lines, seed_page

REPORTS = WRITTEN / "arabic_reports.jsonl"
GOLD = WRITTEN / "arabic_gold.jsonl"


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    return lines(REPORTS)


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return lines(GOLD)


def test_the_folder_says_what_the_arabic_reports_are_and_under_which_licence():
    readme = (WRITTEN / "README.md").read_text(encoding="utf-8")
    assert "arabic_reports.jsonl" in readme and "arabic_gold.jsonl" in readme and "MIT" in readme


def test_every_report_is_an_arabic_document_with_its_own_id(reports):
    assert len(reports) >= 150
    ids = [r["id"] for r in reports]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for r in reports:
        assert set(r) == {"id", "text", "published", "outlet", "language"}, r["id"]
        assert re.fullmatch(r"ar-written-\d{3}", r["id"]) and r["language"] == "ar"
        assert r["text"].strip() and r["outlet"].strip()
        # Arabic letters: none of the letters only Persian writes
        assert not re.search("[یکپچژگ]", r["text"]), r["id"]
        date.fromisoformat(r["published"])


def test_the_reports_are_of_many_lengths_and_years(reports):
    shapes = Counter(min(r["text"].count("\n") + 1, 3) for r in reports)
    assert shapes[1] >= 20 and shapes[3] >= 60            # flashes, and pages with a headline and paragraphs
    years = Counter(date.fromisoformat(r["published"]).year for r in reports)
    assert len(years) >= 8 and sum(n for y, n in years.items() if 2015 <= y <= 2019) > len(reports) / 2


def test_every_gold_event_is_of_a_report_and_coded_with_known_types_actors_and_places(reports, gold):
    check_gold(GOLD, reports)
    # one name of each place at least is one the built-in gazetteer knows (a village it lacks is
    # listed with the town or area the report ties it to), or abroad a city or country the
    # knowledge base lists
    gazetteer = load_gazetteer()
    abroad = {fold(row["name"]).strip() for _, row in read_table("foreign_places.tsv")}
    for g in gold:
        assert any(gazetteer.lookup(n) or fold(n).strip() in abroad for n in g["location"]), g["id"]


def test_about_half_of_the_reports_tell_an_event_to_code_and_the_others_none(reports, gold):
    with_event = {g["doc"] for g in gold if g["required"]}
    assert 0.4 <= len(with_event) / len(reports) <= 0.7
    assert sum(1 for d, n in Counter(g["doc"] for g in gold if g["required"]).items() if n >= 2) >= 20


def test_train_reads_the_arabic_reports_as_a_set_that_trains_every_model(tmp_path, reports, gold):
    seed_page(tmp_path)
    found, missing = read_corpora(tmp_path)
    assert [c.name for c in found] == ["seeds", "persian_written", "arabic_written"]
    written = found[-1]
    assert written.scoring == "events" and written.teaches is None
    assert [d.id for d in written.documents] == [r["id"] for r in reports]
    assert len(written.gold_events) == len(gold)
    assert all(written.shippable(d.id) and d.language == "ar" and d.published for d in written.documents)
    # the thresholds are chosen on the reference pages: the written reports do not count in it
    assert not written.chooses and found[0].chooses


def test_the_threshold_objective_leaves_out_the_sets_that_do_not_choose():
    pages = SetScore(0.5, 0.5, 0.5, {"tp": 1, "fp": 1, "fn": 1})
    written = SetScore(1.0, 1.0, 1.0, {"tp": 9, "fp": 0, "fn": 0})
    sentences = SetScore(0.8, 0.8, 0.8, {"tp": 8})
    assert objective({"seeds": pages, "assault": sentences}) == pytest.approx(0.65)
    assert objective({"seeds": pages, "assault": sentences, "arabic_written": written},
                     chooses={"seeds", "assault"}) == pytest.approx(0.65)
    assert objective({"seeds": pages, "assault": sentences, "arabic_written": written}) > 0.65
