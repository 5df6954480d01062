"""`sijill evaluate`: score extracted events against gold annotations (scoring: `sijill.evaluate`)."""
from __future__ import annotations

import json
import sys

import click


@click.command()
@click.argument("gold", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("pred", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--mode", type=click.Choice(["auto", "events", "sentences"]), default="auto", show_default=True,
              help="events: GOLD is gold events (JSON lines); sentences: GOLD is labelled sentences (CSV). "
                   "auto: sentences for a .csv GOLD, events otherwise.")
@click.option("--kind", type=click.Choice(["assault", "protest"]), default=None,
              help="Sentences mode: the kind of event the labels are about (default: the CSV's event_type column).")
@click.option("--only-gold-docs", is_flag=True,
              help="Events mode: leave out predictions for documents that no gold event names "
                   "(by default they count as extra).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--show-all", is_flag=True, help="List every extra prediction and miss (the report shows 20 of each).")
def evaluate(gold, pred, mode, kind, only_gold_docs, as_json, show_all):
    """Score the events in PRED against the gold annotations in GOLD.

    PRED is what 'sijill extract' printed (JSON lines; '-' reads standard input). Events whose
    status is planned, threatened, denied, hypothetical or negated are not counted.

    \b
    Events mode: GOLD is JSON lines, one gold event a line, e.g.
      {"doc": "page-17", "id": "17-a", "required": true, "event_type": "Battles",
       "sub_event_type": ["Armed clash"], "actor1": ["SDF"], "actor2": ["SYR_GOV"],
       "location": "ذيبان", "date": "2023-08-31", "date_precision": ["day"],
       "date_alt": null, "fatalities": 4}

    Gold and predicted events of each document are paired one to one (an optimal
    matching), a pair being possible when the event type is equal, a gold place (if any)
    matches one of the event's place names whatever the spelling (hamza, ة/ه, Persian
    letters, diacritics, the article), and the actors overlap (USA_MIL = COALITION; a unit
    counts as its parent). Gold events with "required": false may be matched but count
    neither as found nor as missed. Prints tp, fp, fn, precision, recall, F1; the accuracy,
    over the matched required events, of sub_event_type, actor1, actor2, date (within 0, 7,
    31 or 366 days for day, week, month or year precision, date_alt included; "unknown"
    accepts any) and fatalities (equal, or within 10% when approximate or >= 20; a gold 0
    accepts null); the missed gold ids and the extra predictions.

    Sentences mode: GOLD is a CSV with columns id,label,text, label being yes, easy no,
    difficult no or ambiguous, and each sentence was given to extract as a document of that
    id. A sentence is flagged when one of its events is violent (Battles,
    Explosions/Remote violence, Violence against civilians) for --kind assault, or
    Protests/Riots for --kind protest. Precision and recall count yes against easy no; the
    share of difficult no flagged is reported apart.

    Exit status: 0 when scored; 2 when a file cannot be read or a line is malformed (the
    message names the file and the line).

    \b
    Examples:
      sijill extract pages/ > events.jsonl
      sijill evaluate my_gold.jsonl events.jsonl
      sijill evaluate my_gold.jsonl events.jsonl --json > score.json
      sijill extract pages/ | sijill evaluate my_gold.jsonl -
      sijill evaluate assault_gsr.csv gsr_events.jsonl --kind assault
    """
    from ..evaluate import EvaluationInputError
    from ..evaluate.report import event_report, sentence_report
    if mode == "auto":
        mode = "sentences" if gold.lower().endswith(".csv") else "events"
    if kind and mode == "events":
        _fail("--kind is for sentences mode (a CSV of labelled sentences); events mode needs no kind")
    limit = None if show_all else 20
    try:
        if mode == "events":
            from ..evaluate import evaluate_events
            score = evaluate_events(gold, pred, only_gold_docs=only_gold_docs)
            text = None if as_json else event_report(score, gold, _name(pred), limit)
        else:
            from ..evaluate import evaluate_sentences
            score = evaluate_sentences(gold, pred, kind)
            text = None if as_json else sentence_report(score, gold, _name(pred), limit)
    except EvaluationInputError as exc:
        _fail(str(exc))
    except ValueError as exc:   # e.g. no --kind and nothing to take it from
        _fail(str(exc))
    click.echo(json.dumps(score.to_dict(), ensure_ascii=False) if as_json else text)


def _name(path: str) -> str:
    return "standard input" if path == "-" else path


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)
