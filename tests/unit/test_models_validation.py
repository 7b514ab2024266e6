"""Bad input through the service layer: refused with a zh and en message, nothing written.

Each case runs on SQLite and PostgreSQL. "Nothing written" is checked on every table the
services write to, the audit trail and the data-version counter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from model_factories import (
    OUTSIDE_POINT,
    carrier_data,
    conversion_data,
    count,
    make_carrier,
    make_tenancy,
    make_tenant,
    tenant_data,
)
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.conversion import ConversionProject, ConversionStatusChange
from models.db import get_engine, session_scope
from models.enums import ExitReason
from models.errors import ServiceError, ValidationFailed
from models.occupancy import OccupancyReport
from models.queries import data_version
from models.services.carriers import create_carrier, update_carrier
from models.services.conversions import create_conversion
from models.services.core import SYSTEM
from models.services.occupancy import save_month
from models.services.tenants import create_tenant, move_in, move_out
from models.tenant import Tenancy, Tenant

TABLES = (
    Carrier,
    Tenant,
    Tenancy,
    OccupancyReport,
    ConversionProject,
    ConversionStatusChange,
    AuditEvent,
)
TODAY = date(2026, 3, 15)


def _state(url: str) -> dict[str, int]:
    with Session(get_engine(url)) as s:
        state = {m.__name__: count(s, m) for m in TABLES}
        state["data_version"] = data_version(s)
    return state


def refused(url: str, write: Callable[[Session], Any]) -> ServiceError:
    """Run ``write`` in a unit of work; it must fail and leave the database unchanged."""
    before = _state(url)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(url)) as s:
        write(s)
    assert _state(url) == before
    return info.value


def test_negative_area_on_create_carrier(db_url: str) -> None:
    err = refused(
        db_url,
        lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(total_area_m2=-50.0)),
    )
    assert err.messages("zh") == ["“总面积”不能为负数"]
    assert err.messages("en") == ["“Total area” cannot be negative"]


def test_negative_area_on_update_carrier_keeps_old_value(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=3000.0)
    err = refused(
        db_url,
        lambda s: update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"total_area_m2": -1.0},
        ),
    )
    assert "“Total area” cannot be negative" in err.messages("en")
    with Session(get_engine(db_url)) as s:
        stored = s.get(Carrier, carrier.id)
        assert stored is not None
        assert (stored.total_area_m2, stored.version) == (3000.0, 1)


def test_occupied_area_above_total_names_the_row(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    row = {"carrier_id": carrier.id, "month": date(2026, 2, 1), "occupied_area_m2": 6000}
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=[row], today=TODAY))
    # Named by the carrier, not a row number the manager would have to count.
    assert err.messages("zh") == [f"{carrier.name_zh}：已出租面积 6,000 ㎡ 超过载体总面积 5,000 ㎡"]
    assert err.messages("en") == [
        f"{carrier.name_en}: Occupied area 6,000 m² exceeds the carrier's total area 5,000 m²"
    ]


def test_occupied_workstations_above_total(db_url: str) -> None:
    carrier = make_carrier(db_url, workstations_total=100)
    row = {
        "carrier_id": carrier.id,
        "month": date(2026, 2, 1),
        "occupied_area_m2": 10,
        "occupied_workstations": 101,
    }
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=[row], today=TODAY))
    assert err.messages("en") == [
        f"{carrier.name_en}: Occupied workstations 101 exceed the total of 100"
    ]
    assert err.messages("zh") == [f"{carrier.name_zh}：已用工位 101 超过总工位 100"]


def test_a_carrier_of_zero_square_metres_is_refused(db_url: str) -> None:
    err = refused(
        db_url, lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(total_area_m2=0))
    )
    assert err.messages("zh") == ["载体总面积必须大于 0"]
    carrier = make_carrier(db_url)
    err = refused(
        db_url,
        lambda s: update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=carrier.version,
            changes={"total_area_m2": 0},
        ),
    )
    assert err.messages("en") == ["A carrier's total area must be more than 0"]


def test_future_month_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    row = {"carrier_id": carrier.id, "month": date(2026, 4, 1), "occupied_area_m2": 10}
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=[row], today=TODAY))
    assert err.messages("zh") == [f"{carrier.name_zh}：不能填报未来月份（2026-04）"]
    assert err.messages("en") == [f"{carrier.name_en}: Cannot report a future month (2026-04)"]


def test_a_month_before_the_carrier_opened_is_refused(db_url: str) -> None:
    """An import took a report for 1900-01 (attack QA); the carrier opened in 2020."""
    carrier = make_carrier(db_url, opened_on=date(2020, 4, 15))
    for month in (date(1900, 1, 1), date(2020, 3, 1)):
        row = {"carrier_id": carrier.id, "month": month, "occupied_area_m2": 10}
        err = refused(db_url, lambda s, r=row: save_month(s, actor=SYSTEM, rows=[r], today=TODAY))
        assert err.messages("zh") == [
            f"{carrier.name_zh}：填报月份 {month:%Y-%m} 早于载体开业月份 2020-04"
        ]
    # The opening month itself may be filed.
    row = {"carrier_id": carrier.id, "month": date(2020, 4, 1), "occupied_area_m2": 10}
    with session_scope(get_engine(db_url)) as s:
        save_month(s, actor=SYSTEM, rows=[row], today=TODAY)


def test_current_month_is_accepted(db_url: str) -> None:
    # The boundary of the rule above: the running month may be filed.
    carrier = make_carrier(db_url)
    row = {"carrier_id": carrier.id, "month": date(2026, 3, 9), "occupied_area_m2": 10}
    with session_scope(get_engine(db_url)) as s:
        [report] = save_month(s, actor=SYSTEM, rows=[row], today=TODAY)
    assert report.month == date(2026, 3, 1)


def test_negative_occupied_area_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    row = {"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": -1}
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=[row], today=TODAY))
    assert err.messages("zh") == [f"{carrier.name_zh}：“已出租面积”不能为负数"]
    assert err.messages("en") == [f"{carrier.name_en}: “Occupied area” cannot be negative"]


def test_unknown_stage_is_refused(db_url: str) -> None:
    err = refused(
        db_url,
        lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(stage="gas_station")),
    )
    assert err.messages("zh") == ["“阶段”的取值“gas_station”无效"]
    assert err.messages("en") == ["“gas_station” is not a valid “Stage”"]


def test_blank_name_is_refused(db_url: str) -> None:
    err = refused(
        db_url,
        lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(name_zh="   ")),
    )
    assert err.messages("zh") == ["“中文名称”不能为空"]
    assert err.messages("en") == ["“Chinese name” is required"]


@pytest.mark.parametrize(
    "code", ["91110108551385082A", "123456", "91110108551385082QQ", "9111010855138508IQ"]
)
def test_malformed_credit_code_is_refused(db_url: str, code: str) -> None:
    err = refused(
        db_url,
        lambda s: create_tenant(s, actor=SYSTEM, data=tenant_data(credit_code=code)),
    )
    [zh] = err.messages("zh")
    [en] = err.messages("en")
    assert zh.startswith("统一社会信用代码“") and "无效" in zh
    assert en.startswith("Unified social credit code “") and "is invalid" in en
    assert code.upper() in en


def test_duplicate_credit_code_is_refused_even_in_lower_case(db_url: str) -> None:
    first = make_tenant(db_url)
    err = refused(
        db_url,
        lambda s: create_tenant(
            s,
            actor=SYSTEM,
            data=tenant_data(credit_code=" " + first.credit_code.lower()),
        ),
    )
    assert err.messages("zh") == [f"统一社会信用代码“{first.credit_code}”已登记（{first.name}）"]
    assert err.messages("en") == [
        f"Credit code “{first.credit_code}” is already registered ({first.name})"
    ]


def test_lower_case_code_with_spaces_is_stored_normalised(db_url: str) -> None:
    code = tenant_data()["credit_code"]
    pasted = f"{code[:6].lower()} {code[6:].lower()}"
    tenant = make_tenant(db_url, credit_code=pasted)
    assert tenant.credit_code == code


def test_move_in_ending_before_start_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    tenant = make_tenant(db_url)
    data = {
        "tenant_id": tenant.id,
        "carrier_id": carrier.id,
        "start_on": date(2025, 6, 1),
        "end_on": date(2025, 5, 31),
        "exit_reason": "closed",
    }
    err = refused(db_url, lambda s: move_in(s, actor=SYSTEM, data=data))
    assert err.messages("zh") == ["结束日期 2025-05-31 早于开始日期 2025-06-01"]
    assert err.messages("en") == ["End date 2025-05-31 is before start date 2025-06-01"]


def test_a_tenancy_larger_than_its_carrier_is_refused_and_nothing_is_saved(
    db_url: str,
) -> None:
    carrier = make_carrier(db_url)
    tenant = make_tenant(db_url)
    total = float(carrier.total_area_m2)
    data = {
        "tenant_id": tenant.id,
        "carrier_id": carrier.id,
        "start_on": date(2025, 6, 1),
        "area_m2": total + 110,
        "workstations": carrier.workstations_total + 1,
    }
    err = refused(db_url, lambda s: move_in(s, actor=SYSTEM, data=data))
    assert err.messages("zh") == [
        f"入驻面积 {total + 110:,.0f} ㎡ 超过载体总面积 {total:,.0f} ㎡",
        f"入驻工位 {carrier.workstations_total + 1} 超过载体总工位 {carrier.workstations_total}",
    ]
    mine = select(Tenancy).where(Tenancy.tenant_id == tenant.id)
    with Session(get_engine(db_url)) as s:
        assert s.exec(mine).all() == []
    # The whole carrier is allowed (one firm may take it all).
    whole = data | {"area_m2": total, "workstations": carrier.workstations_total}
    with Session(get_engine(db_url)) as s:
        move_in(s, actor=SYSTEM, data=whole)
        s.commit()
        assert len(s.exec(mine).all()) == 1


def test_move_out_before_move_in_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    tenant = make_tenant(db_url)
    tenancy = make_tenancy(db_url, tenant.id, carrier.id, start_on=date(2025, 1, 1))
    err = refused(
        db_url,
        lambda s: move_out(
            s,
            actor=SYSTEM,
            tenancy_id=tenancy.id,
            expected_version=1,
            end_on=date(2024, 12, 31),
            exit_reason=ExitReason.CLOSED,
        ),
    )
    assert err.messages("en") == ["End date 2024-12-31 is before start date 2025-01-01"]
    assert err.messages("zh") == ["结束日期 2024-12-31 早于开始日期 2025-01-01"]
    with Session(get_engine(db_url)) as s:
        stored = s.get(Tenancy, tenancy.id)
        assert stored is not None and stored.end_on is None


def test_second_open_tenancy_in_same_carrier_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    tenant = make_tenant(db_url)
    make_tenancy(db_url, tenant.id, carrier.id)
    data = {"tenant_id": tenant.id, "carrier_id": carrier.id, "start_on": date(2025, 3, 1)}
    err = refused(db_url, lambda s: move_in(s, actor=SYSTEM, data=data))
    assert err.messages("en") == ["This tenant already has an open tenancy here"]
    assert err.messages("zh") == ["该企业已在此载体入驻"]


def test_carrier_outside_the_district_is_refused(db_url: str) -> None:
    err = refused(
        db_url,
        lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(OUTSIDE_POINT)),
    )
    assert err.messages("zh") == ["位置（121.50000, 31.10000）不在静安区范围内"]
    assert err.messages("en") == ["Location (121.50000, 31.10000) is outside Jing'an District"]


def test_moving_a_carrier_outside_the_district_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    err = refused(
        db_url,
        lambda s: update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"lon": OUTSIDE_POINT[0], "lat": OUTSIDE_POINT[1]},
        ),
    )
    assert "outside Jing'an District" in err.messages("en")[0]


def test_conversion_outside_the_district_is_refused(db_url: str) -> None:
    err = refused(
        db_url,
        lambda s: create_conversion(s, actor=SYSTEM, data=conversion_data(OUTSIDE_POINT)),
    )
    assert "不在静安区范围内" in err.messages("zh")[0]


def test_bad_row_two_of_three_writes_none_of_them(db_url: str) -> None:
    carriers = [make_carrier(db_url, total_area_m2=1000.0) for _ in range(3)]
    rows = [
        {"carrier_id": carriers[0].id, "month": date(2026, 2, 1), "occupied_area_m2": 500},
        {"carrier_id": carriers[1].id, "month": date(2026, 2, 1), "occupied_area_m2": 1500},
        {"carrier_id": carriers[2].id, "month": date(2026, 2, 1), "occupied_area_m2": 700},
    ]
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=rows, today=TODAY))
    name = carriers[1].name_zh
    assert err.messages("zh") == [f"{name}：已出租面积 1,500 ㎡ 超过载体总面积 1,000 ㎡"]
    assert err.messages("en")[0].startswith(f"{carriers[1].name_en}: ")
    with Session(get_engine(db_url)) as s:
        for c in carriers:
            assert s.get(Carrier, c.id) is not None
    # The same rows with row 2 fixed are saved together.
    rows[1]["occupied_area_m2"] = 900
    with session_scope(get_engine(db_url)) as s:
        saved = save_month(s, actor=SYSTEM, rows=rows, today=TODAY)
    assert [r.occupied_area_m2 for r in saved] == [500, 900, 700]


def test_every_bad_row_is_reported_at_once(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=1000.0)
    rows = [
        {"carrier_id": carrier.id, "month": date(2026, 9, 1), "occupied_area_m2": 1},
        {"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": "x"},
        {"carrier_id": carrier.id, "month": date(2026, 2, 1), "occupied_area_m2": 2000},
    ]
    err = refused(db_url, lambda s: save_month(s, actor=SYSTEM, rows=rows, today=TODAY))
    messages = err.messages("en")
    assert len(messages) == 3 and all(m.startswith(f"{carrier.name_en}: ") for m in messages)
    assert "future month (2026-09)" in messages[0] and "must be a number" in messages[1]
