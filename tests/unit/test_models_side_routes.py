"""Side routes around the rules: scope tricks, stranded tenancies, shrinking carriers,
backwards status changes and graduations that are not one.

Every case goes through the service layer on SQLite and PostgreSQL and checks that a
refused write leaves the stored rows as they were.
"""

from __future__ import annotations

from datetime import date

import pytest
from model_factories import (
    ADMIN,
    MANAGER_IN,
    MANAGER_OUT,
    SHIBEI_POINT,
    SZR_POINT,
    VIEWER,
    count,
    make_carrier,
    make_conversion,
    make_tenancy,
    make_tenant,
)
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.conversion import ConversionProject, ConversionStatusChange
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, ExitReason
from models.errors import PermissionDenied, ValidationFailed
from models.occupancy import OccupancyReport
from models.services.carriers import delete_carrier, update_carrier
from models.services.conversions import (
    PIPELINE,
    allowed_next,
    change_status,
    editable_project_ids,
)
from models.services.core import SYSTEM
from models.services.tenants import (
    editable_tenant_ids,
    graduate,
    move_in,
    move_out,
    update_tenant,
)
from models.tenant import Tenancy, Tenant

# ------------------------------------------------------------------- tenant scope


def _tenant_name(url: str, tenant_id: int) -> str:
    with Session(get_engine(url)) as s:
        row = s.get(Tenant, tenant_id)
        assert row is not None
        return row.name


def _rename(url: str, actor: object, tenant_id: int, name: str) -> None:
    with Session(get_engine(url)) as s:
        row = s.get(Tenant, tenant_id)
        assert row is not None
        version = row.version
    with session_scope(get_engine(url)) as s:
        update_tenant(
            s,
            actor=actor,  # type: ignore[arg-type]
            tenant_id=tenant_id,
            expected_version=version,
            changes={"name": name},
        )


def test_manager_cannot_edit_a_tenant_with_no_current_tenancy(db_url: str) -> None:
    tenant = make_tenant(db_url)
    with pytest.raises(PermissionDenied) as info:
        _rename(db_url, MANAGER_IN, tenant.id, "改名有限公司")
    assert info.value.messages("en") == ["User “shibei_mgr” may not update this tenant"]
    assert _tenant_name(db_url, tenant.id) == tenant.name
    # Nor one that has moved out of their carrier.
    carrier = make_carrier(db_url, SHIBEI_POINT)
    tenancy = make_tenancy(db_url, tenant.id, carrier.id)
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=SYSTEM,
            tenancy_id=tenancy.id,
            expected_version=1,
            end_on=date(2025, 6, 30),
            exit_reason=ExitReason.LEFT_DISTRICT,
        )
    with pytest.raises(PermissionDenied):
        _rename(db_url, MANAGER_IN, tenant.id, "改名有限公司")
    # An admin still can.
    _rename(db_url, ADMIN, tenant.id, "改名有限公司")
    assert _tenant_name(db_url, tenant.id) == "改名有限公司"


