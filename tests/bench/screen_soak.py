"""Accelerated soak of the big screen: server memory and browser DOM over many rotations.

    DATABASE_URL=sqlite:////path/to/jingan.db .venv/bin/python tests/bench/screen_soak.py \\
        --minutes 5 --interval 1 --refresh 5

Starts its own ``streamlit run app.py`` on a free port against DATABASE_URL (never
seeding it), opens ``/screen?interval=N`` in headless Chromium (Debian's, no download)
and samples, every ``--sample`` seconds: the server's resident memory (``/proc``), the
number of DOM nodes in the page and in its iframes, the JS heap, and the number of scene
changes seen (a MutationObserver on the scene label). It prints the time to the first
complete scene, a table of samples and the growth from the first sample after warm-up to
the last (the goal is under 10%). A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"

_COUNT_JS = """
() => {
  let nodes = document.getElementsByTagName('*').length;
  for (const f of document.querySelectorAll('iframe')) {
    try { nodes += f.contentDocument.getElementsByTagName('*').length; } catch (e) {}
  }
  const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
  const scene = ((document.querySelector('.scr-scene') || {}).textContent || '').split(' ')[0];
  return {nodes, heap, rotations: window.__rotations || 0, scene};
}
"""

_WATCH_JS = """
() => {
  window.__rotations = 0;
  let last = (document.querySelector('.scr-scene') || {}).textContent;
  new MutationObserver(() => {
    const now = (document.querySelector('.scr-scene') || {}).textContent;
    if (now && now !== last) { window.__rotations += 1; last = now; }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _start(
    database_url: str, refresh: int, log: Path, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = port or _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEED_SAMPLE": "false",
        "SCREEN_REFRESH": str(refresh),
    }
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"streamlit did not start; see {log}")


def _first_scene(page: Any) -> float:
    """Seconds until the KPI figures and a drawn map are on screen."""
    start = time.monotonic()
    page.wait_for_selector(".scr-value", timeout=60_000)
    while time.monotonic() - start < 60:
        for frame in page.frames[1:]:
            try:
                if frame.query_selector(".leaflet-container canvas"):
                    return time.monotonic() - start
            except Exception:  # noqa: BLE001 - a frame being replaced: look again
                pass
        time.sleep(0.05)
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--interval", type=int, default=1, help="seconds per scene")
    ap.add_argument("--refresh", type=int, default=5, help="seconds between data refreshes")
    ap.add_argument("--sample", type=float, default=30.0, help="seconds between samples")
    ap.add_argument("--warmup", type=float, default=30.0)
    ap.add_argument("--port", type=int, default=None, help="server port (default: a free one)")
    a = ap.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("set DATABASE_URL to a migrated, seeded database")
    from playwright.sync_api import sync_playwright

    log = ROOT / "test-artifacts" / "soak_server.log"
    log.parent.mkdir(exist_ok=True)
    proc, base = _start(url, a.refresh, log, a.port)
    samples: list[tuple[float, int, int, int, int, str]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            t0 = time.monotonic()
            page.goto(f"{base}/screen?interval={a.interval}", wait_until="domcontentloaded")
            _first_scene(page)
            print(f"first complete scene, cold server: {time.monotonic() - t0:.2f} s")
            t1 = time.monotonic()
            page.goto(f"{base}/screen?interval={a.interval}", wait_until="domcontentloaded")
            _first_scene(page)
            print(f"first complete scene, warm server (new session): {time.monotonic() - t1:.2f} s")
            page.evaluate(_WATCH_JS)
            end = time.monotonic() + a.minutes * 60
            next_sample = time.monotonic() + a.warmup
            while time.monotonic() < end:
                time.sleep(max(0.0, min(next_sample, end) - time.monotonic()))
                got = page.evaluate(_COUNT_JS)
                elapsed = time.monotonic() - t0
                samples.append(
                    (
                        elapsed,
                        _rss_kb(proc.pid),
                        got["nodes"],
                        got["heap"],
                        got["rotations"],
                        got["scene"],
                    )
                )
                print(
                    f"{elapsed:7.0f} s  rss {samples[-1][1] / 1024:7.1f} MiB  dom {got['nodes']:6d}"
                    f"  heap {got['heap'] / 2**20:6.1f} MiB  rotations {got['rotations']}"
                    f"  scene {got['scene']}",
                    flush=True,
                )
                next_sample += a.sample
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    if len(samples) >= 2:
        (_, rss0, dom0, heap0, _, _), (_, rss1, dom1, heap1, rot, _) = samples[0], samples[-1]
        print(f"rotations: {rot}")
        # The DOM differs between scenes: compare each scene with itself.
        for scene in dict.fromkeys(x[5] for x in samples):
            same = [x[2] for x in samples if x[5] == scene]
            if len(same) >= 2:
                print(
                    f"DOM nodes, scene {scene}: {same[0]} -> {same[-1]} "
                    f"({same[-1] / same[0] - 1:+.1%}, {len(same)} samples)"
                )
        print(f"server RSS: {rss0 / 1024:.1f} -> {rss1 / 1024:.1f} MiB ({(rss1 / rss0 - 1):+.1%})")
        print(f"DOM nodes:  {dom0} -> {dom1} ({(dom1 / dom0 - 1):+.1%})")
        if heap0:
            print(
                f"JS heap:    {heap0 / 2**20:.1f} -> {heap1 / 2**20:.1f} MiB "
                f"({(heap1 / heap0 - 1):+.1%})"
            )


if __name__ == "__main__":
    main()
