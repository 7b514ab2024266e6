"""Who may write what: the permission matrix of the service layer.

Actors: a viewer, a manager whose scope is Shibei park (in scope for the Shibei carrier
every case targets), a manager of the Suzhou River belt (out of scope) and an admin.
Rules as the services implement them: viewers write nothing; managers create and edit
records in their scope; deleting is admin-only; registering a tenant is open to any
manager (a new enterprise has no location yet), but editing a tenant with no open
tenancy is admin-only (it is in nobody's scope), and so are its support grants; only an
admin creates users. A refused write leaves the database untouched; an allowed one is
audited under the actor's name. ``COVERED`` maps every write function of
models/services to its rows, and a test fails when a new one is missing.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from model_factories import (
    ADMIN,
    MANAGER_IN,
    MANAGER_OUT,
    SHIBEI_POINT,
    SZR_POINT,
    VIEWER,
    audit_rows,
    carrier_data,
    conversion_data,
    last_audit,
    make_carrier,
    make_conversion,
    make_tenancy,
    make_tenant,
    tenant_data,
    zoned_sqlite_url,
)
from sqlmodel import Session, col, select

from models.audit import AuditEvent
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, ExitReason, Role
from models.errors import PermissionDenied
from models.queries import data_version
from models.services import (
    accounts,
    carriers,
    conversions,
    occupancy,
    screen_settings,
    support,
    tenants,
    users,
    zones,
)
from models.services.core import SYSTEM, Actor
from models.settings import Settings
from models.zone import Zone

Ctx = dict[str, Any]


@dataclass(frozen=True)
class Op:
    """A write: ``setup`` builds its target as SYSTEM, ``act`` performs it as the actor."""

    name: str
    setup: Callable[[str], Ctx]
    act: Callable[[Session, Actor, Ctx], Any]

    def __repr__(self) -> str:
        return self.name


def _carrier_ctx(url: str) -> Ctx:
    return {"carrier": make_carrier(url)}


def _tenant_placed_ctx(url: str) -> Ctx:
    carrier = make_carrier(url)
    tenant = make_tenant(url)
    tenancy = make_tenancy(url, tenant.id, carrier.id)
    return {"carrier": carrier, "tenant": tenant, "tenancy": tenancy}


def _tenant_left_ctx(url: str) -> Ctx:
    """A firm that was in a carrier and left: one an admin may delete."""
    ctx = _tenant_placed_ctx(url)
    with session_scope(get_engine(url)) as s:
        tenants.move_out(
            s,
            actor=SYSTEM,
            tenancy_id=ctx["tenancy"].id,
            expected_version=ctx["tenancy"].version,
            end_on=date(2025, 6, 30),
            exit_reason=ExitReason.LEFT_DISTRICT,
        )
    return ctx


def _report_ctx(url: str) -> Ctx:
    carrier = make_carrier(url)
    with session_scope(get_engine(url)) as s:
        occupancy.save_month(
            s,
            actor=ADMIN,
            rows=[{"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": 1}],
            today=date(2026, 3, 1),
        )
    return {"carrier": carrier}


def _conversion_ctx(url: str) -> Ctx:
    return {"project": make_conversion(url)}


def _conversion_and_carrier_ctx(url: str) -> Ctx:
    return {"project": make_conversion(url), "carrier": make_carrier(url)}


def _graduation_ctx(url: str) -> Ctx:
    ctx = _tenant_placed_ctx(url)  # the source carrier is an incubator
    return ctx | {"target": make_carrier(url, stage="accelerator")}


def _grant_data(tenant_id: int) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "fund_name": "科技小巨人",
        "level": "district",
        "year": 2025,
        "amount_10k_cny": 30,
    }


def _grant_ctx(url: str) -> Ctx:
    ctx = _tenant_placed_ctx(url)
    with session_scope(get_engine(url)) as s:
        grant = support.create_grant(s, actor=SYSTEM, data=_grant_data(ctx["tenant"].id))
    return ctx | {"grant": grant}


_new_user = itertools.count(1)


def _user_ctx(url: str) -> Ctx:
    with session_scope(get_engine(url)) as s:
        user = users.create_user(
            s,
            actor=SYSTEM,
            username=f"perm_target_{next(_new_user)}",
            password="a-long-enough-2026",
            role=Role.VIEWER,
        )
    return {"user_id": user.id}


def _update_zone(s: Session, actor: Actor) -> Any:
    """A new theme text for a belt (the outline stays: other cases share the database)."""
    zone = s.exec(select(Zone).where(Zone.code == "belt_mrr")).one()
    return zones.update_zone(
        s,
        actor=actor,
        zone_id=int(zone.id or 0),
        expected_version=zone.version,
        changes={"theme_en": f"theme {secrets.token_hex(4)}"},
    )


OPS = [
    Op(
        "carrier.create",
        lambda url: {},
        lambda s, a, c: carriers.create_carrier(s, actor=a, data=carrier_data(SHIBEI_POINT)),
    ),
    Op(
        "carrier.update",
        _carrier_ctx,
        lambda s, a, c: carriers.update_carrier(
            s,
            actor=a,
            carrier_id=c["carrier"].id,
            expected_version=1,
            changes={"total_area_m2": 4321.0},
        ),
    ),
    Op(
        "carrier.delete",
        _carrier_ctx,
        lambda s, a, c: carriers.delete_carrier(
            s, actor=a, carrier_id=c["carrier"].id, expected_version=1
        ),
    ),
    Op(
        "tenant.create",
        lambda url: {},
        lambda s, a, c: tenants.create_tenant(s, actor=a, data=tenant_data()),
    ),
    Op(
        "tenant.update",
        _tenant_placed_ctx,
        lambda s, a, c: tenants.update_tenant(
            s, actor=a, tenant_id=c["tenant"].id, expected_version=1, changes={"employees": 42}
        ),
    ),
    Op(
        "tenant.update_unplaced",
        lambda url: {"tenant": make_tenant(url)},
        lambda s, a, c: tenants.update_tenant(
            s, actor=a, tenant_id=c["tenant"].id, expected_version=1, changes={"employees": 7}
        ),
    ),
    Op(
        "tenant.delete",
        _tenant_left_ctx,
        lambda s, a, c: tenants.delete_tenant(
            s, actor=a, tenant_id=c["tenant"].id, expected_version=1
        ),
    ),
    Op(
        "tenancy.move_in",
        lambda url: {"carrier": make_carrier(url), "tenant": make_tenant(url)},
        lambda s, a, c: tenants.move_in(
            s,
            actor=a,
            data={
                "tenant_id": c["tenant"].id,
                "carrier_id": c["carrier"].id,
                "start_on": date(2025, 5, 1),
            },
        ),
    ),
    Op(
        "tenancy.move_out",
        _tenant_placed_ctx,
        lambda s, a, c: tenants.move_out(
            s,
            actor=a,
            tenancy_id=c["tenancy"].id,
            expected_version=1,
            end_on=date(2025, 12, 31),
            exit_reason=ExitReason.LEFT_DISTRICT,
        ),
    ),
    Op(
        "occupancy.create",
        _carrier_ctx,
        lambda s, a, c: occupancy.save_month(
            s,
            actor=a,
            rows=[
                {"carrier_id": c["carrier"].id, "month": date(2026, 2, 1), "occupied_area_m2": 9}
            ],
            today=date(2026, 3, 1),
        ),
    ),
    Op(
        "occupancy.update",
        _report_ctx,
        lambda s, a, c: occupancy.save_month(
            s,
            actor=a,
            rows=[
                {
                    "carrier_id": c["carrier"].id,
                    "month": date(2026, 1, 1),
                    "occupied_area_m2": 2,
                    "version": 1,
                }
            ],
            today=date(2026, 3, 1),
        ),
    ),
    Op(
        "conversion.create",
        lambda url: {},
        lambda s, a, c: conversions.create_conversion(s, actor=a, data=conversion_data()),
    ),
    Op(
        "conversion.update",
        _conversion_ctx,
        lambda s, a, c: conversions.update_conversion(
            s,
            actor=a,
            project_id=c["project"].id,
            expected_version=1,
            changes={"investment_mcny": 12.5},
        ),
    ),
    Op(
        "conversion.change_status",
        _conversion_ctx,
        lambda s, a, c: conversions.change_status(
            s,
            actor=a,
            project_id=c["project"].id,
            expected_version=1,
            status=ConversionStatus.PLANNING,
            on=date(2025, 6, 1),
        ),
    ),
    Op(
        "conversion.delete",
        _conversion_ctx,
        lambda s, a, c: conversions.delete_conversion(
            s, actor=a, project_id=c["project"].id, expected_version=1
        ),
    ),
    Op(
        "conversion.change_status_link_carrier",
        _conversion_and_carrier_ctx,
        lambda s, a, c: conversions.change_status(
            s,
            actor=a,
            project_id=c["project"].id,
            expected_version=1,
            status=ConversionStatus.PLANNING,
            on=date(2025, 6, 1),
            carrier_id=c["carrier"].id,
        ),
    ),
    Op(
        "tenancy.graduate",
        _graduation_ctx,
        lambda s, a, c: tenants.graduate(
            s,
            actor=a,
            tenancy_id=c["tenancy"].id,
            expected_version=1,
            to_carrier_id=c["target"].id,
            on=date(2025, 9, 1),
            area_m2=50.0,
        ),
    ),
    Op(
        "occupancy.confirm_unchanged",
        _report_ctx,
        lambda s, a, c: occupancy.save_month(
            s,
            actor=a,
            rows=[
                {
                    "carrier_id": c["carrier"].id,
                    "month": date(2026, 2, 1),
                    occupancy.SAME: True,
                }
            ],
            today=date(2026, 3, 1),
        ),
    ),
    Op(
        "grant.create",
        _tenant_placed_ctx,
        lambda s, a, c: support.create_grant(s, actor=a, data=_grant_data(c["tenant"].id)),
    ),
    Op(
        "grant.create_unplaced",
        lambda url: {"tenant": make_tenant(url)},
        lambda s, a, c: support.create_grant(s, actor=a, data=_grant_data(c["tenant"].id)),
    ),
    Op(
        "conversion.link_carrier",
        lambda url: {"carrier": make_carrier(url), "project": make_conversion(url)},
        lambda s, a, c: conversions.link_carrier(
            s,
            actor=a,
            project_id=c["project"].id,
            expected_version=1,
            carrier_id=c["carrier"].id,
        ),
    ),
    Op(
        "grant.update",
        _grant_ctx,
        lambda s, a, c: support.update_grant(
            s,
            actor=a,
            grant_id=c["grant"].id,
            expected_version=1,
            changes={"amount_10k_cny": 45},
        ),
    ),
    Op(
        "grant.delete",
        _grant_ctx,
        lambda s, a, c: support.delete_grant(
            s, actor=a, grant_id=c["grant"].id, expected_version=1
        ),
    ),
    Op(
        "user.create",
        lambda url: {},
        lambda s, a, c: users.create_user(
            s,
            actor=a,
            username=f"perm_user_{next(_new_user)}",
            password="a-long-enough-2026",
            role=Role.VIEWER,
        ),
    ),
    Op(
        "user.update",
        _user_ctx,
        lambda s, a, c: accounts.update_user(
            s,
            actor=a,
            user_id=c["user_id"],
            expected_version=1,
            changes={"display_name": "改名"},
        ),
    ),
    Op(
        "user.reset_password",
        _user_ctx,
        lambda s, a, c: accounts.reset_password(
            s, actor=a, user_id=c["user_id"], expected_version=1, password="another-long-2026"
        ),
    ),
    Op(
        "screen.save",
        lambda url: {},
        lambda s, a, c: screen_settings.save_screen_settings(
            s,
            actor=a,
            scenes=["overview", "chain"],
            interval=25,
            refresh=60,
            expected_version=screen_settings.screen_defaults(s, env=SCREEN_ENV).version,
            env=SCREEN_ENV,
        ),
    ),
    Op(
        "zone.update",
        lambda url: {},
        lambda s, a, c: _update_zone(s, a),
    ),
    Op(
        "screen.clear",
        lambda url: {},
        lambda s, a, c: screen_settings.clear_screen_settings(
            s,
            actor=a,
            expected_version=screen_settings.screen_defaults(s, env=SCREEN_ENV).version,
            env=SCREEN_ENV,
        ),
    ),
]

# Every write function of the service layer and the operations above that call it.
# Backup and restore read or replace the whole database, which a shared matrix database
# cannot survive: their admin-only rule is tested in tests/unit/test_backup.py
# (test_only_an_admin_may_back_up_or_restore), named here so the sweep below knows them.
# A new write service fails test_matrix_names_every_write_service until it is added
# here and to OPS (or, if it only reads, to READ_ONLY).
COVERED: dict[Callable[..., Any], set[str]] = {
    carriers.create_carrier: {"carrier.create"},
    carriers.update_carrier: {"carrier.update"},
    carriers.delete_carrier: {"carrier.delete"},
    tenants.create_tenant: {"tenant.create"},
    tenants.update_tenant: {"tenant.update", "tenant.update_unplaced"},
    tenants.delete_tenant: {"tenant.delete"},
    tenants.move_in: {"tenancy.move_in"},
    tenants.move_out: {"tenancy.move_out"},
    tenants.graduate: {"tenancy.graduate"},
    occupancy.save_month: {"occupancy.create", "occupancy.update", "occupancy.confirm_unchanged"},
    conversions.create_conversion: {"conversion.create"},
    conversions.update_conversion: {"conversion.update"},
    conversions.change_status: {
        "conversion.change_status",
        "conversion.change_status_link_carrier",
    },
    conversions.delete_conversion: {"conversion.delete"},
    conversions.link_carrier: {"conversion.link_carrier"},
    support.create_grant: {"grant.create", "grant.create_unplaced"},
    support.update_grant: {"grant.update"},
    support.delete_grant: {"grant.delete"},
    users.create_user: {"user.create"},
    accounts.update_user: {"user.update"},
    accounts.reset_password: {"user.reset_password"},
    screen_settings.save_screen_settings: {"screen.save"},
    screen_settings.clear_screen_settings: {"screen.clear"},
    zones.update_zone: {"zone.update"},
}
WHOLE_DATABASE = {"backup_database", "restore_database"}
# Functions taking an actor that write nothing: they answer "may this actor ...?".
READ_ONLY = {
    "editable_project_ids",
    "may_edit_project",
    "editable_tenant_ids",
    "may_edit_tenant",
    "recheck_actor",
}
# Shared machinery every write above goes through (tested by way of them).
MACHINERY = {
    "audit",
    "record_size",  # a history row written inside create/update_carrier
    "audited_create",
    "audited_update",
    "guarded_update",
    "require",
    "soft_delete",
}

ALL = {op.name for op in OPS}
DELETES = {n for n in ALL if n.endswith(".delete")}
# Writes open to any manager: no location to be in or out of scope of.
UNSCOPED = {"tenant.create"}
# A tenant with no current tenancy lies in no manager's scope (issue 7 §6), nor do its
# grants; users are the admin's alone.
ADMIN_ONLY = DELETES | {
    "tenant.update_unplaced",
    "grant.create_unplaced",
    "user.create",
    "user.update",
    "user.reset_password",
    "screen.save",
    "screen.clear",
    "zone.update",
}
ALLOWED: dict[str, set[str]] = {
    "viewer": set(),
    "manager_in": ALL - ADMIN_ONLY,
    "manager_out": UNSCOPED,
    "admin": ALL,
}
SCREEN_ENV = Settings(screen_scenes="overview", screen_interval=20, screen_refresh=60)
ACTORS = {"viewer": VIEWER, "manager_in": MANAGER_IN, "manager_out": MANAGER_OUT, "admin": ADMIN}
CASES = [
    pytest.param(who, op, op.name in ALLOWED[who], id=f"{who}-{op.name}")
    for who in ACTORS
    for op in OPS
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One zoned SQLite database for the module; every case builds its own targets."""
    path: Path = tmp_path_factory.mktemp("perm") / "perm.db"
    url = zoned_sqlite_url(path)
    yield url
    get_engine(url).dispose()