def test_moving_another_zones_tenant_in_does_not_make_it_renamable(db_url: str) -> None:
    theirs, mine = make_carrier(db_url, SZR_POINT), make_carrier(db_url, SHIBEI_POINT)
    tenant = make_tenant(db_url)
    over_there = make_tenancy(db_url, tenant.id, theirs.id)
    data = {"tenant_id": tenant.id, "carrier_id": mine.id, "start_on": date(2025, 3, 1)}
    # A manager may not add a firm still in another zone's carrier: nobody but an admin
    # could undo it (attack QA), ticked "also elsewhere" or not ...
    for also in (False, True):
        with pytest.raises(ValidationFailed) as refused, session_scope(get_engine(db_url)) as s:
            move_in(s, actor=MANAGER_IN, data=data, also_elsewhere=also)
        assert refused.value.problems[0].key == (
            "err_tenancy_elsewhere_scope" if also else "err_tenancy_elsewhere"
        )
    # ... an admin may (a company may rent in two places) ...
    with session_scope(get_engine(db_url)) as s:
        move_in(s, actor=ADMIN, data=data, also_elsewhere=True)
    # ... but it is still resident in the other zone, so its record is not ours to edit.
    with pytest.raises(PermissionDenied):
        _rename(db_url, MANAGER_IN, tenant.id, "劫持有限公司")
    assert _tenant_name(db_url, tenant.id) == tenant.name
    with Session(get_engine(db_url)) as s:
        assert tenant.id not in editable_tenant_ids(s, actor=MANAGER_IN)
        assert tenant.id not in editable_tenant_ids(s, actor=MANAGER_OUT)
    # Once it has left the other zone, it is wholly in ours and we may correct it.
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=MANAGER_OUT,
            tenancy_id=over_there.id,
            expected_version=1,
            end_on=date(2025, 3, 1),
            exit_reason=ExitReason.MOVED_WITHIN,
        )
    _rename(db_url, MANAGER_IN, tenant.id, "更正有限公司")
    assert _tenant_name(db_url, tenant.id) == "更正有限公司"
    with Session(get_engine(db_url)) as s:
        assert tenant.id in editable_tenant_ids(s, actor=MANAGER_IN)
        assert not editable_tenant_ids(s, actor=VIEWER)


# -------------------------------------------------------------- conversion scope


def _project(url: str, project_id: int) -> tuple[str, int | None, int]:
    with Session(get_engine(url)) as s:
        row = s.get(ConversionProject, project_id)
        assert row is not None
        history = s.exec(
            select(ConversionStatusChange).where(ConversionStatusChange.project_id == project_id)
        ).all()
        return row.status, row.carrier_id, len(history)


def test_linking_a_project_to_another_zones_carrier_is_refused(db_url: str) -> None:
    project = make_conversion(db_url, SHIBEI_POINT)
    theirs, mine = make_carrier(db_url, SZR_POINT), make_carrier(db_url, SHIBEI_POINT)
    before = _project(db_url, project.id)
    with pytest.raises(PermissionDenied), session_scope(get_engine(db_url)) as s:
        change_status(
            s,
            actor=MANAGER_IN,
            project_id=project.id,
            expected_version=1,
            status=ConversionStatus.PLANNING,
            on=date(2025, 2, 1),
            carrier_id=theirs.id,
        )
    assert _project(db_url, project.id) == before
    # Their own carrier may be linked.
    with session_scope(get_engine(db_url)) as s:
        change_status(
            s,
            actor=MANAGER_IN,
            project_id=project.id,
            expected_version=1,
            status=ConversionStatus.PLANNING,
            on=date(2025, 2, 1),
            carrier_id=mine.id,
        )
    assert _project(db_url, project.id) == ("planning", mine.id, before[2] + 1)


def test_only_projects_in_scope_are_offered_for_editing(db_url: str) -> None:
    ours, theirs = make_conversion(db_url, SHIBEI_POINT), make_conversion(db_url, SZR_POINT)
    with Session(get_engine(db_url)) as s:
        mine = editable_project_ids(s, actor=MANAGER_IN)
        assert ours.id in mine and theirs.id not in mine
        other = editable_project_ids(s, actor=MANAGER_OUT)
        assert theirs.id in other and ours.id not in other
        assert not editable_project_ids(s, actor=VIEWER)
        assert {ours.id, theirs.id} <= editable_project_ids(s, actor=ADMIN)


# ------------------------------------------------------------------ carrier rules


def _live(url: str, carrier_id: int) -> bool:
    with Session(get_engine(url)) as s:
        row = s.get(Carrier, carrier_id)
        return row is not None and row.deleted_at is None


