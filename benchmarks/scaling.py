"""How extraction time grows with the length of one page (prints a table; not a test).

    .venv/bin/python benchmarks/scaling.py                  # 1 KB -> 1 MB, with the shipped models
    .venv/bin/python benchmarks/scaling.py --rules-only     # the rules alone
    .venv/bin/python benchmarks/scaling.py --big            # also 5 MB pages
    .venv/bin/python benchmarks/scaling.py --kinds real,qasf --sizes 1,10,100

Pages, each one document extracted in this process (knowledge and models loaded once beforehand):
  real      real article text (../shared/corpus/articles_ar_dev.jsonl, else examples/) repeated to
            the size: a long page of ordinary sentences
  qasf      "قصف " repeated: one word that is a trigger, with no stop anywhere
  nopunct   the article text with its stops and line breaks taken out: one sentence
  numbers   "قتل 5 شخصا و8 جريحا" with growing numbers, without stops
  places    place names one after another
Every row gives the page size, the seconds and the milliseconds per KB: flat from 1 KB to 1 MB
is linear time (the first small pages also pay one-off warm-up). Run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "corpus" / "articles_ar_dev.jsonl"
SIZES_KB = (1, 10, 100, 250, 500, 1000)
BIG_KB = 5000
_PLACES = ("دمشق", "حلب", "إدلب", "حمص", "درعا", "الرقة", "دير الزور", "اللاذقية", "طرطوس", "حماة", "منبج")


def base_text() -> str:
    """About 100 KB of real article text (a fixed block, so that every size has the same mix)."""
    if ARTICLES.is_file():
        texts = [json.loads(line)["text"] for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    out, total = [], 0
    for t in texts:
        out.append(t)
        total += len(t) + 2
        if total >= 100_000:
            break
    return "\n\n".join(out)


def page(kind: str, size: int, block: str) -> str:
    if kind == "real":
        return _repeat(block + "\n\n", size)
    if kind == "qasf":
        return _repeat("قصف ", size)
    if kind == "nopunct":
        words = " ".join(block.translate({ord(c): " " for c in ".!?؟\n"}).split())
        return _repeat(words + " ", size)
    if kind == "numbers":
        return " ".join(f"قتل {i} شخصا و{i + 3} جريحا" for i in range(size // 15 + 1))[:size]
    if kind == "places":
        return " ".join(_PLACES[i % len(_PLACES)] for i in range(size // 4 + 1))[:size]
    raise SystemExit(f"unknown kind {kind!r}")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default="real,qasf", help="comma-separated page kinds (real,qasf,nopunct,numbers,places)")
    ap.add_argument("--sizes", help="comma-separated sizes in KB (default 1,10,100,250,500,1000)")
    ap.add_argument("--big", action="store_true", help=f"also pages of {BIG_KB} KB")
    ap.add_argument("--rules-only", action="store_true", help="the rules alone, without the trained models")
    args = ap.parse_args()
    os.environ.setdefault("SIJILL_HOME", tempfile.mkdtemp(prefix="sijill-scaling-"))  # the built-in gazetteer
    if importlib.util.find_spec("sijill") is None:      # neither installed nor on PYTHONPATH
        sys.path.insert(0, str(ROOT / "src"))
    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES_KB)
    if args.big:
        sizes.append(BIG_KB)
    pipeline = Pipeline(Options(rules_only=args.rules_only))
    block = base_text()
    pipeline.extract(Document("warm-up", block[:2000], date(2018, 3, 1)))
    print(f"{'page':<9}{'KB':>7}{'seconds':>10}{'ms/KB':>9}{'events':>8}   "
          f"({'rules only' if args.rules_only else 'with the models'})")
    for kind in args.kinds.split(","):
        for kb in sizes:
            text = page(kind, kb * 1000, block)
            doc = Document(f"{kind}-{kb}", text, date(2018, 3, 1))
            t0 = time.perf_counter()
            events = pipeline.extract(doc)
            took = time.perf_counter() - t0
            print(f"{kind:<9}{kb:>7}{took:>10.2f}{1000 * took / kb:>9.2f}{len(events):>8}", flush=True)


if __name__ == "__main__":
    main()
