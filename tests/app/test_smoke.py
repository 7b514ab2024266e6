"""Every page runs without an exception, anonymously and as an administrator."""

from __future__ import annotations

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
    for script in PAGES:
        if any(
            k in script.name
            for k in ("Occupancy", "Carriers", "Tenants", "Tenancies", "Audit", "ProjectRegister")
        ):
            at = make_app(script).run()
            assert any("请先" in i.value for i in at.info), script.name
