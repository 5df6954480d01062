"""The learned decision layer: the linear model's file and arithmetic, the shipped model, the
decision it takes over the rules' candidates, and `sijill train` end to end on a small corpus
written here (so these tests need no reference data)."""
from __future__ import annotations

import csv
import json
import math
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.learn import Candidate, Models, decide, load_models
from sijill.learn.decide import ModelError
from sijill.learn.linear import FEATURES_VERSION, LinearModel, bucket
from sijill.model import Document, Options
from sijill.pipeline import Pipeline

STRIKE = "قتل سبعة مدنيين امس في غارة جوية لطيران النظام على بلدة الشحيل في ريف دير الزور."


def test_a_saved_model_reads_back_with_the_same_probabilities(tmp_path):
    feats = {"trigger=غاره": 1.0, "sent=قتل": 0.3, "type=Battles": 1.0}
    model = LinearModel("event", 12, {bucket("trigger=غاره", 12): 1.5, bucket("sent=قتل", 12): -0.25}, -0.4,
                        0.35, {"features_version": FEATURES_VERSION})
    model.save(tmp_path / "event.npz")
    back = LinearModel.load(tmp_path / "event.npz")
    assert back.threshold == 0.35 and back.bits == 12
    assert back.prob(feats) == pytest.approx(model.prob(feats), abs=1e-6)
    # the arithmetic of a logistic regression: bias + weight * value, through the sigmoid
    assert model.prob(feats) == pytest.approx(1 / (1 + math.exp(-(-0.4 + 1.5 - 0.25 * 0.3))))


def test_a_feature_lands_in_the_same_bucket_in_every_process():
    # CRC-32 of the UTF-8 bytes: fixed, unlike Python's per-process string hash
    assert bucket("trigger=غاره", 18) == 226115
    assert bucket("trigger=غاره", 18) != bucket("trigger=قصف", 18)


def test_the_shipped_model_is_there_and_made_for_these_features():
    models = load_models(Options())
    assert models.source == "shipped" and models.event is not None
    assert models.event.meta["features_version"] == FEATURES_VERSION
    assert 0.0 < models.event.threshold < 1.0
    # what it learned from: licensed data only (the Persian posts never; SaudiNewsNet never)
    assert models.event.meta["trained_on_documents"].get("persian", 0) == 0


def test_the_model_only_keeps_or_drops_what_the_rules_propose():
    doc = Document("d", STRIKE + " وقال المتحدث إن الحكومة تعتزم شن هجوم على المدينة.", published=date(2018, 4, 30),
                   language="ar")
    rules = Pipeline(Options(rules_only=True)).extract(doc)
    learned = Pipeline(Options()).extract(doc)
    assert {e.event_id for e in learned} <= {e.event_id for e in rules}
    strike = [e for e in learned if e.sub_event_type == "Air/drone strike"]
    assert strike and 0.0 < strike[0].confidence <= 1.0


def test_a_model_that_says_no_to_everything_drops_every_counted_event_but_keeps_the_denied(make_event):
    never = LinearModel("event", 8, {}, -10.0, 0.5, {"features_version": FEATURES_VERSION})
    reported, denied = make_event(), make_event(status="denied")
    cands = [Candidate(reported, None, {"x": 1.0}), Candidate(denied, None, {"x": 1.0})]
    assert decide(cands, Models(event=never)) == [denied]
    assert decide(cands, Models()) == [reported, denied]       # no model: the rules decide


def test_a_model_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no event.npz in this folder"):
        load_models(Options(model_dir=str(tmp_path)))
    (tmp_path / "event.npz").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a sijill model.*sijill train"):
        load_models(Options(model_dir=str(tmp_path)))


def test_a_model_made_for_other_features_is_refused(tmp_path):
    LinearModel("event", 8, {}, 0.0, 0.5, {"features_version": FEATURES_VERSION + 1}).save(tmp_path / "event.npz")
    with pytest.raises(ModelError, match="features version"):
        load_models(Options(model_dir=str(tmp_path)))


def test_extract_says_which_model_folder_is_wrong(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(STRIKE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(page), "--model", str(tmp_path)])
    assert result.exit_code != 0 and "no event.npz" in result.output


# ---------------------------------------------------------------- training end to end

