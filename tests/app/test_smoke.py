"""Every page runs without an exception, anonymously and as an administrator."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, ROOT
from tests.app.rendered import assert_page_ok

SCRIPTS = [ROOT / "app.py", *PAGES]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("user", [None, "admin"])
def test_page_runs_without_exception(
    make_app: Callable[..., AppTest], script: Path, user: str | None
) -> None:
    at = make_app(script, user=user).run()
    # ui.run_page turns a crash into an error box, so look for that too.
    assert_page_ok(at, script.name)
    # Every page shows the sample-data badge while the sample set is loaded.
    assert any("示例数据" in m.value for m in at.markdown), script.name


def test_editing_pages_ask_anonymous_visitors_to_log_in(
    make_app: Callable[..., AppTest],
) -> None:
    editing = [
        "occupancy",
        "carriers",
        "tenants",
        "tenancies",
        "audit",
        "project_register",
        "import",
    ]
    scripts = [p for p in PAGES if p.stem.split("_", 1)[-1] in editing]
    assert len(scripts) == len(editing), scripts
    for script in scripts:
        at = make_app(script).run()
        assert any("请先" in i.value for i in at.info), script.name


def test_page_urls_are_short_readable_ascii() -> None:
    """A page's URL is its file name without the number: /map, /occupancy, ...

    Chinese file names became long percent-encoded paths in shared links.
    """
    for script in PAGES:
        assert re.fullmatch(r"\d+_[a-z_]+|screen", script.stem), script.name
    names = {p.stem.split("_", 1)[-1] for p in PAGES}
    assert {"map", "occupancy", "conversions", "audit", "users"} <= names
