"""The ingest stage reads every kind of input it is given, and turns every bad one into one clear
InputProblem line while the run goes on with the rest."""
from __future__ import annotations

import io
import json
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sijill.ingest import iter_documents
from sijill.model import Document, InputProblem, Options

ROOT = Path(__file__).resolve().parents[1]

# Invented report lines, in the style of the pages sijill reads.
AR_1 = "قُتل 4 عناصر من ميليشيا قسد وأصيب آخرون، أمس (الأحد)، في اشتباكات مع مقاتلين من العشائر في بلدة ذيبان بريف دير الزور الشرقي."
AR_2 = "وقالت مصادر محلية إن المواجهات اندلعت بعد مداهمة دورية لقسد منازل في البلدة، واستمرت حتى ساعات الليل."
AR_3 = "وهدد وجهاء من العشائر بتوسيع المواجهات إلى بلدات أخرى إذا لم تطلق قسد سراح المعتقلين."
FA_1 = "منابع محلی روز یکشنبه اعلام کردند که مزدوران قسد به روستاهای اطراف شهر البصیره در شرق دیرالزور حمله کردند."
AR_PAGE = f"{AR_1}\n\n{AR_2}\n\n{AR_3}\n"


def read(paths, **options) -> list[Document | InputProblem]:
    return list(iter_documents([str(p) for p in paths], Options(**options)))


def only_document(paths, **options) -> Document:
    items = read(paths, **options)
    assert len(items) == 1 and isinstance(items[0], Document), [str(i) for i in items]
    return items[0]


def only_problem(paths, **options) -> InputProblem:
    items = read(paths, **options)
    assert len(items) == 1 and isinstance(items[0], InputProblem), items
    assert "\n" not in str(items[0])
    return items[0]


# ---------------------------------------------------------------- bad inputs

def test_an_empty_file_is_reported_as_empty(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"")
    assert str(only_problem([page])) == f"{page}: empty file"


def test_a_file_of_blank_lines_is_reported_as_empty(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b" \n\n\t\n")
    assert "empty file" in str(only_problem([page]))


def test_a_binary_file_is_refused_as_not_a_page(tmp_path):
    image = tmp_path / "photo.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert str(only_problem([image])) == f"{image}: binary file (NUL bytes), not a text or HTML page"


