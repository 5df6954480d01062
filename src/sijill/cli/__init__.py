"""The `sijill` command line: a thin layer over the plain functions of the stages.

Each command group lives in its own module of this package and is imported only when it
runs, so that `sijill --help` starts fast.
"""
from __future__ import annotations

import importlib

import click

# command name -> (module, attribute, one-line help shown by `sijill --help`)
_COMMANDS = {
    "extract": ("extract", "extract", "Read pages and print the events found in them."),
    "ingest": ("store", "ingest", "Read pages and store documents and events in a register."),
    "events": ("store", "events", "List the events stored in a register."),
    "export": ("store", "export", "Write a register's events as ACLED CSV, JSON lines, GeoJSON or Parquet."),
    "gazetteer": ("gazetteer", "gazetteer", "Import and inspect the gazetteer of places."),
    "kb": ("kb", "kb", "Check and inspect the knowledge base (actors, lexicon)."),
    "evaluate": ("evaluate", "evaluate", "Score events against a gold file of your own."),
    "train": ("train", "train", "Train the model that decides which candidates are events (cross-validated)."),
    "framing": ("framing", "framing", "How each outlet names each actor: labels, how often, their stance."),
    "event": ("framing", "event", "Show one event whole: sources side by side, evidence, disagreements, review."),
    "review": ("review", "review", "Review an event (accept, reject, set fields) and list the review trail."),
    "serve": ("serve", "serve", "Serve a register: HTTP API and dashboard (map, timeline, network, evidence)."),
    "spark": ("spark", "spark", "Run the pipeline in Apache Spark over WARC and JSON lines archives."),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(_COMMANDS)

    def get_command(self, ctx, name):
        if name not in _COMMANDS:
            return None
        module, attr, _ = _COMMANDS[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, short) for name, (_, _, short) in _COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sijill")
def main():
    """sijill (سجل, "register"): an evidence-linked register of conflict events from
    Arabic and Persian news pages.

    Pages (.txt, .html, .jsonl documents, .warc.gz archives, or folders of them) go in;
    events come out: who did what to whom, where, when, how many were killed, according to
    whom, each field pointing to the words it came from.

    \b
    Examples:
      sijill extract examples/ --format table
      sijill ingest examples/ --db register.sqlite
      sijill events --db register.sqlite --type Battles --since 2018-01-01
      sijill export --db register.sqlite --format acled -o events.csv
      sijill gazetteer import syria_communities.csv
    """
