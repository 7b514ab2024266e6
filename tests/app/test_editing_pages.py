"""Editing pages as a manager would use them: bad input is refused, good input lands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.credit_code import check_character
from models.db import get_engine
from models.tenant import Tenant
from tests.app.conftest import page

TENANTS = page("Tenants.py")


def _tenant_count(url: str) -> int:
    with Session(get_engine(url)) as session:
        return session.exec(select(func.count()).select_from(Tenant)).one()


def _register(at: AppTest, code: str) -> AppTest:
    at.text_input(key="t_name_-1").input("上海测试科技有限公司")
    at.text_input(key="t_code_-1").input(code)
    return at.button(key="t_save_-1").click().run()


def test_malformed_credit_code_is_refused_with_a_clear_message(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    before = _tenant_count(app_db)
    at = _register(make_app(TENANTS, user="shibei").run(), "91310106MA1FY5X7X0")
    assert any("统一社会信用代码" in e.value and "无效" in e.value for e in at.error)
    assert _tenant_count(app_db) == before


def test_valid_credit_code_registers_the_tenant(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    before = _tenant_count(app_db)
    first17 = "91310106" + "MA1FY5X7X"
    at = make_app(TENANTS, user="shibei").run()
    at.number_input(key="t_employees_-1").set_value(42)
    at.text_input(key="t_note_-1").input("区级扶持 2025")
    at.selectbox(key="t_industry_-1").set_value("robotics")
    at = _register(at, first17 + check_character(first17))
    assert not at.error, [e.value for e in at.error]
    assert _tenant_count(app_db) == before + 1
    # The manager is told where the new firm goes next, and gets a blank form: every
    # field, not only the name (user QA: the rest kept the saved firm's values).
    assert any("下一步" in i.value and "上海测试科技有限公司" in i.value for i in at.info)
    # New keys (the browser keeps what cleared keyed widgets showed): all at defaults.
    assert at.text_input(key="t_name_-1_g1").value == ""
    assert at.number_input(key="t_employees_-1_g1").value == 0
    assert at.text_input(key="t_note_-1_g1").value == ""
    assert at.selectbox(key="t_industry_-1_g1").value == "ai"


def test_new_carrier_placed_by_clicking_the_map_gets_its_park(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from unittest.mock import patch

    from models.carrier import Carrier

    click = {"last_clicked": {"lng": 121.4480, "lat": 31.3010}}  # inside Shibei park
    with patch("streamlit_folium.st_folium", lambda *a, **k: click):
        at = make_app(page("Carriers"), user="shibei").run()
        assert at.number_input(key="c_lon").value == 121.4480
        at.text_input(key="c_name_zh_-1").input("市北测试孵化器")
        at.number_input(key="c_area_-1").set_value(2000.0)
        at.number_input(key="c_ws_-1").set_value(150)
        at.button(key="c_save_-1").click().run()
    assert not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as session:
        row = session.exec(select(Carrier).where(Carrier.name_zh == "市北测试孵化器")).one()
    assert (row.lon, row.lat, row.park_code) == (121.4480, 31.3010, "shibei")
    assert row.updated_by == "shibei"


def test_carrier_outside_the_managers_scope_is_refused(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from unittest.mock import patch

    from models.carrier import Carrier

    click = {"last_clicked": {"lng": 121.4669, "lat": 31.2423}}  # Suzhou River, not Shibei
    with patch("streamlit_folium.st_folium", lambda *a, **k: click):
        at = make_app(page("Carriers"), user="shibei").run()
        at.text_input(key="c_name_zh_-1").input("越权载体")
        at.number_input(key="c_area_-1").set_value(500.0)
        at.button(key="c_save_-1").click().run()
    assert any("无权" in e.value for e in at.error)
    with Session(get_engine(app_db)) as session:
        assert session.exec(select(Carrier).where(Carrier.name_zh == "越权载体")).first() is None


def test_a_stage_change_is_dated_as_entered_and_past_months_keep_the_old_stage(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from datetime import date
    from unittest.mock import patch

    from models import queries
    from models.carrier import Carrier, CarrierStageChange

    with Session(get_engine(app_db)) as session:
        carrier = session.exec(
            select(Carrier).where(Carrier.park_code == "shibei", Carrier.stage == "incubator")
        ).first()
    assert carrier is not None
    k = f"_{carrier.id}"
    with patch("streamlit_folium.st_folium", lambda *a, **kw: None):
        at = make_app(page("Carriers"), user="shibei").run()
        at.selectbox(key="c_pick").set_value(carrier.id).run()
        stage_box = next(s for s in at.selectbox if s.label == "阶段")
        stage_box.set_value("accelerator")
        at.date_input(key="c_since" + k).set_value(date(2026, 9, 1))
        at.button(key="c_save" + k).click().run()
    assert not at.error, [e.value for e in at.error]
    # The form is drawn afresh: the date entered for this change does not date the next
    # one unseen (attack QA recheck: a workstation change went in dated 2026-03-10).
    from models.common import shanghai_today

    assert at.date_input(key=f"c_since_{carrier.id}_g1").value == shanghai_today()
    with Session(get_engine(app_db)) as session:
        newest = session.exec(
            select(CarrierStageChange)
            .where(CarrierStageChange.carrier_id == carrier.id)
            .order_by(CarrierStageChange.id.desc())  # type: ignore[union-attr]
        ).first()
        august = queries.carriers_frame(session, as_of=date(2026, 8, 1))
        september = queries.carriers_frame(session, as_of=date(2026, 9, 1))
    assert newest is not None
    assert (newest.stage, newest.changed_on, newest.changed_by) == (
        "accelerator",
        date(2026, 9, 1),
        "shibei",
    )
    assert august.set_index("id").loc[carrier.id, "stage"] == "incubator"
    assert september.set_index("id").loc[carrier.id, "stage"] == "accelerator"


def test_a_resize_is_dated_as_entered_and_past_rates_keep_the_old_area(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """Attack QA: a cut made a past month read 102.2%; now a month keeps its own area."""
    from datetime import date
    from unittest.mock import patch

    from models import queries
    from models.carrier import Carrier
    from models.common import shanghai_today
    from models.occupancy import OccupancyReport

    october = date(2026, 10, 1)
    with Session(get_engine(app_db)) as session:
        carrier, report = session.exec(
            select(Carrier, OccupancyReport)
            .join(OccupancyReport, OccupancyReport.carrier_id == Carrier.id)  # type: ignore[arg-type]
            .where(Carrier.park_code == "shibei", OccupancyReport.month == october)
        ).first()  # type: ignore[misc]
        before = queries.carriers_frame(session, as_of=october).set_index("id")
    k = f"_{carrier.id}"
    assert at_most_today(make_app, carrier.id)
    with patch("streamlit_folium.st_folium", lambda *a, **kw: None):
        at = make_app(page("Carriers"), user="shibei").run()
        at.selectbox(key="c_pick").set_value(carrier.id).run()
        # A cut dated October is refused: October was reported at more than it.
        at.number_input(key="c_area" + k).set_value(float(round(report.occupied_area_m2 * 0.9)))
        at.date_input(key="c_since" + k).set_value(october)
        at.button(key="c_save" + k).click().run()
        assert any("填报的已出租面积" in e.value for e in at.error), [e.value for e in at.error]
        # A raise dated today is saved; October keeps the area it had.
        bigger = float(carrier.total_area_m2 + 1000)
        at.number_input(key="c_area" + k).set_value(bigger)
        at.date_input(key="c_since" + k).set_value(shanghai_today())
        at.button(key="c_save" + k).click().run()
    assert not at.error, [e.value for e in at.error]
    # The save says from when the new area counts and how to correct every month
    # instead (user QA: a fixed typo left October at the old area, unseen).
    notice = f"自 {shanghai_today()} 所在月起计入，此前各月仍按原值计算"
    assert any(notice in s.value and "更正录入错误" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    newest, after = _newest_size_and_month(app_db, carrier.id, october)
    assert (newest.total_area_m2, newest.changed_on, newest.changed_by) == (
        bigger,
        shanghai_today(),
        "shibei",
    )
    assert after.loc[carrier.id, "occupancy_rate"] == before.loc[carrier.id, "occupancy_rate"]
    assert after.loc[carrier.id, "total_area_m2"] == carrier.total_area_m2


def at_most_today(make_app: Callable[..., AppTest], carrier_id: int) -> bool:
    """The form's date starts today (the service refuses a later one)."""
    from unittest.mock import patch

    from models.common import shanghai_today

    with patch("streamlit_folium.st_folium", lambda *a, **kw: None):
        at = make_app(page("Carriers"), user="shibei").run()
        at.selectbox(key="c_pick").set_value(carrier_id).run()
    field = at.date_input(key=f"c_since_{carrier_id}")
    return bool(field.value == shanghai_today())


