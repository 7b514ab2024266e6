"""The audit trail: every write is recorded with who, what, and the fields it changed.

Also the data-version counter every cache is keyed by (it must move on every write, or
pages show stale figures) and soft delete (the row stays, the lists drop it).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from model_factories import (
    SZR_POINT,
    carrier_data,
    conversion_data,
    last_audit,
    make_carrier,
    make_conversion,
    make_tenancy,
    make_tenant,
    tenant_data,
)
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, ExitReason, Role
from models.errors import NotFound
from models.queries import audit_frame, carriers_frame, data_version, status_history
from models.services import carriers, conversions, occupancy, tenants
from models.services.core import Actor

ALICE = Actor(username="alice", role=Role.ADMIN)


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def test_create_records_the_new_row(db_url: str) -> None:
    with session_scope(get_engine(db_url)) as s:
        carrier = carriers.create_carrier(
            s, actor=ALICE, data=carrier_data(name_zh="审计测试空间"), reason="新入库"
        )
    event = last_audit(db_url, "carrier", carrier.id)
    assert (event.username, event.action, event.entity) == ("alice", "create", "carrier")
    assert event.before is None
    after = _json(event.after)
    assert after["name_zh"] == "审计测试空间"
    assert after["park_code"] == "shibei"
    assert event.reason == "新入库"


def test_update_records_only_the_changed_field(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    with session_scope(get_engine(db_url)) as s:
        carriers.update_carrier(
            s,
            actor=ALICE,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"total_area_m2": 5600.0, "name_zh": carrier.name_zh},
        )
    event = last_audit(db_url, "carrier", carrier.id)
    assert (event.username, event.action, event.entity_id) == ("alice", "update", carrier.id)
    assert _json(event.before) == {"total_area_m2": 5000.0}
    assert _json(event.after) == {"total_area_m2": 5600.0}


def test_moving_a_carrier_records_its_new_zone(db_url: str) -> None:
    carrier = make_carrier(db_url)
    with session_scope(get_engine(db_url)) as s:
        moved = carriers.update_carrier(
            s,
            actor=ALICE,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"lon": SZR_POINT[0], "lat": SZR_POINT[1]},
        )
    assert (moved.park_code, moved.belt_codes) == (None, "belt_szr")
    event = last_audit(db_url, "carrier", carrier.id)
    assert _json(event.before) == {
        "lon": carrier.lon,
        "lat": carrier.lat,
        "park_code": "shibei",
        "belt_codes": "",
    }
    assert _json(event.after) == {
        "lon": SZR_POINT[0],
        "lat": SZR_POINT[1],
        "park_code": None,
        "belt_codes": "belt_szr",
    }


def test_tenant_update_and_move_out_are_audited(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url), make_tenant(db_url, employees=3)
    tenancy = make_tenancy(db_url, tenant.id, carrier.id)
    with session_scope(get_engine(db_url)) as s:
        tenants.update_tenant(
            s, actor=ALICE, tenant_id=tenant.id, expected_version=1, changes={"employees": 30}
        )
        tenants.move_out(
            s,
            actor=ALICE,
            tenancy_id=tenancy.id,
            expected_version=1,
            end_on=date(2025, 12, 31),
            exit_reason=ExitReason.LEFT_DISTRICT,
        )
    t_event = last_audit(db_url, "tenant", tenant.id)
    assert (_json(t_event.before), _json(t_event.after)) == ({"employees": 3}, {"employees": 30})
    m_event = last_audit(db_url, "tenancy", tenancy.id)
    assert m_event.action == "update"
    assert _json(m_event.before) == {"end_on": None, "exit_reason": None}
    assert _json(m_event.after) == {"end_on": "2025-12-31", "exit_reason": "left_district"}


def test_monthly_report_correction_is_audited(db_url: str) -> None:
    carrier = make_carrier(db_url)
    row = {"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": 1000.0}
    with session_scope(get_engine(db_url)) as s:
        [report] = occupancy.save_month(s, actor=ALICE, rows=[row], today=date(2026, 2, 1))
    created = last_audit(db_url, "occupancy", report.id)
    assert created.action == "create"
    assert _json(created.after)["occupied_area_m2"] == 1000.0
    with session_scope(get_engine(db_url)) as s:
        occupancy.save_month(
            s,
            actor=ALICE,
            rows=[{**row, "occupied_area_m2": 1200.0, "version": 1}],
            today=date(2026, 2, 1),
        )
    event = last_audit(db_url, "occupancy", report.id)
    assert event.action == "update"
    assert _json(event.before) == {"occupied_area_m2": 1000.0}
    assert _json(event.after) == {"occupied_area_m2": 1200.0}


def test_status_change_is_audited_and_dated(db_url: str) -> None:
    project = make_conversion(db_url)
    with session_scope(get_engine(db_url)) as s:
        conversions.change_status(
            s,
            actor=ALICE,
            project_id=project.id,
            expected_version=1,
            status=ConversionStatus.UNDER_CONSTRUCTION,
            on=date(2025, 9, 1),
            note="开工",
        )
    event = last_audit(db_url, "conversion", project.id)
    assert _json(event.before) == {"status": "identified", "actual_start": None}
    assert _json(event.after) == {"status": "under_construction", "actual_start": "2025-09-01"}
    assert event.reason == "开工"
    with Session(get_engine(db_url)) as s:
        history = status_history(s, project_id=project.id)
    assert list(history["status"]) == ["identified", "under_construction"]
    assert list(history["changed_on"]) == [date(2025, 1, 1), date(2025, 9, 1)]


def test_data_version_increases_after_every_write(db_url: str) -> None:
    engine = get_engine(db_url)
    versions: list[int] = []

    def write(fn: Any) -> Any:
        with session_scope(engine) as s:
            result = fn(s)
        with Session(engine) as s:
            versions.append(data_version(s))
        return result

    with Session(engine) as s:
        versions.append(data_version(s))
    carrier = write(lambda s: carriers.create_carrier(s, actor=ALICE, data=carrier_data()))
    write(
        lambda s: carriers.update_carrier(
            s, actor=ALICE, carrier_id=carrier.id, expected_version=1, changes={"address": "江场路"}
        )
    )
    write(
        lambda s: occupancy.save_month(
            s,
            actor=ALICE,
            rows=[{"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": 5}],
            today=date(2026, 2, 1),
        )
    )
    tenant = write(lambda s: tenants.create_tenant(s, actor=ALICE, data=tenant_data()))
    tenancy = write(
        lambda s: tenants.move_in(
            s,
            actor=ALICE,
            data={"tenant_id": tenant.id, "carrier_id": carrier.id, "start_on": date(2025, 1, 1)},
        )
    )
    write(
        lambda s: tenants.move_out(
            s,
            actor=ALICE,
            tenancy_id=tenancy.id,
            expected_version=1,
            end_on=date(2025, 6, 30),
            exit_reason=ExitReason.CLOSED,
        )
    )
    project = write(lambda s: conversions.create_conversion(s, actor=ALICE, data=conversion_data()))
    write(
        lambda s: conversions.delete_conversion(
            s, actor=ALICE, project_id=project.id, expected_version=1
        )
    )
    write(
        lambda s: carriers.delete_carrier(s, actor=ALICE, carrier_id=carrier.id, expected_version=2)
    )
    assert versions == sorted(set(versions)), versions
    assert len(versions) == 10


def test_soft_delete_keeps_the_row_but_hides_it(db_url: str) -> None:
    carrier = make_carrier(db_url, name_zh="即将删除的空间")
    with Session(get_engine(db_url)) as s:
        assert carrier.id in set(carriers_frame(s)["id"])
    with session_scope(get_engine(db_url)) as s:
        carriers.delete_carrier(
            s, actor=ALICE, carrier_id=carrier.id, expected_version=1, reason="停止运营"
        )
    with Session(get_engine(db_url)) as s:
        row = s.get(Carrier, carrier.id)
        assert row is not None and row.deleted_at is not None
        assert row.name_zh == "即将删除的空间"
        frame = carriers_frame(s)
        assert frame.empty or carrier.id not in set(frame["id"])
    event = last_audit(db_url, "carrier", carrier.id)
    assert (event.action, event.reason) == ("delete", "停止运营")
    assert _json(event.before)["name_zh"] == "即将删除的空间"
    # A deleted carrier can no longer be edited.
    with pytest.raises(NotFound), session_scope(get_engine(db_url)) as s:
        carriers.update_carrier(
            s, actor=ALICE, carrier_id=carrier.id, expected_version=2, changes={"address": "x"}
        )


def test_audit_frame_filters_by_user_and_entity(db_url: str) -> None:
    bob = Actor(username="bob_audit", role=Role.ADMIN)
    with session_scope(get_engine(db_url)) as s:
        carrier = carriers.create_carrier(s, actor=bob, data=carrier_data())
        tenants.create_tenant(s, actor=bob, data=tenant_data())
    with Session(get_engine(db_url)) as s:
        mine = audit_frame(s, username="bob_audit")
        only_carriers = audit_frame(s, username="bob_audit", entity="carrier")
        assert set(mine["entity"]) == {"carrier", "tenant"}
        assert list(only_carriers["entity_id"]) == [carrier.id]
        events = s.exec(select(AuditEvent).where(AuditEvent.username == "bob_audit")).all()
    assert len(events) == 2
