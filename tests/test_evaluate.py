"""`sijill evaluate` scores predictions against gold the way the design says: optimal one-to-one
pairing, optional gold events, field accuracy, date windows, USA_MIL = COALITION, places
whatever their spelling, clear errors for malformed lines, and the sentences mode.

All gold and predicted events here are invented.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.evaluate import EvaluationInputError, evaluate_events, evaluate_sentences
from sijill.evaluate.keys import place_key


# ---------------------------------------------------------------- builders

def gold_event(doc="d1", id="g1", *, required=True, event_type="Battles", sub=("Armed clash",),
               actor1=("SDF",), actor2=("SYR_GOV",), location="ذيبان", date="2023-08-27",
               precision=("day",), date_alt=None, fatalities=None) -> dict:
    return {"doc": doc, "id": id, "required": required, "event_type": event_type,
            "sub_event_type": list(sub), "actor1": list(actor1), "actor2": list(actor2),
            "location": location, "date": date, "date_precision": list(precision),
            "date_alt": date_alt, "fatalities": fatalities}


def actor(ident, parents=()):
    return {"id": ident, "name": ident, "parents": list(parents), "label": ident} if ident else None


def pred_event(doc="d1", *, event_type="Battles", sub="Armed clash", actor1="SDF", actor2="SYR_GOV",
               assoc1=(), place="ذيبان", place_name=None, admin1_ar=None, date="2023-08-27",
               precision="day", fatalities=None, qualifier=None, status="reported", docs=None,
               parents1=(), event_id="") -> dict:
    location = None
    if place is not None:
        location = {"id": None, "name": place_name, "name_ar": None, "surface": place,
                    "admin1_ar": admin1_ar, "geo_precision": 1}
    return {"event_id": event_id, "event_date": date, "date_precision": precision,
            "event_type": event_type, "sub_event_type": sub, "plover_type": None, "plover_mode": None,
            "status": status, "claimed_by": None, "background": False,
            "actor1": actor(actor1, parents1), "assoc_actor1": [actor(a) for a in assoc1],
            "actor2": actor(actor2), "assoc_actor2": [], "location": location,
            "fatalities": fatalities, "fatalities_qualifier": qualifier, "fatalities_text": None,
            "notes": "", "confidence": 0.5,
            "sources": [{"doc": d, "outlet": None, "language": "ar", "published": None, "evidence": []}
                        for d in (docs or [doc])]}


def write_jsonl(path: Path, rows) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def score(tmp_path, golds, preds, **kw):
    return evaluate_events(write_jsonl(tmp_path / "gold.jsonl", golds),
                           write_jsonl(tmp_path / "pred.jsonl", preds), **kw)


def cli(*args, input=None):
    return CliRunner().invoke(main, ["evaluate", *map(str, args)], input=input)


# ---------------------------------------------------------------- events: pairing

def test_perfect_prediction_scores_one(tmp_path):
    s = score(tmp_path, [gold_event(id="a"), gold_event(id="b", location="البصيرة")],
              [pred_event(), pred_event(place="البصيرة")])
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.f1 == 1.0
    assert s.field_accuracy == dict.fromkeys(("sub_event_type", "actor1", "actor2", "date", "fatalities"), 1.0)


def test_pairing_is_optimal_not_greedy(tmp_path):
    # "a" accepts any place, "b" only ذيبان. Taking the first fitting prediction for "a" (the
    # ذيبان one) would leave "b" unmatched; the optimal pairing finds both.
    golds = [gold_event(id="a", location=None), gold_event(id="b", location="ذيبان")]
    preds = [pred_event(place="ذيبان"), pred_event(place="الشحيل")]
    s = score(tmp_path, golds, preds)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert {p["gold"]: p["location"] for p in s.pairs} == {"a": "الشحيل", "b": "ذيبان"}


def test_pair_needs_same_type_place_and_actors(tmp_path):
    golds = [gold_event(id="a")]
    preds = [pred_event(event_type="Explosions/Remote violence", sub="Air/drone strike"),
             pred_event(place="الشحيل"),
             pred_event(actor1="ISIS", actor2="HTS")]
    s = score(tmp_path, golds, preds)
    assert (s.tp, s.fp, s.fn) == (0, 3, 1)
    assert s.missed == ["a"]
    assert [e["line"] for e in s.extra] == [1, 2, 3]


def test_optional_gold_is_neither_found_nor_missed(tmp_path):
    golds = [gold_event(id="req"), gold_event(id="opt1", required=False, location="العزبة"),
             gold_event(id="opt2", required=False, location="الطيانة")]
    preds = [pred_event(), pred_event(place="العزبة")]   # the second takes an optional event
    s = score(tmp_path, golds, preds)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.optional_matched == 1 and s.missed == []
    assert (s.gold_required, s.gold_optional) == (1, 2)


def test_required_gold_wins_over_optional(tmp_path):
    # One prediction fits both; it must be counted as finding the required one.
    golds = [gold_event(id="opt", required=False, location=None), gold_event(id="req")]
    s = score(tmp_path, golds, [pred_event()])
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_statuses_that_are_not_events_are_left_out(tmp_path):
    preds = [pred_event(status=st) for st in ("planned", "threatened", "denied", "hypothetical", "negated")]
    s = score(tmp_path, [gold_event()], preds + [pred_event(status="claimed")])
    assert (s.tp, s.fp, s.fn, s.not_counted) == (1, 0, 0, 5)


def test_event_with_two_sources_is_scored_in_each_document(tmp_path):
    golds = [gold_event(doc="d1", id="a"), gold_event(doc="d2", id="b")]
    s = score(tmp_path, golds, [pred_event(docs=["d1", "d2"])])
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_only_gold_docs_leaves_out_unannotated_documents(tmp_path):
    golds, preds = [gold_event(doc="d1")], [pred_event(doc="d1"), pred_event(doc="other")]
    assert score(tmp_path, golds, preds).fp == 1
    assert score(tmp_path, golds, preds, only_gold_docs=True).fp == 0


# ---------------------------------------------------------------- events: actors and places

def test_usa_mil_and_coalition_are_one_side(tmp_path):
    golds = [gold_event(event_type="Explosions/Remote violence", sub=("Air/drone strike",),
                        actor1=("COALITION",), actor2=("ISIS",))]
    preds = [pred_event(event_type="Explosions/Remote violence", sub="Air/drone strike",
                        actor1="USA_MIL", actor2="ISIS")]
    s = score(tmp_path, golds, preds)
    assert s.tp == 1 and s.field_accuracy["actor1"] == 1.0


def test_parent_and_associated_actors_count(tmp_path):
    golds = [gold_event(actor1=("SYR_GOV",), actor2=("SDF",))]
    # actor1 is a unit of SYR_GOV; the pair is possible and actor1 is right
    s = score(tmp_path, golds, [pred_event(actor1="SYR_4TH_DIV", parents1=["SYR_GOV"], actor2="SDF")])
    assert s.tp == 1 and s.field_accuracy["actor1"] == 1.0
    # only an associated actor overlaps: the pair is possible, the roles are wrong
    s = score(tmp_path, golds, [pred_event(actor1="ISIS", assoc1=["SDF"], actor2=None)])
    assert s.tp == 1
    assert s.field_accuracy["actor1"] == 0.0 and s.field_accuracy["actor2"] == 0.0


def test_no_gold_actor2_is_right_only_without_predicted_actor2(tmp_path):
    golds = [gold_event(actor2=())]
    assert score(tmp_path, golds, [pred_event(actor2=None)]).field_accuracy["actor2"] == 1.0
    assert score(tmp_path, golds, [pred_event(actor2="ISIS")]).field_accuracy["actor2"] == 0.0


@pytest.mark.parametrize("gold_name, predicted", [
    ("البصيرة", "البصیره"),          # Persian ی and ه for ة
    ("البصيرة", "«البصیره»"),        # as the Persian seed page writes it
    ("البصيرة", "بصيرة"),            # without the article
    ("جديد بكارة", "جدید بکاره"),     # Persian letters, two words
    ("الطيانة", "الطَّيّانة"),         # diacritics
    ("ذيبان", "«ذيبان»"),            # quoted
    ("أبو حمام", "ابو حمام"),         # hamza
    ("الجرذي", "الجرذي\u200c"),       # ZWNJ
])
def test_place_matching_is_spelling_blind(tmp_path, gold_name, predicted):
    assert place_key(gold_name) == place_key(predicted)
    s = score(tmp_path, [gold_event(location=gold_name)], [pred_event(place=predicted)])
    assert s.tp == 1


def test_gold_place_matches_any_predicted_name_or_area(tmp_path):
    golds = [gold_event(id="a", location=["الميادين", "دير الزور"])]   # a list: any one is right
    s = score(tmp_path, golds, [pred_event(place="قرية صغيرة", admin1_ar="دير الزور")])
    assert s.tp == 1
    s = score(tmp_path, [gold_event(location="Jneineh")], [pred_event(place="الجنينة", place_name="Jneineh")])
    assert s.tp == 1


def test_gold_without_place_accepts_any_place(tmp_path):
    assert score(tmp_path, [gold_event(location=None)], [pred_event(place=None)]).tp == 1


# ---------------------------------------------------------------- events: fields

def test_field_accuracy_counts_matched_required_pairs_only(tmp_path):
    golds = [gold_event(id="a", fatalities=4), gold_event(id="b", location="العزبة", sub=("Armed clash",)),
             gold_event(id="opt", required=False, location="الطيانة", fatalities=9)]
    preds = [pred_event(fatalities=4, sub="Government regains territory"),
             pred_event(place="العزبة", actor2="ISIS"),
             pred_event(place="الطيانة", fatalities=1)]          # optional: its fields do not count
    s = score(tmp_path, golds, preds)
    assert s.tp == 2
    assert s.field_correct == {"sub_event_type": 1, "actor1": 2, "actor2": 1, "date": 2, "fatalities": 2}
    assert s.field_accuracy["sub_event_type"] == 0.5
    wrong = {p["gold"]: p["wrong"] for p in s.pairs}
    assert wrong == {"a": ["sub_event_type"], "b": ["actor2"], "opt": ["fatalities"]}


@pytest.mark.parametrize("precision, predicted, ok", [
    (["day"], "2023-08-27", True),
    (["day"], "2023-08-26", False),
    (["week"], "2023-09-03", True),      # 7 days
    (["week"], "2023-09-04", False),     # 8 days
    (["day", "week"], "2023-08-22", True),  # the widest precision listed sets the window
    (["month"], "2023-09-27", True),     # 31 days
    (["month"], "2023-09-28", False),
    (["year"], "2024-03-01", True),      # 366 days
    (["unknown"], "2019-01-01", True),
    (["unknown"], None, True),
    (["day"], None, False),
])
def test_date_window_follows_gold_precision(tmp_path, precision, predicted, ok):
    s = score(tmp_path, [gold_event(date="2023-08-27", precision=precision)], [pred_event(date=predicted)])
    assert s.tp == 1 and s.field_accuracy["date"] == float(ok)


def test_date_alt_counts(tmp_path):
    golds = [gold_event(date="2023-08-27", date_alt=["2023-08-26"])]
    assert score(tmp_path, golds, [pred_event(date="2023-08-26")]).field_accuracy["date"] == 1.0
    assert score(tmp_path, golds, [pred_event(date="2023-08-25")]).field_accuracy["date"] == 0.0


@pytest.mark.parametrize("gold, predicted, qualifier, ok", [
    (4, 4, "exact", True), (4, 5, "exact", False), (4, 5, "approximate", True),   # 10%, at least 1
    (30, 33, "approximate", True), (30, 34, "approximate", False),
    (30, 32, "exact", True),                       # >= 20: within 10% whatever the qualifier
    (0, None, None, True), (3, None, None, False), (None, 12, "exact", True),
])
def test_fatalities(tmp_path, gold, predicted, qualifier, ok):
    s = score(tmp_path, [gold_event(fatalities=gold)], [pred_event(fatalities=predicted, qualifier=qualifier)])
    assert s.field_accuracy["fatalities"] == float(ok)


# ---------------------------------------------------------------- command line

def test_cli_report_and_json(tmp_path):
    g = write_jsonl(tmp_path / "gold.jsonl", [gold_event(id="a"), gold_event(id="b", location="العزبة")])
    p = write_jsonl(tmp_path / "pred.jsonl", [pred_event(), pred_event(place="الشحيل")])
    r = cli(g, p)
    assert r.exit_code == 0, r.output
    assert "found (tp) 1   extra (fp) 1   missed (fn) 1" in r.output
    assert "missed gold events (1): b" in r.output and "الشحيل" in r.output
    r = cli(g, p, "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert (d["tp"], d["fp"], d["fn"], d["precision"], d["recall"], d["f1"]) == (1, 1, 1, 0.5, 0.5, 0.5)
    assert d["missed"] == ["b"] and d["extra"][0]["location"] == "الشحيل"
    assert set(d["field_accuracy"]) == {"sub_event_type", "actor1", "actor2", "date", "fatalities"}


def test_cli_reads_predictions_from_stdin(tmp_path):
    g = write_jsonl(tmp_path / "gold.jsonl", [gold_event()])
    r = cli(g, "-", "--json", input=json.dumps(pred_event(), ensure_ascii=False) + "\n")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["tp"] == 1


def test_help_has_examples():
    r = CliRunner().invoke(main, ["evaluate", "--help"])
    assert r.exit_code == 0
    for words in ("Examples:", "sijill evaluate my_gold.jsonl events.jsonl", "--kind", "--json", "required"):
        assert words in r.output


@pytest.mark.parametrize("which, line, text, message", [
    ("pred", 2, "{not json", "not valid JSON"),
    ("pred", 2, "[1, 2]", "expected a JSON object"),
    ("pred", 2, json.dumps({**pred_event(), "sources": []}), "does not say which document"),
    ("pred", 2, json.dumps({**pred_event(), "event_date": "27/08/2023"}), "'event_date' must be a date"),
    ("pred", 2, json.dumps({k: v for k, v in pred_event().items() if k != "event_type"}), "missing 'event_type'"),
    ("gold", 2, json.dumps({k: v for k, v in gold_event().items() if k != "id"}), "missing 'id'"),
    ("gold", 2, json.dumps({**gold_event(), "fatalities": "four"}), "'fatalities' must be a whole number"),
    ("gold", 2, json.dumps({**gold_event(), "date_precision": "daily"}), "'date_precision' 'daily'"),
    ("gold", 2, json.dumps({**gold_event(), "required": "yes"}), "'required' must be true or false"),
])
def test_malformed_line_exits_2_naming_file_and_line(tmp_path, which, line, text, message):
    good = {"gold": json.dumps(gold_event(), ensure_ascii=False),
            "pred": json.dumps(pred_event(), ensure_ascii=False)}
    files = {}
    for kind in ("gold", "pred"):
        lines = [good[kind], text] if kind == which else [good[kind]]
        files[kind] = tmp_path / f"{kind}.jsonl"
        files[kind].write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli(files["gold"], files["pred"])
    assert r.exit_code == 2
    assert f"{files[which]}, line {line}:" in r.output
    assert message in r.output
    with pytest.raises(EvaluationInputError) as exc:
        evaluate_events(str(files["gold"]), str(files["pred"]))
    assert exc.value.line == line and exc.value.path == str(files[which])


def test_unreadable_files_exit_2(tmp_path):
    g = write_jsonl(tmp_path / "gold.jsonl", [gold_event()])
    (tmp_path / "latin1.jsonl").write_bytes(b'{"a": 1}\n{"b": "\xe9"}\n')
    r = cli(g, tmp_path / "latin1.jsonl")
    assert r.exit_code == 2 and "line 2: not UTF-8" in r.output
    assert cli(g, tmp_path / "absent.jsonl").exit_code == 2


# ---------------------------------------------------------------- sentences mode

SENTENCES = [("s1", "yes"), ("s2", "yes"), ("s3", "easy no"), ("s4", "easy no"), ("s5", "easy no"),
             ("s6", "difficult no"), ("s7", "difficult no"), ("s8", "ambiguous")]


def write_sentences(path: Path, rows=SENTENCES, event_type=None) -> str:
    import csv
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "text"] + (["event_type"] if event_type else []))
        for ident, label in rows:
            w.writerow([ident, label, "جملة مخترعة، فيها فاصلة\nوسطر ثان"] + ([event_type] if event_type else []))
    return str(path)


def sentence_preds(tmp_path) -> str:
    return write_jsonl(tmp_path / "pred.jsonl", [
        pred_event(doc="s1"),                                                  # yes, flagged
        pred_event(doc="s3", event_type="Explosions/Remote violence", sub="Shelling/artillery/missile attack"),
        pred_event(doc="s6", event_type="Violence against civilians", sub="Attack"),
        pred_event(doc="s2", status="denied"),                                 # not counted: s2 missed
        pred_event(doc="s4", event_type="Protests", sub="Peaceful protest"),   # not violent
        pred_event(doc="s8"),
    ])


def test_sentences_assault(tmp_path):
    s = evaluate_sentences(write_sentences(tmp_path / "gold.csv"), sentence_preds(tmp_path), "assault")
    d = s.to_dict()
    assert (d["tp"], d["fp_easy"], d["fn"], d["fp_hard"]) == (1, 1, 1, 1)
    assert (d["precision"], d["recall"], d["hard_negative_flag_rate"]) == (0.5, 0.5, 0.5)
    assert (d["positives"], d["easy_negatives"], d["hard_negatives"], d["ambiguous"]) == (2, 3, 2, 1)
    assert s.false_positives == ["s3"] and s.false_negatives == ["s2"]


def test_sentences_protest_and_kind_from_the_file(tmp_path):
    gold = write_sentences(tmp_path / "gold.csv", event_type="PROTEST")
    r = cli(gold, sentence_preds(tmp_path), "--json")        # kind taken from event_type
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["kind"] == "protest" and (d["tp"], d["fp_easy"], d["fp_hard"]) == (0, 1, 0)
    r = cli(gold, sentence_preds(tmp_path))
    assert r.exit_code == 0 and "Sentences (protest)" in r.output and "difficult no flagged: 0 of 2" in r.output


def test_sentences_errors(tmp_path):
    preds = sentence_preds(tmp_path)
    r = cli(write_sentences(tmp_path / "gold.csv"), preds)   # no --kind, no event_type column
    assert r.exit_code == 2 and "assault or protest" in r.output
    bad = write_sentences(tmp_path / "bad.csv", rows=[("s1", "yes"), ("s2", "maybe")])
    r = cli(bad, preds, "--kind", "assault")
    assert r.exit_code == 2 and f"{bad}, line 4:" in r.output and "'maybe'" in r.output  # rows span 2 lines
    (tmp_path / "nohead.csv").write_text("ident,text\nx,y\n", encoding="utf-8")
    r = cli(tmp_path / "nohead.csv", preds, "--kind", "assault")
    assert r.exit_code == 2 and "no column id or label" in r.output
    r = cli(write_sentences(tmp_path / "gold.csv"), preds, "--mode", "events", "--kind", "assault")
    assert r.exit_code == 2