_YES = [
    "قتل خمسة مدنيين في غارة جوية على بلدة الميادين امس.",
    "قصفت قوات النظام قرية الشحيل بالمدفعية امس ما أدى إلى مقتل ثلاثة أشخاص.",
    "اندلعت اشتباكات عنيفة بين قسد وتنظيم داعش في بلدة هجين امس.",
    "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة منبج امس وقتل جنديان.",
    "شن طيران التحالف غارات على مواقع التنظيم في البوكمال امس.",
    "قتل مسلحون مجهولون رجلا في بلدة البصيرة امس.",
]
_NO = [
    "وقال المتحدث إن الحكومة تعتزم شن هجوم على المدينة في الأسابيع المقبلة.",
    "ودعا المجلس إلى وقف القصف على المدنيين.",
    "وهددت الجماعة بتنفيذ هجمات جديدة إذا لم تنسحب القوات.",
    "ونفى الجيش أن يكون قد قصف القرية.",
    "وتحدث التقرير عن آلاف القتلى منذ بداية الحرب.",
    "وأدان الوزير الهجوم الذي وقع الشهر الماضي.",
]


def _write_corpus(root):
    gsr = root / "eval" / "gsr-dev"
    gsr.mkdir(parents=True)
    with open(gsr / "assault_gsr.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "event_type", "label", "accept", "reject", "total", "text"])
        for i, text in enumerate(_YES * 3):
            w.writerow([f"yes-{i}", "ASSAULT", "yes", 3, 0, 3, text])
        for i, text in enumerate(_NO * 3):
            w.writerow([f"no-{i}", "ASSAULT", "easy no", 0, 3, 3, text])


def test_train_cross_validates_writes_a_model_and_is_deterministic(tmp_path):
    pytest.importorskip("sklearn")
    from sijill.learn.train import train
    _write_corpus(tmp_path / "data")
    logs = []
    first = train(str(tmp_path / "data"), str(tmp_path / "m1"), folds=2, report=str(tmp_path / "r.json"),
                  log=logs.append)
    second = train(str(tmp_path / "data"), str(tmp_path / "m2"), folds=2, log=lambda s: None)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(report["assault"]) >= {"f1", "precision", "recall"}      # one key a set, at the top
    assert report["grouped_by"] == "document" and "assault" in report["rules_only"]
    assert any("seeds: not found" in line for line in logs)       # absent sets are noted, not fatal
    a, b = LinearModel.load(tmp_path / "m1" / "event.npz"), LinearModel.load(tmp_path / "m2" / "event.npz")
    assert a.weights == b.weights and a.threshold == b.threshold and first["assault"] == second["assault"]
    # the trained model is usable by extraction, and tells the reports from the speech about them
    pipeline = Pipeline(Options(model_dir=str(tmp_path / "m1")))
    assert pipeline.extract(Document("y", _YES[0], language="ar"))
    assert not pipeline.extract(Document("n", _NO[1], language="ar"))


def test_train_without_data_says_where_it_looked(tmp_path):
    pytest.importorskip("sklearn")
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code != 0 and "no annotated data found" in result.output


def test_rules_only_and_model_give_the_same_candidates(tmp_path):
    doc = Document("d", STRIKE, published=date(2018, 4, 30), language="ar")
    with_model = Pipeline(Options()).candidates(doc)
    rules = Pipeline(Options(rules_only=True)).candidates(doc, features=False)
    assert [c.event for c in with_model] == [c.event for c in rules]
    assert all(c.features for c in with_model) and not any(c.features for c in rules)
    assert replace(with_model[0].event) == rules[0].event


def test_a_page_and_a_lone_sentence_share_their_features_and_each_has_its_own_copy():
    """One event model judges pages and one-sentence documents (a news flash, a sentence of the
    gold standard): every feature counts once for both kinds and once for its own kind, so the
    words of a strike weigh the same in both and the model may still tell the two apart."""
    pipeline = Pipeline(Options(rules_only=True))
    alone = pipeline.candidates(Document("s", STRIKE, published=date(2018, 4, 30), language="ar"))[0]
    page = pipeline.candidates(Document("p", "غارات على ريف دير الزور\n\n" + STRIKE,
                                        published=date(2018, 4, 30), language="ar"))
    in_page = next(c for c in page if c.frame.trigger.text == alone.frame.trigger.text)
    shared = {k for k in alone.features if ":" not in k.split("=")[0]}
    words = {k for k in shared if k.startswith(("trigger=", "tri3=", "before", "after"))}
    assert "trigger=غاره جويه" in words and words <= set(in_page.features)
    assert {"one:" + k for k in shared} <= set(alone.features)
    assert not any(k.startswith("page:") for k in alone.features)
    assert "page:trigger=غاره جويه" in in_page.features
    assert not any(k.startswith("one:") for k in in_page.features)


# ---------------------------------------------------------------- the rankers' options

def _reading(text, published=date(2018, 4, 30)):
    pipeline = Pipeline(Options(rules_only=True))
    return pipeline, pipeline.read(Document("d", text, published=published, language="ar"))


HEADLINE_PAGE = ("قوات سوريا الديمقراطية تسيطر على بلدة هجين في ريف دير الزور\n\n"
                 "وقالت مصادر محلية إن اشتباكات عنيفة اندلعت امس واستمرت ساعات.")


def test_a_frames_place_options_are_its_own_then_the_places_named_before_it():
    from sijill.learn.places import place_options, place_key
    _, r = _reading(HEADLINE_PAGE)
    clash = next(f for f in r.frames if f.frame == "clash")
    options = place_options(r.view, clash, r.place_of)
    assert options[0].mention is None and "option=rule" in options[0].features
    named = [place_key(o.mention) for o in options[1:]]
    assert "هجين" in named and len(named) == len(set(named))      # one option per place name
    assert all("option=other" in o.features for o in options[1:])


def test_the_place_ranker_moves_a_frame_only_when_it_prefers_another_option():
    from sijill.learn.places import choose_places
    _, r = _reading(HEADLINE_PAGE)
    prefers_other = LinearModel("place", 18, {bucket("option=other", 18): 2.0}, 0.0, 0.5,
                                {"features_version": FEATURES_VERSION})
    prefers_rule = LinearModel("place", 18, {bucket("option=rule", 18): 2.0}, 0.0, 0.5,
                               {"features_version": FEATURES_VERSION})
    assert choose_places(r.view, r.frames, r.place_of, prefers_rule) == r.frames
    moved = choose_places(r.view, r.frames, r.place_of, prefers_other)
    clash = next(i for i, f in enumerate(r.frames) if f.frame == "clash")
    assert moved[clash].places and moved[clash].places != r.frames[clash].places


def test_actor_options_never_offer_the_side_in_the_other_role_and_actor2_may_be_no_side():
    from sijill.learn.actors import actor_options, with_actor
    _, r = _reading("قصفت قوات النظام مواقع لقوات سوريا الديمقراطية في ريف دير الزور امس، "
                    "وقال التحالف الدولي إنه يراقب الوضع.")
    f = next(f for f in r.frames if f.actor1 is not None and f.actor2 is not None)
    for role, other in (("actor1", f.actor2), ("actor2", f.actor1)):
        offered = [o.mention.key for o in actor_options(r.view, f, role) if o.mention is not None]
        assert other.key not in offered and getattr(f, role).key not in offered
    empty = next(o for o in actor_options(r.view, f, "actor2") if o.empty)
    assert with_actor(f, empty).actor2 is None and with_actor(f, empty).actor1 == f.actor1


def test_the_train_command_prints_the_held_out_figures_and_writes_the_models(tmp_path):
    pytest.importorskip("sklearn")
    _write_corpus(tmp_path / "data")
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "m"),
                                       "--cv", "2", "--report", str(tmp_path / "r.json"), "--quiet",
                                       "--held-out", str(tmp_path / "held")])
    assert result.exit_code == 0, result.output
    assert "cross-validated by document, 2 folds" in result.output and "assault" in result.output
    assert {p.name for p in (tmp_path / "m").iterdir()} == {"event.npz", "place.npz", "actor1.npz", "actor2.npz"}
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["models"]["event"]["trained_on_documents"]["assault"] == 36
    assert load_models(Options(model_dir=str(tmp_path / "m"))).actor2 is not None
    # the held-out events, as extract prints them, score as the report says (referee's rules)
    from sijill.evaluate import read_gold_sentences, read_predictions, score_sentences
    held = tmp_path / "held" / "assault.jsonl"
    preds = read_predictions(str(held))
    assert preds and {d for p in preds for d in p.docs} <= {f"yes-{i}" for i in range(18)} | {f"no-{i}" for i in range(18)}
    gold = read_gold_sentences(str(tmp_path / "data" / "eval" / "gsr-dev" / "assault_gsr.csv"))
    assert round(score_sentences(gold, preds, "assault").f1, 3) == report["assault"]["f1"]
    refused = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "data"), "--held-out", str(tmp_path / "h2")])
    assert refused.exit_code != 0 and "--held-out needs --cv" in refused.output


