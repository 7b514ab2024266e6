"""A carrier named like a script injection is shown as text everywhere, never executed.

The name combines an ``<img onerror>``, a ``${...}`` template expression, backticks and a
trailing backslash. A person searching for it sees exactly one dot, its tooltip and its
details panel spell the name out literally, and neither the page nor the map frame ran
any of it (``window.__xss`` / ``window.__xss2`` stay undefined).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    HOSTILE_NAME,
    MAP_PATH,
    AppServer,
    BrowserSession,
    assert_no_exception,
    carrier_dot,
    count_features,
    goto,
    leaflet_frame,
    login,
    poll,
    screenshot,
    wait_for_app,
    window_value,
)

if TYPE_CHECKING:
    from conftest import TestDatabase

pytestmark = pytest.mark.e2e


def _assert_nothing_ran(browser_session: BrowserSession, where: str) -> None:
    page = browser_session.page
    frame = leaflet_frame(page)
    for target, label in ((page, "page"), (frame, "map frame")):
        for name in ("__xss", "__xss2"):
            assert window_value(target, name) == "undefined", f"{where}: {label} ran {name}"
    assert not [e for e in browser_session.console_errors if "__xss" in e], where


def test_hostile_name_on_map_is_inert(
    app_server: AppServer, browser_session: BrowserSession
) -> None:
    page = browser_session.page
    goto(page, app_server.url(MAP_PATH))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) > 100), "map never drew the carriers"

    search = page.locator("[data-testid='stSidebar']").get_by_label("搜索名称或地址")
    search.fill("O`Brien")
    search.press("Enter")
    wait_for_app(page)
    frame = leaflet_frame(page)
    shown = poll(lambda: count_features(frame) == 1, timeout_s=30)
    assert shown, f"search did not narrow the map to one carrier: {count_features(frame)}"
    assert page.get_by_text("显示 1 /").count() == 1, "caption does not say one carrier is shown"

    # Hover the dot: Leaflet puts the tooltip into the DOM as HTML, the riskiest spot.
    dot = carrier_dot(frame)
    assert dot is not None, "no carrier dot to hover"
    page.wait_for_timeout(300)  # the map re-centred on the dot; let it repaint
    box = frame.frame_element().bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + dot["x"], box["y"] + dot["y"])
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible", timeout=10_000)
    assert HOSTILE_NAME in tooltip.first.inner_text(), tooltip.first.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0, "the name became an <img>"
    screenshot(page, "xss_map_tooltip")

    _assert_nothing_ran(browser_session, "after search and hover")
    assert_no_exception(page)


def _open_details(app_server: AppServer, browser_session: BrowserSession, carrier_id: int) -> None:
    page = browser_session.page
    goto(page, app_server.url(f"{MAP_PATH}?carrier={carrier_id}"))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) >= 1), "map not drawn with a carrier selected"
    page.locator("[data-testid='stMain'] h3", has_text="onerror").first.wait_for(timeout=20_000)


def test_hostile_name_in_details_is_text(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    page = browser_session.page
    goto(page, app_server.url(f"{MAP_PATH}?carrier={test_db.hostile_id}"))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) >= 1), "map not drawn with a carrier selected"
    main = page.locator("[data-testid='stMain']")
    heading = main.locator("h3", has_text="onerror").first
    heading.wait_for(timeout=20_000)
    screenshot(page, "xss_details")

    assert "<img src=x onerror=" in main.inner_text(), "details do not show the name as text"
    assert main.locator("img[src='x']").count() == 0, "the name was rendered as an <img>"
    # Spelled out exactly: not read as Markdown (backticks would become code) nor HTML.
    assert heading.inner_text().strip() == HOSTILE_NAME, f"title {heading.inner_text()!r}"
    # One name only: the Chinese page no longer repeats it in the other language.

    _assert_nothing_ran(browser_session, "details panel")
    assert_no_exception(page)


def _creation_event(test_db: TestDatabase) -> int:
    """Id of the audit event that created the hostile carrier."""
    from sqlmodel import Session, select

    from models.audit import AuditEvent
    from models.db import get_engine

    with Session(get_engine(test_db.url)) as session:
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "carrier",
                AuditEvent.entity_id == test_db.hostile_id,
                AuditEvent.action == "create",
            )
        ).one()
    return int(event.id)  # type: ignore[arg-type]


def test_hostile_name_in_the_audit_diff_is_text(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    """st.table renders its cells as Markdown: the backticks in the name became code."""
    page = browser_session.page
    goto(page, app_server.url())
    login(page, "admin", "admin-demo-2026")
    sidebar = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a")
    sidebar.filter(has=page.get_by_text("审计记录", exact=True)).first.click()
    wait_for_app(page)
    picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text="记录"
    )
    picker.click()
    # The list is long and drawn lazily: type to filter, then pick the exact entry.
    wanted = f"#{_creation_event(test_db)}"
    page.keyboard.type(wanted)
    page.get_by_role("option", name=wanted, exact=True).click()
    wait_for_app(page)
    table = page.locator("[data-testid='stMain'] [data-testid='stTable']").last
    row = table.locator("tr", has=page.get_by_text("中文名称", exact=True)).first
    row.wait_for(timeout=20_000)
    screenshot(page, "xss_audit")
    assert row.locator("td").last.inner_text().strip() == HOSTILE_NAME
    assert table.locator("code, img").count() == 0, "the name was read as Markdown"
    assert window_value(page, "__xss") == "undefined"
    assert_no_exception(page)
