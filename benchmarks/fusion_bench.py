"""The cost of fusion in the register (prints a report; not a test). Run it on a quiet machine.

    python3 ../shared/eval/make_docs.py articles > /tmp/articles.jsonl
    .venv/bin/python benchmarks/fusion_bench.py /tmp/articles.jsonl
    .venv/bin/python benchmarks/fusion_bench.py /tmp/articles.jsonl --pages 2000 --grow 20000 --dir /dev/shm

1. ingest: `sijill ingest PAGES` of --pages generated pages into a new register with --jobs 1
   and 2 (--jobs), timed (pages per second, wall clock), beside `sijill extract` of the same
   pages with the same jobs (the share of extraction), and the CPU seconds of each (of all its
   processes).
   Pages are made from the articles: each round of them gets new ids, its publication dates and
   the years its text names moved a year back (see _YEAR), governorate names swapped in the text
   (حلب <-> إدلب, دير الزور <-> الرقة, ...: other places); and a third of each round's pages comes
   again from another outlet, the same day, a word changed, so that the register has events
   told twice.
2. growth: a register grown to --grow events (the same rounds, stored in batches of documents
   by the register's own code, without extraction), and at 10% and 100% of that size the
   time to match one event (its blocking queries, the scoring of what they return, the links
   followed), to store one document alone (one transaction, committed) and to store one
   document in batches of 100 (as `ingest` does), over --probes new documents each. The
   register grows by covering more years, as an archive does: after a few rounds the events a
   day stay the same, so an indexed blocking query returns about as many candidates at any
   size and the time per match stays flat, where a scan would grow with the register. (Dates
   before 1900 are fine for the store, which checks none.)
The load average is printed with the figures: taken under load, they are slower than a quiet
machine's.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

SWAPS = (("حلب", "إدلب"), ("دير الزور", "الرقة"), ("حمص", "حماة"), ("درعا", "السويداء"), ("دمشق", "اللاذقية"))
# Each round of the articles is moved one year back in time, its publication dates and the years
# its text names alike (a date the text spells out moves with it): a round is news of another
# year, not the last round retold. The articles span three years, so rounds overlap and after a
# few of them the register holds as many events a day as it ever will: it then grows as an
# archive does, by covering more years.
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")


def _years_back(d: date, n: int) -> date:
    return d.replace(year=d.year - n) if not (d.month == 2 and d.day == 29) else date(d.year - n, 2, 28)


def read_articles(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _swap(text: str, r: int) -> str:
    """The text of round r: the years it names r years earlier, a pair of governorates swapped."""
    text = _YEAR.sub(lambda m: str(int(m.group(1)) - r), text) if r else text
    a, b = SWAPS[r % len(SWAPS)]
    if r % 2 == 0:
        return text
    return text.replace(a, "\x00").replace(b, a).replace("\x00", b)


def pages(articles: list[dict], n: int):
    """n pages: rounds of the articles, moved in time and place; a third retold by another outlet."""
    made, r = 0, 0
    while made < n:
        for k, art in enumerate(articles):
            if made >= n:
                return
            pub = date.fromisoformat(art["published"]) if art.get("published") else date(2018, 1, 1)
            page = {**art, "id": f"r{r}-{art['id']}", "text": _swap(art["text"], r),
                    "published": _years_back(pub, r).isoformat()}
            yield page
            made += 1
            if k % 3 == 0 and made < n:
                yield {**page, "id": page["id"] + "-retold", "outlet": f"{art.get('outlet') or 'outlet'} (retold)",
                       "text": page["text"].replace("،", ",", 1)}
                made += 1
        r += 1


def _sijill() -> str:
    found = Path(sys.executable).with_name("sijill")
    return str(found) if found.exists() else shutil.which("sijill") or "sijill"


def _run(args: list[str], **kw) -> tuple[float, float]:
    """Wall and CPU seconds of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"{args[:2]} failed ({done.returncode}): {done.stderr[-2000:] if done.stderr else ''}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_ingest(articles, n: int, folder: Path, jobs: list[int]) -> None:
    src = folder / "pages.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for p in pages(articles, n):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    env = {**os.environ, "SIJILL_HOME": str(folder / "home")}
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    print(f"ingest of {n} pages (load average before: {_load()}):")
    for j in jobs:
        db = folder / f"ingest-{j}.sqlite"
        wall_x, cpu_x = _run([_sijill(), "extract", str(src), "--jobs", str(j)], **quiet)
        wall_i, cpu_i = _run([_sijill(), "ingest", str(src), "--db", str(db), "--jobs", str(j), "--quiet"], **quiet)
        print(f"  sijill ingest --jobs {j} : {wall_i:7.1f} s wall  {n / wall_i:6.1f} pages/s   ({cpu_i:6.1f} s CPU)")
        print(f"  sijill extract --jobs {j}: {wall_x:7.1f} s wall  {n / wall_x:6.1f} pages/s   ({cpu_x:6.1f} s CPU)")
        print(f"  store with fusion       : {1000 * (wall_i - wall_x) / n:7.2f} ms a page wall "
              f"({1000 * (cpu_i - cpu_x) / n:.2f} ms CPU)")
    from sijill.store import open_register
    with open_register(str(db), create=False) as reg:
        n_events = reg.events_count()
        with reg.engine.connect() as conn:
            told = conn.exec_driver_sql("SELECT count(*) FROM tellings").scalar_one()
    print(f"  ({told} events told, {n_events} register events after fusion; load average after: {_load()})")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _rounds(extracted):
    """Endless rounds of (document, events) made from the extracted articles, a year back each."""
    r = 0
    while True:
        for doc, evs in extracted:
            d = replace(doc, id=f"g{r}-{doc.id}", published=_years_back(doc.published, r) if doc.published else None)
            moved = []
            for ev in evs:
                ev = replace(ev, event_date=_years_back(ev.event_date, r) if ev.event_date else None,
                             sources=tuple(replace(s, doc=d.id, published=d.published) for s in ev.sources))
                moved.append(ev.with_id())
            yield d, moved
        r += 1


