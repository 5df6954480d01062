"""The job's second stage: one event told by several documents becomes one event, as in the register.

The register fuses a document's events when it stores them (store/fusion.py); this stage does the
same over all the job's events at once, with the same pieces of `sijill.fuse`, so that the job's
fused events are the register's:

  1. in the extraction partition, where the document's text is, each event becomes a *telling*:
     the event with its document as its own source (`fuse.values.own_source`) and its `Report`
     (`fuse.across.report_of`: the words of the sentence that tells it). It travels as one JSON
     text (`telling_line`) in the records' `telling` column;
  2. blocking: a report goes to the block of its event family and of each cell of 32 days its date
     window touches, and to the block of its id; in a block, reports whose windows overlap are
     scored (`fuse.across.link_score`, which also keeps apart two governorates, two documents'
     tellings of one document, dates that disagree), each pair once (in the cell where the later
     window starts);
  3. the pairs scored at least `theta` join tellings into components (union-find on the driver:
     a few links an event);
  4. each component is grouped as the register groups it (`fuse.across.group_keys` over its pairs
     scored at least `floor`), each group named by its first-published telling and given its
     values by `fuse.values.fused_event`.

The register regroups a document's neighbourhood up to four links away and 500 tellings; a chain
longer than that (a town's daily strikes, each day linked to the next) is grouped whole here.
Reviews are the register's: the job's events have none.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Iterator

from ..fuse.across import DEFAULT_RULES, Report, Rules, anchor, group_keys, link_score, report_of
from ..fuse.values import fused_event, own_source
from ..model import Document, Event

CELL_DAYS = 32          # the date blocks' width: a window of a day touches one or two cells


# ---------------------------------------------------------------- tellings (extraction partition)

def telling_line(ev: Event, doc: Document) -> str:
    """Document `doc`'s event `ev` as its telling and report, one JSON text."""
    told = replace(ev, sources=(own_source(ev, doc.id, doc.outlet, doc.language, doc.published),))
    rep = report_of(told, doc.text, doc.published)
    return json.dumps({"report": rep.to_row(), "event": told.to_dict()}, ensure_ascii=False)


def read_telling(line: str) -> tuple[Report, dict]:
    d = json.loads(line)
    return Report.from_row(d["report"]), d["event"]


# ---------------------------------------------------------------- blocking and scoring

def block_keys(rep: Report, rules: Rules = DEFAULT_RULES) -> list[tuple]:
    """The blocks a report is compared in: its family's cells of its date window, and its id."""
    keys: list[tuple] = [("id", rep.id)]
    win = rep.window(rules)
    if win is not None:
        keys += [("cell", rep.family, c) for c in range(win[0] // CELL_DAYS, win[1] // CELL_DAYS + 1)]
    return keys


def block_pairs(key: tuple, reports: Iterable[Report], rules: Rules = DEFAULT_RULES
                ) -> Iterator[tuple[tuple[str, str], float]]:
    """The pairs of one block's reports that may be one event, with their scores (>= floor).
    Each pair comes out of one block only, whatever blocks both reports are in."""
    reps = sorted({r.key: r for r in reports}.values(), key=lambda r: r.key)
    if key[0] == "id":
        pairs = ((a, b) for i, a in enumerate(reps) for b in reps[i + 1:])
        for a, b in pairs:
            if a.doc != b.doc:
                yield (a.key, b.key), link_score(a, b, rules)    # the same id: inf
        return
    cell = key[2]
    windowed = sorted(((r.window(rules), r) for r in reps), key=lambda x: (x[0][0], x[1].key))
    for i, (wa, a) in enumerate(windowed):
        for wb, b in windowed[i + 1:]:
            if wb[0] > wa[1]:
                break                       # sorted by start: no later window overlaps a's
            if a.id == b.id or max(wa[0], wb[0]) // CELL_DAYS != cell:
                continue                    # same id: the id block's; else another cell's
            s = link_score(a, b, rules)
            if s is not None and s >= rules.floor:
                yield ((a.key, b.key) if a.key < b.key else (b.key, a.key)), s


# ---------------------------------------------------------------- components and groups

def components(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over linked keys: each linked key -> the smallest key of its component."""
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {k: root(k) for k in parent}


def fuse_component(tellings: Iterable[tuple[Report, Event]], allowed: dict[tuple[str, str], float],
                   rules: Rules = DEFAULT_RULES) -> list[Event]:
    """The register's events for one component's tellings and their allowed pairs (>= floor)."""
    by_key = {rep.key: (rep, ev) for rep, ev in tellings}
    out = []
    for group in group_keys(by_key, {p: s for p, s in allowed.items() if p[0] in by_key and p[1] in by_key},
                            rules):
        out.append(fused_event([by_key[k][1] for k in group], anchor([by_key[k][0] for k in group]).id))
    return out


def fuse_tellings(lines: Iterable[str], rules: Rules = DEFAULT_RULES) -> list[Event]:
    """All of it in one process (tests, small jobs): telling lines in, the fused events out."""
    reps = {}
    for line in lines:
        rep, ev = read_telling(line)
        reps[rep.key] = (rep, Event.from_dict(ev))
    blocks = defaultdict(list)
    for rep, _ in reps.values():
        for key in block_keys(rep, rules):
            blocks[key].append(rep)
    allowed = {p: s for key, block in blocks.items() for p, s in block_pairs(key, block, rules)}
    comp = components(p for p, s in allowed.items() if s >= rules.theta)
    groups = defaultdict(list)
    for key, item in reps.items():
        groups[comp.get(key, key)].append(item)
    return [ev for _, items in sorted(groups.items()) for ev in fuse_component(items, allowed, rules)]


# ---------------------------------------------------------------- on Spark

def fuse_lines(lines, partitions: int, columns: tuple[tuple[str, str], ...], rules: Rules = DEFAULT_RULES):
    """An RDD of telling lines -> an RDD of `output.event_record` rows of the fused events."""
    from .output import event_record

    reports = lines.map(lambda line: Report.from_row(json.loads(line)["report"]))
    scored = (reports.flatMap(lambda r: [(k, r) for k in block_keys(r, rules)])
              .groupByKey(numPartitions=partitions)
              .flatMap(lambda kv: block_pairs(kv[0], kv[1], rules))
              .reduceByKey(max))
    scored = scored.cache()        # read twice: for the components, then with the tellings
    comp = components(p for p, s in scored.filter(lambda ps: ps[1] >= rules.theta).collect())
    comp_of = lines.context.broadcast(comp)

    def keyed_telling(line: str):
        rep, ev = read_telling(line)
        return comp_of.value.get(rep.key, rep.key), ("t", (rep, ev))

    def keyed_pair(ps):
        (a, b), s = ps
        return comp_of.value[a], ("p", (a, b, s))

    def fused(kv):
        tellings, allowed = [], {}
        for kind, item in kv[1]:
            if kind == "t":
                tellings.append((item[0], Event.from_dict(item[1])))
            else:
                allowed[item[0], item[1]] = item[2]
        return [event_record(ev, columns) for ev in fuse_component(tellings, allowed, rules)]

    # a pair between keys of two components (or a key of none) never joins anything: dropped
    pairs = scored.filter(lambda ps: comp_of.value.get(ps[0][0], 0) == comp_of.value.get(ps[0][1], 1))
    return (lines.map(keyed_telling).union(pairs.map(keyed_pair))
            .groupByKey(numPartitions=partitions).flatMap(fused))