def test_a_file_of_control_bytes_is_refused_as_binary(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x01\x02\x03abc\x04\x05\x06" * 200)
    assert "binary file (control bytes)" in str(only_problem([junk]))


def test_a_missing_path_is_reported_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(AR_PAGE, encoding="utf-8")
    items = read([tmp_path / "missing.txt", good])
    assert str(items[0]) == f"{tmp_path / 'missing.txt'}: no such file or folder"
    assert isinstance(items[1], Document) and items[1].id == "good"


def test_an_unknown_extension_is_reported_with_the_types_that_are_read(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    problem = only_problem([pdf])
    assert str(problem).startswith(f"{pdf}: unknown file type '.pdf'")
    assert ".txt" in problem.problem and ".warc.gz" in problem.problem


def test_a_page_that_is_only_boilerplate_is_reported(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Facebook\nWhatsApp\n\nالتعليقات (0)\n0\n", encoding="utf-8")
    assert str(only_problem([page])) == f"{page}: no text after removing page boilerplate"


def test_a_page_larger_than_the_limit_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:        # sparse: 52.4 MB on paper, nothing on disk
        f.truncate(int(52.4 * 1024 * 1024))
    tracemalloc.start()
    try:
        problem = only_problem([big])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(problem) == f"{big}: 52.4 MB is larger than the 50 MB limit (--max-bytes)"
    assert peak < 2 * 1024 * 1024


def test_the_size_limit_follows_the_option(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(AR_PAGE * 20, encoding="utf-8")
    assert "larger than the 1 KB limit (--max-bytes)" in str(only_problem([page], max_bytes=1024))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_no_bytes_make_ingest_raise(tmp_path, data, suffix):
    page = tmp_path / f"any{suffix}"
    page.write_bytes(data)
    for item in read([page]):
        assert isinstance(item, (Document, InputProblem))
        if isinstance(item, InputProblem):
            assert "\n" not in str(item)


# ---------------------------------------------------------------- encodings

def test_a_windows_1256_page_is_decoded_as_arabic(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(AR_PAGE.encode("cp1256"))
    assert only_document([page]).text.split("\n") == AR_PAGE.strip().split("\n")


def test_a_windows_1256_html_page_declared_as_latin_1_is_still_arabic(tmp_path):
    page = tmp_path / "page.html"
    html = f'<html><head><meta charset="iso-8859-1"></head><body><p>{AR_1}</p><p>{AR_2}</p></body></html>'
    page.write_bytes(html.encode("cp1256"))
    doc = only_document([page])
    assert AR_1 in doc.text and AR_2 in doc.text


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-16-le", b"")])
def test_a_utf16_page_is_decoded(tmp_path, encoding, bom):
    page = tmp_path / "page.txt"
    page.write_bytes(bom + AR_PAGE.encode(encoding))
    assert only_document([page]).text == AR_PAGE.strip()


def test_a_utf8_bom_is_not_part_of_the_text(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"\xef\xbb\xbf" + AR_PAGE.encode("utf-8"))
    doc = only_document([page])
    assert doc.text.startswith(AR_1)


def test_a_utf8_page_cut_inside_its_last_letter_is_still_utf8(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(AR_PAGE.strip().encode("utf-8")[:-1])
    assert only_document([page]).text == AR_PAGE.strip()[:-1]


def test_a_utf8_page_with_one_damaged_byte_is_not_taken_for_windows_1256(tmp_path):
    page = tmp_path / "page.txt"
    data = AR_PAGE.encode("utf-8")
    page.write_bytes(data[:60] + b"\xff" + data[60:])
    doc = only_document([page])
    assert AR_2 in doc.text and "\ufffd" in doc.text


def test_a_cyrillic_page_is_not_read_as_arabic(tmp_path):
    page = tmp_path / "page.txt"
    russian = "Военные сообщили, что в провинции Дейр-эз-Зор продолжаются бои. По данным местных источников, погибли четыре человека."
    page.write_bytes(russian.encode("cp1251"))
    assert only_document([page]).text == russian


def test_undecodable_bytes_are_refused_with_what_to_do(tmp_path):
    import random
    rng = random.Random(0)
    page = tmp_path / "page.txt"
    page.write_bytes(bytes(rng.choice([b for b in range(0x20, 0x100) if b != 0x7F]) for _ in range(3000)))
    assert str(only_problem([page])) == f"{page}: not UTF-8, UTF-16 or Windows-1256 text; save it as UTF-8"


def test_windows_line_ends_become_newlines(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(AR_PAGE.replace("\n", "\r\n").encode("utf-8"))
    assert "\r" not in only_document([page]).text


# ---------------------------------------------------------------- files, folders, ids

def test_a_file_given_directly_is_named_after_the_file(tmp_path):
    page = tmp_path / "deir-2018-04-30.txt"
    page.write_text(AR_PAGE, encoding="utf-8")
    doc = only_document([page])
    assert (doc.id, doc.source, doc.published, doc.language) == ("deir-2018-04-30", str(page), None, "ar")


def test_a_folder_is_read_recursively_in_order_with_only_known_files(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "deep" / "3.htm").write_text(f"<html><body><p>{AR_3}</p></body></html>", encoding="utf-8")
    (tmp_path / "b" / "2.txt").write_text(AR_2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(AR_1, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": AR_2}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text(AR_1, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(AR_1, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(AR_1, encoding="utf-8")
    docs = read([tmp_path])
    assert [d.id for d in docs] == ["a", "b/2", "b/deep/3", "c1"]
    assert docs[1].source == str(tmp_path / "b" / "2.txt")
    assert AR_3 in docs[2].text


def test_a_single_path_may_be_given_on_its_own(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(AR_1, encoding="utf-8")
    assert [d.id for d in iter_documents(str(page), Options())] == ["page"]


def test_a_folder_without_pages_is_reported(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert "folder has no" in str(only_problem([tmp_path]))


def test_a_language_given_in_the_options_wins(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(FA_1, encoding="utf-8")
    assert only_document([page]).language == "fa"
    assert only_document([page], language="ar").language == "ar"


def test_the_fallback_date_of_the_options_is_left_to_the_pipeline(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(AR_PAGE, encoding="utf-8")
    assert only_document([page], published=date(2018, 4, 30)).published is None


def test_a_txt_file_holding_a_saved_html_page_is_read_as_html(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text(f"<!DOCTYPE html><html><body><nav>الرئيسية</nav><p>{AR_1}</p></body></html>", encoding="utf-8")
    doc = only_document([page])
    assert AR_1 in doc.text and "<p>" not in doc.text


# ---------------------------------------------------------------- JSON lines

def jsonl(path: Path, *objects) -> Path:
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n"
                            for o in objects), encoding="utf-8")
    return path


def test_json_lines_give_their_fields_to_the_document(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {
        "id": "furat-1", "text": AR_PAGE, "published": "2018-04-30", "outlet": "شبكة الفرات المحلية",
        "url": "https://example.org/1", "title": "اشتباكات في ذيبان", "language": "ar", "note": "ignored"})
    doc = only_document([docs])
    assert (doc.id, doc.published, doc.outlet, doc.url, doc.title, doc.language, doc.source) == (
        "furat-1", date(2018, 4, 30), "شبكة الفرات المحلية", "https://example.org/1", "اشتباكات في ذيبان",
        "ar", f"{docs}:1")
    assert doc.text == AR_PAGE.strip()


def test_a_bad_json_line_is_reported_and_the_good_lines_still_come_out(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"id": "a", "text": AR_1}, '{"id": "b", "text": "x" "y"}', "",
                 {"id": "c", "text": AR_2})
    items = read([docs])
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    assert str(items[1]) == (f"{docs}:2: line is not valid JSON (Expecting ',' delimiter at column 25); "
                             "fix or remove the line")
    assert items[2].source == f"{docs}:4"


def test_doc_is_a_synonym_of_id_and_a_line_without_one_is_named_by_its_place(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"doc": "x1", "text": AR_1}, {"text": AR_2}, {"id": 17, "text": AR_3})
    assert [d.id for d in read([docs])] == ["x1", "docs:2", "17"]


def test_json_lines_may_carry_html_instead_of_text(tmp_path):
    html = f"<html><head><title>اشتباكات في ذيبان</title></head><body><nav>الرئيسية</nav><p>{AR_1}</p><p>{AR_2}</p></body></html>"
    doc = only_document([jsonl(tmp_path / "docs.jsonl", {"id": "h", "html": html})])
    assert AR_1 in doc.text and AR_2 in doc.text and "<p>" not in doc.text


def test_dates_in_eastern_digits_and_datetimes_are_read_and_bad_dates_are_set_aside_with_a_warning(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"id": "a", "text": AR_1, "published": "٢٠١٨-٠٤-٣٠"},
                 {"id": "b", "text": FA_1, "published": "۲۰۲۳-۰۸-۲۷T10:20:00+03:30"},
                 {"id": "c", "text": AR_2, "published": "last Sunday"},
                 {"id": "d", "text": AR_3, "date": "2020-10-06", "lang": "ar"})
    found = read([docs])
    assert [(d.id, d.published) for d in found] == [
        ("a", date(2018, 4, 30)), ("b", date(2023, 8, 27)), ("c", None), ("d", date(2020, 10, 6))]
    assert [len(d.warnings) for d in found] == [0, 0, 1, 0]
    assert "'last Sunday' is not a date" in str(found[2].warnings[0])


def test_the_language_of_a_document_without_one_is_detected(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"id": "fa", "text": FA_1}, {"id": "ar", "text": AR_1})
    assert [d.language for d in read([docs])] == ["fa", "ar"]


@pytest.mark.parametrize("line,message", [
    ('[1, 2]', "line is a JSON list, not a document object"),
    ('{"id": "a"}', 'document "a" has no "text" or "html"; give one of them'),
    ('{"id": "a", "text": 5}', '"text" must be a string, not int'),
    ('{"id": ["a"], "text": "x"}', '"id" must be a string or a number, not list'),
])
def test_a_json_line_that_is_not_a_document_says_why(tmp_path, line, message):
    docs = jsonl(tmp_path / "docs.jsonl", line)
    assert message in str(only_problem([docs]))


def test_a_json_line_larger_than_the_limit_is_refused_and_the_next_lines_are_read(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"id": "big", "text": AR_PAGE * 40}, {"id": "small", "text": AR_1})
    items = read([docs], max_bytes=4096)
    assert str(items[0]) == f"{docs}:1: line is larger than the 4 KB limit (--max-bytes)"
    assert items[1].id == "small" and items[1].source == f"{docs}:2"


def test_a_json_line_may_name_a_page_file_beside_it_but_not_outside_its_folder(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p1.txt").write_text(AR_PAGE + "\nFacebook\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(AR_1, encoding="utf-8")
    docs = jsonl(tmp_path / "pages" / "docs.jsonl", {"id": "p1", "file": "p1.txt", "published": "2018-04-30"},
                 {"id": "p2", "file": "../secret.txt"})
    doc, problem = read([docs])
    assert (doc.id, doc.published, doc.text) == ("p1", date(2018, 4, 30), AR_PAGE.strip())
    assert "outside the folder of the .jsonl file" in str(problem)


def test_a_dash_reads_json_lines_from_standard_input(monkeypatch):
    data = (json.dumps({"id": "s1", "text": AR_1}, ensure_ascii=False) + "\nnot json\n").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8"))
    doc, problem = read(["-"])
    assert (doc.id, doc.source) == ("s1", "stdin:1")
    assert str(problem).startswith("stdin:2: line is not valid JSON")


# ---------------------------------------------------------------- WARC

def write_warc(path: Path, records) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=path.name.endswith(".gz"))
        for uri, status, content_type, body in records:
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=http))
        writer.write_record(writer.create_warc_record("https://example.org/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
    return path


def test_a_warc_archive_gives_one_document_per_page_response(tmp_path):
    page = f"<html><head><title>اشتباكات في ذيبان</title></head><body><nav>الرئيسية</nav><article><p>{AR_1}</p><p>{AR_2}</p></article></body></html>"
    archive = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://example.org/a", "200 OK", "text/html; charset=utf-8", page.encode("utf-8")),
        ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00"),
        ("https://example.org/gone", "404 Not Found", "text/html", b"<html><body>not found</body></html>"),
        ("https://example.org/b.txt", "200 OK", "text/plain; charset=windows-1256", AR_3.encode("cp1256")),
    ])
    docs = read([archive])
    assert [d.id for d in docs] == ["https://example.org/a", "https://example.org/b.txt"]
    assert all(isinstance(d, Document) for d in docs)
    assert docs[0].url == "https://example.org/a"
    assert AR_1 in docs[0].text and AR_2 in docs[0].text
    assert docs[1].text == AR_3
    assert docs[0].source.startswith(f"{archive}@")


def test_a_warc_record_larger_than_the_limit_is_refused_and_the_rest_read(tmp_path):
    archive = write_warc(tmp_path / "crawl.warc", [
        ("https://example.org/big", "200 OK", "text/plain", (AR_PAGE * 200).encode("utf-8")),
        ("https://example.org/small", "200 OK", "text/plain", AR_1.encode("utf-8"))])
    problem, doc = read([archive], max_bytes=8192)
    assert "is larger than the 8 KB limit (--max-bytes)" in str(problem)
    assert doc.id == "https://example.org/small"


@pytest.mark.parametrize("name,data,message", [
    ("broken.warc.gz", b"\x1f\x8b\x08\x00garbage that is not a gzip member", "not a readable gzip file"),
    ("notes.warc", b"these are notes, not an archive\n", "not a WARC archive"),
    ("empty.warc", b"", "empty file"),
])
def test_a_file_that_is_not_a_warc_archive_is_reported(tmp_path, name, data, message):
    archive = tmp_path / name
    archive.write_bytes(data)
    assert message in str(only_problem([archive]))


def test_a_warc_archive_with_damage_after_some_records_keeps_those_records(tmp_path):
    archive = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://example.org/a", "200 OK", "text/plain", AR_1.encode("utf-8"))])
    archive.write_bytes(archive.read_bytes() + b"junk after the last record")
    doc, problem = read([archive])
    assert doc.id == "https://example.org/a"
    assert "not a readable WARC archive after record 2" in str(problem)


# ---------------------------------------------------------------- examples

def test_every_example_page_reads_without_problems_or_page_furniture():
    items = read([ROOT / "examples" / "documents.jsonl"])
    assert all(isinstance(i, Document) for i in items), [str(i) for i in items]
    assert len(items) == 8
    assert all(d.published is not None for d in items), "every example page carries its date"
    for doc in items:
        lines = {line.strip() for line in doc.text.split("\n")}
        assert not lines & {"Facebook", "التعليقات (0)", "الأكثر قراءة", "مقالات ذات صلة", "اشتراک گذاری",
                            "دیدگاهتان را بنویسید", "admin", "0"}, doc.id
    assert {d.language for d in items} == {"ar", "fa"}
