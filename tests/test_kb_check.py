"""`sijill kb check`: the shipped knowledge is sound, and a broken copy is told what is wrong,
file and line."""
from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.cli.kb import kb
from sijill.knowledge.check import CHECKS, check_actor_files, check_knowledge


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A working copy of the shipped data folder."""
    src = resources.files("sijill.knowledge").joinpath("data")
    dst = tmp_path / "data"
    with resources.as_file(src) as folder:
        shutil.copytree(folder, dst)
    return dst


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first line containing `old`; returns that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if old in line:
            lines[i] = line.replace(old, new, 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"{old!r} not in {path.name}")


def append(path: Path, *rows: str) -> int:
    """Append alias rows; returns the line number of the first."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return text.count("\n") + 2


def test_the_shipped_knowledge_has_no_problem():
    assert check_knowledge() == []


def test_the_registry_runs_every_check_and_reports_a_crash_as_a_problem(tmp_path):
    assert [name for name, _ in CHECKS][:2] == ["actors", "lexicon"]

    def broken(data_dir):
        raise ValueError("places.tsv:3: not a number")

    got = check_knowledge(checks=(("actors", check_actor_files), ("places", broken)))
    assert got == ["places: cannot check: places.tsv:3: not a number"]
    missing = check_knowledge(tmp_path)              # a folder without the files
    assert any(p.startswith("actors: cannot check:") and "actors.tsv" in p for p in missing)


@pytest.mark.parametrize("file,old,new,message", [
    ("actors.tsv", "DMC\tDeir ez-Zor Military Council\t2\tnon-state armed group\tSyria\tSDF@..2023-08-27",
     "DMC\tDeir ez-Zor Military Council\t2\tnon-state armed group\tSyria\tNOPE@..2023-08-27",
     r"actors\.tsv:{line}: parent NOPE of DMC is not an actor"),
    ("actors.tsv", "\tSDF@..2023-08-27\t", "\tSDF@2023-08-27..2023-01-01\t",
     r"actors\.tsv:{line}: parents of DMC: period starts after it ends"),
    ("actors.tsv", "\t2016-01-01\t\t\tpart of SDF", "\t2016-13-01\t\t\tpart of SDF",
     r"actors\.tsv:{line}: valid_from/valid_to of DMC: '2016-13-01' is not an ISO date"),
    ("actors.tsv", "ISIS\tIslamic State (Syria)\t2", "ISIS\tIslamic State (Syria)\t9",
     r"actors\.tsv:{line}: inter '9' of ISIS is not an ACLED class 1-8"),
    ("actors.tsv", "\tnon-state armed group\tSyria\t\t2015-10-10", "\trebel army\tSyria\t\t2015-10-10",
     r"actors\.tsv:{line}: kind 'rebel army' of SDF is not one of"),
    ("actors.tsv", "\t2012-01-23\t2016-07-28\tJFS", "\t2012-01-23\t2016-07-28\tJFX",
     r"actors\.tsv:{line}: renamed_to JFX of JN is not an actor"),
    ("actors.tsv", "\t2012-01-23\t2016-07-28\tJFS", "\t2012-01-23\t\tJFS",
     r"actors\.tsv:{line}: JN is renamed_to JFS but has no valid_to"),
    ("actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SDF\tar\tقسد\thostle",
     r"actor_aliases\.tsv:{line}: stance 'hostle' is not one of friendly, hostile, neutral"),
    ("actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SDF\tku\tقسد\tneutral",
     r"actor_aliases\.tsv:{line}: lang 'ku' is not one of ar, fa, en"),
    ("actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SDF\tar\t\tneutral",
     r"actor_aliases\.tsv:{line}: empty alias for SDF"),
    ("actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SFD\tar\tقسد\tneutral",
     r"actor_aliases\.tsv:{line}: actor_id 'SFD' is not an actor of actors\.tsv"),
    ("actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SDF\tar\tقسد\tneutral\t\t\tmaybe",
     r"actor_aliases\.tsv:{line}: rule 'maybe' is not empty, 'period', 'after_act' or 'context:<Country>'"),
])
def test_a_broken_line_is_reported_with_file_and_line(data_copy, file, old, new, message):
    line = edit(data_copy / file, old, new)
    problems = check_knowledge(data_copy)
    assert any(re.match(message.format(line=line), p) for p in problems), problems


