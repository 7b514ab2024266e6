"""Helpers for the end-to-end tests: the app server process and page look-ups.

Kept apart from conftest.py so test modules can import them (``from e2e_support import
...``); pytest puts this directory on ``sys.path`` as it does for tests/unit's factories.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

T = TypeVar("T")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
HOME_PATH = "/"
MAP_PATH = "/map"
OCCUPANCY_PATH = "/occupancy"

# An <img onerror>, ${...}, backticks, a quote and a trailing backslash: every way a name
# could break out of HTML, a JS template literal or the escaping that follows it.
HOSTILE_NAME = '<img src=x onerror="window.__xss=1">${window.__xss2=1}` O`Brien\\'
HOSTILE_LON, HOSTILE_LAT = 121.447, 31.300  # inside Shibei park

SERVER_START_TIMEOUT_S = 60.0
RUN_TIMEOUT_MS = 60_000


# ------------------------------------------------------------------------ the server


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class AppServer:
    """One ``streamlit run app.py`` process serving the test database."""

    base_url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def url(self, path: str = HOME_PATH) -> str:
        """Absolute URL of ``path`` (already percent-encoded) on this server."""
        return self.base_url + path


def start_server(database_url: str, name: str) -> AppServer:
    """Start streamlit on a free port against ``database_url`` and wait until healthy.

    Output goes to test-artifacts/server_<name>.log for debugging.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / f"server_{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEED_SAMPLE": "false",  # the fixture seeds; the server must never re-seed
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp,
        ):
            if resp.status == 200:
                return AppServer(base, database_url, proc, log_path)
        if time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S}s: {log_path}")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server process we started (and only it)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# ----------------------------------------------------------------------- the browser


@dataclass
class BrowserSession:
    """A page plus what it did: requests to other hosts and console errors."""

    page: Page
    app_host: str
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def record_console_error(self, text: str, url: str) -> None:
        """Remember a console error, except Streamlit's own base-path probes.

        Opened at a page path, Streamlit's frontend first asks ``<page>/_stcore/health``
        and ``<page>/_stcore/host-config`` (404) before finding the real base path.
        """
        if "/_stcore/" in url and "404" in text:
            return
        self.console_errors.append(f"{text[:300]} @ {url}")

    def record_request(self, url: str) -> None:
        """Remember ``url`` unless it is local (the app, data:, blob:, about:)."""
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.netloc != self.app_host:
            self.external_requests.append(url)


def open_session(
    browser: Browser,
    app_host: str,
    viewport: dict[str, int] | None = None,
    locale: str = "zh-CN",
) -> BrowserSession:
    """A new browser context and page recording foreign requests and console errors.

    The caller closes ``session.page.context``.
    """
    context = browser.new_context(viewport=viewport or VIEWPORT, locale=locale)  # type: ignore[arg-type]
    page = context.new_page()
    session = BrowserSession(page, app_host)
    # On the context, so requests made inside component iframes are seen as well.
    context.on("request", lambda req: session.record_request(req.url))
    page.on(
        "console",
        lambda msg: (
            session.record_console_error(msg.text, msg.location.get("url", ""))
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: session.console_errors.append(f"pageerror: {exc}"[:300]))
    return session


def poll(check: Callable[[], T], *, timeout_s: float = 30, interval_s: float = 0.25) -> T | None:
    """The first truthy result of ``check()``, or None after ``timeout_s``.

    Exceptions from ``check`` (a frame detached by a rerun, say) count as "not yet".
    """
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(Exception):
            if result := check():
                return result
        if time.monotonic() > deadline:
            return None
        time.sleep(interval_s)


def wait_for_app(page: Page, timeout_ms: int = RUN_TIMEOUT_MS, settle_ms: int = 500) -> None:
    """Wait until the app is connected and its script run is over.

    Streamlit marks the root element with ``data-test-script-state`` (``notRunning``
    once a run finished). It must stay so for ``settle_ms``: a widget change takes a
    moment before the rerun it triggers starts.
    """
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    app = page.locator("[data-testid='stApp']")
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        if app.get_attribute("data-test-script-state") == "notRunning":
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= settle_ms:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise AssertionError(f"Streamlit script still running after {timeout_ms} ms")


def goto(page: Page, url: str) -> None:
    """Open ``url`` and wait for the first script run to finish."""
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)


def assert_no_exception(page: Page) -> None:
    """Fail, quoting the traceback, when the page shows a Streamlit exception box."""
    boxes = page.locator("[data-testid='stException']")
    if boxes.count():
        raise AssertionError("Streamlit exception on the page:\n" + boxes.first.inner_text()[:3000])


