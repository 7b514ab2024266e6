"""Two app processes on one database: a write anywhere shows everywhere on the next load.

Cached figures are keyed by the database's data version, not by a time-to-live. Process
B shows the home page (warming its cache); a carrier is then created through the
service layer (as a third writer, like another app process would); reloading B at once
must count one more 创新载体 while the other figures stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    HOME_PATH,
    AppServer,
    BrowserSession,
    assert_no_exception,
    goto,
    metric_value,
    screenshot,
    start_server,
    stop_server,
)

from models.db import get_engine, session_scope
from models.services.carriers import create_carrier
from models.services.core import SYSTEM

if TYPE_CHECKING:
    from conftest import TestDatabase
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

KPIS = ("创新载体", "在孵企业", "平均出租率")


@pytest.fixture(scope="module")
def server_b(app_server: AppServer, test_db: TestDatabase) -> Iterator[AppServer]:
    """Process B: a second ``streamlit run`` on another port, same SQLite file."""
    server = start_server(test_db.url, "b")
    assert server.base_url != app_server.base_url
    yield server
    stop_server(server.process)


def _kpis(page: Page) -> dict[str, str]:
    return {label: metric_value(page, label) for label in KPIS}


def test_write_shows_in_other_process(
    app_server: AppServer,
    server_b: AppServer,
    browser_session: BrowserSession,
    test_db: TestDatabase,
) -> None:
    page = browser_session.page
    goto(page, server_b.url(HOME_PATH))
    before = _kpis(page)
    assert_no_exception(page)

    with session_scope(get_engine(test_db.url)) as session:
        create_carrier(
            session,
            actor=SYSTEM,
            data={
                "name_zh": "端到端测试新载体",
                "name_en": "E2E new carrier",
                "stage": "public_space",
                "lon": 121.452,
                "lat": 31.295,
                "total_area_m2": 500,
                "workstations_total": 20,
            },
            reason="e2e: two processes",
        )

    goto(page, server_b.url(HOME_PATH))
    after = _kpis(page)
    screenshot(page, "home_process_b_after_write")
    assert_no_exception(page)
    assert int(after["创新载体"]) == int(before["创新载体"]) + 1, (before, after)
    assert after["在孵企业"] == before["在孵企业"], (before, after)

    # Process A sees the same figure (its cache is keyed by the same version).
    goto(page, app_server.url(HOME_PATH))
    assert metric_value(page, "创新载体") == after["创新载体"]
