"""The monthly update on a phone (390×844): two carriers' figures, by tapping and typing.

An iPhone's browser (its user agent, touch, a 390-px viewport) opens the occupancy page,
logs in through the sidebar, and gets one card per carrier instead of the grid. The
manager taps into two blank cards and types their figures, taps 全部保存, and the
database then holds exactly those two new reports. Along the way: the sidebar gets out
of the way after the login and after a page link, the inputs ask for a number pad and
are large enough to tap, and the page never scrolls sideways.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    OCCUPANCY_PATH,
    AppServer,
    assert_no_exception,
    goto,
    poll,
    screenshot,
    wait_for_app,
)
from sqlmodel import select

from models.carrier import Carrier
from models.common import default_end_month
from models.db import get_engine, session_scope
from models.occupancy import OccupancyReport

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import TestDatabase
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
MIN_TAP_PX = 44  # Apple's minimum touch target
FIELDS = ("area", "ws", "tenants")  # the ends of the card inputs' keys
Figures = tuple[float, int, int]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh iPhone-sized context: touch, mobile viewport, the iPhone's user agent."""
    context = browser.new_context(
        viewport=PHONE, user_agent=IPHONE_UA, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    yield context.new_page()
    context.close()


def _sidebar_collapsed(page: Page) -> bool:
    return page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"


def _type_into(page: Page, field: Locator, text: str) -> None:
    """Tap a field and type, as a thumb and an on-screen keyboard do."""
    field.tap()
    page.keyboard.type(text)


def _login_on_phone(page: Page, username: str, password: str) -> None:
    assert _sidebar_collapsed(page), "the sidebar covers the page on first load"
    page.locator("[data-testid='stExpandSidebarButton']").tap()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stExpander'] summary", has_text="登录").tap()
    _type_into(page, sidebar.get_by_label("用户名"), username)
    _type_into(page, sidebar.get_by_label("密码"), password)
    sidebar.get_by_role("button", name="登录").tap()
    wait_for_app(page)
    assert poll(lambda: sidebar.get_by_text(username).count() > 0, timeout_s=20)
    # The sidebar steps aside by itself once the manager is logged in.
    assert poll(lambda: _sidebar_collapsed(page), timeout_s=10), "sidebar still over the page"


def _blank_cards(page: Page) -> list[tuple[int, Locator]]:
    """(carrier id, card) of the cards whose area is still blank, in page order."""
    found = []
    for card in page.locator("[class*='st-key-occ_card_']").all():
        classes = card.get_attribute("class") or ""
        carrier_id = int(classes.split("st-key-occ_card_")[1].split()[0])
        if card.locator("[class*='_area'] input").input_value() == "":
            found.append((carrier_id, card))
    return found


def _last_month(url: str, carrier_id: int, month: date) -> OccupancyReport | None:
    with session_scope(get_engine(url)) as session:
        return session.exec(
            select(OccupancyReport)
            .where(OccupancyReport.carrier_id == carrier_id, OccupancyReport.month < month)
            .order_by(OccupancyReport.month.desc())  # type: ignore[attr-defined]
        ).first()


def _figures_for(url: str, carrier_id: int, month: date) -> Figures:
    """Last month's figures (plausible by definition), or small ones for a new carrier."""
    prev = _last_month(url, carrier_id, month)
    if prev is not None:
        return (prev.occupied_area_m2, prev.occupied_workstations, prev.tenant_count)
    with session_scope(get_engine(url)) as session:
        carrier = session.get(Carrier, carrier_id)
        assert carrier is not None
        return (round(carrier.total_area_m2 / 2, 1), carrier.workstations_total // 2, 1)


def _reports(url: str, month: date) -> dict[int, Figures]:
    with session_scope(get_engine(url)) as session:
        rows = session.exec(select(OccupancyReport).where(OccupancyReport.month == month)).all()
        return {
            r.carrier_id: (r.occupied_area_m2, r.occupied_workstations, r.tenant_count)
            for r in rows
        }


def _horizontal_overflow(page: Page) -> int:
    """How far the page scrolls sideways (0 = it does not), at the page and in the main pane."""
    return int(
        page.evaluate(
            """() => {
              const main = document.querySelector("[data-testid='stMain']");
              const doc = document.scrollingElement;
              return Math.max(doc.scrollWidth - doc.clientWidth,
                              main ? main.scrollWidth - main.clientWidth : 0);
            }"""
        )
    )


def test_manager_files_two_carriers_on_a_phone(
    app_server: AppServer, phone: Page, test_db: TestDatabase
) -> None:
    page = phone
    month = default_end_month()
    goto(page, app_server.url(OCCUPANCY_PATH))
    _login_on_phone(page, "shibei", "shibei-demo-2026")
    page.wait_for_selector("[class*='st-key-occ_card_'] input[type='number']", timeout=30_000)
    wait_for_app(page)
    assert_no_exception(page)
    # A phone gets the cards, not the 800-px grid, and the page never scrolls sideways.
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert _horizontal_overflow(page) == 0
    screenshot(page, "phone_cards_top")

    blank = _blank_cards(page)
    assert len(blank) >= 2, "the sample data should leave carriers unreported this month"
    chosen = blank[:2]
    before = _reports(test_db.url, month)
    typed: dict[int, Figures] = {}
    for carrier_id, card in chosen:
        figures = _figures_for(test_db.url, carrier_id, month)
        typed[carrier_id] = figures
        area, ws, tenants = (card.locator(f"[class*='_{f}'] input") for f in FIELDS)
        # A number pad for each: with a decimal point for the area only; big enough to tap.
        assert area.get_attribute("inputmode") == "decimal"
        assert ws.get_attribute("inputmode") == tenants.get_attribute("inputmode") == "numeric"
        for field in (area, ws, tenants):
            box = field.bounding_box()
            assert box is not None and box["height"] >= MIN_TAP_PX, box
        # No Enter: a phone's number pad has no return key. Tapping the next field
        # commits the one before it, and the save button commits the very last one.
        for field, value in zip((area, ws, tenants), figures, strict=True):
            _type_into(page, field, f"{value:g}")
            wait_for_app(page)
        rate = card.get_by_text("本月出租率")
        assert poll(lambda rate=rate: "%" in rate.inner_text(), timeout_s=10), rate.inner_text()
    screenshot(page, "phone_cards_typed")
    assert _horizontal_overflow(page) == 0
    # The carrier named like an attack (in Shibei park, so on these cards) stays text.
    assert page.evaluate("() => [typeof window.__xss, typeof window.__xss2]") == ["undefined"] * 2

    save = page.get_by_role("button", name="全部保存")
    box = save.bounding_box()
    assert box is not None and box["height"] >= MIN_TAP_PX, box
    save.tap()
    wait_for_app(page)
    message = page.locator(
        "[data-testid='stAlertContentSuccess'], [data-testid='stToast']", has_text="已保存"
    )
    errors = page.locator("[data-testid='stAlertContentError']")
    assert poll(lambda: message.count() > 0, timeout_s=30), errors.all_inner_texts()
    screenshot(page, "phone_cards_saved")
    assert_no_exception(page)

    after = _reports(test_db.url, month)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == set(typed), (changed, typed)  # exactly the two typed, nothing else
    for carrier_id, figures in typed.items():
        assert after[carrier_id] == pytest.approx(figures)

    # A page link on a phone closes the sidebar, so the chosen page is not hidden.
    page.locator("[data-testid='stExpandSidebarButton']").tap()
    assert poll(lambda: not _sidebar_collapsed(page), timeout_s=5)
    page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']").first.tap()
    wait_for_app(page)
    assert poll(lambda: _sidebar_collapsed(page), timeout_s=10), "sidebar stayed over the page"
    assert _horizontal_overflow(page) == 0
    screenshot(page, "phone_after_page_link")


def test_a_narrow_desktop_window_gets_the_cards_and_may_switch_back(
    app_server: AppServer, browser: Browser
) -> None:
    """No phone in the user agent, but 390 px wide: the switch turns to 卡片 by itself."""
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="zh-CN")
    try:
        page = context.new_page()
        goto(page, app_server.url(OCCUPANCY_PATH))
        _login_on_phone(page, "shibei", "shibei-demo-2026")
        cards = page.locator("[class*='st-key-occ_card_']")
        assert poll(lambda: cards.count() > 0, timeout_s=30), "still the grid at 390 px"
        assert "view=cards" in page.url
        # The manager's own choice wins and stays: back to the grid, no flip-flop.
        page.locator(".st-key-occ_view [data-variant='segmented_control']").first.tap()
        wait_for_app(page)
        grid = page.locator("[data-testid='stDataFrame']")
        assert poll(lambda: grid.count() == 1 and cards.count() == 0, timeout_s=30)
        page.wait_for_timeout(1500)
        assert cards.count() == 0 and "view=table" in page.url
        assert_no_exception(page)
    finally:
        context.close()
