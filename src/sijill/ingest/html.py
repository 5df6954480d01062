"""Main text and metadata of an HTML page: trafilatura first, the visible text of the body after.

trafilatura is imported here, on the first page, and nowhere else: it pulls in lxml, htmldate,
justext and courlan, which would cost half a second on every `sijill --help`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str                   # paragraphs on their own lines
    title: str | None = None
    date: str | None = None     # as found on the page (ISO from trafilatura); parsed by the caller
    sitename: str | None = None
    url: str | None = None


# Elements whose text a reader never sees as the report: scripts, page chrome, forms.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer",
              "header", "aside", "form", "button", "select", "textarea", "label")
# Elements that start a new line on screen; their text must not run into the next paragraph.
_BLOCKS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
           "th", "table", "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl",
           "figure", "figcaption", "hr")
_SPACES = re.compile(r"[^\S\n]+")
# What XML cannot hold and lxml refuses in a string (control characters, lone surrogates,
# non-characters): a page carrying one would otherwise have no readable text at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—»]{1,2}\s+")


# Below this many characters a fast extraction is taken as having missed the article, and the
# page gets trafilatura's full extraction too. It is trafilatura's own "too short" size
# (MIN_EXTRACTED_SIZE in its settings), at which its full mode turns to its fallbacks.
_SHORT_EXTRACTION = 250


def extract_html(html: str, url: str | None = None) -> HtmlPage | None:
    """The page's main text and metadata; None when the page has no readable text at all."""
    # Fast mode first: on the seed pages and 137 real articles wrapped in three kinds of markup
    # it gave the same text as the full mode (with readability and jusText as fallbacks) at
    # about 3 ms a page instead of 4. Pages where it finds little get the full mode.
    html = _NOT_XML.sub(" ", html)
    tree = _parse(html)
    meta = _metadata(tree, url)
    # the parsed tree goes to trafilatura (one parse a page); it changes the tree, so the full
    # mode below parses the page again
    doc = _trafilatura(tree if tree is not None else html, url, fast=True)
    if len(_text_of(doc)) < _SHORT_EXTRACTION:
        full = _trafilatura(html, url, fast=False)
        if len(_text_of(full)) > len(_text_of(doc)):
            doc = full
    text = _text_of(doc)
    if not text:
        # trafilatura discards what it cannot score as an article (short notices, truncated
        # pages, pages without paragraph markup); the reader still sees their text.
        text, title = _visible_text(html)
        meta["title"] = meta["title"] or title
    if not text:
        return None
    return HtmlPage(text=text, **meta)


def _parse(html: str):
    from trafilatura.utils import load_html
    try:
        return load_html(html)
    except Exception:   # a page lxml cannot parse: trafilatura and the fallback try on their own
        return None


def _metadata(tree, url: str | None) -> dict[str, str | None]:
    """Title, date and outlet from the page's metadata: read here rather than by trafilatura,
    whose metadata pass (authors, categories, licence, a date search) was a third of its time."""
    from .html_meta import page_metadata
    if tree is None:
        return {"title": None, "date": None, "sitename": None, "url": url}
    return page_metadata(tree, url)


def _text_of(doc) -> str:
    return ((getattr(doc, "text", None) or "") if doc is not None else "").strip()


def _trafilatura(html, url: str | None, fast: bool):
    import trafilatura
    try:
        # include_comments=False: readers' comments are not the outlet's report.
        # with_metadata=False: the metadata comes from html_meta (see _metadata).
        return trafilatura.bare_extraction(html, url=url, fast=fast, include_comments=False,
                                           with_metadata=False, include_images=False, include_links=False)
    except Exception:   # trafilatura and its parsers raise many kinds of errors on broken pages
        return None


def _visible_text(html: str) -> tuple[str, str | None]:
    from lxml import etree
    from lxml import html as lxml_html
    try:
        # Bytes, not str: lxml refuses a str that carries an XML encoding declaration.
        root = lxml_html.document_fromstring(html.encode("utf-8"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError, UnicodeError):
        return "", None
    title = _page_title(root)
    body = root.find("body")
    if body is None:
        body = root
    etree.strip_elements(body, etree.Comment, *_INVISIBLE, with_tail=False)
    for el in body.iter(*_BLOCKS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in body.text_content().split("\n"))
    return "\n".join(line for line in lines if line), title


def _page_title(root) -> str | None:
    h1 = root.find(".//h1")
    if h1 is not None and _clean(h1.text_content()):
        return _clean(h1.text_content())
    title = _clean(root.findtext(".//title"))
    if not title:
        return None
    # "<headline> | <site>": the headline is the longest part
    return max(_TITLE_SEPARATORS.split(title), key=len).strip() or title


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
