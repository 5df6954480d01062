"""`sijill extract`: pages in, events out (JSON lines, the contract; or a readable table)."""
from __future__ import annotations

import sys

import click

from .options import (budget_options, gazetteer_option, jobs_option, max_bytes_option, model_options,
                      published_option)


@click.command()
@click.argument("pages", nargs=-1, required=True)
@published_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one event object a line (the format of SCHEMA.md); table: a readable terminal table.")
@click.option("--language", type=click.Choice(["ar", "fa", "en"]), default=None,
              help="Treat every page as this language instead of detecting it.")
@gazetteer_option
@max_bytes_option
@budget_options
@jobs_option
@model_options
@click.option("--no-background", is_flag=True, help="Leave out dated background events (more than 30 days old).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write events here instead of standard output.")
def extract(pages, published, fmt, language, gazetteer_path, max_bytes, doc_timeout, max_chars, jobs, model_dir,
            rules_only, no_background, output):
    """Read PAGES and print the events found in them.

    PAGES are .txt, .html/.htm, .jsonl documents (id, text or html, published, outlet, ...),
    .warc/.warc.gz archives, or folders of them; '-' reads JSON lines documents from standard input.
    A page that cannot be read is reported on standard error ("error: SOURCE: PROBLEM") and the
    run goes on; the exit status is 1 if any page failed.

    \b
    Examples:
      sijill extract examples/documents.jsonl --format table
      sijill extract page.txt --published 2018-04-30
      sijill extract pages/ --gazetteer syria.sqlite > events.jsonl
    """
    from ..model import Options
    from ..pipeline import run
    from .options import print_events_table, render_events_jsonl
    options = Options(published=published, language=language, gazetteer_path=gazetteer_path,
                      max_bytes=max_bytes, include_background=not no_background,
                      model_dir=model_dir, rules_only=rules_only, doc_timeout=doc_timeout,
                      max_chars=max_chars)
    failed = 0
    collected = []
    results = run(pages, options, jobs=jobs)
    while True:
        try:
            result = next(results)
        except StopIteration:
            break
        except Exception as exc:   # the knowledge or the gazetteer could not be loaded: nothing can run
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from None
        for warning in getattr(result.document, "warnings", ()):   # read, with something set aside
            click.echo(f"warning: {warning}", err=True)
        if result.problem is not None:
            failed += 1
            click.echo(f"error: {result.problem}", err=True)
            continue
        if fmt == "jsonl":
            output.writelines(render_events_jsonl(result.events))
        else:
            collected.extend(result.events)
    if fmt == "table":
        print_events_table(collected, output)
    output.flush()
    if failed:
        click.echo(f"{failed} input(s) could not be read; see the errors above.", err=True)
        sys.exit(1)
