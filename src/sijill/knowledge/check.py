"""Checks of the knowledge files: what `sijill kb check` runs.

Every check is a function `check(data_dir) -> list[str]`: it reads its own files from
`data_dir` (None: the files shipped in the package) and returns one line per problem,
each naming the file, the line and what is wrong (``actor_aliases.tsv:812: stance 'hostle'
is not one of ...``). An empty list means the files are sound.

`CHECKS` is the registry: (name, function) pairs run in order by `check_knowledge`. To
check a new knowledge file, write its check function next to its loader and add one line
to `CHECKS`; a check that raises (a file missing or not UTF-8) is reported as a problem of
that check, never as a crash, so that one broken file does not hide the others' problems.
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations, product
from pathlib import Path
from typing import Callable

from ..text.normalize import fold
from .actors import (ACTOR_COLUMNS, ACTORS_FILE, ALIAS_COLUMNS, ALIASES_FILE, KINDS, LANGS,
                     STANCES, Period, row_dict, parse_parents, parse_period, read_rows)

Check = Callable[[Path | None], list[str]]

_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")


# ------------------------------------------------------------------ actors

def _header_problem(name: str, header: tuple[str, ...], expected: tuple[str, ...]) -> str | None:
    if header == expected:
        return None
    return f"{name}: header is {' '.join(header) or '(none)'}; expected the columns {' '.join(expected)}"


def _cells_problem(name: str, lineno: int, cells: list[str], width: int) -> str | None:
    if len(cells) > width:
        return (f"{name}:{lineno}: {len(cells)} cells where the header has {width} "
                f"(a tab inside a value?)")
    return None


def _check_actor_rows(rows, header) -> tuple[list[str], dict[str, int], dict[str, list[str]], dict[str, str]]:
    """Problems of actors.tsv, with what the alias and graph checks need: id -> line, parents, renames."""
    problems: list[str] = []
    line_of: dict[str, int] = {}
    parents: dict[str, list[str]] = {}
    renamed: dict[str, str] = {}
    for lineno, cells in rows:
        where = f"{ACTORS_FILE}:{lineno}"
        if p := _cells_problem(ACTORS_FILE, lineno, cells, len(header)):
            problems.append(p)
        r = row_dict(header, cells)
        aid = r["id"]
        if not _ID.match(aid):
            problems.append(f"{where}: id {aid!r} must be capital letters, digits and _")
        if aid in line_of:
            problems.append(f"{where}: id {aid} is already used on line {line_of[aid]}")
            continue
        line_of[aid] = lineno
        if not r["name"]:
            problems.append(f"{where}: {aid} has no name")
        if not (r["inter"].isdigit() and 1 <= int(r["inter"]) <= 8):
            problems.append(f"{where}: inter {r['inter']!r} of {aid} is not an ACLED class 1-8")
        if r["kind"] not in KINDS:
            problems.append(f"{where}: kind {r['kind']!r} of {aid} is not one of {', '.join(sorted(KINDS))}")
        try:
            period = parse_period(r["valid_from"], r["valid_to"])
        except ValueError as e:
            problems.append(f"{where}: valid_from/valid_to of {aid}: {e}")
            period = Period()
        try:
            parents[aid] = [link.id for link in parse_parents(r["parents"])]
        except ValueError as e:
            problems.append(f"{where}: parents of {aid}: {e}")
            parents[aid] = []
        if aid in parents[aid]:
            problems.append(f"{where}: {aid} is its own parent")
        if r["renamed_to"]:
            renamed[aid] = r["renamed_to"]
            if r["renamed_to"] == aid:
                problems.append(f"{where}: {aid} is renamed to itself")
            if period.end is None:
                # the renaming takes effect after valid_to: without it the new name is never used
                problems.append(f"{where}: {aid} is renamed_to {r['renamed_to']} but has no valid_to")
    for aid, pids in parents.items():
        for pid in pids:
            if pid not in line_of:
                problems.append(f"{ACTORS_FILE}:{line_of[aid]}: parent {pid} of {aid} is not an actor")
    for aid, target in renamed.items():
        if target not in line_of:
            problems.append(f"{ACTORS_FILE}:{line_of[aid]}: renamed_to {target} of {aid} is not an actor")
    return problems, line_of, parents, renamed


def _cycles(graph: dict[str, list[str]], line_of: dict[str, int], what: str) -> list[str]:
    """One problem per cycle in a graph of ids (parents, or renamings): iterative depth-first."""
    problems: list[str] = []
    color: dict[str, int] = {}          # 1: on the current path, 2: done
    for root in graph:
        if color.get(root):
            continue
        color[root], path, stack = 1, [root], [iter(graph[root])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                color[path.pop()] = 2
                stack.pop()
            elif color.get(child) == 1:
                cycle = path[path.index(child):] + [child]
                problems.append(f"{ACTORS_FILE}:{line_of.get(child, 0)}: {what} cycle {' -> '.join(cycle)}")
            elif not color.get(child) and child in graph:
                color[child] = 1
                path.append(child)
                stack.append(iter(graph[child]))
    return problems


# ------------------------------------------------------------------ aliases

def _match_keys(alias: str) -> set[str]:
    """The keys under which the matcher files an alias (knowledge/matcher.py, TermMatcher):
    the folded alias, and for 'ال...' also the contracted 'لل...' that ل + ال makes."""
    key = fold(alias).strip()
    keys = {key} if key else set()
    if key.startswith("ال") and len(key) > 3:
        keys.add("ل" + key[1:])
    return keys


def _separated(a: tuple[int, str, Period], b: tuple[int, str, Period]) -> str | None:
    """None when two lines' rules tell them apart, else why not."""
    (_, rule_a, period_a), (_, rule_b, period_b) = a, b
    if not rule_a or not rule_b:
        return "both lines need a rule (period or context:<Country>)"
    if rule_a == rule_b == "period":
        return "their periods overlap" if period_a.overlaps(period_b) else None
    if rule_a.startswith("context:") and rule_b.startswith("context:"):
        return "their contexts are the same" if rule_a.casefold() == rule_b.casefold() else None
    return f"rules {rule_a!r} and {rule_b!r} are of different kinds"


