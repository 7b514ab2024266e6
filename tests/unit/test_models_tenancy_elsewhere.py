"""A move-in is not a move: a firm still in another carrier needs an explicit "both".

User QA moved a firm into a second carrier and it stayed counted in its old one; attack
QA moved another zone's firm in and took it out of its manager's hands. On SQLite and
PostgreSQL through the service layer, plus the picker's labels as pure functions.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from model_factories import (
    ADMIN,
    MANAGER_IN,
    SHIBEI_POINT,
    make_carrier,
    make_tenancy,
    make_tenant,
)
from sqlmodel import Session, col, select

from models.db import get_engine, session_scope
from models.display import tenant_choices
from models.enums import ExitReason
from models.errors import ValidationFailed
from models.services.tenants import move_in, move_out
from models.tenant import Tenancy


def _open_carriers(url: str, tenant_id: int) -> set[int]:
    with Session(get_engine(url)) as s:
        rows = s.exec(
            select(Tenancy.carrier_id).where(
                Tenancy.tenant_id == tenant_id, col(Tenancy.end_on).is_(None)
            )
        ).all()
    return set(rows)


def test_a_firm_still_elsewhere_is_refused_naming_where_unless_both_is_meant(
    db_url: str,
) -> None:
    old = make_carrier(db_url, SHIBEI_POINT, name_zh="旧苗圃")
    new = make_carrier(db_url, SHIBEI_POINT)
    tenant = make_tenant(db_url)
    make_tenancy(db_url, tenant.id, old.id, start_on=date(2023, 11, 1))
    data = {"tenant_id": tenant.id, "carrier_id": new.id, "start_on": date(2026, 11, 1)}
    with pytest.raises(ValidationFailed) as refused, session_scope(get_engine(db_url)) as s:
        move_in(s, actor=MANAGER_IN, data=data)
    [found] = refused.value.problems
    assert found.key == "err_tenancy_elsewhere"
    assert "旧苗圃（2023-11-01 起）" in found.message("zh")
    assert _open_carriers(db_url, tenant.id) == {old.id}  # nothing written
    # Renting in both, said out loud, in carriers the manager looks after: accepted.
    with session_scope(get_engine(db_url)) as s:
        move_in(s, actor=MANAGER_IN, data=data, also_elsewhere=True)
    assert _open_carriers(db_url, tenant.id) == {old.id, new.id}


def test_a_firm_that_left_before_the_start_moves_in_without_a_question(db_url: str) -> None:
    old, new = make_carrier(db_url, SHIBEI_POINT), make_carrier(db_url, SHIBEI_POINT)
    tenant = make_tenant(db_url)
    before = make_tenancy(db_url, tenant.id, old.id, start_on=date(2024, 1, 1))
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=before.id,
            expected_version=1,
            end_on=date(2026, 10, 31),
            exit_reason=ExitReason.MOVED_WITHIN,
        )
    data = {"tenant_id": tenant.id, "carrier_id": new.id, "start_on": date(2026, 11, 1)}
    with session_scope(get_engine(db_url)) as s:
        move_in(s, actor=MANAGER_IN, data=data)
    assert _open_carriers(db_url, tenant.id) == {new.id}
    # A start before it left overlaps: still the question.
    other = make_carrier(db_url, SHIBEI_POINT)
    early = {"tenant_id": tenant.id, "carrier_id": other.id, "start_on": date(2026, 10, 1)}
    with pytest.raises(ValidationFailed), session_scope(get_engine(db_url)) as s:
        move_in(s, actor=MANAGER_IN, data=early)


def test_the_picker_names_where_each_firm_is_now() -> None:
    tenants = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["甲公司", "乙公司", "丙公司"],
            "name_en": ["Jia Co.", "", None],
            "credit_code": ["A", "B", "C"],
        }
    )
    places = pd.DataFrame(
        {
            "tenant_id": [1, 2, 2],
            "carrier_id": [10, 11, 12],
            "name_zh": ["本园", "聚能湾", "飞马"],
            "name_en": ["Here", "Juneng Bay", ""],
        }
    )
    zh = tenant_choices(tenants, places, carrier_id=10, lang="zh")
    assert zh == {
        1: "甲公司 · A · 现在：本载体",
        2: "乙公司 · B · 现在：聚能湾、飞马",
        3: "丙公司 · C",
    }
    en = tenant_choices(tenants, places, carrier_id=10, lang="en")
    assert en[2] == "乙公司 · B · now in: Juneng Bay, 飞马"  # no English name: the Chinese one
    assert en[1] == "Jia Co. · A · now in: this carrier"  # its English name where recorded


def test_the_sheet_counts_the_firms_recorded_at_the_months_end(db_url: str) -> None:
    """The figure the sheet sets beside the typed 在孵企业数 (the overview's rule)."""
    from models.queries import month_sheet

    carrier = make_carrier(db_url, SHIBEI_POINT)
    stays, leaves, comes = make_tenant(db_url), make_tenant(db_url), make_tenant(db_url)
    make_tenancy(db_url, stays.id, carrier.id, start_on=date(2026, 1, 5), area_m2=120.0)
    gone = make_tenancy(db_url, leaves.id, carrier.id, start_on=date(2026, 2, 1))
    make_tenancy(db_url, comes.id, carrier.id, start_on=date(2026, 11, 1))  # after October
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=gone.id,
            expected_version=1,
            end_on=date(2026, 10, 31),  # ended on the last day: not open at its end
            exit_reason=ExitReason.CLOSED,
        )
    with Session(get_engine(db_url)) as s:
        sheet = month_sheet(s, actor=ADMIN, month=date(2026, 10, 1))
    row = sheet[sheet["carrier_id"] == carrier.id].iloc[0]
    assert row["recorded_tenants"] == 1
    assert row["recorded_area_m2"] == 120.0  # the area the one firm there rents


def test_an_ended_stay_elsewhere_is_not_called_current(db_url: str) -> None:
    """Attack QA recheck: a backdated move-in overlapping a stay that had ended was told
    the firm was "still" there and to move it out first."""
    old = make_carrier(db_url, SHIBEI_POINT, name_zh="旧加速器")
    new = make_carrier(db_url, SHIBEI_POINT)
    tenant = make_tenant(db_url)
    make_tenancy(
        db_url,
        tenant.id,
        old.id,
        start_on=date(2025, 1, 15),
        end_on=date(2025, 12, 8),
        exit_reason="moved_within_district",
    )
    data = {"tenant_id": tenant.id, "carrier_id": new.id, "start_on": date(2025, 6, 1)}
    with pytest.raises(ValidationFailed) as refused, session_scope(get_engine(db_url)) as s:
        move_in(s, actor=MANAGER_IN, data=data)
    [found] = refused.value.problems
    assert found.key == "err_tenancy_elsewhere_past"
    assert "旧加速器（2025-01-15 至 2025-12-08）" in found.message("zh")
    assert "仍在" not in found.message("zh")
