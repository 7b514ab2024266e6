"""End-to-end fixtures: a seeded SQLite file, a real ``streamlit run`` and headless Chromium.

The servers are started per test session against a throw-away database; a browser
context per test looks at the pages the way a person does. Every test here skips, with
the reason, when Debian's Chromium or the ``playwright`` package is missing, and fails
instead with ``CI=true`` (tests/ci_gate.py; ``playwright install`` is never needed nor used).

Artifacts (server logs, screenshots) go to ``<project>/test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest
from e2e_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_LAT,
    HOSTILE_LON,
    HOSTILE_NAME,
    AppServer,
    BrowserSession,
    open_session,
    screenshot,
    start_server,
    stop_server,
)

from models.db import get_engine, migrate, session_scope
from models.seed import load_sample
from models.services.carriers import create_carrier
from models.services.core import SYSTEM, set_meta
from tests.ci_gate import missing_prerequisite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright


def _why_no_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (Debian's chromium package is needed for e2e tests)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


@pytest.fixture(scope="session", autouse=True)
def _require_browser() -> None:
    """Skip (fail under CI) every e2e test, before any server starts, without a browser."""
    if reason := _why_no_browser():
        missing_prerequisite(reason)


@dataclass(frozen=True)
class TestDatabase:
    """The seeded SQLite database the servers share, and the hostile carrier's id."""

    __test__ = False  # not a test class, despite the name

    url: str
    hostile_id: int


@pytest.fixture(scope="session")
def test_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    """Migrated SQLite file with the sample data and one carrier named like an attack."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    migrate(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        load_sample(session)
        set_meta(session, "seeded", "1")
    with session_scope(engine) as session:
        hostile = create_carrier(
            session,
            actor=SYSTEM,
            data={
                "name_zh": HOSTILE_NAME,
                "name_en": HOSTILE_NAME,
                "stage": "incubator",
                "lon": HOSTILE_LON,
                "lat": HOSTILE_LAT,
                "total_area_m2": 1000,
                "workstations_total": 10,
            },
            reason="e2e: hostile name",
        )
        hostile_id = int(hostile.id)  # type: ignore[arg-type]
    yield TestDatabase(url, hostile_id)
    engine.dispose()


@pytest.fixture(scope="session")
def app_server(test_db: TestDatabase) -> Iterator[AppServer]:
    """Process A: ``streamlit run app.py`` on a free port against the test database."""
    server = start_server(test_db.url, "a")
    yield server
    stop_server(server.process)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver, once per session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser)."""
    b = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield b
    b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser_session(
    browser: Browser, app_server: AppServer, request: pytest.FixtureRequest
) -> Iterator[BrowserSession]:
    """A fresh 1366×768 context recording foreign requests and console errors.

    When the test fails, the page is saved as test-artifacts/failed_<test>.png.
    """
    session = open_session(browser, urlparse(app_server.base_url).netloc)
    page = session.page
    yield session
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        with contextlib.suppress(Exception):
            screenshot(page, f"failed_{request.node.name}")
    page.context.close()


@pytest.fixture
def page(browser_session: BrowserSession) -> Page:
    """The page of ``browser_session``."""
    return browser_session.page
