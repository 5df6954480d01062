"""The readable report of a score (the `--json` output is the score's `to_dict()`)."""
from __future__ import annotations

from .events import FIELDS, EventScore
from .sentences import SentenceScore


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _limited(items: list, limit: int | None) -> tuple[list, str]:
    if limit is None or len(items) <= limit:
        return items, ""
    return items[:limit], f"    ... and {len(items) - limit} more (--show-all or --json for every one)"


def event_report(score: EventScore, gold_path: str, pred_path: str, limit: int | None = 20) -> str:
    s = score
    out = [
        f"Events: {pred_path} scored against {gold_path}",
        f"  gold: {s.gold_required} required, {s.gold_optional} optional events in {s.documents} documents; "
        f"predicted: {s.predicted} counted"
        + (f" ({s.not_counted} left out: planned, threatened, denied, hypothetical or negated)" if s.not_counted else ""),
        "",
        f"  found (tp) {s.tp}   extra (fp) {s.fp}   missed (fn) {s.fn}"
        + (f"   optional gold matched {s.optional_matched}" if s.optional_matched else ""),
        f"  precision {_pct(s.precision)}   recall {_pct(s.recall)}   F1 {_pct(s.f1)}",
        "",
    ]
    if s.tp:
        out.append(f"  field accuracy over the {s.tp} matched required events:")
        for f in FIELDS:
            out.append(f"    {f:<15} {_pct(s.field_accuracy[f])}  ({s.field_correct[f]}/{s.tp})")
        wrong = [p for p in s.pairs if p["required"] and p["wrong"]]
        if wrong:
            out.append("  matched with a field wrong:")
            shown, more = _limited(wrong, limit)
            for p in shown:
                out.append(f"    {p['gold']} <- line {p['line']}: {', '.join(p['wrong'])}")
            if more:
                out.append(more)
    else:
        out.append("  field accuracy: no required gold event was matched")
    out.append("")
    out.append(f"  missed gold events ({len(s.missed)}): {', '.join(s.missed) if s.missed else 'none'}")
    out.append(f"  extra predictions ({len(s.extra)}):" + ("" if s.extra else " none"))
    shown, more = _limited(s.extra, limit)
    for e in shown:
        place = e["location"] or "no place"
        day = e["event_date"] or "no date"
        out.append(f"    {e['doc']} line {e['line']}: {e['event_type']} / {e['sub_event_type']} at {place}, {day}")
    if more:
        out.append(more)
    return "\n".join(out)


def sentence_report(score: SentenceScore, gold_path: str, pred_path: str, limit: int | None = 20) -> str:
    d = score.to_dict()
    out = [
        f"Sentences ({score.kind}): {pred_path} scored against {gold_path}",
        f"  labels: {d['positives']} yes, {d['easy_negatives']} easy no, {d['hard_negatives']} difficult no, "
        f"{d['ambiguous']} ambiguous (not counted)",
        "",
        f"  yes flagged (tp) {d['tp']}   easy no flagged (fp) {d['fp_easy']}   yes not flagged (fn) {d['fn']}",
        f"  precision {_pct(score.precision)}   recall {_pct(score.recall)}   F1 {_pct(score.f1)}",
        f"  difficult no flagged: {d['fp_hard']} of {d['hard_negatives']} "
        f"(rate {_pct(score.hard_negative_flag_rate)}; lower is better)",
    ]
    for title, ids in (("easy no flagged", score.false_positives), ("yes not flagged", score.false_negatives)):
        if ids:
            shown, more = _limited(ids, limit)
            out.append(f"  {title} ({len(ids)}):")
            # GSR ids run to hundreds of characters: the start and the end tell them apart
            out.extend(f"    {i if len(i) <= 72 else i[:40] + '...' + i[-29:]}" for i in shown)
            if more:
                out.append(more)
    return "\n".join(out)
