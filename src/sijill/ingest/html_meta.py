"""Title, publication date and outlet of an HTML page, read from its metadata.

Read straight from the parsed tree, where pages put them: Open Graph and article meta tags,
schema.org (`itemprop`, JSON-LD), `<time datetime>`, `<title>`, the URL. Only the publication
date is wanted: dates in the body are those of the events reported, and a wrong publication
date is worse than none (the pipeline's --published applies then).
"""
from __future__ import annotations

import json
import re

_DATE_KEYS = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "publishdate", "publish-date", "pubdate", "date", "dc.date",
              "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
              "article.published", "published_time", "release_date")
_TITLE_KEYS = ("og:title", "twitter:title")
_SITE_KEYS = ("og:site_name", "application-name", "twitter:site")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_])")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_JSONLD_PUBLISHER = re.compile(r'"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]+)"')
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—»:]{1,2}\s+")


def page_metadata(tree, url: str | None = None) -> dict[str, str | None]:
    """{"title", "date" (YYYY-MM-DD), "sitename", "url"} of a parsed page; None where absent."""
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    scripts = " ".join(s.text or "" for s in tree.iter("script") if s.get("type") == "application/ld+json")
    return {"title": _title(tree, metas), "date": _date(tree, metas, scripts, url),
            "sitename": _sitename(metas, scripts), "url": metas.get("og:url") or url}


def _iso(value: str | None) -> str | None:
    m = _ISO.search(value or "")
    if not m:
        return None
    year, month, day = (int(x) for x in m.groups())
    if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _date(tree, metas: dict[str, str], scripts: str, url: str | None) -> str | None:
    for key in _DATE_KEYS:
        found = _iso(metas.get(key))
        if found:
            return found
    m = _JSONLD_DATE.search(scripts)
    if m and _iso(m.group(1)):
        return _iso(m.group(1))
    for el in tree.iter("time"):
        if el.get("pubdate") is not None or el.get("itemprop", "").lower() == "datepublished":
            found = _iso(el.get("datetime"))
            if found:
                return found
    m = _URL_DATE.search(url or metas.get("og:url") or "")
    if m:
        return _iso(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return None


def _title(tree, metas: dict[str, str]) -> str | None:
    for key in _TITLE_KEYS:
        if metas.get(key):
            return _clean(metas[key])
    title = _clean(tree.findtext(".//title"))
    if title:
        # "<headline> | <site>": the headline is the longest part
        return max(_TITLE_SEPARATORS.split(title), key=len).strip() or title
    h1 = tree.find(".//h1")
    return _clean(h1.text_content()) if h1 is not None else None


def _sitename(metas: dict[str, str], scripts: str) -> str | None:
    for key in _SITE_KEYS:
        if metas.get(key) and not metas[key].startswith("@"):
            return _clean(metas[key])
    m = _JSONLD_PUBLISHER.search(scripts)
    if m:
        try:
            return _clean(json.loads(f'"{m.group(1)}"'))
        except ValueError:
            return _clean(m.group(1))
    return None


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
