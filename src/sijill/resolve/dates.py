"""Dates: a date expression's parts resolved against the publication date.

"أمس (الأحد)" is the day before publication, and the weekday checks it: where they disagree,
the weekday wins (CODING_RULES §6). Months come in Levantine (شباط), Egyptian/Gulf (فبراير),
Persian-script Gregorian (فوریه), Solar Hijri (بهمن) and Hijri (رمضان) names.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Mention
from ..records import fast_init

BACKGROUND_DAYS = 30   # CODING_RULES §2: earlier dated events are background


@fast_init
@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: date | None
    precision: str                 # day | week | month | year | unknown
    evidence: tuple[Mention, ...]
    background: bool = False


def _latest_weekday(ref: date, iso_weekday: int, strictly_before: bool = False) -> date:
    back = (ref.isoweekday() - iso_weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return ref - timedelta(days=back)


def resolve_date(parts: tuple[Mention, ...], published: date | None) -> ResolvedDate:
    words = [m for m in parts if m.kind == "date"]
    nums = [m for m in parts if m.kind == "number"]
    if not words and not nums:
        if published:
            return ResolvedDate(published, "week", ())
        return ResolvedDate(None, "unknown", ())
    kinds: dict[str, Mention] = {}
    for m in words:
        kinds.setdefault(m.key, m)
    value, precision = None, "unknown"
    month_m = kinds.get("month") or kinds.get("solar_month") or kinds.get("hijri_month")
    if month_m is not None:
        day = next((_as_int(n) for n in reversed(nums)
                    if n.end <= month_m.start and _as_int(n) and 1 <= _as_int(n) <= 31), None)
        year = next((_as_int(n) for n in nums if n.start >= month_m.end and _as_int(n) and _as_int(n) > 1000), None)
        if year is None and "year_ago" in kinds and published and month_m.key == "month":
            year = published.year - kinds["year_ago"].data.value   # "من يونيو إلى أكتوبر من العام الماضي"
        value, precision = _calendar_date(month_m, day, year, published)
    elif "day_offset" in kinds or "night" in kinds or "weekday" in kinds:
        offset_m = kinds.get("day_offset") or kinds.get("night")
        weekday_m = kinds.get("weekday")
        if published:
            if weekday_m is not None:
                strictly = offset_m is not None and offset_m.data.value > 0
                value = _latest_weekday(published, weekday_m.data.value, strictly_before=strictly)
            else:
                value = published - timedelta(days=offset_m.data.value)
            precision = "day"
    elif "week_ago" in kinds and published:
        value, precision = published - timedelta(days=7 * kinds["week_ago"].data.value), "week"
    elif "month_ago" in kinds and published:
        value, precision = published - timedelta(days=30 * kinds["month_ago"].data.value), "month"
    elif "year_ago" in kinds and published:
        value, precision = date(published.year - kinds["year_ago"].data.value, 1, 1), "year"
    elif "recent" in kinds and published:
        value, precision = published - timedelta(days=kinds["recent"].data.value), "week"
    elif "year" in kinds:
        year = kinds["year"].data.value
        if published is None or year < published.year:
            value, precision = date(year, 1, 1), "year"
        elif published:
            value, precision = published, "week"
    elif published:
        value, precision = published, "week"
    if value and precision == "year" and published:
        # a year before the year of publication is long past, whatever day of it
        background = value.year < published.year
    else:
        background = bool(value and published and (published - value).days > BACKGROUND_DAYS)
    used = tuple(m for m in parts if m.kind == "date" or (month_m is not None and m.kind == "number"))
    return ResolvedDate(value, precision if value else "unknown", used, background)


def _as_int(n: Mention) -> int | None:
    if n.key == "ordinal":
        return n.data.value
    if isinstance(n.data, int):
        return n.data
    return getattr(n.data, "value", None)


def _calendar_date(month_m: Mention, day: int | None, year: int | None, published: date | None):
    month = month_m.data.value
    kind = month_m.key
    try:
        if kind == "solar_month":
            import jdatetime
            if year is None and published:
                year = jdatetime.date.fromgregorian(date=published).year
            if year is None:
                return None, "unknown"
            g = jdatetime.date(year, month, day or 1).togregorian()
            if published and g > published and year is not None:
                g = jdatetime.date(year - 1, month, day or 1).togregorian()
            return g, "day" if day else "month"
        if kind == "hijri_month":
            from hijridate import Gregorian, Hijri
            if year is None and published:
                year = Gregorian(published.year, published.month, published.day).to_hijri().year
            if year is None:
                return None, "unknown"
            g = Hijri(year, month, day or 1).to_gregorian()
            g = date(g.year, g.month, g.day)
            if published and g > published:
                g2 = Hijri(year - 1, month, day or 1).to_gregorian()
                g = date(g2.year, g2.month, g2.day)
            return g, "day" if day else "month"
        if year is None:
            if not published:
                return None, "unknown"
            year = published.year
            if (month, day or 1) > (published.month, published.day):
                year -= 1   # "السابع من شباط الماضي": the latest such date before publication
        return date(year, month, day or 1), "day" if day else "month"
    except (ValueError, OverflowError):
        return None, "unknown"
