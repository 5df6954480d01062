"""The dashboard in a real browser: Debian's headless Chromium driven by Selenium, against
`sijill serve` running on the demo register (tests/test_serve_api.py makes it).

Skipped when /usr/bin/chromium or /usr/bin/chromedriver is missing (`.ci/run` installs them).
Screenshots go to test-artifacts/browser/ (or $SIJILL_TEST_ARTIFACTS), one per test.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from sijill.store import Register  # noqa: E402

from .test_serve_api import HOSTILE_OUTLET, HOSTILE_TITLE, make_demo_register  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver "
           "fonts-dejavu-core; .ci/run does)")]
ROOT = Path(__file__).resolve().parents[1]
TOKEN = "browser-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "SIJILL_HOME": str(home)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIJILL_HOME", str(home))
        db = make_demo_register(tmp_path_factory.mktemp("demo") / "register.sqlite")
    port = _free_port()
    log = open(tmp_path_factory.mktemp("log") / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-c", "from sijill.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port), "--review-token", TOKEN, "--log-level", "warning"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/api/info", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            proc.kill()
            pytest.fail(f"sijill serve did not start:\n{log.read()}")
        time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1100", "--lang=en-GB",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture
def shot(browser, request):
    """shot(name) saves a screenshot of the page as a test artifact."""
    folder = Path(os.environ.get("SIJILL_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
    folder.mkdir(parents=True, exist_ok=True)

    def save(name: str = "") -> Path:
        path = folder / f"{request.node.name}{'-' + name if name else ''}.png"
        browser.save_screenshot(str(path))
        return path
    return save


def wait_for(browser, script: str, timeout: float = 20):
    """Wait until the JavaScript expression is truthy; returns its value."""
    return WebDriverWait(browser, timeout, poll_frequency=0.05).until(lambda d: d.execute_script("return " + script))


def ready(browser, *panels: str):
    cond = " && ".join(f"document.body.dataset.{p} === 'ready'" for p in panels)
    wait_for(browser, cond)


def errors_in_console(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_the_map_draws_the_base_map_and_a_marker_for_every_place(server, browser, shot):
    browser.get(server + "/")
    ready(browser, "places", "list", "timeline", "network", "framing")
    wait_for(browser, "document.querySelectorAll('#map path.admin1').length >= 13")
    places = api(server, "/api/places")["places"]
    markers = browser.find_elements(By.CSS_SELECTOR, "#map .marker")
    assert markers and sum(int(m.get_attribute("data-n")) for m in markers) == sum(p["n"] for p in places)
    assert len(markers) <= len(places)
    before = len(markers)
    for _ in range(4):
        browser.find_element(By.ID, "zoom-in").click()
    shot("zoomed")
    browser.find_element(By.ID, "zoom-reset").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map .marker")) == before
    assert browser.find_elements(By.CSS_SELECTOR, "#network .node") and browser.find_elements(By.CSS_SELECTOR, "#framing td")
    shot()
    assert not errors_in_console(browser)


def test_the_timeline_brush_filters_the_map_and_the_list(server, browser, shot):
    browser.get(server + "/")
    ready(browser, "places", "list", "timeline")
    total = api(server, "/api/events?limit=1")["total"]
    timeline = browser.find_element(By.ID, "timeline")
    width = timeline.size["width"]
    # From 60% to the right end of the timeline: the latest events only.
    ActionChains(browser).move_to_element_with_offset(timeline, int(width * 0.10), 0).click_and_hold() \
        .move_by_offset(int(width * 0.38), 0).release().perform()
    wait_for(browser, "document.body.dataset.list === 'ready' && /\\d{4}-\\d\\d-\\d\\d/.test(document.getElementById('brush-note').textContent)")
    since, until = re.findall(r"\d{4}-\d\d-\d\d", browser.find_element(By.ID, "brush-note").text)
    wait_for(browser, "document.body.dataset.list === 'ready' && document.body.dataset.places === 'ready'")
    shot()
    rows = browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")
    dates = [r.get_attribute("data-date") for r in rows]
    expected = api(server, f"/api/events?since={since}&until={until}&limit=1")["total"]
    assert rows and all(since <= d <= until for d in dates)
    assert len(rows) == min(expected, 50) and expected < total
    markers = browser.find_elements(By.CSS_SELECTOR, "#map .marker")
    assert sum(int(m.get_attribute("data-n")) for m in markers) == \
        sum(p["n"] for p in api(server, f"/api/places?since={since}&until={until}")["places"])
    assert f"since={since}" not in browser.current_url and "brush=" in browser.current_url
    browser.find_element(By.ID, "brush-clear").click()
    wait_for(browser, f"document.querySelectorAll('#events tbody tr').length === {min(total, 50)}")


def test_the_event_page_highlights_each_fields_words_in_every_source(server, browser, shot):
    events = api(server, "/api/events?limit=500")["events"]
    event_id = max(events, key=lambda e: e["fatalities"] or 0)["event_id"]
    whole = api(server, f"/api/events/{event_id}")
    browser.get(f"{server}/event/{event_id}")
    ready(browser, "event")
    text_box = browser.find_element(By.CSS_SELECTOR, ".source .doc-text")
    assert text_box.get_attribute("dir") == "rtl" and text_box.get_attribute("lang") == "ar"
    marks = browser.find_elements(By.CSS_SELECTOR, ".source mark.ev")
    assert marks and not browser.find_elements(By.CSS_SELECTOR, "mark.mismatch")
    marked = {role: "".join(m.text for m in marks if role in m.get_attribute("data-roles").split())
              for role in {e["role"] for e in whole["event"]["sources"][0]["evidence"]}}
    for span in whole["event"]["sources"][0]["evidence"]:
        assert span["text"] in marked[span["role"]] or marked[span["role"]] in span["text"], span
    cards = browser.find_elements(By.CSS_SELECTOR, ".sources .source")
    assert len(cards) == len(whole["event"]["sources"])
    browser.find_element(By.CSS_SELECTOR, "#fields .words").click()
    assert browser.find_elements(By.CSS_SELECTOR, "mark.flash")
    shot()
    assert not errors_in_console(browser)


def test_arabic_text_is_right_to_left_and_shaped(server, browser, shot):
    events = api(server, "/api/events?limit=1")["events"]
    browser.get(f"{server}/event/{events[0]['event_id']}")
    ready(browser, "event")
    box = browser.find_element(By.CSS_SELECTOR, ".source .doc-text")
    assert box.value_of_css_property("direction") == "rtl"
    # Joined letters (shaped) are narrower than the same letters kept apart by ZWNJ.
    widths = browser.execute_script("""
        const out = [];
        for (const s of ['سجل', 'س\u200cج\u200cل', 'خبرگزاری', 'خ\u200cب\u200cر\u200cگ\u200cز\u200cا\u200cر\u200cی']) {
          const span = document.createElement('span');
          span.textContent = s;
          arguments[0].append(span);
          out.push(span.getBoundingClientRect().width);
          span.remove();
        }
        return out;""", box)
    assert widths[0] < widths[1] and widths[2] < widths[3], widths
    shot()


def test_script_in_a_pages_title_outlet_or_body_does_not_run(server, browser, shot):
    hostile = api(server, "/api/events?place=Raqqa")["events"][0]
    browser.get(f"{server}/event/{hostile['event_id']}")
    ready(browser, "event")
    assert browser.execute_script("return window.__pwned") is None
    title = browser.find_element(By.CSS_SELECTOR, ".source h3").text
    assert title == HOSTILE_TITLE
    assert HOSTILE_OUTLET in browser.find_element(By.CSS_SELECTOR, ".source .meta").text
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, ".source .doc-text").text
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1
    assert not browser.find_elements(By.CSS_SELECTOR, ".source img, .source b, .source a[href^='javascript']")
    shot("event")
    browser.get(server + "/?place=Raqqa")
    ready(browser, "list", "framing")
    assert browser.execute_script("return window.__pwned") is None
    assert HOSTILE_OUTLET in browser.find_element(By.ID, "framing").text
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1
    shot("dashboard")


def test_the_dashboard_and_docs_load_nothing_from_another_host(server, browser, shot):
    for page, wait in (("/", "document.body.dataset.places === 'ready'"),
                       ("/docs", "document.querySelectorAll('.opblock').length > 5")):
        browser.get(server + page)
        wait_for(browser, wait)
        urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert urls and all(u.startswith(server) for u in urls), [u for u in urls if not u.startswith(server)]
    shot("docs")


def test_review_buttons_change_the_event_and_its_trail(server, browser, shot):
    if not callable(getattr(Register, "review", None)):
        pytest.skip("review is not available in this register version (Register.review comes with issue 13)")
    event_id = api(server, "/api/events?limit=1")["events"][0]["event_id"]
    browser.get(f"{server}/event/{event_id}")
    ready(browser, "event")
    browser.find_element(By.ID, "review-token").send_keys(TOKEN)
    browser.find_element(By.ID, "review-by").send_keys("browser test")
    browser.find_element(By.ID, "review-note").send_keys("checked against the video")
    browser.find_element(By.CSS_SELECTOR, "#review-form button[data-action='accept']").click()
    wait_for(browser, "document.getElementById('review-message').textContent.includes('done')")
    wait_for(browser, "document.querySelectorAll('#trail li').length > 0")
    assert "checked against the video" in browser.find_element(By.ID, "trail").text
    trail = api(server, f"/api/events/{event_id}/review")["trail"]
    assert trail
    shot()
