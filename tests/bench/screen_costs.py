"""Server cost of the big screen's scene change and live refresh against a bare rerun.

    DATABASE_URL=sqlite:////path/to/copy-of-jingan.db .venv/bin/python tests/bench/screen_costs.py

The issue's target: a scene change and a live refresh each cost no more than 3× a bare
page rerun on the server. On a wall both are *fragment* reruns (``st.fragment`` with
``run_every``): only the header and side panels run, the map does not. AppTest always
reruns the whole script, so :func:`screen_rerun_costs` asks Streamlit's script runner
for a fragment-only rerun, as the browser's timer does (``RerunData.fragment_id_queue``;
this reaches into ``streamlit.testing`` internals, which is acceptable in a benchmark
and nowhere else). Measured, median of ``runs`` each, in milliseconds:

- ``bare``: a page with one line of text, rerun (Streamlit's own floor);
- ``bare_screen``: a page with only the screen's page setup (``ui.setup_bare_page``);
- ``full``: the whole screen page rerun, warm caches (what a reload or new data costs);
- ``scene``: the fragment rerun that turns the scene (nothing is due to refresh);
- ``refresh``: the fragment rerun whose live refresh is due, data unchanged (the
  common case: a version check and the cached figures);
- ``refresh_new``: the same after a write (data version bumped): the figures are
  recomputed and the fragment asks for a full run so the map layers follow.

It writes to the database it is given (only the data-version counter): point it at a
copy. A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BARE = "import streamlit as st\nst.write('bare')\n"
# The screen's own floor: page config and language, no data (what every wall run pays).
BARE_SCREEN = "import ui\nui.setup_bare_page('screen_page')\n"
SCREEN_PAGE = "pages/screen.py"


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def _fragment_only(at: Any) -> Iterator[None]:
    """Make the next ``at.run()`` rerun only the page's fragment (as the browser's timer)."""
    import functools

    import streamlit.testing.v1.local_script_runner as lsr

    fragments = list(at._fragment_storage._fragments)
    if len(fragments) != 1:
        raise RuntimeError(f"expected the screen's one fragment, found {len(fragments)}")
    original = lsr.RerunData
    lsr.RerunData = functools.partial(  # type: ignore[misc]
        original, fragment_id_queue=fragments, is_auto_rerun=True
    )
    try:
        yield
    finally:
        lsr.RerunData = original  # type: ignore[misc]


def _bump_data_version(database_url: str) -> None:
    from models.db import get_engine, session_scope
    from models.services.core import bump_data_version

    with session_scope(get_engine(database_url)) as session:
        bump_data_version(session)


def screen_rerun_costs(*, database_url: str, runs: int = 15) -> dict[str, float]:
    """Median server time (ms) of a bare rerun and of the screen's reruns; see the module doc.

    Also returns ``scene_x``, ``refresh_x`` and ``refresh_new_x``: each cost divided by
    ``bare`` (the issue's target is at most 3), and ``*_x_screen``: divided by
    ``bare_screen``.
    """
    os.environ["DATABASE_URL"] = database_url
    os.environ["SEED_SAMPLE"] = "0"
    os.chdir(ROOT)
    from tests.bench.server_like import shared_script_cache

    with shared_script_cache():
        return _costs(database_url, runs)


def _costs(database_url: str, runs: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    from models.settings import get_settings

    get_settings.cache_clear()
    bare = AppTest.from_string(BARE, default_timeout=60)
    bare.run()
    out = {"bare": _median_ms(bare.run, runs)}
    floor = AppTest.from_string(BARE_SCREEN, default_timeout=60)
    floor.run()
    out["bare_screen"] = _median_ms(floor.run, runs)

    screen = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    screen.switch_page(SCREEN_PAGE)
    screen.query_params["interval"] = "600"  # the clock never turns on its own here
    screen.run()
    screen.run()  # warm: caches filled, map built once
    out["full"] = _median_ms(screen.run, runs)

    def scene() -> None:
        screen.session_state["scr_scene_at"] = time.time() - 601  # the interval has passed
        with _fragment_only(screen):
            screen.run()

    def refresh() -> None:
        screen.session_state["scr_tried"] = 0.0  # the live refresh is due
        with _fragment_only(screen):
            screen.run()

    out["scene"] = _median_ms(scene, runs)
    out["refresh"] = _median_ms(refresh, runs)

    def refresh_new() -> None:
        _bump_data_version(database_url)
        refresh()

    out["refresh_new"] = _median_ms(refresh_new, max(3, runs // 3))
    for key in ("scene", "refresh", "refresh_new"):
        out[f"{key}_x"] = out[key] / out["bare"]
        out[f"{key}_x_screen"] = out[key] / out["bare_screen"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    a = ap.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("set DATABASE_URL to a migrated, seeded database (a copy: it is written)")
    got = screen_rerun_costs(database_url=url, runs=a.runs)
    if a.json:
        import json

        print(json.dumps(got))
        return
    for key in ("bare", "bare_screen", "full", "scene", "refresh", "refresh_new"):
        ratio = ""
        if key + "_x" in got:
            ratio = f"  ({got[key + '_x']:.1f}× bare, {got[key + '_x_screen']:.1f}× bare_screen)"
        print(f"{key:12s} {got[key]:8.1f} ms{ratio}")


if __name__ == "__main__":
    main()
