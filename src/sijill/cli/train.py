"""`sijill train`: fit the decision models from annotated data; `--cv K` measures them first."""
from __future__ import annotations

import json

import click


@click.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True), default="../shared",
              show_default=True, envvar="SIJILL_DATA", show_envvar=True,
              help="The reference data folder: eval/ (seeds, gsr-dev, articles-dev, articles-dev2, "
                   "persian-dev) and corpus/ (the articles).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="sijill-model", show_default=True,
              help="Write the trained model here (event.npz); 'sijill extract --model DIR' uses it. "
                   "To replace the shipped model: --out src/sijill/learn/data.")
@click.option("--cv", "folds", type=click.IntRange(min=0), default=0, show_default=True,
              help="Cross-validate by document with this many folds first (0: no cross-validation).")
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Write the figures (cross-validated per set, rules alone, the model) as one JSON object.")
@click.option("--held-out", "held_out", type=click.Path(file_okay=False), default=None,
              help="With --cv: write the events each held-out document got to FOLDER/SET.jsonl "
                   "(score them with the referee, read the errors).")
@click.option("--seed", type=int, default=0, show_default=True, help="Fixes the folds; same seed, same model.")
@click.option("--repeats", type=click.IntRange(min=1), default=1, show_default=True,
              help="With --cv: cross-validate this many times, with the seeds SEED, SEED+1, ... (other "
                   "folds each time), and report the mean F1 of each set with each run's and their range; "
                   "--held-out then writes FOLDER/seed-N/SET.jsonl.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines; the figures are still printed.")
def train(data_dir, out_dir, folds, report, held_out, seed, repeats, quiet):
    """Train the model that decides which candidate events are events.

    The rules propose candidates on every annotated document; a logistic regression over their
    features (learn/features.py) learns which to keep. Only data whose licence allows it trains
    the model (the Arabic event gold standard, the ANT corpus articles, the seed pages); the
    SaudiNewsNet articles and the Persian posts of persian-dev are scored, never learned from
    (the Persian posts teach cross-validation's folds only). The Persian posts the project wrote
    (learn/train/written/) train models of their own for Persian documents, written to OUT/fa/.
    With --cv, each fold's model is fitted on the other folds alone (thresholds chosen inside
    them) and every held-out document is scored with the rules of 'sijill evaluate'.

    Needs the train extra: pip install 'sijill[train]'. Takes a few minutes on two cores.

    \b
    Examples:
      sijill train --data ../shared --cv 5 --report cv.json
      sijill train --cv 5 --held-out held-out/ --out /tmp/m   # then score held-out/articles.jsonl
      sijill train --cv 5 --repeats 3 --report cv.json --out /tmp/m   # the mean of three fold draws
      sijill train --out my-model && sijill extract pages/ --model my-model
    """
    from ..learn.train import train as run_train
    log = (lambda s: None) if quiet else (lambda s: click.echo(s, err=True))
    if held_out and not folds:
        raise click.UsageError("--held-out needs --cv K (K >= 2): only cross-validation holds documents out")
    if repeats > 1 and not folds:
        raise click.UsageError("--repeats needs --cv K (K >= 2): it repeats the cross-validation")
    result = run_train(data_dir, out_dir, folds=folds, report=report, seed=seed, log=log, held_out=held_out,
                       repeats=repeats)
    cv = result if "rules_only" in result else None
    if cv:
        runs = f", mean of {repeats} runs (seeds {seed}-{seed + repeats - 1})" if repeats > 1 else ""
        click.echo(f"cross-validated by document, {cv['folds']} folds{runs} (rules alone in brackets):")
        for name, s in cv.items():
            if isinstance(s, dict) and "f1" in s and name in cv["rules_only"]:
                r = cv["rules_only"][name]
                spread = f"  (runs {s['f1_range'][0]:.3f}-{s['f1_range'][1]:.3f})" if "f1_range" in s else ""
                click.echo(f"  {name:10} F1 {s['f1']:.3f} ({r['f1']:.3f})  precision {s['precision']:.3f} "
                           f"({r['precision']:.3f})  recall {s['recall']:.3f} ({r['recall']:.3f}){spread}")
    for name, m in result["models"].items():
        how = (f"thresholds {m['threshold']} (pages), {m.get('threshold_short', m['threshold'])} (one sentence)"
               if name.rsplit("/", 1)[-1] == "event" else f"{m.get('groups', 0)} frames with right and wrong options")
        click.echo(f"{name} model: {m['examples']} examples, {how}, strength {m['strength']}, "
                   f"{m['non_zero_weights']} weights" + (f" -> {out_dir}/{name}.npz" if out_dir else ""))
