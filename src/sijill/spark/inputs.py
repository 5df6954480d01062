"""The driver's side of reading: which files a job reads, and how they are spread over tasks.

An input is a local path (a file, a folder, or a glob such as `crawl/*.warc.gz`) or a URI of a
Hadoop file system (`file:///data/x.warc.gz`, `hdfs://nn/crawl/`, `s3a://bucket/crawl/*.warc.gz`).

- A local path is listed here with Python and read in place by the task it falls to, streamed as
  `sijill extract` reads it: every executor must see the same path (local mode, or a shared
  mount). Its sources (`path@offset`, `path:line`) name it as given, made absolute.
- A URI is listed through Hadoop's FileSystem on the driver (globs and folders, recursively), and
  its bytes reach the task through Spark's `binaryFiles`: each file is held whole in the task's
  memory once and spooled to a local temporary file, which the same readers then read. `s3a://`
  needs the hadoop-aws package on the classpath (`--packages org.apache.hadoop:hadoop-aws:...`).

In a folder only the containers a crawl is made of are read: `.warc.gz`, `.warc`, `.jsonl`
(loose `.txt`/`.html` files get their id from their path under the folder given to `extract`,
which a listing of single files cannot reproduce). Names starting with `.` or `_` are skipped
(hidden files, Spark's `_SUCCESS`). A file given by name is read whatever its extension: an
unknown type is one failed record, as in `sijill extract`.

Partitions: one extraction task per input file when there are at least as many files as cores
(each task loads one Pipeline; Spark hands the next file to the first free core). With fewer files
than cores, the documents read from them are spread over the cores before extraction (one
shuffle of their clean text), so one large JSON lines file still uses every core for extraction;
its reading (HTML parsing included) stays one task per file. `--partitions N` asks for exactly N
extraction partitions: files dealt out by size when there are more files than N, else documents.
"""
from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import JobError

CONTAINERS = (".warc.gz", ".warc", ".jsonl")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str          # a local absolute path, or a Hadoop URI as Hadoop spells it (file:/x, hdfs://..)
    size: int
    local: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """How the files are spread: `groups` of files, one extraction task each, or (`spread`) the
    documents of one read task per file dealt over `partitions` extraction tasks."""
    groups: tuple[tuple[InputFile, ...], ...]
    spread: bool
    partitions: int

    def describe(self) -> str:
        files = sum(len(g) for g in self.groups)
        what = f"{files} input file{'s' if files != 1 else ''}"
        if self.spread:
            return (f"{what}, {'its' if files == 1 else 'their'} documents spread over "
                    f"{self.partitions} extraction partitions")
        return f"{what} in {self.partitions} extraction partition{'s' if self.partitions != 1 else ''}"


def is_uri(text: str) -> bool:
    return bool(_URI.match(text))


def list_inputs(spark, inputs) -> list[InputFile]:
    """Every file the inputs name, in order, each once; a JobError for an input naming nothing."""
    found: dict[str, InputFile] = {}
    for raw in inputs:
        if raw == "-":
            raise JobError("'-' (standard input) cannot be read by a Spark job: give files, "
                           "folders or globs")
        if not raw.strip():
            raise JobError("an input is empty: give a file, a folder, a glob or a URI")
        files = _hadoop_files(spark, raw) if is_uri(raw) else _local_files(raw)
        for f in files:
            found.setdefault(f.path, f)
    return list(found.values())


def plan(files: list[InputFile], partitions: int | None, cores: int) -> Plan:
    if not files:
        raise JobError("no input files")
    if partitions is None:
        if len(files) >= cores:
            return Plan(tuple((f,) for f in files), False, len(files))
        partitions = max(1, cores)
    if len(files) >= partitions:
        return Plan(_dealt(files, partitions), False, partitions)
    return Plan(tuple((f,) for f in files), True, partitions)


def _dealt(files: list[InputFile], n: int) -> tuple[tuple[InputFile, ...], ...]:
    """The files in `n` groups of about equal bytes: the largest first, each to the lightest group."""
    groups: list[list[InputFile]] = [[] for _ in range(n)]
    weight = [0] * n
    for f in sorted(files, key=lambda f: -f.size):
        i = weight.index(min(weight))
        groups[i].append(f)
        weight[i] += max(f.size, 1)
    return tuple(tuple(sorted(g, key=files.index)) for g in groups if g)


# ---------------------------------------------------------------- local paths

def _local_files(raw: str) -> list[InputFile]:
    if any(c in raw for c in "*?["):
        matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
        if not matches:
            raise JobError(f"{raw}: matches no file")
    else:
        matches = [os.path.expanduser(raw)]
    out: list[InputFile] = []
    for name in matches:
        path = Path(name)
        if path.is_dir():
            inside = list(_walk(path))
            if not inside and not any(c in raw for c in "*?["):
                raise JobError(f"{raw}: folder has no {', '.join(CONTAINERS)} files")
            out.extend(inside)
        elif path.exists():
            out.append(_local(path))
        else:
            raise JobError(f"{raw}: no such file or folder")
    return out


def _walk(folder: Path):
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise JobError(f"{folder}: folder cannot be read ({exc.strerror or exc})") from None
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.name.lower().endswith(CONTAINERS) and entry.is_file():
            yield _local(Path(entry.path))


def _local(path: Path) -> InputFile:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0            # the task that reads it reports why it cannot
    return InputFile(os.path.abspath(path), size, True)


# ---------------------------------------------------------------- Hadoop file systems

def _hadoop_files(spark, raw: str) -> list[InputFile]:
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    try:
        pattern = jvm.org.apache.hadoop.fs.Path(raw)
        fs = pattern.getFileSystem(conf)
        statuses = fs.globStatus(pattern)
        if not statuses:
            raise JobError(f"{raw}: {'matches no file' if any(c in raw for c in '*?[') else 'no such file or folder'}")
        out: list[InputFile] = []
        for st in statuses:
            if not st.isDirectory():
                out.append(InputFile(st.getPath().toString(), st.getLen(), False))
                continue
            listed = fs.listFiles(st.getPath(), True)
            inside = []
            while listed.hasNext():
                f = listed.next()
                rel = f.getPath().toString()[len(st.getPath().toString()):]
                if any(part.startswith((".", "_")) for part in rel.split("/") if part):
                    continue
                if f.getPath().getName().lower().endswith(CONTAINERS):
                    inside.append(InputFile(f.getPath().toString(), f.getLen(), False))
            if not inside and len(statuses) == 1:
                raise JobError(f"{raw}: folder has no {', '.join(CONTAINERS)} files")
            out.extend(sorted(inside, key=lambda f: f.path))
        return out
    except JobError:
        raise
    except Exception as exc:     # py4j's Py4JJavaError: no file system for the scheme, no access
        raise JobError(f"{raw}: cannot be listed ({java_message(exc)})") from None


def java_message(exc: BaseException) -> str:
    """The first line of what Java said, without py4j's wrapping ("An error occurred while calling")."""
    java = getattr(exc, "java_exception", None)
    text = str(java.toString()) if java is not None else str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()
             and not line.strip().startswith("An error occurred while calling")]
    line = lines[0] if lines else type(exc).__name__
    return line.removeprefix(": ")