def _shared_alias_problems(by_key: dict[str, dict[str, list[tuple[int, str, Period]]]]) -> list[str]:
    """Aliases (by match key) that two actors claim without rules telling their lines apart."""
    problems: list[str] = []
    reported: set[tuple[int, int]] = set()
    for key, owners in by_key.items():
        for a, b in combinations(sorted(owners), 2):
            for la, lb in product(owners[a], owners[b]):
                why = _separated(la, lb)
                if not why or (la[0], lb[0]) in reported:
                    continue
                reported.add((la[0], lb[0]))
                # reported at the later line: usually the one just added
                (line, aid), (other_line, other) = sorted([(la[0], a), (lb[0], b)], reverse=True)
                problems.append(f"{ALIASES_FILE}:{line}: alias {key!r} of {aid} is also claimed by "
                                f"{other} (line {other_line}); {why}")
    return problems


def _check_alias_rows(rows, header, actor_lines: dict[str, int]) -> list[str]:
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    by_key: dict[str, dict[str, list[tuple[int, str, Period]]]] = defaultdict(lambda: defaultdict(list))
    has_alias: set[str] = set()
    for lineno, cells in rows:
        where = f"{ALIASES_FILE}:{lineno}"
        if p := _cells_problem(ALIASES_FILE, lineno, cells, len(header)):
            problems.append(p)
        r = row_dict(header, cells)
        aid, alias = r["actor_id"], r["alias"]
        if aid not in actor_lines:
            problems.append(f"{where}: actor_id {aid!r} is not an actor of {ACTORS_FILE}")
        has_alias.add(aid)
        if r["lang"] not in LANGS:
            problems.append(f"{where}: lang {r['lang']!r} is not one of {', '.join(LANGS)}")
        if r["stance"] not in STANCES:
            problems.append(f"{where}: stance {r['stance']!r} is not one of {', '.join(sorted(STANCES))}")
        rule = r["rule"]
        if rule and rule not in ("period", "after_act") and not (rule.startswith("context:") and rule[8:].strip()):
            problems.append(f"{where}: rule {rule!r} is not empty, 'period', 'after_act' or 'context:<Country>'")
        try:
            period = parse_period(r["valid_from"], r["valid_to"])
        except ValueError as e:
            problems.append(f"{where}: valid_from/valid_to: {e}")
            period = Period()
        if rule == "period" and period == Period():
            problems.append(f"{where}: rule 'period' but no valid_from or valid_to")
        key = fold(alias).strip()
        if not key:
            problems.append(f"{where}: empty alias for {aid}")
            continue
        if "  " in key:
            # the matcher compares characters: a doubled space never meets the text
            problems.append(f"{where}: alias {alias!r} has a doubled space")
        dup = (aid, r["lang"], key)
        if dup in seen:
            problems.append(f"{where}: alias {alias!r} of {aid} ({r['lang']}) repeats line {seen[dup]} "
                            f"(the same after folding)")
            continue
        seen[dup] = lineno
        for k in _match_keys(alias):
            by_key[k][aid].append((lineno, rule, period))
    problems += _shared_alias_problems(by_key)
    for aid, lineno in actor_lines.items():
        if aid not in has_alias:
            problems.append(f"{ACTORS_FILE}:{lineno}: {aid} has no alias in {ALIASES_FILE}, "
                            f"so no text can name it")
    return problems


def check_actor_files(data_dir: Path | None = None) -> list[str]:
    """Problems of actors.tsv and actor_aliases.tsv."""
    header, rows = read_rows(ACTORS_FILE, data_dir)
    if p := _header_problem(ACTORS_FILE, header, ACTOR_COLUMNS):
        return [p]
    problems, line_of, parents, renamed = _check_actor_rows(rows, header)
    problems += _cycles(parents, line_of, "parent")
    problems += _cycles({k: [v] for k, v in renamed.items()}, line_of, "renaming")
    header, rows = read_rows(ALIASES_FILE, data_dir)
    if p := _header_problem(ALIASES_FILE, header, ALIAS_COLUMNS):
        return problems + [p]
    return problems + _check_alias_rows(rows, header, line_of)


def _check_lexicon(data_dir: Path | None = None) -> list[str]:
    from .lexicon import check_lexicon
    return check_lexicon(data_dir)


def _check_foreign_places(data_dir: Path | None = None) -> list[str]:
    from ..extract.foreign import check_foreign_places
    return check_foreign_places(data_dir)


# ------------------------------------------------------------------ the registry

CHECKS: tuple[tuple[str, Check], ...] = (
    ("actors", check_actor_files),
    ("lexicon", _check_lexicon),
    ("foreign places", _check_foreign_places),
)


def check_knowledge(data_dir: str | Path | None = None,
                    checks: tuple[tuple[str, Check], ...] = CHECKS) -> list[str]:
    """All problems of the knowledge files in `data_dir` (None: the shipped ones)."""
    folder = Path(data_dir) if data_dir is not None else None
    problems: list[str] = []
    for name, check in checks:
        try:
            problems += check(folder)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            problems.append(f"{name}: cannot check: {e}")
    return problems
