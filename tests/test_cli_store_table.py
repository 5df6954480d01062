"""The event table of `sijill events` / `sijill extract --format table`, and JSON lines rendering."""
from __future__ import annotations

import io
import json

import pytest
from bidi import get_display

from sijill.cli.options import display_width, print_events_table, render_events_jsonl
from sijill.model import Event


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture(autouse=True)
def no_bidi_setting(monkeypatch):
    monkeypatch.delenv("SIJILL_BIDI", raising=False)


def test_arabic_is_reordered_for_display_only_on_a_terminal(make_event):
    ev = make_event("doc-1")
    to_file, to_terminal = io.StringIO(), Terminal()
    print_events_table([ev], to_file)
    print_events_table([ev], to_terminal)
    assert "Jneineh (الجنينة)" in to_file.getvalue()
    assert get_display("Jneineh (الجنينة)") in to_terminal.getvalue()
    assert "الجنينة" not in to_terminal.getvalue()
    assert ev.location.surface == "الجنينة"          # display only: the record is untouched


@pytest.mark.parametrize("setting, reordered", [("0", False), ("off", False), ("1", True)])
def test_SIJILL_BIDI_overrides_the_terminal_guess(make_event, monkeypatch, setting, reordered):
    monkeypatch.setenv("SIJILL_BIDI", setting)
    out = Terminal() if setting in ("0", "off") else io.StringIO()
    print_events_table([make_event("doc-1")], out)
    assert ("الجنينة" not in out.getvalue()) == reordered


def test_columns_line_up_by_display_width_not_characters(make_event):
    # a shadda and a kasra (combining marks: no width) and a wide CJK name (two columns each)
    places = [{"id": None, "name": None, "name_ar": "الرقّة", "surface": "الرقِّة"},
              {"id": None, "name": "東京", "name_ar": None, "surface": "東京"},
              {"id": None, "name": "Jneineh", "name_ar": None, "surface": "Jneineh"}]
    evs = [make_event(f"doc-{i}", location=p) for i, p in enumerate(places)]
    out = io.StringIO()
    print_events_table(evs, out)
    lines = out.getvalue().splitlines()
    rows = lines[2:-1]
    starts = {display_width(line[:line.index(f"doc-{i}")]) for i, line in enumerate(rows)}
    header_start = display_width(lines[0][:lines[0].index("source")])
    assert starts == {header_start}


def test_long_cells_are_cut_with_an_ellipsis(make_event):
    ev = make_event("doc-1", sub_event_type="A sub-event type name far longer than any column should ever be")
    out = io.StringIO()
    print_events_table([ev], out)
    row = out.getvalue().splitlines()[2]
    assert "…" in row and "ever be" not in row


def test_unknowns_are_marked_not_blank(make_event):
    ev = make_event("doc-1", event_date=None, date_precision="unknown", fatalities=None, location=None,
                    actor2=None, assoc_actor2=[])
    out = io.StringIO()
    assert print_events_table([ev], out) == 1
    row = out.getvalue().splitlines()[2].split("  ")
    cells = [c.strip() for c in row if c.strip()]
    assert cells[0] == "?"                        # no date
    assert "-" in cells and "?" in cells[1:]      # no place, unknown fatalities


def test_empty_table_says_so():
    out = io.StringIO()
    assert print_events_table([], out) == 0
    assert out.getvalue().splitlines()[-1] == "(0 events)"


def test_render_events_jsonl_gives_one_parseable_line_per_event(make_event):
    evs = [make_event("doc-1"), make_event("doc-2")]
    lines = list(render_events_jsonl(evs))
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [Event.from_dict(json.loads(line)) for line in lines] == evs
    assert "طيران التحالف" in lines[0]
