"""Read-side helpers the audit page and the monthly sheet rely on, on hand-made rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from models.common import add_months, default_end_month
from models.db import get_engine
from models.enums import Role
from models.queries import audit_frame, change_summary, scope_entity_ids
from models.services.core import Actor
from tests.unit.model_factories import (
    MANAGER_IN,
    MANAGER_OUT,
    SHIBEI_POINT,
    SZR_POINT,
    make_carrier,
    make_tenancy,
    make_tenant,
    zoned_sqlite_url,
)


def test_change_summary_lists_only_changed_fields() -> None:
    before = json.dumps({"name": "甲", "area": 100, "same": 1})
    after = json.dumps({"name": "乙", "area": 100, "same": 1, "new": "x"})
    assert change_summary(before, after) == [("name", "甲", "乙"), ("new", None, "x")]


def test_change_summary_of_a_create_and_a_delete() -> None:
    record = json.dumps({"name": "甲", "area": 100})
    assert change_summary(None, record) == [("name", None, "甲"), ("area", None, 100)]
    assert change_summary(record, None) == [("name", "甲", None), ("area", 100, None)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 15), date(2026, 10, 1)),
        (date(2026, 11, 1), date(2026, 10, 1)),  # the first is not yet a finished month
        (date(2026, 1, 31), date(2025, 12, 1)),  # across the year boundary
    ],
)
def test_default_end_month_is_the_last_finished_month(today: date, expected: date) -> None:
    assert default_end_month(today) == expected


def test_add_months_crosses_years_both_ways() -> None:
    assert add_months(date(2026, 12, 20), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 5), -13) == date(2024, 12, 1)


def test_manager_with_an_empty_scope_sees_no_audit_events(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    make_carrier(url, SHIBEI_POINT)
    nobody = Actor(username="nobody", role=Role.MANAGER)
    with Session(get_engine(url)) as session:
        scope = scope_entity_ids(session, actor=nobody)
        assert audit_frame(session, entity_ids=scope).empty
        assert not audit_frame(session).empty  # the event exists; the scope hides it


def test_manager_sees_the_audit_of_tenants_in_their_carriers(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    mine = make_carrier(url, SHIBEI_POINT)
    theirs = make_carrier(url, SZR_POINT)
    tenant_here = make_tenant(url)
    tenant_there = make_tenant(url)
    make_tenancy(url, int(tenant_here.id), int(mine.id))  # type: ignore[arg-type]
    make_tenancy(url, int(tenant_there.id), int(theirs.id))  # type: ignore[arg-type]
    with Session(get_engine(url)) as session:
        seen = audit_frame(
            session, entity="tenant", entity_ids=scope_entity_ids(session, actor=MANAGER_IN)
        )
        other = audit_frame(
            session, entity="tenant", entity_ids=scope_entity_ids(session, actor=MANAGER_OUT)
        )
    assert set(seen["entity_id"]) == {tenant_here.id}
    assert set(other["entity_id"]) == {tenant_there.id}
