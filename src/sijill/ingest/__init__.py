"""Ingest stage: pages in, Documents with a clean text out.

`iter_documents(paths, options)` reads every input in order and yields a `Document` for each
page, or an `InputProblem` for an input that cannot be read; it never raises for bad input.
For each page:
  1. find it: a file by extension (.txt, .html/.htm, .jsonl, .warc/.warc.gz), a folder
     recursively, `-` for JSON lines on standard input (`sources.py`, `jsonl.py`, `warc.py`);
  2. refuse it above --max-bytes before reading it (per line or record in containers);
  3. decode it: BOMs, UTF-8, the declared charset, Windows-1256, charset-normalizer; refuse
     binary data (`decode.py`);
  4. for HTML, take the main text, title, date and site name (`html.py`: trafilatura, then the
     visible text of the body);
  5. drop page boilerplate lines, keeping the report's lines exactly (`boilerplate.py`, rules
     in knowledge/data/boilerplate.tsv);
  6. parse the publication date and set the language (`build.py`, `dates.py`).
The clean text of step 5 is `Document.text`, the text all evidence offsets refer to.
"""
from .sources import iter_documents

__all__ = ["iter_documents"]