def test_matrix_covers_every_actor_and_write() -> None:
    assert len(CASES) == 4 * len(OPS)
    assert len(ALL) == len(OPS), "operation names must be unique"
    assert ALLOWED["admin"] == ALL and not ALLOWED["viewer"]
    assert set().union(*COVERED.values()) == ALL


def test_matrix_names_every_write_service() -> None:
    """Every public service function that takes an actor is a row of the matrix."""
    import models.services as package

    found = set()
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"models.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "actor" in inspect.signature(fn).parameters:
                found.add(fn)
    unknown = {
        f"{fn.__module__}.{fn.__name__}"
        for fn in found
        if fn not in COVERED and fn.__name__ not in READ_ONLY | MACHINERY | WHOLE_DATABASE
    }
    assert not unknown, f"write services missing from the permission matrix: {unknown}"


@pytest.mark.parametrize(("who", "op", "allowed"), CASES)
def test_permission_matrix(url: str, who: str, op: Op, allowed: bool) -> None:
    actor = ACTORS[who]
    ctx = op.setup(url)
    audits = audit_rows(url)
    with Session(get_engine(url)) as s:
        version = data_version(s)
    if allowed:
        with session_scope(get_engine(url)) as s:
            op.act(s, actor, ctx)
        assert audit_rows(url) > audits
        with Session(get_engine(url)) as s:
            assert data_version(s) > version
            newest = s.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
        assert newest is not None and newest.username == actor.username
        return
    with pytest.raises(PermissionDenied) as info, session_scope(get_engine(url)) as s:
        op.act(s, actor, ctx)
    assert audit_rows(url) == audits
    with Session(get_engine(url)) as s:
        assert data_version(s) == version
    [en] = info.value.messages("en")
    [zh] = info.value.messages("zh")
    assert f"User “{actor.username}” may not" in en
    assert f"用户“{actor.username}”无权" in zh


