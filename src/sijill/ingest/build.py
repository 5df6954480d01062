"""From what a reader found (text or HTML, and metadata) to a Document, or the reason there is none.

Every reader (plain files, JSON lines, WARC records) ends here, so that a page gets the same
cleaning, dates and language whatever it came in.
"""
from __future__ import annotations

from ..model import Document, InputProblem, Options
from ..text import detect_language, fold
from .boilerplate import clean_text
from .dates import read_published

LANGUAGES = ("ar", "fa", "en")
_LANGUAGE_NAMES = {"ara": "ar", "arabic": "ar", "fas": "fa", "per": "fa", "persian": "fa", "farsi": "fa",
                   "eng": "en", "english": "en"}
MB = 1024 * 1024


def make_document(*, doc_id: str, source: str, options: Options, text: str | None = None,
                  html: str | None = None, published: object = None, outlet: object = None,
                  url: object = None, title: object = None, language: object = None) -> Document | InputProblem:
    """The Document of one page; `text` wins over `html` when a record gives both.

    NUL characters are dropped from everything first (PostgreSQL cannot store them), so the
    offsets computed later index the text as stored. A `published` value that cannot be used
    is left out with a warning on the document (`Document.warnings`)."""
    title, outlet, url = _string(title), _string(outlet), _string(url)
    doc_id, text, html = _without_nul(doc_id), _without_nul(text), _without_nul(html)
    if not doc_id:
        return InputProblem(source, "the document id is empty once its NUL characters are dropped")
    if text is None and html is not None:
        from .html import extract_html
        page = extract_html(html, url)
        if page is None:
            return InputProblem(source, "no readable text in the HTML page")
        title = title or page.title
        outlet = outlet or page.sitename
        url = url or page.url
        published = published if published not in (None, "") else page.date
        text = clean_text(page.text)
        text = _with_headline(text, title)
    else:
        text = clean_text(text or "")
    if not text.strip():
        return InputProblem(source, "no text after removing page boilerplate")
    lang = options.language or _language(language) or detect_language(text)
    day, problem = read_published(published)
    warnings = (InputProblem(source, problem),) if problem else ()
    return Document(id=doc_id, text=text, published=day, outlet=outlet, url=url, title=title,
                    language=lang, source=source, warnings=warnings)


def size_problem(source: str, size: int | None, limit: int, what: str = "") -> InputProblem:
    """The refusal of an input larger than --max-bytes, sizes in megabytes (`size` None: unknown,
    for a stream that went past the limit)."""
    limit_shown = _megabytes(limit)
    if size is None:
        return InputProblem(source, f"{what}larger than the {limit_shown} limit (--max-bytes)")
    shown = _megabytes(size)
    if shown == limit_shown:
        shown, limit_shown = f"{size:,} bytes", f"{limit:,}-byte"
    return InputProblem(source, f"{what}{shown} is larger than the {limit_shown} limit (--max-bytes)")


def _megabytes(n: int) -> str:
    if n >= MB or n == 0:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n} bytes"


def _with_headline(text: str, title: str | None) -> str:
    # A page's headline is part of the report (it often names the event, the place and the
    # toll) but extraction keeps it only when it sits inside the article markup.
    if not title or fold(title) in fold(text[:len(title) * 3]):
        return text
    return f"{title}\n\n{text}" if text.strip() else title


def _language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    v = value.strip().lower().replace("_", "-").split("-")[0]
    v = _LANGUAGE_NAMES.get(v, v)
    return v if v in LANGUAGES else None


def _string(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    s = _without_nul(str(value)).strip()
    return s or None


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value
