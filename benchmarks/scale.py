"""Throughput with several processes: pages/s of `extract` and of `ingest` (storing with fusion
across documents) with --jobs 1 and --jobs N, and what that means for an archive of 1M and 100M
pages (prints figures; not a test).

    .venv/bin/python benchmarks/scale.py                    # 2,000 pages, jobs 1 and all cores
    .venv/bin/python benchmarks/scale.py --pages 10000 --jobs 1 2 --repeat 3

Pages: rounds of the real articles of ../shared/corpus/articles_ar_dev.jsonl (else the
examples), made as benchmarks/fusion_bench.py makes them: each round a year further back, places
swapped, a third of its pages retold by another outlet, so that ingest fuses events across pages
as it would on an archive. Each figure is one run of the command line, as a user runs it
(start-up included; the knowledge loads once a run), with the built-in gazetteer (SIJILL_HOME is
an empty temporary folder); `ingest` writes a new SQLite register each run. With --repeat, the
commands run in turns that many times and the best run of each is kept (a shared machine slows
some runs down, never speeds one up). The load average is printed before and after: figures
taken under load are slower than a quiet machine's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SIJILL = str(Path(sys.executable).with_name("sijill"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fusion_bench import pages as fusion_pages  # noqa: E402   (the same pages as fusion_bench)

# issue 15: ingest at least 250 pages/s on one core, and with --jobs 2 at least 1.6 times that
TARGET_ONE_CORE, TARGET_TWO_JOBS = 250.0, 1.6


def source_pages() -> list[dict]:
    corpus = SHARED / "corpus" / "articles_ar_dev.jsonl"
    if corpus.exists():
        return [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    from sijill.ingest import iter_documents
    from sijill.model import Document, Options
    return [{"id": d.id, "text": d.text, "published": d.published.isoformat() if d.published else None,
             "outlet": d.outlet} for d in iter_documents([str(ROOT / "examples")], Options())
            if isinstance(d, Document)]


def write_pages(folder: Path, n: int) -> Path:
    out = folder / "pages.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for page in fusion_pages(source_pages(), n):
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
    return out


def timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=None,
                        help="numbers of worker processes to compare (default: 1 and all cores)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command, in turns; the best is kept")
    args = parser.parse_args()
    from sijill.workers import default_jobs
    cores = default_jobs()
    jobs = args.jobs or sorted({1, cores})
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "SIJILL_HOME": str(tmp / "home")}
        pages = write_pages(tmp, args.pages)
        print(f"{args.pages} pages, {cores} cores here, load average {load()} (1, 5, 15 min); pages/s of "
              f"one command-line run (start-up included), best of {args.repeat}")
        best: dict[tuple[str, int], float] = {}
        for _ in range(args.repeat):
            for j in jobs:
                for command in ("extract", "ingest"):
                    cmd = [SIJILL, command, str(pages), "--jobs", str(j)]
                    if command == "ingest":
                        db = tmp / f"r-{j}.sqlite"
                        for suffix in ("", "-wal", "-shm"):
                            Path(f"{db}{suffix}").unlink(missing_ok=True)
                        cmd += ["--db", str(db), "--quiet"]
                    seconds = timed(cmd, env)
                    best[command, j] = min(best.get((command, j), seconds), seconds)
        print(f"{'command':<10}{'jobs':>6}{'seconds':>10}{'pages/s':>10}{'speed-up':>10}")
        rates = {k: args.pages / s for k, s in best.items()}
        for command in ("extract", "ingest"):
            for j in jobs:
                speedup = rates[command, j] / rates[command, jobs[0]]
                print(f"{command:<10}{j:>6}{best[command, j]:>10.1f}{rates[command, j]:>10.1f}{speedup:>9.2f}x")
        print(f"load average after: {load()}")
        for j in jobs:
            share = 1000 * (best["ingest", j] - best["extract", j]) / args.pages
            print(f"jobs {j}: ingest is {rates['ingest', j] / rates['extract', j]:.0%} of extract's rate "
                  f"({share:.2f} ms a page more, wall)")
        if 1 in jobs:
            one = rates["ingest", 1]
            print(f"target: ingest >= {TARGET_ONE_CORE:.0f} pages/s on one core: {one:.0f} "
                  f"({'met' if one >= TARGET_ONE_CORE else 'not met'})")
            if 2 in jobs:
                two = rates["ingest", 2] / one
                print(f"target: ingest --jobs 2 >= {TARGET_TWO_JOBS}x --jobs 1: {two:.2f}x "
                      f"({'met' if two >= TARGET_TWO_JOBS else 'not met'})")
        top = max(rates[("ingest", j)] for j in jobs)
        print(f"\nat the best ingest rate here ({top:.0f} pages/s on {cores} cores):")
        for total in (1_000_000, 100_000_000):
            core_hours = total / (top / cores) / 3600
            print(f"  {total:>11,} pages: {core_hours:,.1f} core-hours "
                  f"({total / top / 3600:,.1f} h on this machine, {core_hours / 64:,.1f} h on 64 cores)")


if __name__ == "__main__":
    main()
