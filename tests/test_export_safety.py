"""Exports are safe to write and to open: `-o` never follows a planted link or leaves a partial
file, FIFOs and devices are written in place, `-o -` is standard output, and no ACLED CSV cell
can run as a spreadsheet formula."""
from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import tempfile
import threading

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.export import ExportError, write_events
from sijill.store import open_register

VICTIM_TEXT = "a file someone else owns\n"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def register(tmp_path, make_document, make_event):
    """A register with two events; one of them has notes and names written as formulas."""
    db = str(tmp_path / "register.sqlite")
    evs = [make_event("doc-1"),
           make_event("doc-2", notes="=HYPERLINK(\"http://evil.example\",\"click\")",
                      actor1={"id": "X", "name": "+cmd|' /C calc'!A0", "parents": [], "label": "x",
                              "inter": 2},
                      location={"id": "P1", "name": "@SUM(1+1)", "surface": "-2+3", "lat": 36.2,
                                "lon": -3.5, "geo_precision": 1},
                      fatalities=3)]
    with open_register(db) as reg:
        for ev in evs:
            reg.store(make_document(ev.sources[0].doc), [ev])
    return db


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- links and temporary files

def test_a_link_planted_at_the_old_predictable_temporary_name_is_not_followed(register, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT)
    out = tmp_path / "events.csv"
    # The name the exporter used to write through: .events.csv.<pid>.tmp. CliRunner runs in
    # this process, so this is the pid it would have used.
    planted = tmp_path / f".events.csv.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    result = invoke("export", "--db", register, "--format", "acled", "-o", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM_TEXT
    assert planted.is_symlink()
    assert csv_rows(out.read_text(encoding="utf-8"))


def test_a_link_planted_at_the_temporary_name_the_exporter_draws_is_not_followed(register, tmp_path,
                                                                                   monkeypatch):
    # Make tempfile's random names predictable, and plant a link at the first one it will try:
    # creating the file exclusively fails on the link, and the next name is used.
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT)
    (tmp_path / ".events.jsonl.planted.tmp").symlink_to(victim)
    out = tmp_path / "events.jsonl"
    result = invoke("export", "--db", register, "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM_TEXT
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.jsonl.planted.tmp", "events.jsonl",
                                                         "register.sqlite", "victim.txt"]


def test_an_output_that_is_a_link_is_replaced_by_the_file_leaving_its_target_alone(register, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT)
    out = tmp_path / "events.csv"
    out.symlink_to(victim)
    result = invoke("export", "--db", register, "--format", "acled", "-o", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM_TEXT
    assert not out.is_symlink() and csv_rows(out.read_text(encoding="utf-8"))


def test_an_export_file_is_readable_like_any_file_the_user_makes(register, tmp_path):
    out = tmp_path / "events.csv"
    old = os.umask(0o022)
    try:
        assert invoke("export", "--db", register, "--format", "acled", "-o", out).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_failed_export_leaves_neither_a_partial_file_nor_a_temporary_one(make_event, tmp_path):
    def failing():
        yield make_event("doc-1")
        raise RuntimeError("database went away")

    out = tmp_path / "events.csv"
    out.write_text("the previous export\n")
    for fmt in ("acled", "jsonl", "geojson"):
        with pytest.raises(RuntimeError):
            write_events(failing(), fmt, out)
        assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
        assert out.read_text() == "the previous export\n"


def test_an_interrupted_export_leaves_no_temporary_file(make_event, tmp_path):
    def interrupted():
        yield make_event("doc-1")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_events(interrupted(), "jsonl", tmp_path / "events.jsonl")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- FIFOs, devices, standard output

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_output_is_written_in_place_for_its_reader(register, tmp_path):
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("export", "--db", register, "--format", "jsonl", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["sources"][0]["doc"] for line in received[0].decode().splitlines()] == \
        ["doc-1", "doc-2"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.fifo", "register.sqlite"]


def test_a_character_device_given_as_output_is_written_in_place(register, tmp_path):
    # A null device made in the test folder (root only), so that a regression replaces that
    # node and never the system's /dev/null.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = invoke("export", "--db", register, "--format", "acled", "-o", device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert "2 events written to" in result.output


def test_a_socket_or_a_folder_given_as_output_is_refused_with_one_line(register, tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        result = invoke("export", "--db", register, "--format", "acled", "-o", path)
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: is a socket, not a file; give a file name, a FIFO, " \
                            "or - for standard output\n"
    with pytest.raises(ExportError, match="is a folder, not a file"):
        write_events([], "jsonl", tmp_path)
    folder = invoke("export", "--db", register, "--format", "acled", "-o", tmp_path)
    assert folder.exit_code == 2 and "is a directory" in folder.output


def test_dash_as_output_is_standard_output(register, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)             # where a file named "-" would appear
    result = invoke("export", "--db", register, "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert "2 events written to standard output as jsonl" in result.stderr
    assert not (tmp_path / "-").exists()


def test_dash_as_output_for_parquet_is_a_usage_error(register, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--db", register, "--format", "parquet", "-o", "-")
    assert result.exit_code == 2
    assert "parquet is a binary format: give a file with -o FILE" in result.stderr
    assert not (tmp_path / "-").exists()


# ---------------------------------------------------------------- formula cells

def test_acled_text_cells_that_start_like_a_formula_are_neutralised_and_numbers_are_not(register):
    result = invoke("export", "--db", register, "--format", "acled")
    assert result.exit_code == 0
    plain, hostile = csv_rows(result.stdout)
    assert hostile["notes"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert hostile["actor1"] == "'+cmd|' /C calc'!A0"
    assert hostile["location"] == "'@SUM(1+1)"
    assert hostile["longitude"] == "-3.5"          # a number: stays a number
    assert hostile["fatalities"] == "3"
    assert plain["notes"].startswith("Coalition aircraft")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_neutralised_in_a_text_cell(make_event, start):
    out = io.StringIO()
    write_events([make_event("doc-1", notes=f"{start}1+1")], "acled", out)
    [row] = csv_rows(out.getvalue())
    assert row["notes"] == f"'{start}1+1"


def test_negative_numbers_stay_numbers_in_the_acled_csv(make_event):
    out = io.StringIO()
    place = {"id": "P", "name": "Somewhere", "surface": "x", "lat": -33.9, "lon": -70.6, "geo_precision": 1}
    write_events([make_event("doc-1", location=place)], "acled", out)
    [row] = csv_rows(out.getvalue())
    assert (row["latitude"], row["longitude"]) == ("-33.9", "-70.6")
    assert float(row["latitude"]) == -33.9


def test_json_formats_keep_the_text_as_it_is(make_event):
    out = io.StringIO()
    write_events([make_event("doc-1", notes="=1+1")], "jsonl", out)
    assert json.loads(out.getvalue())["notes"] == "=1+1"


def test_a_carriage_return_inside_a_cell_is_quoted_and_does_not_split_the_row(make_event):
    out = io.StringIO()
    write_events([make_event("doc-1", notes="first line\rsecond line"), make_event("doc-2")], "acled", out)
    rows = csv_rows(out.getvalue())
    assert [r["notes"] for r in rows][0] == "first line\rsecond line" and len(rows) == 2
    assert out.getvalue().count("\r\n") == 0        # rows still end in "\n"