def leaflet_frame(page: Page, timeout_s: float = 40) -> Frame:
    """The component iframe holding a drawn Leaflet map (fails after ``timeout_s``)."""

    def candidates() -> list[Frame]:
        # Ask each <iframe> element for its frame: page.frames alone occasionally misses
        # a component iframe that is plainly on screen.
        frames = [f for h in page.locator("iframe").element_handles() if (f := h.content_frame())]
        return frames + [f for f in page.frames if f not in frames]

    def find() -> Frame | None:
        for frame in candidates():
            if frame is page.main_frame or frame.is_detached():
                continue
            # A frame being replaced by a rerun may throw; it must not hide the others.
            with contextlib.suppress(Exception):
                if frame.query_selector(".leaflet-container"):
                    return frame
        return None

    frame = poll(find, timeout_s=timeout_s)
    if frame is None:
        iframes = page.locator("iframe").count()
        frames = [(f.url[:80], f.is_detached()) for f in page.frames]
        raise AssertionError(
            f"no Leaflet map after {timeout_s}s; {iframes} <iframe> elements, frames {frames}"
        )
    return frame


# Finds every L.Map on window (folium names it map_<hash>; streamlit-folium also keeps
# window.map) and counts distinct features whose properties.kind is the wanted one.
_COUNT_FEATURES_JS = """
(kind) => {
  const maps = [];
  for (const key of Object.getOwnPropertyNames(window)) {
    let value;
    try { value = window[key]; } catch (e) { continue; }
    if (value && window.L && value instanceof window.L.Map && !maps.includes(value)) {
      maps.push(value);
    }
  }
  if (!maps.length) return -1;
  const ids = new Set();
  for (const map of maps) {
    map.eachLayer((layer) => {
      const props = layer.feature && layer.feature.properties;
      if (props && props.kind === kind) ids.add(props.id);
    });
  }
  return ids.size;
}
"""


def count_features(frame: Frame, kind: str = "carrier") -> int:
    """Distinct features of ``kind`` on the frame's Leaflet map (-1: no L.Map found)."""
    return int(frame.evaluate(_COUNT_FEATURES_JS, kind))


def screenshot(page: Page, name: str) -> Path:
    """Save a viewport screenshot as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def metric_value(page: Page, label: str) -> str:
    """The displayed value of the st.metric labelled ``label``."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    )
    return metric.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def login(page: Page, username: str, password: str) -> None:
    """Log in through the sidebar expander 登录 and wait until the sidebar says so."""
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stExpander'] summary", has_text="登录").click()
    sidebar.get_by_label("用户名").fill(username)
    sidebar.get_by_label("密码").fill(password)
    sidebar.get_by_role("button", name="登录").click()
    wait_for_app(page)
    logged_in = poll(lambda: sidebar.get_by_text(username).count() > 0, timeout_s=20)
    assert logged_in, f"login as {username} did not show in the sidebar"


def window_value(frame: Frame | Page, name: str) -> Any:
    """``typeof window[name]`` in a frame or page (``"undefined"`` when never set)."""
    return frame.evaluate("(n) => typeof window[n]", name)


# The frame's Leaflet map (folium names it map_<hash>): the first L.Map on window.
FIND_MAP_JS = """
() => {
  for (const key of Object.getOwnPropertyNames(window)) {
    let m;
    try { m = window[key]; } catch (e) { continue; }
    if (m && window.L && m instanceof window.L.Map) return m;
  }
  return null;
}
"""

# Centre the map on a carrier dot (one already in view if any) and return where it is.
_CARRIER_DOT_JS = f"""
() => {{
  const m = ({FIND_MAP_JS})();
  if (!m) return null;
  let inView = null, any = null;
  m.eachLayer((l) => {{
    const p = l.feature && l.feature.properties;
    if (!(p && p.kind === "carrier" && l.getLatLng)) return;
    any = any || l;
    if (!inView && m.getBounds().contains(l.getLatLng())) inView = l;
  }});
  const dot = inView || any;
  if (!dot) return null;
  m.setView(dot.getLatLng(), m.getZoom(), {{animate: false}});
  const pt = m.latLngToContainerPoint(dot.getLatLng());
  return {{x: pt.x, y: pt.y, id: dot.feature.properties.id}};
}}
"""


def carrier_dot(frame: Frame) -> dict[str, Any] | None:
    """Centre the map on a carrier and return its container position and id."""
    return frame.evaluate(_CARRIER_DOT_JS)  # type: ignore[no-any-return]
