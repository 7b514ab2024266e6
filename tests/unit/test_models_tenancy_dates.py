"""A tenancy's dates cannot contradict the firm's other records in the same carrier.

Attack QA saved, through the move-in form and a tenancies import: the same firm twice
in one carrier for overlapping months, an open tenancy with an exit reason, a closed
one without a reason, and a move-out dated next year (the firm left every current list
at once and no form could move it anywhere). On SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from model_factories import ADMIN, make_carrier, make_tenancy, make_tenant
from sqlmodel import Session, select

from models.common import shanghai_today
from models.db import get_engine, session_scope
from models.errors import ValidationFailed
from models.services.tenants import move_in, move_out
from models.tenant import Tenancy


def _move_in(url: str, **data: object) -> None:
    with session_scope(get_engine(url)) as s:
        move_in(s, actor=ADMIN, data={"area_m2": 50.0, "workstations": 2, **data})


def _tenancies(url: str, tenant_id: int) -> list[tuple[date, date | None]]:
    with Session(get_engine(url)) as s:
        rows = s.exec(
            select(Tenancy.start_on, Tenancy.end_on)
            .where(Tenancy.tenant_id == tenant_id)
            .order_by(Tenancy.start_on)  # type: ignore[arg-type]
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_move_in_inside_an_earlier_stay_in_the_same_carrier_is_refused(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url), make_tenant(db_url)
    make_tenancy(
        db_url,
        tenant.id,
        carrier.id,
        start_on=date(2025, 1, 28),
        end_on=date(2026, 8, 19),
        exit_reason="left_district",
    )
    ids = {"tenant_id": tenant.id, "carrier_id": carrier.id}
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, **ids, start_on=date(2025, 6, 1))
    assert err.value.messages("zh") == [
        "该企业在本载体已有 2025-01-28 至 2026-08-19 的入驻记录，与新记录的日期重叠"
    ]
    # A closed record reaching into a later open stay: refused too.
    make_tenancy(db_url, tenant.id, carrier.id, start_on=date(2026, 9, 1))
    with pytest.raises(ValidationFailed) as err:
        _move_in(
            db_url,
            **ids,
            start_on=date(2024, 1, 1),
            end_on=date(2026, 10, 1),
            exit_reason="closed",
        )
    assert err.value.messages("en") == [
        "This firm already has a tenancy here from 2025-01-28 to 2026-08-19, "
        "overlapping the new one"
    ]
    assert len(_tenancies(db_url, tenant.id)) == 2  # nothing written
    # Touching is not overlapping: a stay ending the day the next one starts is fine.
    _move_in(
        db_url, **ids, start_on=date(2024, 1, 1), end_on=date(2025, 1, 28), exit_reason="closed"
    )
    assert _tenancies(db_url, tenant.id)[0] == (date(2024, 1, 1), date(2025, 1, 28))


def test_an_end_needs_its_reason_and_a_reason_its_end(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url), make_tenant(db_url)
    ids = {"tenant_id": tenant.id, "carrier_id": carrier.id, "start_on": date(2025, 1, 5)}
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, **ids, exit_reason="graduated")
    assert err.value.messages("zh") == ["选择了迁出原因，请同时填写迁出日期"]
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, **ids, end_on=date(2025, 6, 30))
    assert err.value.messages("zh") == ["填写了迁出日期，请同时选择迁出原因"]
    assert _tenancies(db_url, tenant.id) == []


def test_a_move_out_cannot_be_dated_in_the_future(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url), make_tenant(db_url)
    tenancy = make_tenancy(db_url, tenant.id, carrier.id, start_on=date(2025, 1, 5))
    ahead = shanghai_today() + timedelta(days=30)
    with pytest.raises(ValidationFailed) as err, session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=tenancy.id or 0,
            expected_version=tenancy.version,
            end_on=ahead,
            exit_reason="left_district",
        )
    assert err.value.messages("en") == [
        f"The move-out date {ahead} is in the future: record it once the firm has left"
    ]
    assert _tenancies(db_url, tenant.id) == [(date(2025, 1, 5), None)]  # still in
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=tenancy.id or 0,
            expected_version=tenancy.version,
            end_on=shanghai_today(),
            exit_reason="left_district",
        )
    assert _tenancies(db_url, tenant.id) == [(date(2025, 1, 5), shanghai_today())]


def test_the_firms_in_a_carrier_cannot_rent_more_than_the_whole_of_it(db_url: str) -> None:
    """Attack QA: each move-in was checked alone; 2,666 m² in a 1,370 m² carrier."""
    carrier = make_carrier(db_url, total_area_m2=1000.0)
    first, second, third = (make_tenant(db_url) for _ in range(3))
    make_tenancy(db_url, first.id, carrier.id, start_on=date(2025, 1, 1), area_m2=600.0)
    ids = {"carrier_id": carrier.id, "start_on": date(2025, 6, 1)}
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, tenant_id=second.id, **{**ids, "area_m2": 400.5})
    assert err.value.messages("zh") == [
        f"{carrier.name_zh} 2025-06-01 已有在驻企业租用 600.0 ㎡，再入驻 400.5 ㎡ "
        "将超过其总面积 1,000.0 ㎡"
    ]
    assert _tenancies(db_url, second.id) == []
    _move_in(db_url, tenant_id=second.id, **{**ids, "area_m2": 400.0})  # exactly full
    # Before the first firm came, the space was free: a past stay of 900 m² fits then.
    _move_in(
        db_url,
        tenant_id=third.id,
        carrier_id=carrier.id,
        start_on=date(2024, 1, 1),
        end_on=date(2024, 12, 31),
        exit_reason="closed",
        area_m2=900.0,
    )
    assert _tenancies(db_url, third.id) == [(date(2024, 1, 1), date(2024, 12, 31))]


def test_a_backdated_move_in_must_fit_every_later_day_too(db_url: str) -> None:
    """Attack QA: dated 2025-03-01, a 4,000 m² stay passed the start-day check while the
    firms that came later already filled the carrier (7,414 m² in 5,500 m²)."""
    carrier = make_carrier(db_url, total_area_m2=1000.0)
    early, late, newcomer = (make_tenant(db_url) for _ in range(3))
    make_tenancy(db_url, early.id, carrier.id, start_on=date(2025, 1, 1), area_m2=300.0)
    make_tenancy(db_url, late.id, carrier.id, start_on=date(2025, 9, 1), area_m2=500.0)
    with pytest.raises(ValidationFailed) as err:
        _move_in(
            db_url,
            tenant_id=newcomer.id,
            carrier_id=carrier.id,
            start_on=date(2025, 3, 1),
            area_m2=400.0,
        )
    # By hand: 300 + 400 fits on 1 March; from 1 September 300 + 500 + 400 = 1,200.
    assert "2025-09-01" in err.value.messages("zh")[0]
    assert "800.0 ㎡" in err.value.messages("zh")[0]
    # Ending before the later firm came, the same stay fits.
    _move_in(
        db_url,
        tenant_id=newcomer.id,
        carrier_id=carrier.id,
        start_on=date(2025, 3, 1),
        end_on=date(2025, 9, 1),
        exit_reason="closed",
        area_m2=400.0,
    )


def test_a_move_in_cannot_start_in_the_future(db_url: str) -> None:
    """Attack QA: a stay starting next month could never be moved out (end < start)."""
    carrier, tenant = make_carrier(db_url), make_tenant(db_url)
    ahead = shanghai_today() + timedelta(days=16)
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, tenant_id=tenant.id, carrier_id=carrier.id, start_on=ahead)
    assert err.value.messages("zh") == [f"入驻日期 {ahead} 晚于今天：请在企业实际入驻后再登记"]
    assert _tenancies(db_url, tenant.id) == []


def test_a_move_in_cannot_start_before_the_carrier_opened(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url, opened_on=date(2025, 5, 1)), make_tenant(db_url)
    with pytest.raises(ValidationFailed) as err:
        _move_in(db_url, tenant_id=tenant.id, carrier_id=carrier.id, start_on=date(2025, 4, 1))
    assert err.value.messages("zh") == ["入驻日期 2025-04-01 早于载体开业日期 2025-05-01"]
