"""What the tests of the sets the project wrote (src/sijill/learn/train/written/) check alike: the
gold records coded with the codebook's types and the knowledge base's actors, and a seed page to
stand for the reference data beside them."""
from __future__ import annotations

import json
from datetime import date

from sijill.evaluate import read_gold_events
from sijill.evaluate.records import PRECISIONS
from sijill.export.codebook import EVENT_TYPES
from sijill.knowledge.actors import load_actors


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_gold(path, documents: list[dict]) -> None:
    """Every gold event of the file reads as the referee reads it, belongs to one of `documents`,
    and is coded with known types, precisions and actors (of its day), a place and a note."""
    gold = lines(path)
    events = read_gold_events(str(path))
    assert len(events) == len(gold) and len({g.id for g in events}) == len(gold)
    published = {d["id"]: date.fromisoformat(d["published"]) for d in documents}
    actors = load_actors()
    for g in gold:
        assert g["doc"] in published and g["id"].startswith(g["doc"] + "#"), g["id"]
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
        # after 8 December 2024 the Syrian state's forces are SYR_TRANS_GOV (General Security
        # under it), and SYR_GOV before: the written gold never mixes them up
        ids = set(g["actor1"]) | set(g["actor2"])
        after = when >= date(2024, 12, 8)
        assert not (after and "SYR_GOV" in ids) and not (not after and ids & {"SYR_TRANS_GOV", "SYR_GEN_SECURITY"})
        assert g["actor1"] or g["actor2"] or not g["required"], g["id"]
        assert g["location"] and all(isinstance(n, str) and n.strip() for n in g["location"]), g["id"]
        assert g["fatalities"] is None or (isinstance(g["fatalities"], int) and g["fatalities"] >= 0)
        assert g["note"].strip(), g["id"]


def seed_page(root) -> None:
    """A reference data folder holding one seed page with its gold event."""
    folder = root / "eval" / "seeds"
    folder.mkdir(parents=True)
    (folder / "s1.txt").write_text("قتل ثلاثة مدنيين في غارة جوية على بلدة الشحيل امس.", encoding="utf-8")
    doc = {"doc": "s1", "file": "s1.txt", "language": "ar", "published": "2018-04-30", "outlet": None}
    (folder / "documents.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    gold = {"doc": "s1", "id": "s1-a", "event_type": "Explosions/Remote violence", "sub_event_type": ["Air/drone strike"],
            "actor1": [], "actor2": ["CIVILIANS"], "location": "الشحيل", "date": "2018-04-29",
            "date_precision": ["day"], "fatalities": 3}
    (folder / "events.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
