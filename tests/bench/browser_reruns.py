"""A month slider moved in headless Chromium: how long until the page shows the new month.

The rerun a person feels, end to end: the key press, the script run on the server, the
messages over the websocket and the browser drawing them. Each page is compared with a
bare Streamlit page (a title, a month slider and one line of text) measured the same way
in the same run, on the same machine.

The clock starts at an ArrowLeft on the focused month slider and stops when the page
shows the new month's "YYYY年M月末" (home's captions, the chain's and comparison's "数据截至",
the map's "正在查看…末") and Streamlit reports its script run over. Every press moves to
a month not shown before (a cache miss: the honest cost of a first move). Servers: the
app on the sample data, the app on the sample ×10 over ten years, and the bare page.
Debian's Chromium only (``/usr/bin/chromium``).
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from tests.bench.browser_bench import BASE_PORT, CHROMIUM, ROOT, SITE, _start, _stop
from tests.bench.scaled_data import Scale, sqlite_file

PAGES = {"home": "/", "map": "/map", "chain": "/chain", "compare": "/compare"}
BARE_PAGE = '''"""A bare page: a title, a month slider and one line of text."""
from datetime import date

import streamlit as st

months = [date(2016 + m // 12, m % 12 + 1, 1) for m in range(130)]
st.title("Bare page")
m = st.select_slider("month", months, value=date(2026, 10, 1),
                     format_func=lambda d: f"{d.year}年{d.month}月")
st.write(f"{m.year}年{m.month}月末")
'''
DONE_JS = """(marker) => document.body.innerText.includes(marker) &&
  document.querySelector("[data-testid='stApp']")
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


def _marker(month: date) -> str:
    return f"{month.year}年{month.month}月末"


def _back(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def _slider_month(slider: Any) -> date:
    """The month a select_slider shows ("2026年10月" in its aria-valuetext)."""
    text = slider.get_attribute("aria-valuetext") or ""
    found = re.search(r"(\d{4})年(\d{1,2})月", text)
    if found is None:
        raise RuntimeError(f"no month on the slider: {text!r}")
    return date(int(found[1]), int(found[2]), 1)


def time_month_moves(browser: Any, url: str, *, moves: int) -> list[float]:
    """Seconds from each ArrowLeft on the first slider of ``url`` to the new month shown."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(url)
        slider = page.get_by_role("slider").first  # an ARIA role, not an attribute
        slider.wait_for(timeout=300_000)
        page.wait_for_function(DONE_JS, arg="", timeout=300_000)
        page.wait_for_timeout(800)
        start = _slider_month(slider)
        slider.focus()
        seconds = []
        for n in range(1, moves + 1):
            began = time.perf_counter()
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(DONE_JS, arg=_marker(_back(start, n)), timeout=120_000)
            seconds.append(time.perf_counter() - began)
            page.wait_for_timeout(400)  # the next press starts from a quiet page
        return seconds
    finally:
        context.close()


def run_browser_reruns(*, moves: int = 6) -> dict[str, Any]:
    """Median seconds per page and data size, and each one's ratio to the bare page."""
    from playwright.sync_api import sync_playwright

    SITE.mkdir(parents=True, exist_ok=True)
    bare = SITE / "bare_slider.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    datasets = {
        "sample": f"sqlite:///{(ROOT / '.bench' / 'sample_reruns.db').resolve()}",
        "x10": sqlite_file(ROOT / ".bench" / "x10.db", Scale(10)),  # shared with `pages`
    }
    Path(datasets["sample"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    logs = ROOT / ".bench"
    ports = {"sample": BASE_PORT + 4, "x10": BASE_PORT + 5, "bare": BASE_PORT + 6}
    procs = []
    try:
        # The sample: a new file the app seeds itself on its first start, as a new install.
        env = {"DATABASE_URL": datasets["sample"], "SEED_SAMPLE": "1"}
        procs.append(_start(ROOT / "app.py", ports["sample"], env, logs / "reruns_sample.log"))
        env = {"DATABASE_URL": datasets["x10"], "SEED_SAMPLE": "0"}
        procs.append(_start(ROOT / "app.py", ports["x10"], env, logs / "reruns_x10.log"))
        procs.append(_start(bare, ports["bare"], {}, logs / "reruns_bare.log"))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            bare_url = f"http://127.0.0.1:{ports['bare']}/"
            samples: dict[str, list[float]] = {
                "bare": time_month_moves(browser, bare_url, moves=moves)
            }
            for data in ("sample", "x10"):
                for name, path in PAGES.items():
                    url = f"http://127.0.0.1:{ports[data]}{path}"
                    samples[f"{name} ({data})"] = time_month_moves(browser, url, moves=moves)
            # The bare page again at the end: a machine that got busier shows here.
            samples["bare"] += time_month_moves(browser, bare_url, moves=moves)
            browser.close()
    finally:
        for proc in procs:
            _stop(proc)
    ms = {name: 1000 * statistics.median(v) for name, v in samples.items()}
    return {
        "ms": {k: round(v) for k, v in ms.items()},
        "ratio_to_bare": {k: round(v / ms["bare"], 2) for k, v in ms.items() if k != "bare"},
        "moves": moves,
    }
