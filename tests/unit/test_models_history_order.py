"""Histories stay in order, and a record cannot contradict its own past (attack QA,
2026-11-29). Each case was a save the app accepted and whose figures then disagreed
between pages: a backdated stage, a status dated before the previous one, an opening
before the start, a firm deleted while still resident. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from model_factories import (
    ADMIN,
    conversion_data,
    make_carrier,
    make_conversion,
    make_tenancy,
    make_tenant,
)
from sqlmodel import Session

from models import queries
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, ExitReason, Role
from models.errors import ValidationFailed
from models.services.carriers import update_carrier
from models.services.conversions import change_status, create_conversion, update_conversion
from models.services.occupancy import save_month
from models.services.tenants import delete_tenant, move_out
from models.services.users import create_user


def _stage(url: str, carrier: Carrier, since: date) -> None:
    with session_scope(get_engine(url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=carrier.id or 0,
            expected_version=carrier.version,
            changes={"stage": "accelerator"},
            stage_changed_on=since,
        )


def test_a_new_stage_cannot_start_before_the_carrier_opened(db_url: str) -> None:
    carrier = make_carrier(db_url, stage="incubator", opened_on=date(2022, 8, 1))
    with pytest.raises(ValidationFailed) as err:
        _stage(db_url, carrier, date(2017, 1, 1))
    assert "2022-08-01" in err.value.messages("en")[0]
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, carrier.id).stage == "incubator"  # type: ignore[union-attr]
        # The month view agrees with the record, as before the refused save.
        frame = queries.carriers_frame(s, as_of=date(2026, 10, 1))
    assert frame.loc[frame["id"] == carrier.id, "stage"].item() == "incubator"
    _stage(db_url, carrier, date(2022, 8, 1))  # the opening day itself is allowed


def test_a_status_cannot_be_dated_before_the_previous_one(db_url: str) -> None:
    project = make_conversion(db_url)  # identified on 2025-01-01
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed) as err:
        change_status(
            s,
            actor=ADMIN,
            project_id=project.id or 0,
            expected_version=project.version,
            status=ConversionStatus.UNDER_CONSTRUCTION,
            on=date(1999, 1, 1),
        )
    assert "2025-01-01" in err.value.messages("en")[0]
    with session_scope(get_engine(db_url)) as s:
        done = change_status(
            s,
            actor=ADMIN,
            project_id=project.id or 0,
            expected_version=project.version,
            status=ConversionStatus.UNDER_CONSTRUCTION,
            on=date(2025, 1, 1),
        )
        assert done.status == ConversionStatus.UNDER_CONSTRUCTION


@pytest.mark.parametrize(
    ("start", "opened"),
    [("planned_start", "planned_open"), ("actual_start", "actual_open")],
)
def test_a_project_cannot_open_before_it_starts(db_url: str, start: str, opened: str) -> None:
    dates = {start: date(2026, 5, 1), opened: date(2026, 3, 1)}
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed) as err:
        create_conversion(s, actor=ADMIN, data=conversion_data(**dates))
    assert "2026-03-01" in err.value.messages("en")[0]
    project = make_conversion(db_url, **{start: date(2026, 5, 1)})
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed):
        update_conversion(
            s,
            actor=ADMIN,
            project_id=project.id or 0,
            expected_version=project.version,
            changes={opened: date(2026, 3, 1)},
        )


def test_a_resident_firm_cannot_be_deleted(db_url: str) -> None:
    carrier = make_carrier(db_url)
    tenant = make_tenant(db_url)
    tenancy = make_tenancy(db_url, tenant.id or 0, carrier.id or 0)
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed) as err:
        delete_tenant(s, actor=ADMIN, tenant_id=tenant.id or 0, expected_version=tenant.version)
    assert "move it out" in err.value.messages("en")[0]
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=tenancy.id or 0,
            expected_version=tenancy.version,
            end_on=date(2025, 6, 30),
            exit_reason=ExitReason.LEFT_DISTRICT,
        )
    with session_scope(get_engine(db_url)) as s:  # moved out: now it may go
        delete_tenant(s, actor=ADMIN, tenant_id=tenant.id or 0, expected_version=tenant.version)


def test_the_system_username_is_reserved(db_url: str) -> None:
    for name in ("system", "System", "ＳＹＳＴＥＭ"):
        with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed) as err:
            create_user(s, actor=ADMIN, username=name, password="x" * 12, role=Role.VIEWER)
        assert "reserved" in err.value.messages("en")[0]


def test_an_opening_cannot_move_past_the_carriers_own_reports(db_url: str) -> None:
    """Attack QA moved a 2020 carrier's opening to next month: 36 reports dropped out."""
    carrier = make_carrier(db_url, opened_on=date(2024, 1, 15))
    with session_scope(get_engine(db_url)) as s:
        save_month(
            s,
            actor=ADMIN,
            today=date(2024, 4, 5),
            confirm_implausible=True,
            rows=[
                {
                    "carrier_id": carrier.id,
                    "month": date(2024, 3, 1),
                    "occupied_area_m2": 10.0,
                    "occupied_workstations": 1,
                    "tenant_count": 1,
                }
            ],
        )

    def reopen(on: date) -> None:
        with session_scope(get_engine(db_url)) as s:
            now = s.get(Carrier, carrier.id)
            assert now is not None
            update_carrier(
                s,
                actor=ADMIN,
                carrier_id=carrier.id or 0,
                expected_version=now.version,
                changes={"opened_on": on},
            )

    with pytest.raises(ValidationFailed) as err:
        reopen(date(2026, 12, 15))
    assert "2024-03" in err.value.messages("zh")[0]
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, carrier.id).opened_on == date(2024, 1, 15)  # type: ignore[union-attr]
    reopen(date(2024, 3, 31))  # any day of the first reported month is fine
    reopen(date(2023, 6, 1))  # and earlier always


def test_a_status_step_cannot_start_a_project_after_its_recorded_opening(db_url: str) -> None:
    """Attack QA: an imported opening, then "under construction" filled a later start."""
    project = make_conversion(db_url, actual_open=date(2024, 1, 1))
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed) as err:
        change_status(
            s,
            actor=ADMIN,
            project_id=project.id or 0,
            expected_version=project.version,
            status=ConversionStatus.UNDER_CONSTRUCTION,
            on=date(2026, 11, 1),
        )
    assert "2024-01-01" in err.value.messages("en")[0]
    with Session(get_engine(db_url)) as s:
        stored = s.get(type(project), project.id)
        assert stored is not None and stored.status == "identified" and stored.actual_start is None
