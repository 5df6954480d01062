"""`sijill kb`: check and inspect the knowledge base."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click


@click.group("kb")
def kb():
    """Check and inspect the knowledge base (actors, lexicon).

    \b
    Examples:
      sijill kb check
      sijill kb actors قسد
      sijill kb actors --lang fa داعش
      sijill kb actors --on 2020-01-01 النصرة
    """


@kb.command("check")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Check the knowledge files of this folder instead of the shipped ones.")
def check(data_dir: Path | None):
    """Check the knowledge files; print the problems and exit 1, or a summary."""
    from ..knowledge.actors import LANGS, build_actor_base
    from ..knowledge.check import check_knowledge
    problems = check_knowledge(data_dir)
    if problems:
        for p in problems:
            click.echo(p)
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", err=True)
        raise SystemExit(1)
    base = build_actor_base(data_dir)      # not the cached one: data_dir may be a working copy
    counts = base.alias_counts()
    langs = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in LANGS)
    click.echo(f"ok: {len(base.actors)} actors, {sum(counts.values())} aliases ({langs})")


@kb.command("actors")
@click.argument("query", required=False, default="")
@click.option("--lang", type=click.Choice(["ar", "fa", "en"]), help="Show only the aliases in this language.")
@click.option("--on", "on", metavar="YYYY-MM-DD",
              help="Also show what each actor resolves to on this date (renamings, parents).")
def actors(query: str, lang: str | None, on: str | None):
    """List the actors whose id, name or an alias contains QUERY, with their aliases."""
    from ..knowledge.actors import load_actors
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise click.BadParameter(f"{on!r} is not a date (YYYY-MM-DD)", param_hint="--on") from None
    base = load_actors()
    found = base.search(query, lang)
    for actor, aliases in found:
        parents = ", ".join(f"{p.id}@{p.period}" if p.period.start or p.period.end else p.id
                            for p in actor.parents) or "-"
        click.echo(f"{actor.id}\t{actor.name}\t[inter {actor.inter}, {actor.kind}"
                   f"{', ' + actor.country if actor.country else ''}]")
        click.echo(f"  parents: {parents}; valid: {actor.period}"
                   f"{'; renamed to ' + actor.renamed_to if actor.renamed_to else ''}")
        if day is not None:
            ref = base.ref(actor.id, on=day)
            click.echo(f"  on {day}: {ref.id} (parents: {', '.join(ref.parents) or '-'})")
        for e in aliases:
            extra = [e.stance] if e.stance != "neutral" else []
            if e.valid_from or e.valid_to:
                extra.append(str(e.period))
            if e.rule:
                extra.append(e.rule)
            click.echo(f"  {e.lang}\t{e.alias}" + (f"\t({'; '.join(extra)})" if extra else ""))
    if not found:
        click.echo(f"no actor matches {query!r}", err=True)
        raise SystemExit(1)
