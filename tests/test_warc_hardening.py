"""Hostile and damaged WARC archives: reading is bounded by the bytes actually inflated, never by
what a record declares; a damaged record or archive is one short problem line naming the archive,
and the records around it are still read where they can be found.

The archives are built here byte by byte (warcio's writer cannot lie about a length)."""
from __future__ import annotations

import gzip
import struct
import tracemalloc
import zlib

from click.testing import CliRunner

from sijill.ingest import iter_documents
from sijill.model import Document, InputProblem, Options

MB = 1024 * 1024
PAGE = ("<html><body><article><p>قُتل 4 عناصر من ميليشيا قسد وأصيب آخرون، أمس، "
        "في اشتباكات مع مقاتلين من العشائر في بلدة ذيبان بريف دير الزور الشرقي."
        "</p></article></body></html>").encode()


def record(uri: str | None, body: bytes = PAGE, *, declared: int | None = None,
           http_headers: bytes = b"Content-Type: text/html; charset=utf-8\r\n") -> bytes:
    """One WARC response record; `declared` overrides its true Content-Length."""
    block = b"HTTP/1.1 200 OK\r\n" + http_headers + b"\r\n" + body
    head = [b"WARC/1.0", b"WARC-Type: response",
            b"WARC-Record-ID: <urn:uuid:rec-%s>" % (uri or "none").encode()]
    if uri:
        head.append(b"WARC-Target-URI: " + uri.encode())
    head.append(b"Content-Length: %d" % (len(block) if declared is None else declared))
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def member(*parts: bytes) -> bytes:
    """One gzip member holding `parts` (a .warc.gz is one member per record)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join([z.compress(p) for p in parts] + [z.flush()])


def member_with_zeros(data: bytes, megabytes: int) -> bytes:
    """A gzip member of `data` followed by `megabytes` MB of zero bytes, built without
    compressing them all: after a full flush a deflate block of 1 MB of zeros can be repeated."""
    z = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(MB)
    head = z.compress(data) + z.flush(zlib.Z_FULL_FLUSH)
    z.compress(zeros)
    z.flush(zlib.Z_FULL_FLUSH)                      # the first block may still refer to `data`
    block = z.compress(zeros) + z.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(data)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    size = len(data) + megabytes * MB
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()      # an empty final block
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + block * megabytes + end
            + struct.pack("<II", crc, size & 0xFFFFFFFF))


def read(path, **options) -> list[Document | InputProblem]:
    return list(iter_documents([str(path)], Options(**options)))


def read_measured(path, tmp_path, **options) -> tuple[list[Document | InputProblem], int]:
    """The items of `path` and the most memory Python held while reading it (a small archive is
    read first, so that the first use's imports and caches are not counted)."""
    warm = tmp_path / "warm.warc.gz"
    warm.write_bytes(member(record("https://e.org/warm")))
    read(warm)
    tracemalloc.start()
    try:
        items = read(path, **options)
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def summary(items) -> list[str]:
    """Document ids, and "problem" for each problem (each checked to be one short line)."""
    out = []
    for item in items:
        if isinstance(item, InputProblem):
            assert "\n" not in str(item) and len(item.problem) < 400, str(item)[:1000]
            out.append("problem")
        else:
            out.append(item.id)
    return out


def problems(items) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputProblem)]


def test_the_zero_member_helper_builds_a_valid_gzip_member():
    data = member_with_zeros(b"abc", 3)
    assert gzip.decompress(data) == b"abc" + bytes(3 * MB)


# ---------------------------------------------------------------- lying lengths

def test_a_record_that_inflates_to_200_mb_past_its_content_length_is_reported_without_holding_it(tmp_path):
    archive = tmp_path / "lying.warc.gz"
    archive.write_bytes(member(record("https://e.org/a"))
                        + member_with_zeros(record("https://e.org/liar"), 200)
                        + member(record("https://e.org/c")))
    assert archive.stat().st_size < 1 * MB
    items, peak = read_measured(archive, tmp_path, max_bytes=1 * MB)
    # The liar's own 100-odd bytes are a whole record; what follows is reported, and since it
    # goes on for more than --max-bytes the archive ends there, saying what was read.
    assert summary(items) == ["https://e.org/a", "https://e.org/liar", "problem"]
    [problem] = problems(items)
    assert problem.startswith(f"{archive}@")
    assert "goes on past the record's Content-Length" in problem
    assert "later records were not read (2 records read)" in problem
    assert peak < 4 * MB, f"held {peak / MB:.1f} MB to read a record with a 1 MB limit"


def test_data_past_a_record_s_content_length_within_the_limit_is_skipped_and_later_records_read(tmp_path):
    archive = tmp_path / "lying.warc.gz"
    archive.write_bytes(member(record("https://e.org/a"))
                        + member_with_zeros(record("https://e.org/liar"), 3)
                        + member(record("https://e.org/c")))
    items = read(archive, max_bytes=4 * MB)
    assert summary(items) == ["https://e.org/a", "https://e.org/liar", "problem", "https://e.org/c"]
    assert "skipped to the next gzip member" in problems(items)[0]


def test_an_uncompressed_archive_with_junk_after_a_record_keeps_the_records_before(tmp_path):
    archive = tmp_path / "lying.warc"
    archive.write_bytes(record("https://e.org/a") + bytes(2 * MB) + record("https://e.org/c"))
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem"]
    assert "not a readable WARC archive after record 1" in problems(items)[0]


