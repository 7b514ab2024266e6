"""Time to a drawn map in headless Chromium: the real map page against two st_folium pages.

Three servers on the bench's ports (8670-8672 by default, ``BENCH_PORT``):

* the app itself, its database holding ~5,000 carriers (the sample set ×42, one year);
* a plain ``st_folium`` page drawing one ``folium.Marker`` per carrier (same count);
* an empty ``st_folium`` map: the floor any map page pays;
* the app's map page on a database with no carrier (zones and users only): the app's own
  floor, its navigation, filters, side table and legend without a single dot. The real
  page against it is what the 5,000 carriers themselves cost.

The clock starts at ``page.goto`` in a fresh browser context (no cache) and stops when
Leaflet's own layer registry (``map.eachLayer``) holds every carrier: features whose
``properties.kind`` is ``carrier``, or plain ``L.Marker`` icons, so canvas and SVG
renderers count alike. The empty map stops when its ``L.Map`` exists. Each server is
visited once untimed first (imports, caches), then ``repeats`` times; medians.
Debian's Chromium only (``/usr/bin/chromium``); ``playwright install`` is never needed.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.bench.scaled_data import Scale, sqlite_file

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SITE = ROOT / ".bench" / "site"
BASE_PORT = int(os.environ.get("BENCH_PORT", "8670"))
MAP_COPIES = 42  # ×120 carriers ≈ 5,000
APP_FLOOR = "project map page, no carrier (the app's floor)"

PLAIN_PAGE = '''"""Baseline: the common way, one folium.Marker per carrier (nothing cached)."""
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import use_local_assets
from geo.benchmark import synthetic_carriers
from geo.template_cache import vanilla

vanilla().__enter__()  # plain folium: no template cache (importing geo installed it)

st.set_page_config(layout="wide")
n = int(os.environ.get("BENCH_N", "0"))
m = folium.Map(location=[31.27, 121.446], zoom_start=13, tiles=None, max_zoom=19)
use_local_assets(m)  # the browser may fetch nothing but this server
if n:
    carriers = synthetic_carriers(n)
    for name, geom in zip(carriers["name_zh"], carriers.geometry):
        folium.Marker([geom.y, geom.x], tooltip=name).add_to(m)
st_folium(m, height=600, use_container_width=True, returned_objects=[])
'''

# Every L.Map of the frame; carriers = features of kind "carrier" (the app) or plain
# L.Marker with an image icon (the baseline); -1 while no map exists yet.
COUNT_JS = """
() => {
  if (!window.L) return -1;
  const maps = [];
  for (const key of Object.getOwnPropertyNames(window)) {
    let v; try { v = window[key]; } catch (e) { continue; }
    if (v && v instanceof window.L.Map && !maps.includes(v)) maps.push(v);
  }
  if (!maps.length) return -1;
  const ids = new Set(); let plain = 0;
  for (const map of maps) {
    map.eachLayer((layer) => {
      const props = layer.feature && layer.feature.properties;
      if (props) { if (props.kind === 'carrier') ids.add(props.id); return; }
      const icon = layer.options && layer.options.icon;
      if (layer instanceof window.L.Marker && !(icon instanceof window.L.DivIcon)) plain++;
    });
  }
  return ids.size + plain;
}
"""


def _start(script: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=out)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}); see {log}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r,
        ):
            if r.status == 200:
                return proc
        time.sleep(0.3)
    _stop(proc)
    raise RuntimeError(f"streamlit on port {port} not healthy; see {log}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _frames_count(page: Any) -> int:
    best = -1
    for frame in page.frames:
        with contextlib.suppress(Exception):
            best = max(best, int(frame.evaluate(COUNT_JS)))
    return best


def time_to_map(browser: Any, url: str, want: int, timeout_s: float = 400) -> float:
    """Seconds from navigation to ``want`` carriers drawn (0: to a map existing)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        while time.perf_counter() - start < timeout_s:
            if _frames_count(page) >= want:
                return time.perf_counter() - start
            page.wait_for_timeout(25)
        raise RuntimeError(f"{url}: fewer than {want} carriers drawn after {timeout_s}s")
    finally:
        context.close()


def run_browser_bench(*, repeats: int = 3) -> dict[str, Any]:
    """The three pages' median time to a drawn map, and the ratios to the floor."""
    from playwright.sync_api import sync_playwright

    from models.db import get_engine, session_scope
    from models.queries import carriers_frame

    SITE.mkdir(parents=True, exist_ok=True)
    static = SITE / "static"
    if not static.exists():
        static.symlink_to(ROOT / "static")  # Streamlit serves static/ beside the script
    plain = SITE / "plain_markers.py"
    plain.write_text(PLAIN_PAGE, encoding="utf-8")
    url = sqlite_file(ROOT / ".bench" / f"map_x{MAP_COPIES}.db", Scale(MAP_COPIES, months=12))
    with session_scope(get_engine(url)) as session:
        n = len(carriers_frame(session))
    logs = ROOT / ".bench"
    empty_url = sqlite_file(ROOT / ".bench" / "map_x0.db", Scale(0, months=12))
    ports = (BASE_PORT, BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 3)
    procs = []
    try:
        procs.append(
            _start(
                ROOT / "app.py",
                ports[0],
                {"DATABASE_URL": url, "SEED_SAMPLE": "0"},
                logs / "server_app.log",
            )
        )
        procs.append(_start(plain, ports[1], {"BENCH_N": str(n)}, logs / "server_plain.log"))
        procs.append(_start(plain, ports[2], {"BENCH_N": "0"}, logs / "server_empty.log"))
        procs.append(
            _start(
                ROOT / "app.py",
                ports[3],
                {"DATABASE_URL": empty_url, "SEED_SAMPLE": "0"},
                logs / "server_app_empty.log",
            )
        )
        pages = {
            "project map page": (f"http://127.0.0.1:{ports[0]}/map", n),
            "st_folium, one Marker per carrier": (f"http://127.0.0.1:{ports[1]}/", n),
            "st_folium, empty map (floor)": (f"http://127.0.0.1:{ports[2]}/", 0),
            APP_FLOOR: (f"http://127.0.0.1:{ports[3]}/map", 0),
        }
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for address, want in pages.values():
                time_to_map(browser, address, want)  # warm the server, untimed
            samples: dict[str, list[float]] = {name: [] for name in pages}
            for _ in range(repeats):  # interleaved: a busy moment hits every page alike
                for name, (address, want) in pages.items():
                    samples[name].append(time_to_map(browser, address, want))
            browser.close()
    finally:
        for proc in procs:
            _stop(proc)
    seconds = {name: statistics.median(v) for name, v in samples.items()}
    floor = seconds["st_folium, empty map (floor)"]
    return {
        "carriers": n,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "ratio_to_floor": {k: round(v / floor, 2) for k, v in seconds.items()},
        # What the carriers add to the app's own page, its shell measured in the same run.
        "carriers_over_app_floor": round(seconds["project map page"] / seconds[APP_FLOOR], 2),
    }