def test_a_typo_corrected_as_such_fixes_every_month_the_record_covered(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """User QA: fixing a mistyped area "from today" left October at the wrong area, and
    the advice to re-date it at the opening was then refused (recheck QA)."""
    from datetime import date
    from unittest.mock import patch

    from models.carrier import Carrier, CarrierSizeChange

    october = date(2026, 10, 1)
    with Session(get_engine(app_db)) as session:
        carrier = session.exec(
            select(Carrier).where(Carrier.park_code == "shibei").order_by(Carrier.id)  # type: ignore[arg-type]
        ).first()
        assert carrier is not None
        rows_before = session.exec(
            select(CarrierSizeChange).where(CarrierSizeChange.carrier_id == carrier.id)
        ).all()
    assert len(rows_before) == 1  # a sample carrier: one size since it opened
    k = f"_{carrier.id}"
    fixed = float(carrier.total_area_m2 + 500)
    with patch("streamlit_folium.st_folium", lambda *a, **kw: None):
        at = make_app(page("Carriers"), user="shibei").run()
        at.selectbox(key="c_pick").set_value(carrier.id).run()
        at.number_input(key="c_area" + k).set_value(fixed)
        at.checkbox(key="c_fix" + k).check()
        at.button(key="c_save" + k).click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("已更正" in s.value for s in at.success), [s.value for s in at.success]
    newest, frame = _newest_size_and_month(app_db, carrier.id, october)
    # Dated the day of the record it replaces, so October (and every month) uses it.
    assert newest.changed_on == rows_before[0].changed_on
    assert frame.loc[carrier.id, "total_area_m2"] == fixed


def _newest_size_and_month(url: str, carrier_id: int, month: object) -> tuple[Any, Any]:
    """The carrier's newest size row, and the carriers as of ``month`` by id."""
    from models import queries
    from models.carrier import CarrierSizeChange

    with Session(get_engine(url)) as session:
        newest = session.exec(
            select(CarrierSizeChange)
            .where(CarrierSizeChange.carrier_id == carrier_id)
            .order_by(CarrierSizeChange.id.desc())  # type: ignore[union-attr]
        ).first()
        frame = queries.carriers_frame(session, as_of=month).set_index("id")  # type: ignore[arg-type]
    assert newest is not None
    return newest, frame


def test_a_negative_head_count_and_a_bad_code_are_named_together(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """The browser's own range check blocked the save without a word (user QA): the
    field takes any number, and the service names every problem of the form at once."""
    before = _tenant_count(app_db)
    at = make_app(TENANTS, user="shibei").run()
    employees = at.number_input(key="t_employees_-1")
    assert employees.min is None  # no silent browser-side block
    employees.set_value(-5)
    at = _register(at, "12345")
    errors = " ".join(e.value for e in at.error)
    assert "员工人数" in errors and "不能为负数" in errors
    assert "统一社会信用代码" in errors
    assert _tenant_count(app_db) == before