def test_deleting_a_carrier_with_current_tenants_is_refused(db_url: str) -> None:
    carrier = make_carrier(db_url)
    tenancy = make_tenancy(db_url, make_tenant(db_url).id, carrier.id)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        delete_carrier(s, actor=ADMIN, carrier_id=carrier.id, expected_version=1)
    assert info.value.messages("en") == [
        "This carrier still has 1 current tenants; move them out before deleting it"
    ]
    assert info.value.messages("zh") == ["该载体仍有 1 家在驻企业，请先办理迁出再删除"]
    assert _live(db_url, carrier.id)
    # The tenancy is not stranded: it can still be ended, and then the delete goes through.
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=tenancy.id,
            expected_version=1,
            end_on=date(2025, 12, 31),
            exit_reason=ExitReason.CLOSED,
        )
        delete_carrier(s, actor=ADMIN, carrier_id=carrier.id, expected_version=1)
    assert not _live(db_url, carrier.id)


def _report(url: str, carrier_id: int, month: date, area: float, ws: int) -> None:
    # Arranged directly: the occupancy sheet's own rules are tested elsewhere.
    with session_scope(get_engine(url)) as s:
        s.add(
            OccupancyReport(
                carrier_id=carrier_id,
                month=month,
                occupied_area_m2=area,
                occupied_workstations=ws,
                tenant_count=3,
            )
        )


def _resize(url: str, carrier_id: int, on: date, **changes: float) -> Carrier:
    with Session(get_engine(url)) as s:
        row = s.get(Carrier, carrier_id)
        assert row is not None
        version = row.version
    with session_scope(get_engine(url)) as s:
        return update_carrier(
            s,
            actor=MANAGER_IN,
            carrier_id=carrier_id,
            expected_version=version,
            changes=changes,
            size_changed_on=on,
        )


def test_total_area_cannot_be_cut_below_a_report_of_the_months_it_applies_to(
    db_url: str,
) -> None:
    carrier = make_carrier(db_url, total_area_m2=5000.0, workstations_total=400)
    _report(db_url, carrier.id, date(2025, 11, 1), 4800.0, 390)  # older, larger
    _report(db_url, carrier.id, date(2025, 12, 1), 4000.0, 300)  # newest
    with pytest.raises(ValidationFailed) as info:
        _resize(db_url, carrier.id, date(2025, 12, 1), total_area_m2=0.5, workstations_total=299)
    zh = info.value.messages("zh")
    assert zh[0].startswith("自 2025-12-01 起的总面积 0 ㎡ 小于 2025-12 填报的已出租面积 4,000 ㎡")
    assert zh[1] == "自 2025-12-01 起的总工位 299 少于 2025-12 填报的已用工位 300"
    assert info.value.messages("en")[0].startswith(
        "A total area of 0 m² from 2025-12-01 is less than the occupied area 4,000 m² "
        "reported for 2025-12"
    )
    with Session(get_engine(db_url)) as s:
        stored = s.get(Carrier, carrier.id)
        assert stored is not None
        assert (stored.total_area_m2, stored.workstations_total, stored.version) == (5000, 400, 1)
    # Dated back to November, the older and larger report is the bound.
    with pytest.raises(ValidationFailed) as info:
        _resize(db_url, carrier.id, date(2025, 11, 3), total_area_m2=4000.0)
    assert "2025-11" in info.value.messages("en")[0]
    # From December on the newest report is the bound, and equal is fine.
    on = date(2025, 12, 1)
    resized = _resize(db_url, carrier.id, on, total_area_m2=4000.0, workstations_total=300)
    assert (resized.total_area_m2, resized.workstations_total) == (4000.0, 300)


def test_an_unrelated_edit_is_not_blocked_by_the_size_rule(db_url: str) -> None:
    # Legacy data may already disagree; only a change of the size itself is checked.
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    _report(db_url, carrier.id, date(2025, 12, 1), 6000.0, 10)
    with Session(get_engine(db_url)) as s:
        version = s.get(Carrier, carrier.id).version  # type: ignore[union-attr]
    with session_scope(get_engine(db_url)) as s:
        edited = update_carrier(
            s,
            actor=MANAGER_IN,
            carrier_id=carrier.id,
            expected_version=version,
            changes={"operator": "新运营方"},
        )
    assert edited.operator == "新运营方"


# ------------------------------------------------- status chain (issue 7 §8 mutant)


