"""Publication dates as documents and pages give them: ISO dates and datetimes, in any digits."""
from __future__ import annotations

import re
from datetime import date, datetime

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A date, then optionally a time and zone that are ignored: the date as the page wrote it is
# the day its "yesterday" counts from, whatever the zone. Slashes and dots are accepted between
# the parts because Arabic CMSs print 2018/04/30 as often as 2018-04-30.
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[T ]|\s+)\S.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\S*)?")
# Years outside this range are a solar-hijri or lunar-hijri year written in ISO form, or a typo;
# converting them would be a guess, so they are left for the pipeline's fallback date.
_YEARS = range(1900, 2101)


def parse_published(value: object) -> date | None:
    """The date of a `published` value, or None when it is absent or cannot be read as a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    s = value.translate(_DIGITS).strip()
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _COMPACT.fullmatch(s)
        if not m:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y not in _YEARS:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None
