"""Throughput with several processes: pages/s of `extract` and `ingest` with --jobs 1 and --jobs N,
and what that means for an archive of 1M and 100M pages (prints figures; not a test).

    .venv/bin/python benchmarks/scale.py                    # 2,000 pages, jobs 1 and all cores
    .venv/bin/python benchmarks/scale.py --pages 10000 --jobs 1 2 4

Pages: the 137 real articles of ../shared/corpus/articles_ar_dev.jsonl (else the examples)
repeated with unique ids, written once to a temporary JSON lines file. Each figure is one run
of the command line, as a user runs it (start-up included; the knowledge loads once a run), with
the built-in gazetteer (SIJILL_HOME is an empty temporary folder). `ingest` writes a new SQLite
register each run.
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


def source_pages() -> list[dict]:
    corpus = SHARED / "corpus" / "articles_ar_dev.jsonl"
    path = corpus if corpus.exists() else ROOT / "examples" / "documents.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_pages(folder: Path, n: int) -> Path:
    base = source_pages()
    out = folder / "pages.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            page = dict(base[i % len(base)])
            page["id"] = f"{page.get('id', 'page')}-{i}"
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
    return out


def timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=None,
                        help="numbers of worker processes to compare (default: 1 and all cores)")
    args = parser.parse_args()
    from sijill.workers import default_jobs
    cores = default_jobs()
    jobs = args.jobs or sorted({1, cores})
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "SIJILL_HOME": str(tmp / "home")}
        pages = write_pages(tmp, args.pages)
        print(f"{args.pages} pages, {cores} cores here; pages/s of one command-line run (start-up included)")
        print(f"{'command':<10}{'jobs':>6}{'seconds':>10}{'pages/s':>10}{'speed-up':>10}")
        rates: dict[tuple[str, int], float] = {}
        for command in ("extract", "ingest"):
            for j in jobs:
                cmd = [SIJILL, command, str(pages), "--jobs", str(j)]
                if command == "ingest":
                    db = tmp / f"r-{j}.sqlite"
                    cmd += ["--db", str(db), "--quiet"]
                seconds = timed(cmd, env)
                rates[command, j] = args.pages / seconds
                speedup = rates[command, j] / rates[command, jobs[0]]
                print(f"{command:<10}{j:>6}{seconds:>10.1f}{rates[command, j]:>10.1f}{speedup:>9.2f}x")
        best = max(rates[("ingest", j)] for j in jobs)
        print(f"\nat the best ingest rate here ({best:.0f} pages/s on {cores} cores):")
        for total in (1_000_000, 100_000_000):
            core_hours = total / (best / cores) / 3600
            print(f"  {total:>11,} pages: {core_hours:,.1f} core-hours "
                  f"({total / best / 3600:,.1f} h on this machine, {core_hours / 64:,.1f} h on 64 cores)")


if __name__ == "__main__":
    main()
