"""Throughput, latency, memory and start-up figures of sijill (prints figures; not a test).

    .venv/bin/python benchmarks/bench.py                       # every workload
    .venv/bin/python benchmarks/bench.py --pages 2000          # a smaller load for (c) and (e)
    .venv/bin/python benchmarks/bench.py --gazetteer DIR_OR_SQLITE --json

Workloads, each extracted in this one process, one page after another (single core, no
multiprocessing), with the knowledge loaded once beforehand and timed apart:
  (a) the five seed pages of ../shared/eval/seeds, from text, with their publication dates
      (text workloads go through ingest as one JSON lines file, as `sijill extract` reads it)
  (b) the 137 articles of ../shared/corpus/articles_ar_dev.jsonl, from text
  (c) --pages pages (default 10,000) made of (a)+(b) repeated, ids made unique, from text; then
      the same pages with `--rules-only` (no learned decision), to show what the models cost
  (d) --html-pages pages (default 1,000) of the same texts wrapped into HTML pages with page
      chrome (navigation, share buttons, comments, "most read", footer), written to a temporary
      folder and read through the HTML path (`sijill.ingest.iter_documents`): ingest included
  (e) (b) and (c) with the full gazetteer, imported by `sijill gazetteer import` into a
      temporary SIJILL_HOME; run in a child process so that its memory figure is its own
(a)-(d) use the built-in gazetteer (SIJILL_HOME points to an empty temporary folder, so a
gazetteer the user imported does not change the figures). Without ../shared, the pages of
examples/ stand in for (a)+(b), and (e) runs only with --gazetteer.

Nothing is copied from ../shared: pages are read where they lie and temporary files removed.
See benchmarks/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGETS = {"text_pages_per_s": 200, "html_pages_per_s": 100, "peak_rss_mb_full_gazetteer": 400, "startup_s": 1.0}


# ---------------------------------------------------------------- pages

def seed_documents():
    from sijill.model import Document
    seeds = SHARED / "eval" / "seeds"
    for line in (seeds / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        yield Document(d["doc"], (seeds / d["file"]).read_text(encoding="utf-8"),
                       date.fromisoformat(d["published"]), d.get("outlet"), language=d.get("language"))


def article_documents():
    from sijill.model import Document
    path = SHARED / "corpus" / "articles_ar_dev.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        yield Document(a["id"], a["text"], date.fromisoformat(a["date"]) if a.get("date") else None,
                       a.get("outlet"), a.get("url"), a.get("title"), a.get("lang") or "ar")


def example_documents():
    """The project's own examples, when ../shared is absent (the .txt pages run undated)."""
    from sijill.ingest import iter_documents
    from sijill.model import Document, Options
    return [d for d in iter_documents([ROOT / "examples"], Options()) if isinstance(d, Document)]


def repeated(docs, n: int):
    """n pages cycling through docs; each copy gets its own id (only the id differs)."""
    return [replace(docs[k % len(docs)], id=f"{docs[k % len(docs)].id}#{k // len(docs)}") for k in range(n)]


_CHROME_TOP = """<!DOCTYPE html>
<html lang="{lang}" dir="rtl"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">{published}
<link rel="stylesheet" href="/static/site.css"><script src="/static/site.js"></script></head>
<body><header><div class="logo"><a href="/">{outlet}</a></div>
<nav><a href="/">الرئيسية</a> | <a href="/syria">سوريا</a> | <a href="/deir-ez-zor">دير الزور</a> | <a href="/aleppo">حلب</a> | <a href="/reports">تقارير</a> | <a href="/contact">اتصل بنا</a></nav>
<form class="search"><input name="q" placeholder="بحث"><button>بحث</button></form></header>
<main><article><h1>{title}</h1><div class="meta">منذ ساعتين · وقت القراءة: 3 دقائق</div>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <a href="#">تلغرام</a> <a href="#">نسخ الرابط</a></div>
"""
_CHROME_BOTTOM = """<div class="tags">الوسوم: <a href="/t/1">سوريا</a> <a href="/t/2">أخبار</a></div>
<div class="share"><a href="#">شارك على فيسبوك</a> <a href="#">غرّد</a></div></article>
<section class="comments"><h3>التعليقات (3)</h3>
<div class="comment"><b>زائر</b><p>الله يرحم الشهداء</p></div><div class="comment"><b>أبو محمد</b><p>متى ينتهي هذا؟</p></div>
<form><label>الاسم</label><input name="name"><label>البريد الإلكتروني</label><input name="email"><textarea></textarea><button>أضف تعليقاً</button></form></section></main>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/1">قوات النظام تقصف قرى في ريف إدلب</a></li><li><a href="/2">اشتباكات بين قسد والعشائر في ريف دير الزور</a></li>
<li><a href="/3">غارات روسية على ريف حماة</a></li><li><a href="/4">مظاهرة في مدينة الباب</a></li></ul>
<h3>النشرة البريدية</h3><form><input name="mail"><button>اشترك</button></form></aside>
<footer><p><a href="/about">من نحن</a> | <a href="/privacy">سياسة الخصوصية</a> | <a href="/ads">أعلن معنا</a></p><p>جميع الحقوق محفوظة © {outlet}</p></footer>
</body></html>
"""


