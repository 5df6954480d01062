"""How much of the annotated actor spans of the Arabic event gold standard the aliases cover.

Reads ../shared/eval/gsr-dev/*_spans.json (the OEDA Arabic event GSR, 2007-2008 agency copy:
sentences whose annotators marked source and target actor spans as word lists) and reports,
for every annotated span, whether at least one alias of the actor knowledge base matches
inside the span's words joined by spaces (the same TermMatcher the extractor uses). Also
prints the size of the knowledge base per language.

    .venv/bin/python benchmarks/actor_coverage.py            # summary
    .venv/bin/python benchmarks/actor_coverage.py --misses 40  # and the commonest misses

A span counts once per annotation (annotators often mark the same span: that weights spans
by agreement); the unique-span figure is printed too, and the figure the base would reach with
the withheld words at the end of actor_aliases.tsv (commented out: see docs/knowledge.md).
Reference data are not copied here.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
GSR = SHARED / "eval" / "gsr-dev"
ROLES = ("source_actor", "target_actor")


def withheld_entries():
    """The commented-out alias lines ('#ACTOR_ID<tab>lang<tab>alias...') of actor_aliases.tsv."""
    from importlib import resources

    from sijill.knowledge.actors import ALIAS_COLUMNS, parse_alias
    text = resources.files("sijill.knowledge").joinpath("data", "actor_aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.match(r"#[A-Z][A-Z0-9_]*\t", line):
            row = dict(zip(ALIAS_COLUMNS, [c.strip() for c in line[1:].split("\t")] + [""] * 8))
            yield row["alias"], parse_alias(row)


def coverage(matcher, files) -> float:
    from sijill.text.normalize import normalize
    spans = [" ".join(s.get(role) or []) for path in files for item in json.loads(path.read_text(encoding="utf-8"))
             for s in item.get("spans") or () for role in ROLES if s.get(role)]
    return sum(bool(matcher.find(normalize(t).norm)) for t in spans) / len(spans)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", type=int, default=0, help="print the N commonest unmatched spans")
    parser.add_argument("--gsr", type=Path, default=GSR, help="folder of *_spans.json (default: %(default)s)")
    args = parser.parse_args(argv)

    from sijill.knowledge.actors import LANGS, load_actors
    from sijill.knowledge.matcher import TermMatcher
    from sijill.text.normalize import normalize

    base = load_actors()
    counts = base.alias_counts()
    print(f"actors: {len(base.actors)}; aliases: {sum(counts.values())} "
          f"({', '.join(f'{lang} {counts.get(lang, 0)}' for lang in LANGS)})")
    per_lang_actors = {lang: len({e.actor_id for _, e in base.alias_entries() if e.lang == lang}) for lang in LANGS}
    print("actors named in: " + ", ".join(f"{lang} {n}" for lang, n in per_lang_actors.items()))

    files = sorted(args.gsr.glob("*_spans.json"))
    if not files:
        print(f"no *_spans.json in {args.gsr}: reference data absent", file=sys.stderr)
        return 2
    # the extractor's own settings (knowledge/__init__.py): no suffixes after an alias
    matcher = TermMatcher(base.alias_entries(), suffixes=False)
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    unique_total, unique_hit = set(), set()
    misses: Counter[str] = Counter()
    by_actor: Counter[str] = Counter()
    for path in files:
        kind = path.stem.replace("_spans", "")
        for item in json.loads(path.read_text(encoding="utf-8")):
            for span in item.get("spans") or ():
                for role in ROLES:
                    words = span.get(role) or []
                    if not words:
                        continue
                    text = " ".join(words)
                    found = matcher.find(normalize(text).norm)
                    for key in (kind, role, "all"):
                        total[key] += 1
                    unique_total.add(text)
                    if found:
                        for key in (kind, role, "all"):
                            hit[key] += 1
                        unique_hit.add(text)
                        by_actor.update({v.actor_id for m in found for v in m.values})
                    else:
                        misses[text] += 1
    print(f"annotated actor spans with at least one alias inside: "
          f"{hit['all']}/{total['all']} = {hit['all'] / total['all']:.1%}")
    for key in sorted(k for k in total if k != "all"):
        print(f"  {key:13s} {hit[key]:5d}/{total[key]:<5d} = {hit[key] / total[key]:.1%}")
    print(f"  unique spans  {len(unique_hit):5d}/{len(unique_total):<5d} = "
          f"{len(unique_hit) / len(unique_total):.1%}")
    withheld = list(withheld_entries())
    if withheld:
        more = TermMatcher([*base.alias_entries(), *withheld], suffixes=False)
        print(f"  with the {len(withheld)} withheld words: {coverage(more, files):.1%}")
    print("commonest actors found: " + ", ".join(f"{a} {n}" for a, n in by_actor.most_common(12)))
    if args.misses:
        print(f"\ncommonest spans without an alias (of {len(misses)}):")
        for text, n in misses.most_common(args.misses):
            print(f"  {n:3d}  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
