"""Speed of `sijill serve` on a large register (prints figures; not a test).

    .venv/bin/python benchmarks/serve_bench.py                       # 100,000 events, all figures
    .venv/bin/python benchmarks/serve_bench.py --events 20000 --db /tmp/r.sqlite --keep
    .venv/bin/python benchmarks/serve_bench.py --db /tmp/r.sqlite --no-browser   # reuse a register

1. A register of --events synthetic events is made (or reused, when --db names a file that
   already holds at least that many) through the store's own `Register.store`: 10 events a
   document, dates over 2012-2024, the 14 governorates and the built-in gazetteer's towns,
   ACLED types, actors of the knowledge base with their outlets' labels, one to three sources.
2. The API is served by uvicorn on 127.0.0.1 (a free port) in a child process, as `sijill
   serve` runs it, and requested over HTTP from this process, one request at a time:
   list and filter requests (first page, later pages, each filter alone and combined), filters
   naming a value no request named before (press aliases the register never stored, aliases in
   other spellings, places and outlets by other names: "new value"), the event page's
   request, the dashboard's aggregate requests; p50/p95/max of each group, each request
   the first time ("cold") and again ("warm").
3. With Chromium and chromedriver present (Debian's /usr/bin ones), the first dashboard paint
   (first-contentful-paint of the Performance API) and the time until the map's markers are
   drawn, on a cold browser, five times.

Targets of issue 14: list/filter p95 < 100 ms, event page < 50 ms, first paint < 1.5 s.
Nothing is sent to any address but 127.0.0.1; every loop is bounded.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta

TYPES = [
    ("Battles", "Armed clash", "ASSAULT", "firearms"),
    ("Battles", "Government regains territory", "SEIZE", "ground"),
    ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", "aerial"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", "shelling"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT", "explosive"),
    ("Violence against civilians", "Attack", "ASSAULT", "firearms"),
    ("Violence against civilians", "Abduction/forced disappearance", "COERCE", "abduction"),
    ("Protests", "Peaceful protest", "PROTEST", "demonstrate"),
    ("Strategic developments", "Arrests", "COERCE", "arrest"),
]
ACTORS = [
    ("SYR_GOV", "Military Forces of Syria (2000-2024)", ["قوات النظام", "الجيش العربي السوري", "ميليشيا أسد"]),
    ("SDF", "QSD: Syrian Democratic Forces", ["قسد", "ميليشيا قسد", "قوات سوريا الديمقراطية"]),
    ("ISIS", "Islamic State (Syria)", ["داعش", "تنظيم الدولة", "الخوارج"]),
    ("COALITION", "International Coalition (US-led)", ["طيران التحالف", "التحالف الدولي"]),
    ("RUS_MIL", "Military Forces of Russia (2000-)", ["الطيران الروسي", "القوات الروسية"]),
    ("TUR_MIL", "Military Forces of Turkey (2016-)", ["الجيش التركي", "جيش الاحتلال التركي"]),
    ("SNA", "Syrian National Army", ["الجيش الوطني", "فصائل المعارضة"]),
    ("HTS", "Hayat Tahrir al-Sham", ["هيئة تحرير الشام", "تحرير الشام"]),
    ("CIVILIANS", "Civilians (Syria)", ["مدنيين", "الأهالي"]),
]
STANCES = {"ميليشيا أسد": "hostile", "ميليشيا قسد": "hostile", "الخوارج": "hostile",
           "جيش الاحتلال التركي": "hostile", "الجيش العربي السوري": "friendly"}
OUTLETS = [("أورينت نت", "ar"), ("شبكة الفرات المحلية", "ar"), ("عنب بلدي", "ar"), ("SANA", "ar"),
           ("ایرنا", "fa"), ("تسنیم", "fa"), ("المرصد السوري", "ar"), ("نداء سوريا", "ar")]
EVENTS_PER_DOC = 10
# Values no other request names: the first filter with each is what a reader's new words cost.
NEW_ACTORS = ["قوات سوريا الديموقراطية", "نیروهای دموکراتیک سوریه", "تنظيم داعش", "دولت اسلامی",
              "ميليشيات الأسد", "ميليشيا اسد", "جبهة النصرة", "قوات الاحتلال الروسي", "ارتش ترکیه",
              "ائتلاف بین المللی", "تحریر الشام", "الاهالي", "Syrian", "Forces", "Islamic State"]
NEW_PLACES = ["Deir-ez-Zor", "دیر الزور", "Ar-Raqqah", "Hama", "Idlib", "ادلب", "Halab", "Tartus", "SY07",
              "Manbij"]
NEW_OUTLETS = ["sana", "ايرنا", "أورينت", "المرصد", "عنب"]


def places():
    """Places with a point from the built-in gazetteer (governorates and GeoNames towns)."""
    from sijill.knowledge.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    admins = {e.id: e for e in gaz.entries if e.kind == "admin" and e.level == 1}
    out = []
    for e in gaz.entries:
        if e.lat is None or e.admin1 not in admins or e.kind not in ("community", "admin"):
            continue
        a1 = admins[e.admin1]
        out.append({"id": e.id, "name": e.name, "name_ar": e.name_ar, "surface": e.name_ar or e.name,
                    "admin1": a1.name, "admin1_ar": a1.name_ar, "admin1_pcode": a1.id,
                    "lat": e.lat, "lon": e.lon, "geo_precision": 1 if e.kind == "community" else 3,
                    "reason": "synthetic", "kind": e.kind})
    return out


def _actor(rng, avoid=None):
    pick = rng.choice([a for a in ACTORS if a[0] != avoid])
    label = rng.choice(pick[2])
    return {"id": pick[0], "name": pick[1], "parents": [], "label": label,
            "stance": STANCES.get(label, "neutral")}


def synthetic_document(i: int, rng: random.Random, place_list: list[dict]):
    """Document `i` with EVENTS_PER_DOC events whose evidence points into its text."""
    from sijill.model import Document, Event
    outlet, lang = OUTLETS[i % len(OUTLETS)]
    published = date(2012, 1, 1) + timedelta(days=rng.randrange(13 * 365))
    parts, events = [], []
    for k in range(EVENTS_PER_DOC):
        etype, sub, plover, mode = rng.choice(TYPES)
        a1, place = _actor(rng), rng.choice(place_list)
        a2 = _actor(rng, avoid=a1["id"]) if rng.random() < 0.8 else None
        toll = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 30]) if etype != "Protests" else None
        offset = sum(len(p) + 1 for p in parts)
        sentence = f"{a1['label']} هاجم {a2['label'] if a2 else 'موقعا'} في {place['surface']} وقتل {toll or 0}."
        spans = [("actor1", a1["label"]), ("location", place["surface"])]
        evidence = []
        for role, words in spans:
            at = sentence.find(words)
            evidence.append({"role": role, "start": offset + at, "end": offset + at + len(words), "text": words})
        parts.append(sentence)
        day = published - timedelta(days=rng.randrange(3))
        events.append({
            "event_id": "", "event_date": day.isoformat(), "date_precision": "day", "event_type": etype,
            "sub_event_type": sub, "plover_type": plover, "plover_mode": mode, "status": "reported",
            "claimed_by": None, "background": rng.random() < 0.05, "actor1": a1, "assoc_actor1": [],
            "actor2": a2, "assoc_actor2": [], "location": place, "fatalities": toll,
            "fatalities_qualifier": "exact" if toll is not None else None, "fatalities_text": None,
            "notes": f"synthetic event {i}-{k}", "confidence": round(rng.random(), 3),
            "sources": [{"doc": f"bench-{i}", "outlet": outlet, "language": lang,
                         "published": published.isoformat(), "evidence": evidence}]})
    doc = Document(id=f"bench-{i}", text=" ".join(parts), published=published, outlet=outlet,
                   title=f"تقرير رقم {i}", language=lang)
    return doc, [Event.from_dict(e).with_id() for e in events]


def build(db: str, n_events: int, seed: int = 14) -> float:
    """Store documents until the register holds `n_events` events; returns the seconds taken."""
    from sijill.store import open_register
    rng = random.Random(seed)
    place_list = places()
    t0 = time.perf_counter()
    with open_register(db) as reg:
        have = reg.events_count()
        with reg.engine.connect() as conn:     # documents already there: continue after them
            start = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        i = start
        while have < n_events:
            doc, events = synthetic_document(i, rng, place_list)
            reg.store(doc, events)
            i += 1
            if i % 500 == 0:        # counted in the register: events told twice are one
                have = reg.events_count()
                if i % 2000 == 0:
                    print(f"  built {have} events", file=sys.stderr)
    return time.perf_counter() - t0


# ------------------------------------------------------------------ measuring


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, home: str) -> subprocess.Popen:
    env = {**os.environ, "SIJILL_HOME": home}
    proc = subprocess.Popen([sys.executable, "-c", "from sijill.cli import main; main()", "serve", "--db", db,
                             "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"sijill serve stopped: {proc.stderr.read().decode()}")
        try:
            get(f"http://127.0.0.1:{port}/api/info")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("sijill serve did not answer within 120 s")


def get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        size = len(r.read())
    return (time.perf_counter() - t0) * 1000, size


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def requests_of(base: str, rng: random.Random, event_ids: list[str]) -> dict[str, list[str]]:
    q = urllib.parse.urlencode
    lists = [f"{base}/api/events"] + [f"{base}/api/events?{q({'offset': rng.randrange(0, 100) * 50})}"
                                      for _ in range(9)]
    filters = []
    for _ in range(4):
        year = rng.randrange(2012, 2025)
        filters += [
            f"{base}/api/events?{q({'type': rng.choice(TYPES)[0]})}",
            f"{base}/api/events?{q({'type': rng.choice(TYPES)[1], 'sort': 'toll'})}",
            f"{base}/api/events?{q({'since': f'{year}-01-01', 'until': f'{year}-03-31'})}",
            f"{base}/api/events?{q({'actor': rng.choice(ACTORS)[0]})}",
            f"{base}/api/events?{q({'actor': rng.choice(rng.choice(ACTORS)[2])})}",
            f"{base}/api/events?{q({'place': rng.choice(['SY09', 'Raqqa', 'حلب', 'Homs', 'SY02'])})}",
            f"{base}/api/events?{q({'outlet': rng.choice(OUTLETS)[0], 'offset': 100})}",
            f"{base}/api/events?{q({'status': 'reported', 'background': 'no', 'type': 'Battles'})}",
            f"{base}/api/events?{q({'actor': 'SDF', 'since': f'{year}-01-01', 'type': 'Battles'})}",
        ]
    aggregates = [f"{base}/api/{p}" for p in ("timeline", "places", "network", "framing", "counts?by=type",
                                              "counts?by=admin1", "actors")]
    aggregates += [f"{base}/api/timeline?{q({'actor': 'ISIS'})}", f"{base}/api/places?{q({'type': 'Battles'})}"]
    new = ([f"{base}/api/events?{q({'actor': a})}" for a in NEW_ACTORS]
           + [f"{base}/api/events?{q({'place': p})}" for p in NEW_PLACES]
           + [f"{base}/api/events?{q({'outlet': o})}" for o in NEW_OUTLETS])
    pages = [f"{base}/api/events/{i}" for i in rng.sample(event_ids, min(30, len(event_ids)))]
    return {"list": lists, "filter": filters, "new value": new, "event page": pages, "aggregates": aggregates}


def measure_api(base: str, seed: int = 5) -> dict:
    rng = random.Random(seed)
    first = json.loads(urllib.request.urlopen(f"{base}/api/events?limit=500", timeout=60).read())
    ids = [e["event_id"] for e in first["events"]]
    out = {}
    for group, urls in requests_of(base, rng, ids).items():
        cold = [get(u)[0] for u in urls]           # first time each (nothing cached for it)
        warm = [get(u)[0] for u in urls]           # the same again
        out[group] = {"n": len(urls), "cold": cold, "warm": warm, "urls": urls}
    return out


def measure_paint(base: str, runs: int = 5) -> list[dict] | None:
    chromium, driver = "/usr/bin/chromium", "/usr/bin/chromedriver"
    if not (os.path.exists(chromium) and os.path.exists(driver)):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait
    out = []
    for _ in range(runs):
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1100"):
            options.add_argument(arg)
        d = webdriver.Chrome(options=options, service=Service(driver))
        try:
            d.get(base + "/")
            WebDriverWait(d, 60, poll_frequency=0.02).until(
                lambda d: d.execute_script("return document.body.dataset.places === 'ready' && "
                                           "document.body.dataset.list === 'ready'"))
            t = d.execute_script("""
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                const nav = performance.getEntriesByType('navigation')[0];
                return {fcp: paint ? paint.startTime : null, dom: nav.domContentLoadedEventEnd,
                        markers: performance.now(), count: document.querySelectorAll('#map .marker').length};""")
            out.append(t)
        finally:
            d.quit()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000, help="events in the register (default 100,000)")
    ap.add_argument("--db", help="register file to make or reuse (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary register")
    ap.add_argument("--no-browser", action="store_true", help="skip the first-paint figures")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="sijill-serve-bench-")
    db = args.db or os.path.join(tmp, "register.sqlite")
    from sijill.store import open_register
    have = 0
    if os.path.exists(db):
        with open_register(db, create=False) as reg:
            have = reg.events_count()
    if have < args.events:
        print(f"building a register of {args.events} events in {db} ...", file=sys.stderr)
        print(f"built in {build(db, args.events):.0f} s", file=sys.stderr)
    with open_register(db, create=False) as reg:
        n = reg.events_count()
    port = _free_port()
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = start_server(db, port, tmp)
    started = time.perf_counter() - t0
    base = f"http://127.0.0.1:{port}"
    try:
        get(base + "/api/events")                   # the events' copy is made on first use
        ready = time.perf_counter() - t0
        # The server then makes the filters' lookup and reads the background events, in the
        # background: measured after that, as a user arriving later.
        settle = time.monotonic() + 120
        while json.loads(urllib.request.urlopen(base + "/api/info", timeout=60).read())["warming"] \
                and time.monotonic() < settle:
            time.sleep(0.2)
        warmed = time.perf_counter() - t0
        api = measure_api(base)
        paint = None if args.no_browser else measure_paint(base)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"register: {n} events ({db}); load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} cores")
    print(f"server answering after {started:.2f} s; first list (events' copy made) after {ready:.2f} s; "
          f"filters' lookup and background events ready after {warmed:.2f} s")
    print(f"{'requests':<12} {'n':>3}  {'cold p50':>9} {'cold p95':>9} {'cold max':>9}  {'warm p50':>9} {'warm p95':>9}")
    for group, r in api.items():
        print(f"{group:<12} {r['n']:>3}  {_pct(r['cold'], 50):8.1f}  {_pct(r['cold'], 95):8.1f}  "
              f"{max(r['cold']):8.1f}   {_pct(r['warm'], 50):8.1f}  {_pct(r['warm'], 95):8.1f}   ms")
    lists = ("list", "filter", "new value")
    slow = sorted(((ms, u) for g in lists for ms, u in zip(api[g]["cold"], api[g]["urls"])), reverse=True)[:6]
    print("slowest first requests: " + "; ".join(f"{ms:.0f} ms {urllib.parse.unquote(u.split('/api/')[1])}"
                                                 for ms, u in slow))
    lf = [ms for g in lists for ms in api[g]["cold"]]
    print(f"targets: list/filter p95 {_pct(lf, 95):.1f} ms (< 100, first requests); "
          f"event page p95 {_pct(api['event page']['cold'], 95):.1f} ms (< 50)")
    if paint:
        fcp = [p["fcp"] for p in paint if p["fcp"] is not None]
        print(f"first contentful paint (cold browser, {len(paint)} runs): median {statistics.median(fcp):.0f} ms, "
              f"max {max(fcp):.0f} ms (< 1500); map markers and list drawn: median "
              f"{statistics.median(p['markers'] for p in paint):.0f} ms")
    elif not args.no_browser:
        print("first paint: skipped (no /usr/bin/chromium or /usr/bin/chromedriver)")
    if args.json:
        print(json.dumps({"events": n, "api": api, "paint": paint}))
    if not args.db and not args.keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
