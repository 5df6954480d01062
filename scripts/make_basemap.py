"""Make the dashboard's base map: approximate admin outlines derived from a gazetteer's places.

    .venv/bin/python scripts/make_basemap.py                 # the shipped file, from the built-in list
    .venv/bin/python scripts/make_basemap.py --gazetteer g.sqlite -o districts.geojson

Without --gazetteer the built-in gazetteer is used (a temporary empty SIJILL_HOME keeps an
imported one out), and the result is written to src/sijill/serve/static/basemap.geojson, the
file the package ships: the country and its 14 governorates, approximate (see the docstring
of src/sijill/serve/basemap.py for how they are drawn and how far off they are). With an
imported gazetteer that has districts (OCHA's communities), districts are drawn too; such a
file can be given to `sijill serve --basemap`, though `sijill serve` derives the same by
itself from the gazetteer it uses.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "sijill" / "serve" / "static" / "basemap.geojson"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer", help="an imported gazetteer (sijill gazetteer import); default: the built-in list")
    ap.add_argument("-o", "--out", default=str(SHIPPED), help=f"where to write (default: {SHIPPED})")
    args = ap.parse_args(argv)
    from sijill.knowledge.gazetteer import load_gazetteer
    from sijill.model import Options
    from sijill.serve.basemap import from_gazetteer
    if args.gazetteer:
        gaz = load_gazetteer(Options(gazetteer_path=args.gazetteer))
    else:
        with tempfile.TemporaryDirectory() as home:
            os.environ["SIJILL_HOME"] = home
            gaz = load_gazetteer()
    fc = from_gazetteer(gaz)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    levels = [f["properties"]["level"] for f in fc["features"]]
    print(f"{args.out}: {levels.count(1)} governorates, {levels.count(2)} districts, "
          f"{len(text) // 1024} KB ({fc['origin']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
