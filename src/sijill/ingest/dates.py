"""Publication dates as documents and pages give them: ISO dates and datetimes, in any digits.

A value that is given but cannot be used (not a date, an impossible day, a year outside the
range, a day in the future) is treated as absent, with the reason, so that the reader can warn:
a wrong publication date would move every "yesterday" of the page.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A date, then optionally a time and zone that are ignored: the date as the page wrote it is
# the day its "yesterday" counts from, whatever the zone. Slashes and dots are accepted between
# the parts because Arabic CMSs print 2018/04/30 as often as 2018-04-30.
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[T ]|\s+)\S.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\S*)?")
# Years outside this range are a solar-hijri or lunar-hijri year written in ISO form, or a typo;
# converting them would be a guess, so they are left for the pipeline's fallback date.
_YEARS = range(1900, 2101)
# A page dated tomorrow is a page from a time zone ahead of ours; later than that is an error.
_AHEAD = timedelta(days=1)
_SHOWN = 60   # characters of a bad value quoted in a warning


def parse_published(value: object) -> date | None:
    """The date of a `published` value, or None when it is absent or cannot be used."""
    return read_published(value)[0]


def read_published(value: object, today: date | None = None) -> tuple[date | None, str | None]:
    """The date of a `published` value and, when a value was given but is not used, why
    ("published '2018-13-45' is not a real day; treated as unknown"). `today`: the day dates
    after the next one are in the future from (default: the computer's date)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    day, problem = _date_of(value)
    if day is not None and day > (today or date.today()) + _AHEAD:
        day, problem = None, "is in the future"
    if problem is None:
        return day, None
    return None, f"published {_quoted(value)} {problem}; treated as unknown"


def _date_of(value: object) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if not isinstance(value, str):
        return None, "is not a date (write it as YYYY-MM-DD)"
    s = value.translate(_DIGITS).strip()
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _COMPACT.fullmatch(s)
        if not m:
            return None, "is not a date (write it as YYYY-MM-DD)"
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y not in _YEARS:
        return None, f"has a year outside {_YEARS[0]}-{_YEARS[-1]} (a hijri year is not converted)"
    try:
        return date(y, mo, d), None
    except ValueError:
        return None, "is not a real day"


def _quoted(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= _SHOWN else shown[:_SHOWN - 1] + "…"
