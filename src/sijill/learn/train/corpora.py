"""The annotated data that training and cross-validation read, and what each may be used for.

The data lives outside the project (the reference data folder, `--data`): its layout is
  eval/seeds/          documents.jsonl (doc, file, published, outlet, language), the pages, events.jsonl
  eval/gsr-dev/        assault_gsr.csv, protest_gsr.csv: one sentence a document, labelled
  corpus/ + eval/articles-dev/, eval/articles-dev2/   real articles and their gold events
  eval/persian-dev/    docs.jsonl (input format) and gold.jsonl
Two sets ship inside the project: `written/` beside this file, Persian news posts and Arabic news
reports the project wrote with their gold events (`persian_written`, `arabic_written`, its
README.md), the project's own under its licence. They join the sets found under the folder when
those give pages with gold events that may train the shipped model (seeds, articles): the one
threshold of pages is chosen on the reference pages, and written pages alone would choose it. They
are no training set on their own. The Arabic reports train every model, but count in no choice of
a threshold (`chooses`): they were written to teach, not to stand for the pages the thresholds serve.
Each set says how it is scored (`events` against gold events, or `sentences` of a kind) and which
of its documents may train the shipped model (`shippable`): the Arabic event gold standard is
MIT-licensed; the ANT corpus articles may be used with a citation; the written Persian posts are the
project's; SaudiNewsNet articles (`saudinewsnet-*`, CC BY-NC-SA) and the Persian posts of
persian-dev (no licence) are for evaluation only.
Cross-validation's folds learn from the shippable documents; a set may let its documents teach the
folds too (`trains_folds`): SaudiNewsNet never; the Persian posts do (issue 16: the decision layer
learns Persian from the Persian gold), and then only the models that judge the held-out documents
in Persian, so the figures of the Arabic sets stay those of the model that ships. The written posts
teach the models of Persian alone (`teaches`): the shipped models for Persian documents
(learn/data/fa/) and, in cross-validation, the fold models that judge Persian documents; the models
of every other language never see them. They are scored as a set of their own, never within the
"persian" figure. The report says how many
documents of each set may teach the folds and how many trained the shipped model.
A set whose files are absent is left out with a note, never an error.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...evaluate import GoldEvent, GoldSentence, read_gold_events, read_gold_sentences
from ...ingest.build import make_document
from ...model import Document, Options


@dataclass(frozen=True)
class Corpus:
    name: str
    scoring: str                               # events | sentences
    documents: tuple[Document, ...]
    gold_events: tuple[GoldEvent, ...] = ()
    gold_sentences: tuple[GoldSentence, ...] = ()
    kind: str | None = None                    # sentences: assault | protest
    licence: str = ""
    shippable: Callable[[str], bool] = lambda doc_id: True
    trains_folds: Callable[[str], bool] | None = None    # None: the shippable documents
    teaches: str | None = None     # a language whose own shipped models it trains (never the others)
    chooses: bool = True           # its pages count in the choice of the event model's thresholds

    def __hash__(self) -> int:
        return hash(self.name)

    def may_train_folds(self, doc_id: str) -> bool:
        """May this document train the models of cross-validation's other folds?"""
        return (self.trains_folds or self.shippable)(doc_id)


def _doc(obj: dict, source: str) -> Document | None:
    d = make_document(doc_id=str(obj["id"]), source=source, options=Options(), text=obj.get("text"),
                      html=obj.get("html"), published=obj.get("published"), outlet=obj.get("outlet"),
                      url=obj.get("url"), title=obj.get("title"), language=obj.get("language"))
    return d if isinstance(d, Document) else None


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _seeds(root: Path) -> Corpus | None:
    folder = root / "eval" / "seeds"
    if not (folder / "documents.jsonl").is_file():
        return None
    docs = []
    for d in _jsonl(folder / "documents.jsonl"):
        text = (folder / d["file"]).read_text(encoding="utf-8")
        docs.append(_doc({"id": d["doc"], "text": text, "published": d.get("published"),
                          "outlet": d.get("outlet"), "language": d.get("language")}, d["file"]))
    return Corpus("seeds", "events", tuple(d for d in docs if d),
                  tuple(read_gold_events(str(folder / "events.jsonl"))), licence="project seed pages")


