"""How many place-like words of real articles the place finder finds and resolves.

A place-like word is the word that follows a place noun ("قرية X", "بلدة X", "مدينة X", "منطقة X",
"محافظة X", "ريف X", "حي X", "مخيم X", "ناحية X"): the text itself says it is a place. For each we
ask whether a place mention covers it, and whether that mention resolved to a gazetteer entry.

Usage: .venv/bin/python benchmarks/place_coverage.py [ARTICLES.jsonl] [--gazetteer FILE] [--misses N]
(default: ../shared/corpus/articles_ar_dev.jsonl; the gazetteer in use is the imported one, else built-in)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "articles_ar_dev.jsonl"
PLACE_NOUN = re.compile(r"(?<!\w)(?:[وب]?(?:ال)?(?:قرية|بلدة|مدينة|منطقة|محافظة|ريف|حي|مخيم|ناحية))\s+"
                        r"(?:ال)?(\w{3,})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", default=str(DEFAULT))
    ap.add_argument("--gazetteer", default=None)
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent words not found")
    args = ap.parse_args(argv)
    if not Path(args.articles).exists():
        print(f"no articles at {args.articles}; give a JSON lines file of documents")
        return 1
    from sijill.extract import find_mentions
    from sijill.knowledge import load_knowledge
    from sijill.model import Document, Options
    from sijill.resolve.places import resolve_places
    from sijill.text import analyse
    options = Options(gazetteer_path=args.gazetteer)
    knowledge = load_knowledge(options)
    words = found = resolved = entry = 0
    misses: Counter = Counter()
    for line in Path(args.articles).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc = Document(str(row.get("id")), row.get("text") or "", language="ar")
        a = analyse(doc, options)
        places = list(find_mentions(a, knowledge).places)
        done = resolve_places(places, knowledge.gazetteer) if places else {}
        for m in PLACE_NOUN.finditer(doc.text):
            s, e = m.span(1)
            words += 1
            hit = next((i for i, p in enumerate(places) if p.start < e and p.end > s), None)
            if hit is None:
                misses[m.group(1)] += 1
                continue
            found += 1
            place = done.get(hit)
            if place is not None and place.id is not None:
                entry += 1
                resolved += place.geo_precision <= 2
    print(f"gazetteer: {knowledge.gazetteer!r}")
    print(f"place-like words: {words}")
    print(f"found as a place mention: {found} ({found / max(words, 1):.1%})")
    print(f"resolved to a gazetteer entry (a place or an admin area): {entry} ({entry / max(words, 1):.1%})")
    print(f"  of which at precision 1-2 (the place itself or near it): {resolved} ({resolved / max(words, 1):.1%})")
    if args.misses:
        print("most frequent misses:", ", ".join(f"{w} ({n})" for w, n in misses.most_common(args.misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