def _project_at(url: str, status: ConversionStatus) -> ConversionProject:
    project = make_conversion(url)
    if status != ConversionStatus.IDENTIFIED:
        with session_scope(get_engine(url)) as s:
            project = change_status(
                s,
                actor=SYSTEM,
                project_id=project.id,
                expected_version=1,
                status=status,
                on=date(2025, 3, 1),
            )
    return project


FINAL = (ConversionStatus.OPERATING, ConversionStatus.CANCELLED)
# Every move the chain forbids: anything out of a final status, and within the
# pipeline any step to the same or an earlier status.
BACKWARDS = [
    (old, new)
    for old in ConversionStatus
    for new in ConversionStatus
    if old in FINAL or (new in PIPELINE and PIPELINE.index(new) <= PIPELINE.index(old))
]


def test_allowed_next_is_forward_only() -> None:
    assert allowed_next(ConversionStatus.APPROVED) == [
        ConversionStatus.UNDER_CONSTRUCTION,
        ConversionStatus.OPERATING,
        ConversionStatus.CANCELLED,
    ]
    assert allowed_next(ConversionStatus.OPERATING) == []
    assert allowed_next(ConversionStatus.CANCELLED) == []


@pytest.mark.parametrize(
    ("old", "new"), BACKWARDS, ids=[f"{o.value}->{n.value}" for o, n in BACKWARDS]
)
def test_status_never_moves_backwards(
    db_url: str, old: ConversionStatus, new: ConversionStatus
) -> None:
    project = _project_at(db_url, old)
    before = _project(db_url, project.id)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        change_status(
            s,
            actor=SYSTEM,
            project_id=project.id,
            expected_version=project.version,
            status=new,
            on=date(2025, 4, 1),
        )
    assert [p.key for p in info.value.problems] == ["err_status_transition"]
    assert _project(db_url, project.id) == before


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("status", {"status": "demolished"}, "“demolished” is not a valid “Status”"),
        (
            "note",
            {"note": "ok\x00"},
            "“Note” contains control characters (such as NUL); remove them",
        ),
        ("on", {"on": date(1900, 1, 1)}, "“Date” must be between 1949-01-01 and "),
    ],
)
def test_hostile_status_change_is_refused_naming_the_field(
    db_url: str, field: str, kwargs: dict, message: str
) -> None:
    project = make_conversion(db_url)
    before = _project(db_url, project.id)
    args = {"status": ConversionStatus.PLANNING, "on": date(2025, 4, 1), **kwargs}
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        change_status(s, actor=SYSTEM, project_id=project.id, expected_version=1, **args)
    assert [p.field for p in info.value.problems] == [field]
    assert info.value.messages("en")[0].startswith(message)
    assert _project(db_url, project.id) == before


# ----------------------------------------------- graduation stage (issue 7 §8 mutant)


@pytest.mark.parametrize("target_stage", ["incubator", "nursery", "public_space"])
def test_graduation_into_the_same_or_an_earlier_stage_is_refused(
    db_url: str, target_stage: str
) -> None:
    source = make_carrier(db_url, stage="incubator")
    target = make_carrier(db_url, stage=target_stage)
    tenancy = make_tenancy(db_url, make_tenant(db_url).id, source.id)
    with Session(get_engine(db_url)) as s:
        tenancies = count(s, Tenancy)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        graduate(
            s,
            actor=SYSTEM,
            tenancy_id=tenancy.id,
            expected_version=1,
            to_carrier_id=target.id,
            on=date(2025, 6, 1),
        )
    assert [p.key for p in info.value.problems] == ["err_graduation_stage"]
    with Session(get_engine(db_url)) as s:
        stored = s.get(Tenancy, tenancy.id)
        assert stored is not None and (stored.end_on, stored.exit_reason) == (None, None)
        assert count(s, Tenancy) == tenancies