def test_a_header_line_of_megabytes_is_one_short_problem_and_the_next_record_is_read(tmp_path):
    archive = tmp_path / "long.warc.gz"
    archive.write_bytes(member(record("https://e.org/a"))
                        + member(b"WARC/1.0\r\nWARC-Type: response\r\nX-Note: " + b"y" * (8 * MB) + b"\r\n")
                        + member(record("https://e.org/c")))
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem", "https://e.org/c"]
    assert "longer than 64 KB" in problems(items)[0]


def test_an_error_quoting_the_archive_is_capped_to_a_short_line(tmp_path):
    # warcio's own error quotes the bad line whole: here 60 KB of it.
    archive = tmp_path / "quote.warc"
    archive.write_bytes(record("https://e.org/a") + b"x" * 60_000 + b"\r\n" + record("https://e.org/c"))
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem"]
    assert "xxxxx" in problems(items)[0] and len(problems(items)[0]) < 400


def test_a_gzip_content_encoding_that_inflates_past_the_limit_is_refused_without_holding_it(tmp_path):
    bomb = member_with_zeros(b"", 100)          # the HTTP payload, Content-Encoding: gzip
    archive = tmp_path / "encoded.warc.gz"
    archive.write_bytes(member(record("https://e.org/bomb", bomb, http_headers=b"Content-Type: text/html\r\n"
                                                                         b"Content-Encoding: gzip\r\n"))
                        + member(record("https://e.org/c")))
    items, peak = read_measured(archive, tmp_path, max_bytes=1 * MB)
    assert summary(items) == ["problem", "https://e.org/c"]
    assert "larger than the 1 MB limit (--max-bytes)" in problems(items)[0]
    assert peak < 4 * MB, f"held {peak / MB:.1f} MB to read a record with a 1 MB limit"


def test_chunked_and_gzip_encoded_pages_are_still_read(tmp_path):
    packed = gzip.compress(PAGE)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    archive = tmp_path / "encoded.warc.gz"
    archive.write_bytes(member(record("https://e.org/gz", packed, http_headers=b"Content-Type: text/html\r\n"
                                                                        b"Content-Encoding: gzip\r\n"))
                        + member(record("https://e.org/chunked", chunked,
                                        http_headers=b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n"
                                                     b"Transfer-Encoding: chunked\r\n")))
    items = read(archive)
    assert summary(items) == ["https://e.org/gz", "https://e.org/chunked"]
    assert all("ذيبان" in d.text for d in items)


# ---------------------------------------------------------------- cut and damaged archives

def test_a_warc_gz_cut_in_the_middle_of_a_record_is_reported_naming_the_archive(tmp_path):
    first, second = member(record("https://e.org/a")), member(record("https://e.org/b", PAGE * 20))
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(first + second[:len(second) // 2])
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem"]
    assert problems(items)[0].startswith(f"{archive}: the archive is cut short")


def test_a_cut_warc_gz_makes_ingest_exit_1_with_the_problem_on_standard_error(tmp_path):
    from sijill.cli import main
    second = member(record("https://e.org/b", PAGE * 20))
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(member(record("https://e.org/a")) + second[:len(second) // 2])
    result = CliRunner().invoke(main, ["ingest", str(archive), "--db", str(tmp_path / "r.sqlite"), "--quiet"])
    assert result.exit_code == 1
    assert f"error: {archive}: the archive is cut short" in result.output


def test_an_uncompressed_warc_cut_in_the_middle_of_a_record_is_reported(tmp_path):
    data = record("https://e.org/a") + record("https://e.org/b")
    archive = tmp_path / "cut.warc"
    archive.write_bytes(data[:-100])
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem"]
    assert "the archive is cut short: it ends inside the record at offset" in problems(items)[0]
    assert "1 record read before it" in problems(items)[0]


def test_a_record_shorter_than_its_content_length_in_a_whole_member_is_its_own_problem(tmp_path):
    archive = tmp_path / "short.warc.gz"
    archive.write_bytes(member(record("https://e.org/a", declared=10_000)) + member(record("https://e.org/b")))
    items = read(archive)
    assert summary(items) == ["problem", "https://e.org/b"]
    assert "its gzip member ends after" in problems(items)[0]


def test_damaged_gzip_data_ends_the_archive_and_keeps_the_records_before(tmp_path):
    damaged = bytearray(member(record("https://e.org/b", PAGE * 20)))
    damaged[30:60] = b"\xff" * 30
    archive = tmp_path / "damaged.warc.gz"
    archive.write_bytes(member(record("https://e.org/a")) + bytes(damaged) + member(record("https://e.org/c")))
    items = read(archive)
    assert summary(items) == ["https://e.org/a", "problem"]
    assert "damaged gzip data in the member at offset" in problems(items)[0]


# ---------------------------------------------------------------- records without a target URI

def test_a_response_without_a_target_uri_is_read_by_its_record_id_and_the_archive_goes_on(tmp_path):
    for name, data in [("a.warc.gz", member(record("https://e.org/a")) + member(record(None))
                        + member(record("https://e.org/c"))),
                       ("a.warc", record("https://e.org/a") + record(None) + record("https://e.org/c"))]:
        archive = tmp_path / name
        archive.write_bytes(data)
        assert summary(read(archive)) == ["https://e.org/a", "urn:uuid:rec-none", "https://e.org/c"]


def test_a_warc_gz_in_one_gzip_member_is_read_record_by_record(tmp_path):
    archive = tmp_path / "whole.warc.gz"
    archive.write_bytes(member(record("https://e.org/a"), record("https://e.org/b")))
    assert summary(read(archive)) == ["https://e.org/a", "https://e.org/b"]