def _gsr(root: Path, kind: str) -> Corpus | None:
    path = root / "eval" / "gsr-dev" / f"{kind}_gsr.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as f:
        docs = [_doc({"id": row["id"], "text": row["text"], "language": "ar"}, f"{path.name}:{row['id']}")
                for row in csv.DictReader(f)]
    return Corpus(kind, "sentences", tuple(d for d in docs if d), gold_sentences=tuple(read_gold_sentences(str(path))),
                  kind=kind, licence="Arabic event gold standard (OEDA), MIT")


def _articles(root: Path, name: str, corpus_file: str, gold_dir: str) -> Corpus | None:
    docs_path, gold_path = root / "corpus" / corpus_file, root / "eval" / gold_dir / "gold.jsonl"
    if not docs_path.is_file() or not gold_path.is_file():
        return None
    docs = []
    for a in _jsonl(docs_path):
        docs.append(_doc({"id": a["id"], "text": a["text"], "title": a.get("title"), "published": a.get("date"),
                          "outlet": a.get("outlet"), "url": a.get("url"), "language": "ar"}, a["id"]))
    return Corpus(name, "events", tuple(d for d in docs if d), tuple(read_gold_events(str(gold_path))),
                  licence="ANT corpus v2.1 (cite it); SaudiNewsNet CC BY-NC-SA: evaluation only",
                  shippable=lambda doc_id: not doc_id.startswith("saudinewsnet-"))


def _persian(root: Path) -> Corpus | None:
    folder = root / "eval" / "persian-dev"
    if not (folder / "docs.jsonl").is_file():
        return None
    docs = [_doc(d, str(d.get("id"))) for d in _jsonl(folder / "docs.jsonl")]
    return Corpus("persian", "events", tuple(d for d in docs if d), tuple(read_gold_events(str(folder / "gold.jsonl"))),
                  licence="no licence: evaluation only (trains cross-validation's folds, never the shipped model)",
                  shippable=lambda doc_id: False, trains_folds=lambda doc_id: True)


WRITTEN = Path(__file__).parent / "written"


def _written_set(name: str, posts_file: str, gold_file: str, folder: Path = WRITTEN, **how) -> Corpus | None:
    """A set the project wrote, with its gold events (written/README.md); `how`: what it may train."""
    posts, gold = folder / posts_file, folder / gold_file
    if not posts.is_file() or not gold.is_file():
        return None
    docs = [_doc(d, f"{posts.name}:{d.get('id')}") for d in _jsonl(posts)]
    return Corpus(name, "events", tuple(d for d in docs if d), tuple(read_gold_events(str(gold))),
                  licence="written by the project: the project's licence (MIT)", **how)


def _written(folder: Path = WRITTEN) -> Corpus | None:
    """The Persian posts: they teach the models of Persian documents alone."""
    return _written_set("persian_written", "persian_posts.jsonl", "persian_gold.jsonl", folder,
                        shippable=lambda doc_id: False, trains_folds=lambda doc_id: True, teaches="fa")


def _written_arabic(folder: Path = WRITTEN) -> Corpus | None:
    """The Arabic reports: they train every model, and the thresholds are still chosen on the
    reference pages alone."""
    return _written_set("arabic_written", "arabic_reports.jsonl", "arabic_gold.jsonl", folder, chooses=False)


def read_corpora(root: str | Path) -> tuple[list[Corpus], list[str]]:
    """The annotated sets found under `root`, and a note for each one missing; the project's own
    written Persian posts join them when they give shippable pages with gold events."""
    root = Path(root)
    makers = {
        "seeds": lambda: _seeds(root),
        "assault": lambda: _gsr(root, "assault"),
        "protest": lambda: _gsr(root, "protest"),
        "articles": lambda: _articles(root, "articles", "articles_ar_dev.jsonl", "articles-dev"),
        "articles2": lambda: _articles(root, "articles2", "articles_ar_dev2.jsonl", "articles-dev2"),
        "persian": lambda: _persian(root),
    }
    found, missing = [], []
    for name, make in makers.items():
        c = make()
        if c is None:
            missing.append(f"{name}: not found under {root}")
        else:
            found.append(c)
    if any(c.scoring == "events" and any(c.shippable(d.id) for d in c.documents) for c in found):
        for name, written in (("persian_written", _written()), ("arabic_written", _written_arabic())):
            if written is None:
                missing.append(f"{name}: not found under {WRITTEN}")
            else:
                found.append(written)
    else:
        missing += [f"{name}: left out, no shippable pages with gold events to train beside"
                    for name in ("persian_written", "arabic_written")]
    return found, missing