def test_refused_delete_message_is_fully_translated(url: str) -> None:
    carrier = make_carrier(url)
    with pytest.raises(PermissionDenied) as info, session_scope(get_engine(url)) as s:
        carriers.delete_carrier(s, actor=MANAGER_IN, carrier_id=carrier.id, expected_version=1)
    assert info.value.messages("zh") == ["用户“shibei_mgr”无权删除该载体"]
    assert info.value.messages("en") == ["User “shibei_mgr” may not delete this carrier"]


def test_refused_monthly_row_names_the_row(url: str) -> None:
    mine, theirs = make_carrier(url), make_carrier(url, SZR_POINT)
    rows = [
        {"carrier_id": mine.id, "month": date(2026, 1, 1), "occupied_area_m2": 1},
        {"carrier_id": theirs.id, "month": date(2026, 1, 1), "occupied_area_m2": 1},
    ]
    audits = audit_rows(url)
    with pytest.raises(PermissionDenied) as info, session_scope(get_engine(url)) as s:
        occupancy.save_month(s, actor=MANAGER_IN, rows=rows, today=date(2026, 3, 1))
    assert info.value.messages("zh") == [f"{theirs.name_zh}：用户“shibei_mgr”无权修改该出租率填报"]
    assert info.value.messages("en") == [
        f"{theirs.name_en}: User “shibei_mgr” may not update this occupancy report"
    ]
    assert audit_rows(url) == audits