def test_repeated_cross_validation_reports_the_mean_of_its_runs(tmp_path):
    pytest.importorskip("sklearn")
    from sijill.learn.train import train
    _write_corpus(tmp_path / "data")
    runs = [train(str(tmp_path / "data"), None, folds=2, seed=s, log=lambda s: None)["assault"] for s in (0, 1)]
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "m"),
                                       "--cv", "2", "--repeats", "2", "--report", str(tmp_path / "r.json"),
                                       "--quiet", "--held-out", str(tmp_path / "held")])
    assert result.exit_code == 0, result.output
    assert "mean of 2 runs (seeds 0-1)" in result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assault = report["assault"]
    assert assault["f1_by_seed"] == [r["f1"] for r in runs]
    assert assault["f1"] == round(sum(r["f1"] for r in runs) / 2, 3)
    assert assault["f1_range"] == [min(r["f1"] for r in runs), max(r["f1"] for r in runs)]
    assert report["seed"] == [0, 1] and report["repeats"] == 2
    # each run's held-out events in a folder of its own
    assert (tmp_path / "held" / "seed-0" / "assault.jsonl").exists()
    assert (tmp_path / "held" / "seed-1" / "assault.jsonl").exists()
    refused = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "data"), "--repeats", "2"])
    assert refused.exit_code != 0 and "--repeats needs --cv" in refused.output


