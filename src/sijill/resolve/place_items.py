"""The place mentions of a page as resolve/places.py reads them: by position and by list, so that
what is asked of each mention's neighbours costs the neighbours, not the page."""
from __future__ import annotations

import bisect

from ..model import Mention


class PlaceItems:
    """The place mentions of a page, (index, mention) in text order, with what the rules ask of
    them by position or by list: the places near a mention, its list's places (read once a list)."""

    def __init__(self, items: list):
        self.items = items
        self._starts = [m.start for _, m in items]
        self._sorted = all(a <= b for a, b in zip(self._starts, self._starts[1:]))
        self._groups: dict[int, list] = {}
        for item in items:
            if item[1].data.group is not None:
                self._groups.setdefault(item[1].data.group, []).append(item)
        self._memo: dict = {}

    def __iter__(self):
        return iter(self.items)

    def around(self, pos: int, reach: int) -> list:
        """The items whose start is within `reach` of pos, in their order."""
        if not self._sorted:        # (a caller's list out of text order: read it all)
            return [(i, m) for i, m in self.items if abs(m.start - pos) <= reach]
        return self.items[bisect.bisect_left(self._starts, pos - reach):bisect.bisect_right(self._starts, pos + reach)]

    def listed_with(self, m: Mention) -> list:
        """The items of m's list (none when m is in no list), in text order."""
        return self._groups.get(m.data.group, []) if m.data.group is not None else []

    def local_governorates(self, m: Mention, anchors: list, reach: int) -> set[str]:
        """Governorates of the places listed with `m` or named within `reach` characters of it (each
        whole in an anchor's governorates: `anchors` as resolve/places.py makes them)."""
        by_key = self._memo.get("by_key")
        if by_key is None or self._memo.get("anchors") is not anchors:
            by_key = self._memo["by_key"] = {a.key: a for a in anchors}
            self._memo["anchors"] = anchors
            self._memo["lists"] = {}
            self._memo["whole"] = {}
        whole = self._memo["whole"]     # anchor key -> the governorates it lies wholly in, read once
        out: set[str] = set()
        for _, o in self.around(m.start, reach):
            if o.key != m.key and o.key in by_key:
                govs = whole.get(o.key)
                if govs is None:
                    govs = whole[o.key] = [g for g, share in by_key[o.key].admin1.items() if share == 1.0]
                out.update(govs)
        if m.data.group is not None:
            # each governorate of the list, with the names that give it: one other name is enough
            lists = self._memo["lists"]
            givers = lists.get(m.data.group)
            if givers is None:
                givers = lists[m.data.group] = {}
                for _, o in self.listed_with(m):
                    if o.key in by_key:
                        for g, share in by_key[o.key].admin1.items():
                            if share == 1.0:
                                givers.setdefault(g, set()).add(o.key)
            out.update(g for g, keys in givers.items() if len(keys) > 1 or m.key not in keys)
        return out