def test_graduation_into_a_later_stage_moves_the_tenant(db_url: str) -> None:
    source = make_carrier(db_url, stage="incubator")
    target = make_carrier(db_url, stage="accelerator")
    tenancy = make_tenancy(db_url, make_tenant(db_url).id, source.id)
    with session_scope(get_engine(db_url)) as s:
        new = graduate(
            s,
            actor=SYSTEM,
            tenancy_id=tenancy.id,
            expected_version=1,
            to_carrier_id=target.id,
            on=date(2025, 6, 1),
        )
    with Session(get_engine(db_url)) as s:
        old = s.get(Tenancy, tenancy.id)
        assert old is not None and (old.end_on, old.exit_reason) == (date(2025, 6, 1), "graduated")
        open_now = s.exec(
            select(Tenancy).where(
                Tenancy.tenant_id == tenancy.tenant_id, col(Tenancy.end_on).is_(None)
            )
        ).all()
        assert [t.carrier_id for t in open_now] == [target.id] == [new.carrier_id]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("exit_reason", {"exit_reason": "bogus"}),
        ("end_on", {"end_on": date(1900, 1, 1)}),
    ],
)
def test_move_out_refuses_hostile_arguments(db_url: str, field: str, kwargs: dict) -> None:
    tenancy = make_tenancy(db_url, make_tenant(db_url).id, make_carrier(db_url).id)
    args = {"end_on": date(2025, 6, 1), "exit_reason": ExitReason.CLOSED, **kwargs}
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        move_out(s, actor=SYSTEM, tenancy_id=tenancy.id, expected_version=1, **args)
    assert [p.field for p in info.value.problems] == [field]
    with Session(get_engine(db_url)) as s:
        stored = s.get(Tenancy, tenancy.id)
        assert stored is not None and stored.end_on is None


# ------------------------------------------------------------------- zone codes


def test_unknown_zone_code_in_a_manager_scope_is_refused(db_url: str) -> None:
    from models.enums import Role
    from models.services.users import create_user
    from models.user import User

    with Session(get_engine(db_url)) as s:
        users = count(s, User)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        create_user(
            s,
            actor=ADMIN,
            username="zone.typo",
            password="correct-horse-battery-42",
            role=Role.MANAGER,
            zone_codes=["shibei", "shibie"],
        )
    assert info.value.messages("en") == ["There is no park or belt with the code “shibie”"]
    assert info.value.messages("zh") == ["园区/集聚带代码“shibie”不存在"]
    with Session(get_engine(db_url)) as s:
        assert count(s, User) == users


# --------------------------------------- the page pickers agree with the write rules


@pytest.mark.parametrize("actor", [MANAGER_IN, MANAGER_OUT, ADMIN, VIEWER], ids=repr)
def test_pickers_offer_exactly_what_the_services_allow(seeded: Session, actor: object) -> None:
    from models.services.conversions import may_edit_project
    from models.services.tenants import may_edit_tenant

    projects = seeded.exec(select(ConversionProject)).all()
    expected = {p.id for p in projects if may_edit_project(seeded, actor, p)}  # type: ignore[arg-type]
    assert editable_project_ids(seeded, actor=actor) == expected  # type: ignore[arg-type]
    tenants = seeded.exec(select(Tenant)).all()
    expected = {t.id for t in tenants if may_edit_tenant(seeded, actor, t.id)}  # type: ignore[arg-type]
    assert editable_tenant_ids(seeded, actor=actor) == expected  # type: ignore[arg-type]
    if actor in (MANAGER_IN, MANAGER_OUT):
        # The sample data has something on each side of every manager's scope.
        assert 0 < len(expected) < len(tenants)


def test_locating_many_points_agrees_with_one_by_one(db_url: str) -> None:
    from models.services.location import locate, locate_many

    points = [SHIBEI_POINT, SZR_POINT, (121.50, 31.10), (121.4456, 31.2944), (121.455, 31.230)]
    with Session(get_engine(db_url)) as s:
        one_by_one = [locate(s, lon=lon, lat=lat) for lon, lat in points]
        assert locate_many(s, points) == one_by_one
    assert one_by_one[0].park_code == "shibei" and one_by_one[1].belt_codes == ("belt_szr",)
    assert not one_by_one[2].in_district
