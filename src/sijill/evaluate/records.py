"""Reading the files that `sijill evaluate` scores: gold events, gold sentences, predictions.

Every reader checks each line and raises `EvaluationInputError` naming the file and the line
of the first malformed one: a score silently computed from half a file is worse than none.

Gold events (JSON lines, one object a line):
  doc, id            the document and the gold event's own id
  required           false: the event may be coded or not (neither found nor missed); default true
  event_type         an ACLED event type
  sub_event_type     one sub-type or a list of the acceptable ones
  actor1, actor2     an actor id or a list of acceptable ids (any one of them is right)
  location           a place name, a list of acceptable names, or null (any place is right)
  date, date_alt     the day (YYYY-MM-DD) and acceptable other days, or null
  date_precision     one of day, week, month, year, unknown, or a list of them: the widest sets
                     how far the predicted day may be
  fatalities         the number killed, or null (any number is right)
Gold sentences (CSV with a header): id, label (yes, easy no, difficult no, ambiguous), text.
Predictions: the events `sijill extract` prints (JSON lines, design/SCHEMA.md).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..model import Event

# Statuses of things said but not done: kept in the register, never counted as events.
NOT_COUNTED = frozenset({"planned", "threatened", "denied", "hypothetical", "negated"})
PRECISIONS = ("day", "week", "month", "year", "unknown")
SENTENCE_LABELS = ("yes", "easy no", "difficult no", "ambiguous")


class EvaluationInputError(ValueError):
    """A gold or prediction file that cannot be scored: which file, which line, what is wrong."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    doc: str
    id: str
    required: bool
    event_type: str
    sub_event_types: tuple[str, ...]
    actor1: tuple[str, ...]
    actor2: tuple[str, ...]
    places: tuple[str, ...]
    date: date | None
    date_alt: tuple[date, ...]
    date_precisions: tuple[str, ...]
    fatalities: int | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted event as read, with the documents it is attributed to."""
    event: Event
    docs: tuple[str, ...]
    extra_place_names: tuple[str, ...]   # location names outside the model (name_fa, alternatives)
    line: int = 0

    @property
    def counted(self) -> bool:
        return self.event.status not in NOT_COUNTED


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    label: str
    kind: str | None        # the CSV's own event_type column (ASSAULT, PROTEST) when it has one
    line: int = 0


# ---------------------------------------------------------------- reading lines

def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _read_text(path: str) -> str:
    """The whole of a UTF-8 file ('-': standard input), its byte-order mark dropped."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                raw = f.read()
    except OSError as exc:
        raise EvaluationInputError(_display(path), None, f"cannot read it: {exc.strerror or exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise EvaluationInputError(_display(path), line, f"not UTF-8 text ({exc.reason})") from None


def _json_objects(path: str) -> Iterator[tuple[int, dict]]:
    name = _display(path)
    for number, line in enumerate(_read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationInputError(name, number, f"not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise EvaluationInputError(name, number, f"expected a JSON object, found {type(obj).__name__}")
        yield number, obj


# ---------------------------------------------------------------- field checks

class _Bad(Exception):
    """A field problem; the caller adds the file and line."""


def _strings(obj: dict, key: str) -> tuple[str, ...]:
    """A string, a list of strings, or null/absent, as a tuple (empty strings dropped)."""
    value = obj.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    raise _Bad(f"'{key}' must be a string, a list of strings or null, not {json.dumps(value, ensure_ascii=False)}")


def _day(value, key: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Bad(f"'{key}' must be a date written YYYY-MM-DD or null, not {json.dumps(value, ensure_ascii=False)}") from None


def _count(value, key: str) -> int | None:
    # bool is an int in Python; `true` as a death toll is a mistake, not 1.
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise _Bad(f"'{key}' must be a whole number >= 0 or null, not {json.dumps(value, ensure_ascii=False)}")


def _ident(obj: dict, key: str) -> str:
    value = obj.get(key)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value)
    raise _Bad(f"missing '{key}'" if value is None else f"'{key}' must be a string, not {json.dumps(value, ensure_ascii=False)}")


def _gold_event(obj: dict, line: int) -> GoldEvent:
    event_type = obj.get("event_type")
    if not isinstance(event_type, str) or not event_type.strip():
        raise _Bad("missing 'event_type'" if event_type is None else "'event_type' must be a string")
    required = obj.get("required", True)
    if not isinstance(required, bool):
        raise _Bad(f"'required' must be true or false, not {json.dumps(required)}")
    precisions = _strings(obj, "date_precision")
    unknown = [p for p in precisions if p not in PRECISIONS]
    if unknown:
        raise _Bad(f"'date_precision' {unknown[0]!r} is not one of {', '.join(PRECISIONS)}")
    return GoldEvent(
        doc=_ident(obj, "doc"), id=_ident(obj, "id"), required=required, event_type=event_type,
        sub_event_types=_strings(obj, "sub_event_type"),
        actor1=_strings(obj, "actor1"), actor2=_strings(obj, "actor2"),
        places=_strings(obj, "location"),
        date=_day(obj.get("date"), "date"),
        date_alt=tuple(_day(d, "date_alt") for d in _strings(obj, "date_alt")),
        date_precisions=precisions,
        fatalities=_count(obj.get("fatalities"), "fatalities"),
        line=line)


def _prediction(obj: dict, line: int) -> Prediction:
    for key in ("event_type", "sub_event_type"):
        if not isinstance(obj.get(key), str):
            raise _Bad(f"missing '{key}'" if obj.get(key) is None else f"'{key}' must be a string")
    sources = obj.get("sources")
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise _Bad("'sources' must be a list of objects (each with the 'doc' it came from)")
    # An event that names no document cannot be paired with any gold: a broken line, not a miss.
    docs = tuple(dict.fromkeys(str(s["doc"]) for s in sources if s.get("doc") is not None))
    if not docs:
        raise _Bad("no 'sources[].doc': the event does not say which document it came from")
    _count(obj.get("fatalities"), "fatalities")
    _day(obj.get("event_date"), "event_date")
    for key in ("actor1", "actor2", "location"):
        if obj.get(key) is not None and not isinstance(obj[key], dict):
            raise _Bad(f"'{key}' must be an object or null")
    loc = obj.get("location") or {}
    alternatives = loc.get("alternatives")
    extra = [loc.get(k) for k in ("name_fa", "name_en")] + (alternatives if isinstance(alternatives, list) else [])
    try:
        event = Event.from_dict(obj)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Bad(f"not an event of design/SCHEMA.md ({type(exc).__name__}: {exc})") from None
    return Prediction(event, docs, tuple(n for n in extra if isinstance(n, str) and n), line)


# ---------------------------------------------------------------- public readers

def read_gold_events(path: str) -> list[GoldEvent]:
    """The gold events of a JSON lines file, in file order."""
    out = []
    for line, obj in _json_objects(path):
        try:
            out.append(_gold_event(obj, line))
        except _Bad as exc:
            raise EvaluationInputError(_display(path), line, f"gold event: {exc}") from None
    return out


def read_predictions(path: str) -> list[Prediction]:
    """Every predicted event of a JSON lines file, counted or not (see `Prediction.counted`)."""
    out = []
    for line, obj in _json_objects(path):
        try:
            out.append(_prediction(obj, line))
        except _Bad as exc:
            raise EvaluationInputError(_display(path), line, f"predicted event: {exc}") from None
    return out


def read_gold_sentences(path: str) -> list[GoldSentence]:
    """The labelled sentences of a CSV file with at least the columns id and label."""
    name = _display(path)
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in ("id", "label") if c not in header]
    if missing:
        raise EvaluationInputError(name, 1, f"the header has no column {' or '.join(missing)} "
                                            f"(found: {', '.join(header) or 'nothing'}); expected id,label,text")
    out = []
    end = reader.line_num    # the header's last line
    try:
        for row in reader:
            # line_num is where the row ends; a quoted text can run over several lines, and the
            # user looks for the line where the row starts
            line, end = end + 1, reader.line_num
            label = (row.get("label") or "").strip().lower()
            if label not in SENTENCE_LABELS:
                raise EvaluationInputError(name, line, f"label {row.get('label')!r} is not one of "
                                                       f"{', '.join(SENTENCE_LABELS)}")
            ident = (row.get("id") or "").strip()
            if not ident:
                raise EvaluationInputError(name, line, "empty id")
            kind = (row.get("event_type") or "").strip().lower() or None
            out.append(GoldSentence(ident, label, kind, line))
    except csv.Error as exc:
        raise EvaluationInputError(name, reader.line_num, f"not valid CSV ({exc})") from None
    return out
