"""Two people edit one carrier: in Chromium, a save after the conflict keeps both changes.

The AppTest version (tests/app/test_edit_conflicts.py) cannot see what the browser
keeps: a form's keyed widget held its old value in the browser after the server forgot
it, and the second save wrote the old area back over the other person's (recheck QA,
2026-11-29). Here a real browser types, saves, meets the conflict and saves again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    AppServer,
    BrowserSession,
    assert_no_exception,
    goto,
    login,
    poll,
    screenshot,
    wait_for_app,
)
from sqlmodel import Session, select

from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.services.carriers import update_carrier
from models.services.core import SYSTEM

if TYPE_CHECKING:
    from conftest import TestDatabase

pytestmark = pytest.mark.e2e


def _carrier(url: str, carrier_id: int) -> Carrier:
    with Session(get_engine(url)) as session:
        found = session.get(Carrier, carrier_id)
        assert found is not None
        return found


def test_a_save_after_a_conflict_keeps_the_other_persons_area(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    with Session(get_engine(test_db.url)) as session:
        carrier = session.exec(
            select(Carrier).where(Carrier.park_code == "shibei").order_by(Carrier.id.desc())  # type: ignore[union-attr]
        ).first()
        assert carrier is not None
        cid, name = int(carrier.id), carrier.name_zh  # type: ignore[arg-type]
        # The new address: another sample carrier's, so the language tour (which shares
        # this database and reads the audit page in Chinese) meets only the data's words.
        other = session.exec(
            select(Carrier)
            .where(Carrier.id != cid, Carrier.park_code == "shibei")
            .order_by(Carrier.id)  # type: ignore[arg-type]
        ).first()
        assert other is not None and other.address
        new_address = other.address
    page = browser_session.page
    goto(page, app_server.url("/carriers"))
    login(page, "shibei", "shibei-demo-2026")
    picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text="选择载体"
    )
    picker.click()
    page.keyboard.type(f"#{cid} ")
    page.get_by_role("option", name=f"#{cid} {name}", exact=True).click()
    wait_for_app(page)
    form = page.locator("[data-testid='stForm']").first
    area_box = form.get_by_label("总面积")
    assert poll(lambda: area_box.count() == 1), "the carrier's form did not open"

    # Meanwhile someone else enlarges the carrier (another session, another process).
    before = _carrier(test_db.url, cid)
    area = float(before.total_area_m2) + 1111.0
    with session_scope(get_engine(test_db.url), write=True) as session:
        update_carrier(
            session,
            actor=SYSTEM,
            carrier_id=cid,
            expected_version=before.version,
            changes={"total_area_m2": area},
        )

    form.get_by_label("地址").fill(new_address)
    form.get_by_role("button", name="保存").click()
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    assert poll(lambda: main.get_by_text("已被 system").count() > 0), "no conflict shown"
    form = page.locator("[data-testid='stForm']").first
    shown = poll(lambda: float(form.get_by_label("总面积").input_value().replace(",", "")))
    assert shown == area, f"the form still shows {shown}, not the newer {area}"
    screenshot(page, "edit_conflict_reloaded")

    form.get_by_role("button", name="保存").click()
    wait_for_app(page)
    assert poll(lambda: main.get_by_text("已保存").count() > 0), "the second save failed"
    after = _carrier(test_db.url, cid)
    assert (after.total_area_m2, after.address) == (area, new_address)
    assert_no_exception(page)
