"""`sijill extract`: pages in, events out (JSON lines, the contract; or a readable table)."""
from __future__ import annotations

import json
import sys
from datetime import date

import click


def parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2018-04-30)")


@click.command()
@click.argument("pages", nargs=-1, required=True)
@click.option("--published", callback=parse_date, metavar="YYYY-MM-DD",
              help="Publication date for pages that carry none: the reference for 'yesterday', 'last Sunday'.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one event object a line (the format of SCHEMA.md); table: a readable terminal table.")
@click.option("--language", type=click.Choice(["ar", "fa", "en"]), default=None,
              help="Treat every page as this language instead of detecting it.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), default=None,
              help="A gazetteer file made by 'sijill gazetteer import' (default: the imported one, else built-in).")
@click.option("--max-bytes", type=int, default=50 * 1024 * 1024, show_default=True,
              help="Refuse pages larger than this many bytes.")
@click.option("--no-background", is_flag=True, help="Leave out dated background events (more than 30 days old).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write events here instead of standard output.")
def extract(pages, published, fmt, language, gazetteer_path, max_bytes, no_background, output):
    """Read PAGES and print the events found in them.

    PAGES are .txt, .html/.htm, .jsonl documents (id, text or html, published, outlet, ...),
    .warc/.warc.gz archives, or folders of them; '-' reads JSON lines documents from standard input.
    A page that cannot be read is reported on standard error and the run goes on; the exit
    status is 1 if any page failed.

    \b
    Examples:
      sijill extract examples/ --format table
      sijill extract page.txt --published 2018-04-30
      sijill extract documents.jsonl > events.jsonl
    """
    from ..model import Options
    from ..pipeline import run
    options = Options(published=published, language=language, gazetteer_path=gazetteer_path,
                      max_bytes=max_bytes, include_background=not no_background)
    failed = 0
    collected = []
    for result in run(pages, options):
        if result.problem is not None:
            failed += 1
            click.echo(f"error: {result.problem}", err=True)
            continue
        if fmt == "jsonl":
            for ev in result.events:
                output.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
        else:
            collected.extend(result.events)
    if fmt == "table":
        from .options import print_events_table
        print_events_table(collected, output)
    output.flush()
    if failed:
        click.echo(f"{failed} input(s) could not be read; see the errors above.", err=True)
        sys.exit(1)
