"""Bytes to text: the encodings Arabic and Persian pages come in, and refusing what is not text.

The order of the attempts is the point of this module:
  1. a byte-order mark decides (UTF-32, UTF-8, UTF-16), since it cannot be there by accident;
  2. NUL bytes mean UTF-16 without a mark, or a binary file;
  3. strict UTF-8: bytes that decode as UTF-8 are UTF-8 in practice (legacy Arabic code pages
     put letters at 0xC0-0xFF, which almost never form valid UTF-8 sequences);
  4. the charset the page declares (HTTP header or <meta>), unless it is a Latin default;
  5. UTF-8 with a few damaged bytes;
  6. Windows-1256, when the bytes decode to mostly Arabic letters: older Syrian, Gulf and
     Iranian sites still serve it, often declared wrongly or not at all;
  7. charset-normalizer as the last resort (slow, and a guess).
Whatever was decoded must then look like text: few control characters, something not blank.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..text import fold


class DecodeError(ValueError):
    """The bytes are not a text page; the message says why, ready for an InputProblem."""


NOT_TEXT = "not UTF-8, UTF-16 or Windows-1256 text; save it as UTF-8"

# UTF-32-LE's mark begins with UTF-16-LE's, so it must be tried first.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))

# Pages that declare one of these usually mean "whatever the server default was"; an Arabic page
# served as Latin-1 is really Windows-1256, so Latin declarations are tried only after it.
_LATIN_DEFAULTS = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_SAMPLE = 65536
# Share of control characters (other than tab, newline, carriage return, form feed) above which
# the input is binary. Text pages have none; a few stray ones survive scraping, so not zero.
_MAX_CONTROL = 0.02
# Share of Arabic letters among the letters of a Windows-1256 reading for it to be believed;
# a Latin-1 page read as Windows-1256 keeps its accented letters (é, à, ç map to themselves).
_MIN_ARABIC = 0.6
# Share of undecodable sequences among non-ASCII characters up to which a page is UTF-8 with
# some damage. A Windows-1256 page read as UTF-8 fails on nearly every Arabic letter.
_MAX_DAMAGE = 0.1

# Arabic and Persian function words (folded). In the 137 dev-corpus articles, the seed pages
# and the examples, words starting with the article or in this list are 19-45% of all words;
# in Russian or Chinese text read as Windows-1256, none.
_COMMON_WORDS = frozenset({"في", "من", "علي", "الي", "عن", "ان", "و", "مع", "هذا", "كان", "در", "به", "از",
                           "كه", "را", "با", "اين", "است", "براي", "مي"})
_MIN_COMMON = 0.05

_CHARSET_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """The text of a page's bytes, without a leading BOM; DecodeError if it is not a text page."""
    if not data:
        raise DecodeError("empty file")
    if not data.strip():
        raise DecodeError("empty file (only white space)")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(codec))
            except UnicodeDecodeError:
                raise DecodeError(f"starts with a {label} byte-order mark but is not valid {label}; "
                                  "save it as UTF-8") from None
    if b"\x00" in data:
        codec = _bomless_utf16(data)
        if codec is not None:
            try:
                return _checked(data.decode(codec))
            except (UnicodeDecodeError, DecodeError):
                pass
        raise DecodeError("binary file (NUL bytes), not a text or HTML page")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # a page cut inside its last character, as truncated downloads are
            try:
                return _checked(data[:exc.start].decode("utf-8"))
            except UnicodeDecodeError:
                pass
    declared = _codec_name(declared)
    if declared and declared not in _LATIN_DEFAULTS and declared != "utf-8":
        try:
            return _checked(data.decode(declared))
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for c in text[:_SAMPLE] if c >= "\x80")
    if text[:_SAMPLE].count("\ufffd") <= _MAX_DAMAGE * non_ascii:
        # UTF-8 with a few bad bytes (a scraper's splice, a corrupted copy): read as Windows-1256
        # its Arabic would turn to nonsense that still looks like Arabic letters.
        return _checked(text)
    text = data.decode("cp1256", errors="replace")
    if _mostly_arabic(text):
        return _checked(text)
    if declared in _LATIN_DEFAULTS:
        try:
            return _checked(data.decode(declared))
        except UnicodeDecodeError:
            pass
    return _checked(_charset_normalizer(data))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page names in its <meta> tags, if any."""
    m = _CHARSET_META.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _checked(text: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DecodeError("empty file (only white space)")
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v" or c == "\x7f")
    if controls > _MAX_CONTROL * len(sample):
        raise DecodeError("binary file (control bytes), not a text or HTML page")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """utf-16-le/-be when the NUL bytes fall on one side of each pair, as ASCII spaces,
    digits and newlines do in UTF-16 text; None for anything else."""
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.95 * (odd + even):
        return "utf-16-le"
    if even >= 0.95 * (odd + even):
        return "utf-16-be"
    return None


def _mostly_arabic(text: str) -> bool:
    sample = text[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    if not letters or len(_ARABIC_LETTER.findall(sample)) < _MIN_ARABIC * letters:
        return False
    # Any legacy single- or double-byte text (Cyrillic, Chinese) read as Windows-1256 is mostly
    # Arabic letters too; Arabic and Persian prose is also full of the article and particles.
    words = fold(sample[:4000]).split()
    if not words or sum(map(len, words)) > 12 * len(words):
        return False        # Arabic words average 4-6 letters; text without spaces is not Arabic
    if len(words) < 8:
        return True
    common = sum(1 for w in words if w.startswith("ال") or w in _COMMON_WORDS)
    return common >= _MIN_COMMON * len(words)


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _charset_normalizer(data: bytes) -> str:
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(NOT_TEXT)
    text = str(best)
    # charset-normalizer will name some single-byte code page for almost anything; what it gives
    # must at least be mostly letters, digits, punctuation and spaces.
    sample = text[:_SAMPLE]
    odd = sum(1 for c in sample if unicodedata.category(c) in ("Co", "Cn", "Cs"))
    if odd > _MAX_CONTROL * len(sample):
        raise DecodeError(NOT_TEXT)
    return text
