"""`sijill framing` and `sijill event` (issue 13, part 2): outlets' labels per actor, one event whole."""
from __future__ import annotations

import json

from click.testing import CliRunner

from sijill.cli import main
from sijill.store import open_register

from .test_fusion_register import other_event, strike_a, strike_b

HOSTILE = {"id": "SYR_GOV", "name": "Military Forces of Syria (2000-2024)", "parents": [],
           "label": "ميليشيا أسد", "stance": "hostile"}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _register(url):
    (doc_a, a), (doc_b, b), (doc_o, o) = strike_a(), strike_b(actor2=HOSTILE), other_event()
    with open_register(url) as reg:
        for doc, ev in ((doc_a, a), (doc_b, b), (doc_o, o)):
            reg.store(doc, [ev])
        return reg.query(type="Air/drone strike")[0].event_id


def test_framing_counts_each_outlets_labels_and_stance(register_url):
    _register(register_url)
    r = invoke("framing", "--db", register_url, "--actor", "SYR_GOV", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines()]
    got = {(x["outlet"], x["label"], x["stance"]): x["mentions"] for x in rows if x["actor"] == "SYR_GOV"}
    assert got == {("أورينت نت", "قوات النظام", None): 1, ("SY24", "ميليشيا أسد", "hostile"): 1}
    # the sub-unit (SYR_NDF, parent SYR_GOV) comes along with its parent
    assert {x["actor"] for x in rows} == {"SYR_GOV", "SYR_NDF"}
    table = invoke("framing", "--db", register_url)
    assert table.exit_code == 0 and "hostile" in table.output and "قسد" in table.output
    by_alias = invoke("framing", "--db", register_url, "--actor", "قسد", "--format", "json")
    assert {json.loads(x)["actor"] for x in by_alias.output.splitlines()} == {"SDF"}
    bad = invoke("framing", "--db", register_url, "--actor", "Nobody At All")
    assert bad.exit_code == 2 and "no actor 'Nobody At All'" in bad.output


def test_event_shows_sources_side_by_side_disagreements_and_review(register_url):
    eid = _register(register_url)
    with open_register(register_url) as reg:
        reg.review(eid, "edit", {"fatalities": 12}, "SOHR", "ana")
    r = invoke("event", eid, "--db", register_url)
    assert r.exit_code == 0, r.output
    out = r.output
    assert "أورينت نت" in out and "SY24" in out and "ميليشيا أسد (SYR_GOV, hostile)" in out
    assert "disagreements" in out and "fatalities:" in out
    assert "review trail" in out and "fatalities: 25 -> 12" in out and "(SOHR)" in out
    d = json.loads(invoke("event", eid, "--db", register_url, "--format", "json").output)
    assert d["event"]["event_id"] == eid and len(d["event"]["sources"]) == 2
    assert d["review_trail"][0]["after"] == 12
    gone = invoke("event", "nope", "--db", register_url)
    assert gone.exit_code == 1 and "no event 'nope'" in gone.output
    assert "side by side" in invoke("event", "--help").output