def as_html(doc) -> str:
    lines = [ln.strip() for ln in doc.text.splitlines() if ln.strip()]
    title = doc.title or (lines[0][:90] if lines else doc.id)
    published = (f'\n<meta property="article:published_time" content="{doc.published.isoformat()}T10:00:00+03:00">'
                 if doc.published else "")
    fields = {"lang": doc.language or "ar", "title": html.escape(title),
              "outlet": html.escape(doc.outlet or "موقع إخباري"), "published": published}
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines)
    return _CHROME_TOP.format(**fields) + body + _CHROME_BOTTOM.format(**fields)


# ---------------------------------------------------------------- measuring

def rss_mb() -> float:
    """The process's resident-set high-water mark (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def figures(name: str, times: list[float], events: int, failed: int, extra: dict | None = None) -> dict:
    total = sum(times)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0
    return {"workload": name, "pages": len(times), "seconds": round(total, 3),
            "pages_per_s": round(len(times) / total, 1) if total else None,
            "ms_mean": round(1000 * total / len(times), 2) if times else None, "ms_p95": round(1000 * p95, 2),
            "events": events, "failed": failed, "peak_rss_mb": round(rss_mb(), 1), **(extra or {})}


def _timed_ingest(pipeline, folder: str) -> tuple[list[float], float, int, int]:
    """Read every page under `folder` and extract it; per page, ingest plus extraction time."""
    from sijill.ingest import iter_documents
    from sijill.model import Document
    times, ingest, events, failed = [], 0.0, 0, 0
    items = iter(iter_documents([folder], pipeline.options))
    while True:
        t0 = time.perf_counter()
        item = next(items, None)
        t1 = time.perf_counter()
        if item is None:
            break
        if isinstance(item, Document):
            try:
                events += len(pipeline.extract(item))
            except Exception:       # counted, as `pipeline.run` would report it
                failed += 1
        else:
            failed += 1
        ingest += t1 - t0
        times.append(time.perf_counter() - t0)
    return times, ingest, events, failed


def run_text(pipeline, name: str, docs) -> dict:
    """Pages as one JSON lines documents file (the input of `sijill extract docs.jsonl`), read
    and extracted: each page's time is its ingest (parse, boilerplate removal, language) plus
    its extraction."""
    with tempfile.TemporaryDirectory(prefix="sijill-bench-") as tmp:
        with open(Path(tmp, "pages.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d.id, "text": d.text, "published": d.published.isoformat()
                                    if d.published else None, "outlet": d.outlet, "title": d.title,
                                    "url": d.url, "language": d.language}, ensure_ascii=False) + "\n")
        times, ingest, events, failed = _timed_ingest(pipeline, tmp)
    return figures(name, times, events, failed, {"ingest_share": round(ingest / sum(times), 3) if times else None})


def run_html(pipeline, name: str, docs) -> dict:
    """Pages written as .html files, then read and extracted: each page's time is its ingest
    (read, decode, main text, boilerplate) plus its extraction."""
    from sijill.ingest import iter_documents
    with tempfile.TemporaryDirectory(prefix="sijill-bench-warm-") as tmp:
        # The HTML reader (trafilatura, lxml) is imported on the first page: a start-up cost,
        # timed apart like the knowledge load, not a per-page one.
        Path(tmp, "warm.html").write_text(as_html(docs[0]), encoding="utf-8")
        t0 = time.perf_counter()
        list(iter_documents([tmp], pipeline.options))
        warm = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="sijill-bench-") as tmp:
        for k, doc in enumerate(docs):
            Path(tmp, f"page{k:05d}.html").write_text(as_html(doc), encoding="utf-8")
        times, ingest, events, failed = _timed_ingest(pipeline, tmp)
    return figures(name, times, events, failed, {"ingest_share": round(ingest / sum(times), 3) if times else None,
                                                 "first_html_page_ms": round(1000 * warm, 1)})


def heap_child(sqlite: str, pages: int) -> dict:
    """Python heap (tracemalloc) of knowledge load + `pages` pages, traced from the start of a
    fresh process: tracing slows everything down, so it never runs in a timed process."""
    from sijill.model import Options
    tracemalloc.start()
    pipeline, _, _ = load_pipeline(Options(gazetteer_path=sqlite or None))
    after_load = tracemalloc.get_traced_memory()[0]
    seeds, articles, _ = base_pages()
    for doc in repeated(seeds + articles, pages):
        try:
            pipeline.extract(doc)
        except Exception:
            pass
    current, peak = tracemalloc.get_traced_memory()
    mb = 1024 * 1024
    return {"heap_after_load_mb": round(after_load / mb, 1), "heap_peak_mb": round(peak / mb, 1),
            "heap_end_mb": round(current / mb, 1), "heap_pages": pages}


def heap_figures(sqlite: str, pages: int, env: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child-heap", sqlite, "--pages", str(pages)],
                          capture_output=True, text=True, env=env, timeout=3600)
    if done.returncode != 0:
        return {"heap_error": done.stderr.strip()[-300:]}
    return json.loads(done.stdout)


def load_pipeline(options) -> tuple[object, float, float]:
    """The pipeline with its knowledge, the load time, and the first page's time (read from a
    JSON lines file and extracted: it imports the ingest and extraction modules and compiles
    the boilerplate rules, once per process)."""
    from sijill.ingest import iter_documents
    from sijill.pipeline import Pipeline
    t0 = time.perf_counter()
    pipeline = Pipeline(options)
    load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="sijill-bench-warm-") as tmp:
        Path(tmp, "warm.jsonl").write_text(json.dumps(
            {"id": "warm-up", "text": "قصفت قوات النظام بلدة الشحيل أمس.", "published": "2024-03-12"},
            ensure_ascii=False) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        for doc in iter_documents([tmp], options):
            pipeline.extract(doc)
        first = time.perf_counter() - t0
    return pipeline, load, first


def startup(cmd: list[str], env: dict) -> float:
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
        runs.append(time.perf_counter() - t0)
        if done.returncode != 0:   # a failing command starts fast: its time would mislead
            sys.exit(f"bench: {' '.join(cmd)} failed (exit {done.returncode}): {done.stderr.decode()[-300:]}")
    return round(statistics.median(runs), 3)


def sijill_command() -> list[str]:
    exe = Path(sys.executable).parent / "sijill"
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from sijill.cli import main; main()"]


# ---------------------------------------------------------------- workloads

def base_pages() -> tuple[list, list, str]:
    if (SHARED / "eval" / "seeds" / "documents.jsonl").exists():
        return list(seed_documents()), list(article_documents()), "shared"
    return [], example_documents(), "examples"


def full_gazetteer_child(sqlite: str, pages: int) -> dict:
    """Workload (e), in the child process: load with the full gazetteer, run (b) and (c)."""
    from sijill.model import Options
    seeds, articles, _ = base_pages()
    pipeline, load, first = load_pipeline(Options(gazetteer_path=sqlite))
    out = {"knowledge_load_s": round(load, 3), "first_page_ms": round(1000 * first, 1),
           "rss_after_load_mb": round(rss_mb(), 1), "places": len(pipeline.knowledge.gazetteer)}
    out["workloads"] = [run_text(pipeline, "(e) articles, text, full gazetteer", articles),
                        run_text(pipeline, f"(e) {pages} pages, text, full gazetteer",
                                 repeated(seeds + articles, pages))]
    out["peak_rss_mb"] = round(rss_mb(), 1)
    return out


def full_gazetteer(path: str, pages: int, trace: bool, env: dict) -> dict:
    """Import `path` into a temporary SIJILL_HOME (or use a .sqlite as it is), then run (e)."""
    with tempfile.TemporaryDirectory(prefix="sijill-bench-home-") as home:
        sqlite = path
        if not path.endswith(".sqlite"):
            t0 = time.perf_counter()
            done = subprocess.run([*sijill_command(), "gazetteer", "import", path], capture_output=True,
                                  text=True, env={**env, "SIJILL_HOME": home}, timeout=1800)
            took = time.perf_counter() - t0
            sqlite = str(Path(home) / "gazetteer.sqlite")
            if done.returncode != 0 or not Path(sqlite).exists():
                tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
                return {"skipped": f"`sijill gazetteer import {path}` failed (exit {done.returncode}): {tail}"}
        else:
            took = None
        cmd = [sys.executable, __file__, "--child-gazetteer", sqlite, "--pages", str(pages)]
        done = subprocess.run(cmd, capture_output=True, text=True, env={**env, "SIJILL_HOME": home}, timeout=7200)
        if done.returncode != 0:
            return {"skipped": f"the run with the full gazetteer failed: {done.stderr.strip()[-300:]}"}
        result = json.loads(done.stdout)
        result["import_s"] = round(took, 1) if took is not None else None
        if trace:
            result.update(heap_figures(sqlite, min(pages, 1000), env))
        return result


# ---------------------------------------------------------------- report

def print_report(r: dict) -> None:
    print(f"sijill benchmark - Python {r['python']}, {r['machine']}; one process, one core; pages from {r['source']}")
    if r["source"] == "examples":
        print("  ../shared is absent: the pages of examples/ stand in for the seeds and articles")
    s = r["startup"]
    print(f"start-up (median of 5 runs): `sijill --help` {s['sijill_help_s']:.3f} s, "
          f"`python -c 'import sijill.pipeline'` {s['import_pipeline_s']:.3f} s   [target < {TARGETS['startup_s']} s]")
    print(f"knowledge load (built-in gazetteer): {r['knowledge_load_s']:.3f} s; first page "
          f"{r['first_page_ms']:.0f} ms (lazy imports); RSS after load {r['rss_after_load_mb']:.0f} MB")
    head = f"{'workload':<44}{'pages':>7}{'seconds':>9}{'pages/s':>9}{'ms mean':>9}{'ms p95':>9}{'events':>8}{'peak RSS':>10}"
    rows = list(r["workloads"])
    e = r.get("full_gazetteer") or {}
    rows += e.get("workloads", [])
    print(head)
    for w in rows:
        print(f"{w['workload']:<44}{w['pages']:>7}{w['seconds']:>9.2f}{w['pages_per_s'] or 0:>9.1f}"
              f"{w['ms_mean'] or 0:>9.2f}{w['ms_p95']:>9.2f}{w['events']:>8}{w['peak_rss_mb']:>8.0f} MB"
              + (f"  ({w['failed']} failed)" if w["failed"] else "")
              + (f"  ingest {100 * w['ingest_share']:.0f}% of time" if w.get("ingest_share") is not None else ""))
        if w.get("first_html_page_ms") is not None:
            print(f"{'':<4}(before it, untimed: one HTML page to import the HTML reader, {w['first_html_page_ms']:.0f} ms)")
    if r.get("heap_peak_mb") is not None:
        print(f"Python heap (tracemalloc, separate untimed process, built-in gazetteer, {r['heap_pages']} pages): "
              f"{r['heap_after_load_mb']} MB after knowledge load, peak {r['heap_peak_mb']} MB")
    if r.get("heap_error"):
        print(f"Python heap: not measured ({r['heap_error']})")
    if "skipped" in e:
        print(f"(e) skipped: {e['skipped']}")
    elif e:
        imp = f"import {e['import_s']} s; " if e.get("import_s") is not None else ""
        print(f"(e) full gazetteer: {e['places']} places; {imp}knowledge load {e['knowledge_load_s']:.3f} s; "
              f"RSS after load {e['rss_after_load_mb']:.0f} MB; peak RSS {e['peak_rss_mb']:.0f} MB"
              + (f"; Python heap {e['heap_after_load_mb']} MB after load, peak {e['heap_peak_mb']} MB"
                 if e.get("heap_peak_mb") is not None else ""))
    print("targets: >= {text_pages_per_s} pages/s from text, >= {html_pages_per_s} pages/s from HTML, "
          "peak memory < {peak_rss_mb_full_gazetteer} MB with the full gazetteer, start-up < {startup_s} s"
          .format(**TARGETS))
    for line in r["verdicts"]:
        print(f"  {line}")


def verdicts(r: dict) -> list[str]:
    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"
    out = []
    text = [w for w in r["workloads"] if "HTML" not in w["workload"] and "rules alone" not in w["workload"]]
    if text:
        big = max(text, key=lambda w: w["pages"])     # the largest load is the steadiest figure
        out.append(f"text  {big['pages_per_s']} pages/s ({big['workload']}): "
                   f"{mark(big['pages_per_s'] >= TARGETS['text_pages_per_s'])}")
    out += [f"HTML  {w['pages_per_s']} pages/s: {mark(w['pages_per_s'] >= TARGETS['html_pages_per_s'])}"
            for w in r["workloads"] if "HTML" in w["workload"]]
    e = r.get("full_gazetteer") or {}
    out.append(f"memory {e['peak_rss_mb']:.0f} MB peak RSS with the full gazetteer: "
               f"{mark(e['peak_rss_mb'] < TARGETS['peak_rss_mb_full_gazetteer'])}" if "peak_rss_mb" in e
               else "memory with the full gazetteer: not measured ((e) did not run)")
    slow = max(r["startup"].values())
    out.append(f"start-up {slow:.3f} s: {mark(slow < TARGETS['startup_s'])}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000, help="pages of the repeated text load (c) and (e)")
    ap.add_argument("--html-pages", type=int, default=1_000, help="pages of the HTML load (d)")
    ap.add_argument("--gazetteer", help="what (e) imports: a folder or file for `sijill gazetteer import`, "
                                        "or an imported .sqlite (default: ../shared/gazetteer when present)")
    ap.add_argument("--no-gazetteer", action="store_true", help="leave out (e)")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (extra untimed pass)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--child-gazetteer", help=argparse.SUPPRESS)
    ap.add_argument("--child-heap", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child_gazetteer:
        print(json.dumps(full_gazetteer_child(a.child_gazetteer, a.pages)))
        return 0
    if a.child_heap is not None:
        print(json.dumps(heap_child(a.child_heap, a.pages)))
        return 0

    with tempfile.TemporaryDirectory(prefix="sijill-bench-empty-home-") as empty_home:
        env = {**os.environ, "SIJILL_HOME": empty_home}
        os.environ["SIJILL_HOME"] = empty_home     # the built-in gazetteer for (a)-(d)
        r = {"python": platform.python_version(), "machine": f"{platform.system()} {platform.machine()}",
             "startup": {"sijill_help_s": startup([*sijill_command(), "--help"], env),
                         "import_pipeline_s": startup([sys.executable, "-c", "import sijill.pipeline"], env)}}
        from sijill.model import Options
        pipeline, load, first = load_pipeline(Options())
        r.update(knowledge_load_s=round(load, 3), first_page_ms=round(1000 * first, 1),
                 rss_after_load_mb=round(rss_mb(), 1))
        seeds, articles, r["source"] = base_pages()
        both = seeds + articles
        r["workloads"] = []
        if seeds:
            r["workloads"].append(run_text(pipeline, "(a) seed pages, text", seeds))
            r["workloads"].append(run_text(pipeline, "(b) articles, text", articles))
        else:
            r["workloads"].append(run_text(pipeline, "(b) examples, text", articles))
        r["workloads"].append(run_text(pipeline, f"(c) {a.pages} pages, text", repeated(both, a.pages)))
        # the same pages with the rules alone, right after: what the learned decisions cost
        rules, _, _ = load_pipeline(Options(rules_only=True))
        r["workloads"].append(run_text(rules, f"(c) {a.pages} pages, text, rules alone", repeated(both, a.pages)))
        r["workloads"].append(run_html(pipeline, f"(d) {a.html_pages} pages, HTML", repeated(both, a.html_pages)))
        if a.tracemalloc:
            r.update(heap_figures("", min(a.pages, 1000), env))
        gaz = a.gazetteer or (str(SHARED / "gazetteer") if (SHARED / "gazetteer").is_dir() else None)
        if gaz and not a.no_gazetteer:
            r["full_gazetteer"] = full_gazetteer(gaz, a.pages, a.tracemalloc, env)
        elif not a.no_gazetteer:
            r["full_gazetteer"] = {"skipped": "no gazetteer to import (../shared/gazetteer is absent; give --gazetteer)"}
    r["verdicts"] = verdicts(r)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
    else:
        print_report(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