def test_a_language_folder_holds_the_models_of_that_languages_documents(tmp_path):
    """OUT/fa/ (as `sijill train` writes it for the Persian posts the project wrote) judges Persian
    documents; the models beside it judge every other document."""
    keep_all = LinearModel("event", 8, {}, 10.0, 0.5, {"features_version": FEATURES_VERSION})
    drop_all = LinearModel("event", 8, {}, -10.0, 0.5, {"features_version": FEATURES_VERSION})
    keep_all.save(tmp_path / "event.npz")
    (tmp_path / "fa").mkdir()
    drop_all.save(tmp_path / "fa" / "event.npz")
    models = load_models(Options(model_dir=str(tmp_path)))
    assert set(models.languages) == {"fa"} and models.for_language("ar") is models
    assert models.for_language("fa").event.bias == -10.0
    pipeline = Pipeline(Options(model_dir=str(tmp_path)))
    persian = "نیروهای آمریکایی دیروز مواضع داعش را در حومه دیرالزور بمباران کردند و ده نفر کشته شدند."
    assert pipeline.extract(Document("ar", STRIKE, language="ar", published=date(2018, 3, 5)))
    assert Pipeline(Options(rules_only=True)).extract(Document("fa", persian, language="fa", published=date(2026, 1, 5)))
    assert [e for e in pipeline.extract(Document("fa", persian, language="fa", published=date(2026, 1, 5)))
            if e.status != "denied"] == []


def test_the_shipped_models_of_persian_documents_are_there_and_judge_persian_alone():
    models = load_models(Options())
    assert set(models.languages) == {"fa"}
    fa = models.for_language("fa")
    assert fa.event.meta.get("language") == "fa" and fa.event.meta["trained_on_documents"]["persian_written"] > 0
    assert models.for_language("ar") is models and models.event.meta["trained_on_documents"].get("persian_written", 0) == 0
    assert all(m is not None for m in (fa.place, fa.actor1, fa.actor2))


def test_a_candidate_only_an_optional_gold_event_matches_teaches_the_event_model_nothing(make_event):
    from types import SimpleNamespace
    from sijill.evaluate.records import GoldEvent
    from sijill.learn.train.examples import _label

    def gold(required, event_type="Explosions/Remote violence", places=("الجنينة",)):
        return GoldEvent("doc-1", f"doc-1#{required}", required, event_type, ("Air/drone strike",),
                         ("COALITION",), ("SYR_GOV",), places, None, (), ("day",), None)

    def work(*golds):
        return SimpleNamespace(corpus=SimpleNamespace(scoring="events"), doc="doc-1", golds=list(golds))

    strike = Candidate(make_event(), None, {})
    elsewhere = gold(True, places=("منبج",))
    assert _label(work(gold(True), elsewhere), strike) == 1         # a required event: keep it
    assert _label(work(elsewhere), strike) == 0                     # none: an extra event
    # an event the gold says may be coded or not (background, vague): kept or dropped, the
    # referee counts neither, so it is no example of either
    assert _label(work(gold(False), elsewhere), strike) is None
    assert _label(work(gold(False), gold(True)), strike) == 1