def _probe(reg, probes, fusion) -> tuple[float, float, float, int]:
    """Milliseconds to match one event, to store one document alone and in batches, and
    candidates seen per event."""
    from sijill.fuse.across import link_score, report_of
    from sijill.fuse.values import own_source
    from sijill.store import Batch
    match_s, n_events, seen = 0.0, 0, 0
    with reg.engine.connect() as conn:
        for doc, evs in probes:
            reps = [report_of(replace(ev, sources=(own_source(ev, doc.id, doc.outlet, doc.language, doc.published),)),
                              doc.text, doc.published) for ev in evs]
            start = time.perf_counter()
            for rep in reps:        # what `refuse` does to match one event, without the writing
                found = fusion._candidates(conn, rep, reg.rules)
                seen += len(found)
                fresh = {}
                for other in found:
                    s = link_score(rep, other, reg.rules)
                    if s is not None and s >= reg.rules.floor:
                        fresh[tuple(sorted((rep.key, other.key)))] = s
                fusion._component(conn, {rep.key: (rep, None)}, fresh, set(), reg.rules)
            match_s += time.perf_counter() - start
            n_events += len(reps)
    half = len(probes) // 2
    start = time.perf_counter()
    for doc, evs in probes[:half]:
        reg.store(doc, evs)
    alone_s = (time.perf_counter() - start) / half
    start = time.perf_counter()
    batch = Batch(reg, lambda tag, outcome: None, size=100, seconds=1e9)
    for doc, evs in probes[half:]:
        batch.add(None, doc, evs)
    batch.flush()
    batched_s = (time.perf_counter() - start) / (len(probes) - half)
    return 1000 * match_s / max(1, n_events), 1000 * alone_s, 1000 * batched_s, seen / max(1, n_events)


def bench_growth(articles_path: str, target: int, n_probes: int, folder: Path) -> None:
    from sijill.ingest import iter_documents
    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline
    from sijill.store import fusion, open_register
    options = Options()
    pipeline = Pipeline(options)
    extracted = [(d, pipeline.extract(d)) for d in iter_documents([articles_path], options)
                 if isinstance(d, Document)]
    db = folder / "growth.sqlite"
    rounds = _rounds(extracted)
    marks = sorted({max(1, target // 10), target})
    rows = []
    with open_register(str(db)) as reg:
        stored, start = 0, time.perf_counter()
        for mark in marks:
            while stored < mark:                      # register events, after fusion
                reg.store_batch([next(rounds) for _ in range(200)])   # the growth itself is not timed
                stored = reg.events_count()
            probes = [next(rounds) for _ in range(n_probes)]
            held = reg.events_count()
            match_ms, alone_ms, batched_ms, candidates = _probe(reg, probes, fusion)
            rows.append((held, match_ms, alone_ms, batched_ms, candidates))
            print(f"  {held:>8} events: {match_ms:6.2f} ms to match one event ({candidates:.1f} candidates), "
                  f"{alone_ms:6.2f} ms to store one document alone, {batched_ms:6.2f} in batches of 100  "
                  f"[built in {time.perf_counter() - start:.0f} s; load average {_load()}]", flush=True)
    if len(rows) == 2:
        print(f"  time per match at {rows[1][0]} events / at {rows[0][0]}: {rows[1][1] / rows[0][1]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", help="documents (JSON lines): make_docs.py articles")
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--grow", type=int, default=100_000, help="register events (after fusion) the growing register reaches")
    ap.add_argument("--probes", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs of the ingest and extract runs")
    ap.add_argument("--dir", default=None, help="where the registers go (default: a temporary folder)")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fusion-bench-", dir=args.dir))
    random.seed(0)
    articles = read_articles(args.articles)
    if not args.skip_ingest:
        bench_ingest(articles, args.pages, folder, args.jobs)
    if not args.skip_growth:
        print(f"growth to {args.grow} events ({args.probes} probe documents at each size):")
        bench_growth(args.articles, args.grow, args.probes, folder)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