def test_a_parent_cycle_is_reported(data_copy):
    edit(data_copy / "actors.tsv", "SDF\tQSD: Syrian Democratic Forces\t2\tnon-state armed group\tSyria\t",
         "SDF\tQSD: Syrian Democratic Forces\t2\tnon-state armed group\tSyria\tYPG")
    assert any("parent cycle" in p and "SDF" in p and "YPG" in p for p in check_knowledge(data_copy))


def test_a_duplicate_id_is_reported(data_copy):
    line = append(data_copy / "actors.tsv", "SDF\tSDF again\t2\tnon-state armed group\tSyria\t\t\t\t\t")
    assert f"actors.tsv:{line}: id SDF is already used on line" in "\n".join(check_knowledge(data_copy))


def test_an_alias_repeated_after_folding_is_reported(data_copy):
    # hamza and ة are folded: this is the same words as قوات سوريا الديمقراطية
    line = append(data_copy / "actor_aliases.tsv", "SDF\tar\tقوات سوريا الديمقراطيه\tneutral\t\t\t\t")
    assert any(p.startswith(f"actor_aliases.tsv:{line}: alias") and "repeats line" in p
               for p in check_knowledge(data_copy))


def test_an_alias_shared_without_a_rule_is_reported(data_copy):
    line = append(data_copy / "actor_aliases.tsv", "ISIS\tar\tقسد\tneutral\t\t\t\t")
    problems = check_knowledge(data_copy)
    assert any(p.startswith(f"actor_aliases.tsv:{line}: alias 'قسد' of ISIS is also claimed by SDF (line ")
               and "both lines need a rule" in p for p in problems), problems


def test_a_shared_alias_needs_periods_that_do_not_overlap(data_copy):
    first = append(data_copy / "actor_aliases.tsv",
                   "ISIS\tar\tجيش التجربة\tneutral\t\t2020-12-31\tperiod\t",
                   "HTS\tar\tجيش التجربة\tneutral\t2020-06-01\t\tperiod\t")
    problems = check_knowledge(data_copy)
    assert any(p.startswith(f"actor_aliases.tsv:{first + 1}: alias 'جيش التجربه' of HTS is also claimed by ISIS "
                            f"(line {first})")
               and "their periods overlap" in p for p in problems), problems
    edit(data_copy / "actor_aliases.tsv", "HTS\tar\tجيش التجربة\tneutral\t2020-06-01",
         "HTS\tar\tجيش التجربة\tneutral\t2021-01-01")
    assert check_knowledge(data_copy) == []


# ------------------------------------------------------------------ the command

def test_kb_check_prints_the_summary_on_sound_data():
    result = CliRunner().invoke(kb, ["check"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"ok: \d+ actors, \d+ aliases \(ar \d+, fa \d+, en \d+\)\n", result.output)


def test_kb_check_lists_the_problems_and_exits_1(data_copy):
    line = edit(data_copy / "actor_aliases.tsv", "SDF\tar\tقسد\tneutral", "SDF\tar\tقسد\thostle")
    result = CliRunner().invoke(kb, ["check", "--data-dir", str(data_copy)])
    assert result.exit_code == 1
    assert f"actor_aliases.tsv:{line}: stance 'hostle'" in result.output


def test_kb_actors_lists_an_actor_with_its_aliases_as_written():
    result = CliRunner().invoke(kb, ["actors", "--lang", "fa", "قسد"])
    assert result.exit_code == 0, result.output
    assert "SDF\tQSD: Syrian Democratic Forces" in result.output
    assert "fa\tمزدوران قسد\t(hostile)" in result.output
    assert "\tar\t" not in result.output


def test_kb_actors_follows_a_renaming_on_a_date():
    result = CliRunner().invoke(kb, ["actors", "--on", "2020-01-01", "JN"])
    assert "on 2020-01-01: HTS" in result.output


def test_kb_actors_says_when_nothing_matches():
    result = CliRunner().invoke(kb, ["actors", "no such actor anywhere"])
    assert result.exit_code == 1
