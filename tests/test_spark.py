"""The Spark job (`sijill spark`, sijill.spark) in local mode: its events are `sijill extract`'s on
the same pages (same ids, same fields), written as Parquet by event month and as JSON lines; a
record that fails is counted and listed, and the job goes on.

Skipped when pyspark or Java is missing (`pip install 'sijill[spark]'`; Debian:
`apt-get install openjdk-17-jre-headless`). One local[2] session serves the whole module.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("pyspark")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)", allow_module_level=True)

from sijill.cli import main                                      # noqa: E402
from sijill.model import Options                                 # noqa: E402
from sijill.spark import JobError                                # noqa: E402
from sijill.spark.job import JobSettings, run_job, session      # noqa: E402

SENTENCES = (
    "قتل ثلاثة عناصر من قوات النظام امس في قصف لفصائل المعارضة على مدينة درعا.",
    "قالت مصادر محلية إن قوات النظام قصفت أمس (الأحد) بلدة الشحيل بريف دير الزور الشرقي، "
    "ما أسفر عن مقتل ثلاثة مدنيين وإصابة آخرين.",
    "شن طيران التحالف الدولي غارات جوية على مواقع لتنظيم الدولة في بلدة هجين بريف دير الزور، "
    "ما أدى إلى مقتل خمسة عناصر من التنظيم.",
    "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وفصائل الجيش الوطني في محيط مدينة منبج "
    "أسفرت عن مقتل أربعة مقاتلين.",
)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    # The executors' Python inherits this environment: an empty sijill home, so that the job and
    # `sijill extract` (in this process) use the same built-in gazetteer.
    home = tmp_path_factory.mktemp("home")
    previous = os.environ.get("SIJILL_HOME")
    os.environ["SIJILL_HOME"] = str(home)
    try:
        s = session("local[2]", app_name="sijill-tests", conf=(
            ("spark.ui.enabled", "false"), ("spark.sql.shuffle.partitions", "2"),
            ("spark.driver.memory", "1g")))
        s.sparkContext.setLogLevel("ERROR")
        yield s
        s.stop()
    except JobError as exc:          # Java there but unusable (a JAVA_HOME that points nowhere)
        pytest.skip(str(exc))
    finally:
        if previous is None:
            os.environ.pop("SIJILL_HOME", None)
        else:
            os.environ["SIJILL_HOME"] = previous


def _html(i: int, sentence: str, published: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>خبر {i}</title>'
            f'<meta property="article:published_time" content="{published}"></head>'
            f"<body><article><h1>خبر رقم {i}</h1><p>{sentence}</p>"
            "<p>وأضافت المصادر أن الاشتباكات ما زالت مستمرة في المنطقة.</p></article></body></html>"
            ).encode("utf-8")


def write_warc(path: Path, pages: int, site: str, first: int = 0) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(first, first + pages):
            body = _html(i, SENTENCES[i % len(SENTENCES)], f"2018-{1 + i % 3:02d}-{10 + i % 9}")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://{site}.example/news/{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    return path


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warc")
    a = write_warc(folder / "a.warc.gz", 5, "one")
    b = write_warc(folder / "b.warc.gz", 4, "two", first=5)
    broken = folder / "broken.warc.gz"
    broken.write_bytes(b"this is not a WARC archive\n")
    return a, b, broken


def extract_cli(*args) -> list[dict]:
    result = CliRunner().invoke(main, ["extract", *map(str, args)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def job_lines(out: Path, folder: str = "jsonl") -> list[dict]:
    return [json.loads(line) for part in sorted((out / folder).glob("month=*/part-*"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def by_id(events: list[dict]) -> dict[str, dict]:
    found = {e["event_id"]: e for e in events}
    assert len(found) == len(events), "event ids are unique"
    return found


def run(spark, inputs, out, **kw):
    settings = JobSettings(inputs=tuple(map(str, inputs)), out=str(out), **kw)
    return run_job(spark, settings)


def test_warc_job_gives_the_events_of_extract_and_counts_the_broken_archive(spark, warcs, tmp_path):
    out = tmp_path / "out"
    report = run(spark, warcs, out)
    cli = extract_cli(*warcs)
    assert len(cli) >= 6, "the pages tell events"
    assert by_id(job_lines(out)) == by_id(cli)           # same ids, every field the same
    assert (report.pages, report.failed, report.events) == (10, 1, len(cli))
    failures = [json.loads(line) for part in (out / "failures").glob("part-*") for line in part.read_text().splitlines()]
    assert [f["source"] for f in failures] == [str(warcs[2])]
    assert "not a WARC archive" in failures[0]["problem"]
    assert report.failures == [f"{warcs[2]}: {failures[0]['problem']}"]
    # Parquet by event month: the months of the events, and the same number of rows read back
    months = {e["event_date"][:7] for e in cli}
    assert {p.name for p in (out / "parquet").glob("month=*")} == {f"month={m}" for m in months}
    table = spark.read.option("basePath", str(out / "parquet")).parquet(str(out / "parquet"))
    assert table.count() == len(cli)
    from sijill.spark.output import parquet_columns       # those of `sijill export --format parquet`
    assert table.columns == [name for name, _ in parquet_columns()] + ["month"]
    row = table.where(table.event_id == cli[0]["event_id"]).collect()[0]
    assert row.month == cli[0]["event_date"][:7] and row.event_type == cli[0]["event_type"]
    assert json.loads(row.sources) == cli[0]["sources"]


def test_one_jsonl_file_is_spread_over_partitions_and_a_bad_line_fails_alone(spark, tmp_path):
    docs = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": SENTENCES[i % len(SENTENCES)], "published": f"2018-0{1 + i % 2}-2{i}"},
                        ensure_ascii=False) for i in range(6)]
    lines.insert(3, "{not json")
    lines.append(json.dumps({"text": SENTENCES[0]}, ensure_ascii=False))   # no id, no date: undated
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run(spark, [docs], out, partitions=2, formats=("jsonl", "parquet"))
    assert "spread over 2" in report.plan
    cli = extract_cli(docs)
    assert by_id(job_lines(out)) == by_id(cli)
    assert (report.pages, report.failed, report.events) == (8, 1, len(cli))
    assert report.failures[0].startswith(f"{docs}:4: line is not valid JSON")
    assert (out / "parquet" / "month=undated").is_dir() and (out / "jsonl" / "month=undated").is_dir()


def test_a_hadoop_uri_is_read_through_spark_with_the_same_events(spark, warcs, tmp_path):
    out = tmp_path / "out"
    uris = [p.resolve().as_uri() for p in warcs]          # file:///...: Hadoop's FS, binaryFiles
    report = run(spark, uris, out, formats=("jsonl",))
    assert by_id(job_lines(out)) == by_id(extract_cli(*warcs))
    assert report.failed == 1 and report.failures[0].startswith(f"file:{warcs[2]}: ")
    assert not (out / "parquet").exists()
    spread = run(spark, uris[:1], tmp_path / "spread", partitions=2, formats=("jsonl",))
    assert "spread over 2" in spread.plan
    assert by_id(job_lines(tmp_path / "spread")) == by_id(extract_cli(warcs[0]))


def test_the_register_gets_every_document_and_event(spark, warcs, tmp_path):
    db = tmp_path / "register.sqlite"
    report = run(spark, warcs[:2], tmp_path / "out", db=str(db), formats=("jsonl",))
    with sqlite3.connect(db) as conn:       # written by two partitions at once
        assert conn.execute("select count(*) from documents").fetchone()[0] == 9
        stored = {row[0] for row in conn.execute("select event_id from events")}
        assert conn.execute("select stored, failed from ingest_runs").fetchall() == [(9, 0)]
    assert stored == set(by_id(job_lines(tmp_path / "out"))) and len(stored) == report.events > 0
    assert (report.stored, report.skipped) == (9, 0)
    again = run(spark, warcs[:2], tmp_path / "out2", db=str(db), formats=())
    assert (again.stored, again.skipped) == (0, 9)          # the register's own idempotence


def test_fusion_stage_gives_the_registers_events(spark, warcs, tmp_path):
    # a second outlet retelling four of the first archive's pages, the same days: one event each
    retold = write_warc(tmp_path / "c.warc.gz", 4, "three")
    out = tmp_path / "out"
    report = run(spark, [warcs[0], retold], out, formats=("jsonl", "parquet"))
    assert "as the register fuses" in report.fusion and "fused jsonl" in report.written
    fused = by_id(job_lines(out, "fused/jsonl"))
    db = tmp_path / "register.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(warcs[0]), str(retold), "--db", str(db), "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl"], catch_exceptions=False)
    registered = by_id([json.loads(line) for line in exported.stdout.splitlines()])
    assert set(fused) == set(registered)
    for eid, ev in fused.items():
        assert sorted(s["doc"] for s in ev["sources"]) == sorted(s["doc"] for s in registered[eid]["sources"])
        assert ev["corroboration"] == registered[eid]["corroboration"]
    told_twice = [ev for ev in fused.values() if len(ev["sources"]) == 2]
    assert len(told_twice) >= 4 and len(fused) < len(job_lines(out))
    assert all(sorted(s["doc"].split("/")[2] for s in ev["sources"]) == ["one.example", "three.example"]
               for ev in told_twice)


def test_no_fuse_skips_the_second_stage(spark, warcs, tmp_path):
    skipped = run(spark, warcs[:1], tmp_path / "out2", formats=("parquet",), fuse=False)
    assert "--no-fuse" in skipped.fusion and not (tmp_path / "out2" / "fused").exists()


def test_the_gazetteer_in_use_is_sent_to_the_executors(spark, warcs, tmp_path):
    from sijill.knowledge.gazetteer_import import import_gazetteer
    from tests.test_gazetteer import write_tiny_gazetteer
    gazetteer = tmp_path / "tiny.sqlite"
    import_gazetteer(write_tiny_gazetteer(tmp_path / "csv"), gazetteer)
    out = tmp_path / "out"
    run(spark, warcs[:1], out, formats=("jsonl",), options=Options(gazetteer_path=str(gazetteer)))
    assert by_id(job_lines(out)) == by_id(extract_cli(warcs[0], "--gazetteer", gazetteer))


def test_files_are_dealt_to_partitions_by_size_or_their_documents_spread():
    from sijill.spark.inputs import InputFile, plan
    files = [InputFile(f"/f{i}", size, True) for i, size in enumerate((100, 10, 60, 50))]
    assert [len(g) for g in plan(files, None, 2).groups] == [1, 1, 1, 1]      # one task a file
    two = plan(files, 2, 2)
    assert not two.spread and sorted(sum(f.size for f in g) for g in two.groups) == [110, 110]
    spread = plan(files[:1], None, 2)
    assert spread.spread and spread.partitions == 2


def test_bad_inputs_and_outputs_are_one_line_errors_before_any_work(spark, warcs, tmp_path):
    with pytest.raises(JobError, match="nowhere.warc.gz: no such file"):
        run(spark, [tmp_path / "nowhere.warc.gz"], tmp_path / "o1")
    with pytest.raises(JobError, match="matches no file"):
        run(spark, [tmp_path / "*.jsonl"], tmp_path / "o2")
    with pytest.raises(JobError, match="standard input"):
        run(spark, ["-"], tmp_path / "o3")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    with pytest.raises(JobError, match="exists"):
        run(spark, warcs[:1], tmp_path / "taken")
    with pytest.raises(JobError, match="only replaces a folder a job wrote"):
        run(spark, warcs[:1], tmp_path / "taken", overwrite=True)
    with pytest.raises(JobError, match="no such gazetteer"):
        run(spark, warcs[:1], tmp_path / "o4", options=Options(gazetteer_path=str(tmp_path / "g.sqlite")))
    result = CliRunner().invoke(main, ["spark", str(warcs[0]), "--out", str(tmp_path / "o5"), "--db", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1


def test_the_command_runs_the_job_and_prints_the_counters(spark, warcs, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["spark", *map(str, warcs), "--out", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "pages read 10, pages failed 1, events out" in result.stderr
    assert f"error: {warcs[2]}: " in result.stderr
    again = CliRunner().invoke(main, ["spark", str(warcs[0]), "--out", str(out), "--overwrite"])
    assert again.exit_code == 0, again.output
    assert "pages read 5, pages failed 0" in again.stderr
    assert not list((out / "failures").glob("part-*.json")) or all(
        not p.read_text() for p in (out / "failures").glob("part-*.json"))
    assert spark.sparkContext._jsc is not None, "the test's session is left running"


def test_help_lists_every_option():
    text = CliRunner().invoke(main, ["spark", "--help"]).output
    for option in ("--out", "--format", "--db", "--partitions", "--master", "--conf", "--overwrite",
                   "--no-fuse", "--published", "--gazetteer", "--max-bytes", "--doc-timeout", "--model",
                   "spark-submit"):
        assert option in text, option
    bad = CliRunner().invoke(main, ["spark", "x.warc.gz", "--out", "o", "--format", "csv"])
    assert bad.exit_code == 2 and "give parquet, jsonl" in bad.output


@pytest.mark.skipif(not os.environ.get("SIJILL_TEST_SPARK_SUBMIT"),
                    reason="a second JVM (about 15 s): set SIJILL_TEST_SPARK_SUBMIT=1 (.ci/run does)")
@pytest.mark.skipif(not shutil.which("spark-submit", path=str(Path(sys.executable).parent)),
                    reason="spark-submit is not installed beside this Python")
def test_the_documented_spark_submit_line_runs_the_job(warcs, tmp_path):
    """The README's line: spark-submit --master local[2] "$(python -c '...print(j.__file__)')" INPUT --out DIR"""
    job = subprocess.run([sys.executable, "-c", "import sijill.spark.job as j; print(j.__file__)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run([str(Path(sys.executable).parent / "spark-submit"), "--master", "local[2]",
                           "--conf", "spark.ui.enabled=false", job, str(warcs[0]), "--out", str(out),
                           "--format", "jsonl"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    # spark-submit hands the driver's standard error to its standard output
    assert "pages read 5, pages failed 0" in done.stdout + done.stderr
    assert by_id(job_lines(out)) == by_id(extract_cli(warcs[0]))
