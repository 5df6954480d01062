"""The README and the command line agree: every command and option the README shows exists."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from sijill.cli import _COMMANDS, main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CODE = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S))   # the README's code blocks


def test_every_command_the_readme_shows_exists_and_every_command_is_shown():
    shown = set(re.findall(r"^sijill (\w+)", CODE, flags=re.M))
    assert shown, "the README shows commands"
    assert shown <= set(_COMMANDS), shown - set(_COMMANDS)
    assert set(_COMMANDS) <= shown, set(_COMMANDS) - shown


def test_every_option_the_readme_shows_is_in_that_commands_help():
    for line in re.findall(r"^sijill .*$", CODE, flags=re.M):
        words = line.split()
        command = words[1]
        sub = [w for w in words[2:3] if re.fullmatch(r"[a-z]+", w)]
        help_text = CliRunner().invoke(main, [command, *sub, "--help"]).output
        for option in re.findall(r"(--[a-z][a-z-]+)", line):
            assert option in help_text, f"{option} of `{line}` is not in `sijill {command} --help`"