def test_allowed_write_is_audited_under_the_actors_name(url: str) -> None:
    carrier = make_carrier(url)
    with session_scope(get_engine(url)) as s:
        carriers.update_carrier(
            s,
            actor=MANAGER_IN,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"operator": "市北高科"},
        )
    assert last_audit(url, "carrier", carrier.id).username == "shibei_mgr"


def test_manager_scoped_to_a_single_carrier(url: str) -> None:
    listed, other = make_carrier(url, SZR_POINT), make_carrier(url, SZR_POINT)
    actor = Actor(username="one_site", role=Role.MANAGER, carrier_ids=frozenset({listed.id}))
    with session_scope(get_engine(url)) as s:
        carriers.update_carrier(
            s, actor=actor, carrier_id=listed.id, expected_version=1, changes={"address": "x"}
        )
    with pytest.raises(PermissionDenied), session_scope(get_engine(url)) as s:
        carriers.update_carrier(
            s, actor=actor, carrier_id=other.id, expected_version=1, changes={"address": "x"}
        )


def test_belt_manager_may_edit_belt_carrier(url: str) -> None:
    # The out-of-scope manager of the matrix is in scope on their own belt.
    carrier = make_carrier(url, SZR_POINT)
    with session_scope(get_engine(url)) as s:
        updated = carriers.update_carrier(
            s,
            actor=MANAGER_OUT,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"workstations_total": 123},
        )
    assert updated.workstations_total == 123
    assert updated.belt_codes == "belt_szr"
