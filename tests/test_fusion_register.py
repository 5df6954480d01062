"""Fusion in the register: one action told by several documents is one event with several sources
(CODING_RULES §1), whatever order the documents come in, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import random
import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa

from sijill.fuse.across import DEFAULT_RULES, Report, clusters, link_score, may_match, report_of
from sijill.model import Document, Event, Place
from sijill.store import open_register
from sijill.store.schema import event_sources, events, meta, tellings

from .conftest import event_dict

JNEINEH = {"id": "C5084", "name": "Jneineh", "name_ar": "الجنينة", "surface": "الجنينة", "kind": "community",
           "admin1": "Deir-ez-Zor", "admin1_ar": "دير الزور", "admin1_pcode": "SY09", "admin2_pcode": "SY0901",
           "lat": 35.36651, "lon": 40.11962, "geo_precision": 1}
WEST_COUNTRYSIDE = {"id": "area:deir-west", "name": "Deir-ez-Zor countryside (west)", "name_ar": "ريف دير الزور الغربي",
                    "surface": "ريف دير الزور الغربي", "kind": "area", "admin1": "Deir-ez-Zor",
                    "admin1_ar": "دير الزور", "admin1_pcode": "SY09", "lat": 35.4, "lon": 39.9, "geo_precision": 3}
BUKAMAL = {"id": "C5001", "name": "Albu Kamal", "name_ar": "البوكمال", "surface": "البوكمال", "kind": "community",
           "admin1": "Deir-ez-Zor", "admin1_ar": "دير الزور", "admin1_pcode": "SY09", "lat": 34.4536, "lon": 40.9188,
           "geo_precision": 1}
RAQQA = {"id": "C5710", "name": "Ar-Raqqa", "name_ar": "الرقة", "surface": "الرقة", "kind": "community",
         "admin1": "Ar-Raqqa", "admin1_ar": "الرقة", "admin1_pcode": "SY11", "lat": 35.95, "lon": 39.01,
         "geo_precision": 1}

STRIKE_A = "قصف طيران التحالف قرية الجنينة في ريف دير الزور أمس الأحد ما أدى إلى مقتل حوالي 30 عنصرا من قوات النظام."
STRIKE_B = "غارات طيران التحالف الدولي على ريف دير الزور الغربي الأحد أسفرت عن مقتل 25 عنصرا من قوات النظام قرب الجنينة."
STRIKE_C = "قالت مصادر محلية إن طيران التحالف قصف مواقع لقوات النظام في ريف دير الزور وقتل 30 عنصرا."
OTHER = "اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في مدينة الرقة أسفرت عن مقتل سبعة مسلحين."


def told(doc: str, text: str, trigger: str, published: str = "2018-04-30", outlet: str = "أورينت نت",
         **fields) -> tuple[Document, Event]:
    """A document and one event it tells, its evidence pointing into its text."""
    start = text.index(trigger)
    d = event_dict(doc, **fields)
    d["sources"][0].update(outlet=outlet, published=published,
                           evidence=[{"role": "trigger", "start": start, "end": start + len(trigger), "text": trigger}])
    return Document(id=doc, text=text, outlet=outlet, published=_date(published)), Event.from_dict(d).with_id()


def _date(s):
    from datetime import date
    return date.fromisoformat(s) if s else None


def strike_a():
    return told("doc-a", STRIKE_A, "قصف طيران التحالف", location=JNEINEH, fatalities=30,
                fatalities_qualifier="approximate", fatalities_text="حوالي 30 عنصرا")


def strike_b(**fields):
    values = dict(location=WEST_COUNTRYSIDE, fatalities=25, fatalities_qualifier="exact", fatalities_text="25 عنصرا",
                  actor1={"id": "COALITION", "name": "International Coalition (US-led)", "parents": [],
                          "label": "التحالف الدولي"})
    values.update(fields)
    values.setdefault("outlet", "SY24")
    return told("doc-b", STRIKE_B, "غارات طيران التحالف", published="2018-05-01", **values)


def strike_c():
    # dated by its publication only (no date in its words): a week's precision
    return told("doc-c", STRIKE_C, "قصف", published="2018-05-02", outlet="Enab Baladi", event_date="2018-05-02",
                date_precision="week", location={**WEST_COUNTRYSIDE, "id": "SY09", "name": "Deir-ez-Zor",
                                                 "kind": "admin", "surface": "ريف دير الزور"})


def other_event():
    return told("doc-o", OTHER, "اشتباكات", outlet="SY24", event_type="Battles", sub_event_type="Armed clash",
                actor1={"id": "SDF", "name": "QSD: Syrian Democratic Forces", "parents": [], "label": "قسد"},
                actor2={"id": "ISIS", "name": "Islamic State", "parents": [], "label": "داعش"},
                assoc_actor2=[], location=RAQQA, fatalities=7)


def exported(reg) -> list[dict]:
    return sorted((e.to_dict() for e in reg.query()), key=lambda d: d["event_id"])


def store_all(reg, pairs) -> None:
    for doc, ev in pairs:
        reg.store(doc, [ev] if isinstance(ev, Event) else ev)


# ------------------------------------------------------------------ one strike, two outlets


def test_two_outlets_telling_one_strike_are_one_event_with_both_sources(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b()
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, b)])
        [ev] = reg.query()
    assert [s.doc for s in ev.sources] == ["doc-a", "doc-b"]          # first published first
    assert ev.corroboration == 2
    # each source keeps its own values and labels
    by_doc = {s.doc: s.told for s in ev.sources}
    assert by_doc["doc-a"].location.id == "C5084" and by_doc["doc-b"].location.id == "area:deir-west"
    assert (by_doc["doc-a"].fatalities, by_doc["doc-b"].fatalities) == (30, 25)
    assert by_doc["doc-b"].actor1.label == "التحالف الدولي" and by_doc["doc-a"].actor1.label == "طيران التحالف"
    # the register's values by the rules: most specific place, lowest credible toll
    assert ev.location.id == "C5084"
    assert (ev.fatalities, ev.fatalities_qualifier) == (25, "exact")
    assert ev.event_date.isoformat() == "2018-04-29"
    # every disagreement recorded, with each source's value
    disagreements = {d.field: dict(d.values) for d in ev.disagreements}
    assert disagreements["fatalities"] == {"doc-a": 30, "doc-b": 25}
    assert disagreements["location"] == {"doc-a": "Jneineh", "doc-b": "Deir-ez-Zor countryside (west)"}
    assert "actor1" not in disagreements                                 # same actor, other words
    # the exported object carries them (SCHEMA.md field names)
    d = ev.to_dict()
    assert d["corroboration"] == 2 and {"field": "fatalities", "values": {"doc-a": 30, "doc-b": 25}} in d["disagreements"]
    assert d["sources"][1]["fatalities"] == 25 and d["sources"][1]["location"]["id"] == "area:deir-west"
    assert "Deir-ez-Zor countryside (west)" in d["location"]["alternatives"]


def test_the_best_dated_day_wins_over_a_publication_date(register_url):
    (doc_a, a), (doc_c, c) = strike_a(), strike_c()
    with open_register(register_url) as reg:
        store_all(reg, [(doc_c, c), (doc_a, a)])
        [ev] = reg.query()
    assert (ev.event_date.isoformat(), ev.date_precision) == ("2018-04-29", "day")
    assert {d.field for d in ev.disagreements} >= {"event_date"}


def test_the_same_outlet_twice_is_one_corroboration(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b(outlet="أورينت نت")
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, b)])
        [ev] = reg.query()
    assert len(ev.sources) == 2 and ev.corroboration == 1


# ------------------------------------------------------------------ what stays apart


def test_two_events_the_same_day_in_different_governorates_stay_apart(register_url):
    (doc_a, a), (doc_o, o) = strike_a(), other_event()
    o2 = replace(o, event_type=a.event_type, sub_event_type=a.sub_event_type, actor1=a.actor1, actor2=a.actor2,
                 event_date=a.event_date).with_id()        # the same strike in every way but the place
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_o, o2)])
        assert sorted(len(e.sources) for e in reg.query()) == [1, 1]


def test_two_named_places_far_apart_in_one_governorate_stay_apart(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b(location=BUKAMAL)
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, b)])
        assert reg.events_count() == 2


def test_days_apart_and_a_denial_stay_apart(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b(event_date="2018-04-25")
    (doc_d, d) = told("doc-d", STRIKE_B, "غارات طيران التحالف", outlet="SY24", status="denied", location=JNEINEH)
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, b), (doc_d, d)])
        assert reg.events_count() == 3


def test_two_events_of_one_document_are_never_one_event(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b()
    b2 = replace(b, location=Place.from_dict(JNEINEH), fatalities=30).with_id()
    b2 = replace(b2, sources=(replace(b2.sources[0], evidence=b.sources[0].evidence),), event_id=b2.event_id + "x")
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, [b, b2])])
        evs = reg.query()
    assert len(evs) == 2
    assert all(len({s.doc for s in e.sources}) == len(e.sources) for e in evs)
    assert sorted(len(e.sources) for e in evs) == [1, 2]


# ------------------------------------------------------------------ order, replacement, ids


def _corpus():
    return [strike_a(), strike_b(), strike_c(), other_event()]


def test_any_order_of_ingest_gives_the_same_events(register_url, tmp_path):
    reference = None
    orders = [list(range(4))] + [random.Random(seed).sample(range(4), 4) for seed in range(3)]
    for n, order in enumerate(orders):
        url = register_url if n == 0 else str(tmp_path / f"order-{n}.sqlite")
        with open_register(url) as reg:
            store_all(reg, [_corpus()[i] for i in order])
            got = exported(reg)
        assert reference is None or got == reference, order
        reference = got
    assert sorted(len(e["sources"]) for e in reference) == [1, 3]


def test_reingesting_an_updated_page_replaces_only_its_own_contribution(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b()
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_b, b)])
        [first] = reg.query()
        # doc-b corrected: a lower toll; doc-a's telling is untouched, the values recomputed
        doc_b2 = replace(doc_b, text=STRIKE_B.replace("25", "20"))
        b2 = replace(b, fatalities=20, fatalities_text="20 عنصرا",
                     sources=(replace(b.sources[0], evidence=b.sources[0].evidence),))
        assert reg.store(doc_b2, [b2]).status == "replaced"
        [ev] = reg.query()
        assert ev.event_id == first.event_id
        assert {s.doc: s.told.fatalities for s in ev.sources} == {"doc-a": 30, "doc-b": 20}
        assert ev.fatalities == 20
        # doc-b no longer tells it: the event keeps doc-a's telling alone, its values doc-a's
        reg.store(replace(doc_b, text="تقرير آخر"), [])
        [ev] = reg.query()
        assert [s.doc for s in ev.sources] == ["doc-a"]
        assert (ev.fatalities, ev.location.id, ev.corroboration, ev.disagreements) == (30, "C5084", 1, ())
        # and when doc-a changes too, the event has no source left and is gone
        reg.store(replace(doc_a, text="لا شيء"), [])
        assert reg.events_count() == 0
        with reg.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(event_sources)).scalar_one() == 0
            assert conn.execute(sa.select(sa.func.count()).select_from(tellings)).scalar_one() == 0


def test_event_ids_are_the_same_on_every_run_and_an_event_told_once_keeps_its_own(register_url, tmp_path):
    runs = []
    for n, url in enumerate([register_url, str(tmp_path / "again.sqlite")]):
        with open_register(url) as reg:
            store_all(reg, _corpus()[::1 if n == 0 else -1])
            runs.append(sorted(e.event_id for e in reg.query()))
    assert runs[0] == runs[1]
    (_, a), (_, o) = strike_a(), other_event()
    # the fused strike is named by its first-published telling; the lone clash keeps extract's id
    assert sorted([a.event_id, o.event_id]) == runs[0]


def test_a_telling_fused_upstream_under_one_id_is_kept_in_its_event(register_url):
    (doc_a, a), (doc_o, o) = strike_a(), other_event()
    o = replace(o, event_id=a.event_id)          # another system said: the same event
    with open_register(register_url) as reg:
        store_all(reg, [(doc_a, a), (doc_o, o)])
        [ev] = reg.query()
    assert [s.doc for s in ev.sources] == ["doc-a", "doc-o"] and ev.event_id == a.event_id


def test_two_writers_storing_tellings_of_one_event_at_once_still_meet(register_url):
    pairs = [strike_a(), strike_b(), strike_c()]
    with open_register(register_url):
        pass
    start = threading.Barrier(len(pairs))

    def writer(pair):
        with open_register(register_url) as reg:
            start.wait(timeout=30)
            reg.store(*pair[:1], [pair[1]])

    threads = [threading.Thread(target=writer, args=(p,)) for p in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with open_register(register_url) as reg:
        [ev] = reg.query()
    assert len(ev.sources) == 3


# ------------------------------------------------------------------ the register before fusion


def test_a_register_of_schema_version_1_is_upgraded_and_fused(register_url, tmp_path):
    from sijill.store import rows
    corpus = _corpus()
    with open_register(str(tmp_path / "fresh.sqlite")) as fresh:
        store_all(fresh, corpus)
        expected = exported(fresh)
    with open_register(register_url) as reg:
        store_all(reg, corpus)
        # made into what version 1 wrote: each document's events as they came, no tellings
        with reg.engine.begin() as conn:
            for table in ("event_actors", "event_places", "event_sources", "events"):
                conn.execute(sa.text(f"DELETE FROM {table}"))
            for _, ev in corpus:
                conn.execute(events.insert().values(**rows.event_row(ev)))
                conn.execute(event_sources.insert().values(event_id=ev.event_id, doc_id=ev.sources[0].doc,
                                                           evidence="[]"))
            conn.execute(sa.text("DROP TABLE tellings"))
            conn.execute(sa.text("DROP TABLE links"))
            conn.execute(meta.update().values(value="1"))
    with open_register(register_url) as reg:
        assert exported(reg) == expected
        with reg.engine.connect() as conn:
            assert conn.execute(sa.select(meta.c.value)).scalar() == "3"


# ------------------------------------------------------------------ matching itself


def _reports():
    return [report_of(ev, doc.text, doc.published) for doc, ev in _corpus()]


def test_blocking_and_scores_are_symmetric_and_groups_do_not_depend_on_order():
    reps = _reports()
    for x in reps:
        for y in reps:
            assert may_match(x, y) == may_match(y, x)
            assert link_score(x, y) == link_score(y, x)
    keys = [sorted(r.key for r in g) for g in clusters(reps)]
    for seed in range(5):
        shuffled = random.Random(seed).sample(reps, len(reps))
        assert [sorted(r.key for r in g) for g in clusters(shuffled)] == keys


def test_a_report_round_trips_through_its_row():
    for r in _reports():
        assert Report.from_row(json.loads(json.dumps(r.to_row()))) == r


def test_candidates_come_from_the_blocking_index_not_a_scan(tmp_path):
    from sijill.store.fusion import _statements
    params = {"family": "Battles", "lo": 1, "hi": 2, "doc": "d", "area": "SY09", "id": "i",
              **{f"lo{c}": 0 for c in range(4)}}
    with open_register(str(tmp_path / "r.sqlite")) as reg:
        store_all(reg, _corpus())
        stmt = _statements().candidates[True].params(params)
        sql = str(stmt.compile(dialect=reg.engine.dialect, compile_kwargs={"literal_binds": True}))
        with reg.engine.connect() as conn:
            plan = [str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    searches = [p for p in plan if p.startswith(("SEARCH", "SCAN"))]
    # one index range per width class, one index lookup by id; never a scan of the table
    assert searches and all(p.startswith("SEARCH tellings USING") for p in searches), plan
    assert sum("ix_tellings_blocking" in p for p in searches) == 4, plan


def test_shipped_rules_are_the_cross_validated_ones():
    assert (DEFAULT_RULES.theta, DEFAULT_RULES.floor, DEFAULT_RULES.undated_days) == (4.0, 3.0, 7)


# ------------------------------------------------------------------ order and replacement at random

_PLACES = [JNEINEH, WEST_COUNTRYSIDE, BUKAMAL, RAQQA]
_SENTENCES = ["قصف طيران التحالف مواقع قرب {p} وقتل {n} عنصرا من قوات النظام",
              "غارات جوية على {p} أسفرت عن مقتل {n} مسلحين بحسب المرصد",
              "اشتباكات عنيفة في محيط {p} بين الفصائل وقوات النظام"]


def _random_corpus(seed: int, n_docs: int = 9):
    """Documents telling a few real actions, each in its own words and with its own errors."""
    rnd = random.Random(seed)
    actions = [(rnd.choice(_PLACES), rnd.choice(["2018-04-28", "2018-04-29", "2018-05-03"]), i % 3)
               for i in range(4)]
    out = []
    for d in range(n_docs):
        chosen = rnd.sample(actions, rnd.choice([1, 2]))
        text, evs = "", []
        for place, day, kind in chosen:
            n = rnd.choice([5, 7, 30])
            sentence = _SENTENCES[kind].format(p=place["name_ar"], n=n) + ". "
            start = len(text)
            text += sentence
            trigger = sentence.split()[0]
            d_ = event_dict(f"doc-{d}", location=place, event_date=day, fatalities=n,
                            sub_event_type=["Air/drone strike", "Air/drone strike", "Shelling/artillery/missile attack"][kind])
            d_["sources"][0].update(published=f"2018-05-0{1 + d % 5}", outlet=f"outlet-{d % 4}",
                                    evidence=[{"role": "trigger", "start": start, "end": start + len(trigger),
                                               "text": trigger}])
            evs.append(Event.from_dict(d_).with_id())
        out.append((Document(id=f"doc-{d}", text=text, outlet=f"outlet-{d % 4}",
                             published=_date(f"2018-05-0{1 + d % 5}")), evs))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_orders_and_replacements_end_in_the_same_register(seed, tmp_path):
    corpus = _random_corpus(seed)
    with open_register(str(tmp_path / "once.sqlite")) as reg:
        for doc, evs in corpus:
            reg.store(doc, evs)
        expected = exported(reg)
    rnd = random.Random(seed)
    with open_register(str(tmp_path / "churn.sqlite")) as reg:
        for doc, evs in rnd.sample(corpus, len(corpus)):
            # first a wrong version of some pages (fewer events, another toll), corrected later
            if rnd.random() < 0.5:
                wrong = [replace(e, fatalities=99) for e in evs[:1]]
                reg.store(replace(doc, text=doc.text + " "), wrong)
            reg.store(doc, evs, replace=True)
        assert exported(reg) == expected
    assert any(len(e["sources"]) > 1 for e in expected)


# ------------------------------------------------------------------ the event's values, by rule


def _members(*events):
    from sijill.fuse.values import own_source
    return [replace(ev, sources=(own_source(ev, ev.sources[0].doc),)) for ev in events]


def test_values_a_silent_source_is_no_disagreement_and_reported_beats_claimed():
    from sijill.fuse.values import fused_event
    (_, a), (_, b) = strike_a(), strike_b(fatalities=None, status="claimed",
                                          claimed_by={"id": "SOHR", "name": "SOHR"})
    ev = fused_event(_members(a, b), a.event_id)
    assert ev.fatalities == 30                                 # the only number stated
    assert "fatalities" not in {d.field for d in ev.disagreements}
    assert (ev.status, ev.claimed_by) == ("reported", None)
    assert dict(next(d for d in ev.disagreements if d.field == "status").values) == {
        "doc-a": "reported", "doc-b": "claimed"}


def test_values_a_stated_zero_is_the_lowest_toll_and_a_taken_place_beats_clashes():
    from sijill.fuse.values import fused_event
    (_, a), (_, b) = strike_a(), strike_b(fatalities=0, fatalities_qualifier="exact")
    ev = fused_event(_members(a, b), a.event_id)
    assert ev.fatalities == 0
    clash = replace(a, event_type="Battles", sub_event_type="Armed clash")
    taken = replace(b, event_type="Battles", sub_event_type="Non-state actor overtakes territory")
    assert fused_event(_members(clash, taken), a.event_id).sub_event_type == "Non-state actor overtakes territory"


def test_values_do_not_depend_on_the_order_of_the_sources():
    from sijill.fuse.values import fused_event
    (_, a), (_, b), (_, c) = strike_a(), strike_b(), strike_c()
    one = fused_event(_members(a, b, c), a.event_id)
    for order in ([c, b, a], [b, a, c]):
        assert fused_event(_members(*order), a.event_id).to_dict() == one.to_dict()
    assert one.corroboration == 3
