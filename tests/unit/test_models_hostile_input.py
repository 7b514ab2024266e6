"""Hostile input × (create, update) × entity: refused by one shared rule, nothing stored.

Each case runs on SQLite and PostgreSQL (NUL bytes and integers beyond 2³¹ used to crash
PostgreSQL inside the INSERT). A refusal must be a ValidationFailed naming the field in
both languages; the row counts of every table, the data version, and for an update the
stored row itself, stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from model_factories import (
    carrier_data,
    conversion_data,
    count,
    make_carrier,
    make_conversion,
    make_tenant,
    tenant_data,
)
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from sqlmodel import Session, SQLModel

from models.audit import AuditEvent
from models.carrier import Carrier, CarrierBase, CarrierUpdate
from models.common import shanghai_today
from models.conversion import (
    ConversionBase,
    ConversionProject,
    ConversionStatusChange,
    ConversionUpdate,
)
from models.db import get_engine, session_scope
from models.errors import ValidationFailed
from models.i18n import t
from models.occupancy import OccupancyReport
from models.queries import data_version
from models.services.carriers import create_carrier, update_carrier
from models.services.conversions import create_conversion, update_conversion
from models.services.core import SYSTEM
from models.services.tenants import create_tenant, move_in, update_tenant
from models.tenant import Tenancy, Tenant, TenantBase, TenantUpdate

NUL = "上海\x00科技"
MEGABYTE = "名" * 1_000_000
ZERO_WIDTH = "上海\u200b科技"
RTL_OVERRIDE = "Shanghai\u202eTech"
BELL = "上海\x07科技"
FAR_FUTURE = shanghai_today() + timedelta(days=800)
BEFORE_1949 = date(1900, 1, 1)
NAN, INF = float("nan"), float("inf")

# (field, value, catalogue key of the refusal)
CARRIER = [
    ("name_zh", NUL, "err_text_control"),
    ("name_zh", MEGABYTE, "err_too_long"),
    ("name_zh", ZERO_WIDTH, "err_text_invisible"),
    ("name_zh", BELL, "err_text_control"),
    ("name_zh", "   ", "err_required"),
    ("name_en", RTL_OVERRIDE, "err_text_invisible"),
    ("name_en", "x" * 201, "err_too_long"),
    ("address", "静安区\x00", "err_text_control"),
    ("address", "路" * 301, "err_too_long"),
    # Shown as "江场三路76-78号 exe.jpg" while "号87-67 gpj.exe" is stored (attack QA).
    ("address", "江场三路\u202e号87-67 gpj.exe", "err_text_direction"),
    ("operator", "\u2067运营方", "err_text_direction"),
    ("operator", "运营\u200b方", "err_text_invisible"),  # looked like the clean name
    ("address", "\ufeff静安区", "err_text_invisible"),
    ("operator", "o" * 201, "err_too_long"),
    ("total_area_m2", INF, "err_not_finite"),
    ("total_area_m2", NAN, "err_not_finite"),
    ("total_area_m2", -50.0, "err_negative"),
    ("total_area_m2", 1e12, "err_too_large"),
    ("total_area_m2", "lots", "err_not_number"),
    ("workstations_total", 10**30, "err_too_large"),
    ("workstations_total", 2**31, "err_too_large"),
    ("workstations_total", -5, "err_negative"),
    ("workstations_total", 2.9, "err_not_whole"),  # a count: "须为数字" read wrong (QA)
    ("stage", "gas_station", "err_unknown_value"),
    ("accreditation", "galactic", "err_unknown_value"),
    ("origin", "bogus", "err_unknown_value"),
    ("focus_industry", "bogus", "err_unknown_value"),
    ("opened_on", BEFORE_1949, "err_date_range"),
    ("opened_on", FAR_FUTURE, "err_date_range"),
    ("opened_on", "2026-13-45", "err_bad_date"),
    ("lon", NAN, "err_not_finite"),
]
TENANT = [
    ("name", NUL, "err_text_control"),
    ("name", MEGABYTE, "err_too_long"),
    ("name", ZERO_WIDTH, "err_text_invisible"),
    ("name", "上海\t科技", "err_text_control"),
    ("name", "", "err_required"),
    ("name_en", "Acme\x00", "err_text_control"),
    ("name_en", "\ufeffAcme", "err_text_invisible"),
    ("fiscal_support_note", "注\x00", "err_text_control"),
    ("fiscal_support_note", "注" * 501, "err_too_long"),
    ("fiscal_support_note", "注\u202d反向", "err_text_direction"),
    ("employees", -5, "err_negative"),
    ("employees", 10**30, "err_too_large"),
    ("employees", "many", "err_not_number"),
    ("industry", "bogus", "err_unknown_value"),
    ("founded_on", BEFORE_1949, "err_date_range"),
    ("founded_on", FAR_FUTURE, "err_date_range"),
    ("high_tech_certified", "maybe", "err_bad_bool"),
]
CONVERSION = [
    ("name_zh", NUL, "err_text_control"),
    ("name_zh", MEGABYTE, "err_too_long"),
    ("name_zh", ZERO_WIDTH, "err_text_invisible"),
    ("address", "a\x1b[31m", "err_text_control"),
    ("address", "路\u202b1号", "err_text_direction"),
    ("floor_area_m2", -1.0, "err_negative"),
    ("floor_area_m2", INF, "err_not_finite"),
    ("floor_area_m2", NAN, "err_not_finite"),
    ("investment_mcny", INF, "err_not_finite"),
    ("investment_mcny", -3.0, "err_negative"),
    ("original_use", "bogus", "err_unknown_value"),
    ("target_stage", "bogus", "err_unknown_value"),
    ("planned_open", BEFORE_1949, "err_date_range"),
    ("actual_open", FAR_FUTURE, "err_date_range"),
]

Write = Callable[[Session], Any]
TABLES = (
    Carrier,
    Tenant,
    Tenancy,
    OccupancyReport,
    ConversionProject,
    ConversionStatusChange,
    AuditEvent,
)


def _state(url: str) -> dict[str, int]:
    """Row counts of every table the services write, and the data version."""
    with Session(get_engine(url)) as s:
        state = {m.__name__: count(s, m) for m in TABLES}
        state["data_version"] = data_version(s)
    return state


def _carrier_write(url: str, op: str, field: str, value: Any) -> tuple[Write, Any]:
    if op == "create":
        return lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(**{field: value})), None
    row = make_carrier(url)
    return (
        lambda s: update_carrier(
            s, actor=SYSTEM, carrier_id=row.id, expected_version=1, changes={field: value}
        ),
        (Carrier, row.id),
    )


def _tenant_write(url: str, op: str, field: str, value: Any) -> tuple[Write, Any]:
    if op == "create":
        return lambda s: create_tenant(s, actor=SYSTEM, data=tenant_data(**{field: value})), None
    row = make_tenant(url)
    return (
        lambda s: update_tenant(
            s, actor=SYSTEM, tenant_id=row.id, expected_version=1, changes={field: value}
        ),
        (Tenant, row.id),
    )


def _conversion_write(url: str, op: str, field: str, value: Any) -> tuple[Write, Any]:
    if op == "create":
        return (
            lambda s: create_conversion(s, actor=SYSTEM, data=conversion_data(**{field: value})),
            None,
        )
    row = make_conversion(url)
    return (
        lambda s: update_conversion(
            s, actor=SYSTEM, project_id=row.id, expected_version=1, changes={field: value}
        ),
        (ConversionProject, row.id),
    )


BUILDERS = {"carrier": _carrier_write, "tenant": _tenant_write, "conversion": _conversion_write}
CASES = [
    pytest.param(entity, op, field, value, key, id=f"{entity}-{op}-{field}-{i}")
    for entity, table in (("carrier", CARRIER), ("tenant", TENANT), ("conversion", CONVERSION))
    for i, (field, value, key) in enumerate(table)
    for op in ("create", "update")
]


def _stored(url: str, target: tuple[type[SQLModel], int] | None) -> dict[str, Any] | None:
    if target is None:
        return None
    model, obj_id = target
    with Session(get_engine(url)) as s:
        row = s.get(model, obj_id)
        assert row is not None
        return row.model_dump()


def assert_refused(url: str, write: Write, target: Any, field: str, key: str) -> ValidationFailed:
    """``write`` fails naming ``field`` with ``key``; counts and the target row are unchanged."""
    before, row_before = _state(url), _stored(url, target)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(url)) as s:
        write(s)
    err = info.value
    assert (key, field) in [(p.key, p.field) for p in err.problems], err.problems
    label_zh, label_en = t(f"f_{field}", "zh"), t(f"f_{field}", "en")
    assert label_zh != f"f_{field}", "every field has a catalogue label"
    assert any(label_zh in m for m in err.messages("zh")), err.messages("zh")
    assert any(label_en in m for m in err.messages("en")), err.messages("en")
    # A message quotes input at most briefly and never carries a control character.
    for message in err.messages("zh") + err.messages("en"):
        assert len(message) < 300 and message.isprintable(), message
    assert _state(url) == before
    assert _stored(url, target) == row_before
    return err


@pytest.mark.parametrize(("entity", "op", "field", "value", "key"), CASES)
def test_hostile_input_is_refused_naming_the_field(
    db_url: str, entity: str, op: str, field: str, value: Any, key: str
) -> None:
    write, target = BUILDERS[entity](db_url, op, field, value)
    assert_refused(db_url, write, target, field, key)


def test_update_tenant_refuses_a_megabyte_name_and_keeps_the_old_one(db_url: str) -> None:
    tenant = make_tenant(db_url)
    err = assert_refused(
        db_url,
        lambda s: update_tenant(
            s, actor=SYSTEM, tenant_id=tenant.id, expected_version=1, changes={"name": MEGABYTE}
        ),
        (Tenant, tenant.id),
        "name",
        "err_too_long",
    )
    assert err.messages("zh") == ["“企业名称”最多 200 个字符"]
    assert err.messages("en") == ["“Company name” is longer than 200 characters"]


def test_integer_overflow_message_names_the_limit(db_url: str) -> None:
    err = assert_refused(
        db_url,
        lambda s: create_carrier(s, actor=SYSTEM, data=carrier_data(workstations_total=10**30)),
        None,
        "workstations_total",
        "err_too_large",
    )
    assert err.messages("en") == ["“Total workstations” cannot be more than 2,147,483,647"]


def test_conversion_cannot_be_created_as_operating(db_url: str) -> None:
    err = assert_refused(
        db_url,
        lambda s: create_conversion(s, actor=SYSTEM, data=conversion_data(status="operating")),
        None,
        "status",
        "err_status_initial",
    )
    assert "“Identified”" in err.messages("en")[0]
    assert "已摸排" in err.messages("zh")[0]


def test_tenancy_with_hostile_figures_is_refused(db_url: str) -> None:
    carrier, tenant = make_carrier(db_url), make_tenant(db_url)
    base = {"tenant_id": tenant.id, "carrier_id": carrier.id, "start_on": date(2025, 1, 1)}
    for field, value, key in [
        ("area_m2", NAN, "err_not_finite"),
        ("workstations", 10**30, "err_too_large"),
        ("start_on", BEFORE_1949, "err_date_range"),
        ("carrier_id", 10**30, "err_too_large"),
    ]:
        data = {**base, field: value}
        assert_refused(db_url, lambda s, d=data: move_in(s, actor=SYSTEM, data=d), None, field, key)


def test_hostile_reason_is_refused_not_stored(db_url: str) -> None:
    carrier = make_carrier(db_url)
    assert_refused(
        db_url,
        lambda s: update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"operator": "新运营方"},
            reason="because\x00",
        ),
        (Carrier, carrier.id),
        "reason",
        "err_text_control",
    )


def test_names_are_stored_trimmed_and_limits_are_inclusive(db_url: str) -> None:
    # The boundary of the length rule: exactly 200 characters is fine, on update too.
    tenant = make_tenant(db_url)
    with session_scope(get_engine(db_url)) as s:
        update_tenant(
            s,
            actor=SYSTEM,
            tenant_id=tenant.id,
            expected_version=1,
            changes={"name": "  " + "名" * 200 + " ", "employees": 2**31 - 1},
        )
    with Session(get_engine(db_url)) as s:
        stored = s.get(Tenant, tenant.id)
        assert stored is not None
        assert (stored.name, stored.employees) == ("名" * 200, 2**31 - 1)


# ------------------------------------------------------------------ clearable fields


def test_optional_fields_can_be_cleared_on_update(db_url: str) -> None:
    carrier = make_carrier(db_url, opened_on=date(2020, 5, 1), focus_industry="ai", name_en="X")
    tenant = make_tenant(db_url, founded_on=date(2019, 1, 1), name_en="Acme")
    project = make_conversion(db_url, planned_open=date(2027, 1, 1))
    with session_scope(get_engine(db_url)) as s:
        update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"opened_on": None, "focus_industry": "", "name_en": ""},
        )
        update_tenant(
            s,
            actor=SYSTEM,
            tenant_id=tenant.id,
            expected_version=1,
            changes={"founded_on": "", "name_en": "  "},
        )
        update_conversion(
            s,
            actor=SYSTEM,
            project_id=project.id,
            expected_version=1,
            changes={"planned_open": None},
        )
    with Session(get_engine(db_url)) as s:
        c, tn = s.get(Carrier, carrier.id), s.get(Tenant, tenant.id)
        p = s.get(ConversionProject, project.id)
        assert c is not None and tn is not None and p is not None
        assert (c.opened_on, c.focus_industry, c.name_en) == (None, None, "")
        assert (tn.founded_on, tn.name_en) == (None, "")
        assert p.planned_open is None


def test_none_on_a_required_field_leaves_it_unchanged(db_url: str) -> None:
    carrier = make_carrier(db_url, name_zh="原名孵化器")
    with session_scope(get_engine(db_url)) as s:
        update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"name_zh": None, "operator": "新运营方"},
        )
    with Session(get_engine(db_url)) as s:
        stored = s.get(Carrier, carrier.id)
        assert stored is not None and (stored.name_zh, stored.operator) == (
            "原名孵化器",
            "新运营方",
        )


# -------------------------------------------------- the Update shapes equal the Create


PROBES: list[Any] = [
    NUL,
    MEGABYTE[:501],
    ZERO_WIDTH,
    "",
    "bogus",
    -5,
    10**30,
    INF,
    NAN,
    BEFORE_1949,
    FAR_FUTURE,
    date(2020, 1, 1),
    "ok",
    12,
    True,
]


@pytest.mark.parametrize(
    ("base", "update"),
    [(CarrierBase, CarrierUpdate), (TenantBase, TenantUpdate), (ConversionBase, ConversionUpdate)],
    ids=["carrier", "tenant", "conversion"],
)
def test_update_shape_applies_the_create_rules(
    base: type[BaseModel], update: type[BaseModel]
) -> None:
    # Every updatable field refuses exactly what the create shape refuses (None aside,
    # which an update reads as "unchanged" or "clear").
    assert set(update.model_fields) <= set(base.model_fields)
    for name in update.model_fields:
        for value in PROBES:
            try:
                update.model_validate({name: value})
                update_ok = True
            except PydanticValidationError:
                update_ok = False
            try:
                base.model_validate({**_valid(base), name: value})
                base_ok = True
            except PydanticValidationError:
                base_ok = False
            assert update_ok == base_ok, (name, repr(value)[:30], update_ok, base_ok)


def _valid(base: type[BaseModel]) -> dict[str, Any]:
    if base is CarrierBase:
        return carrier_data()
    if base is TenantBase:
        return tenant_data()
    return conversion_data()


def test_hostile_reason_on_delete_is_refused(db_url: str) -> None:
    from models.services.conversions import delete_conversion
    from models.services.tenants import delete_tenant

    tenant, project = make_tenant(db_url), make_conversion(db_url)
    for write, target in [
        (
            lambda s: delete_tenant(
                s, actor=SYSTEM, tenant_id=tenant.id, expected_version=1, reason="\x00"
            ),
            (Tenant, tenant.id),
        ),
        (
            lambda s: delete_conversion(
                s, actor=SYSTEM, project_id=project.id, expected_version=1, reason="x" * 501
            ),
            (ConversionProject, project.id),
        ),
    ]:
        key = "err_text_control" if target[0] is Tenant else "err_too_long"
        assert_refused(db_url, write, target, "reason", key)


def test_every_input_field_has_a_label_in_both_languages() -> None:
    from models.carrier import CarrierCreate
    from models.conversion import ConversionCreate
    from models.i18n import has
    from models.tenant import TenancyCreate, TenantCreate

    shapes = (CarrierCreate, TenantCreate, TenancyCreate, ConversionCreate)
    missing = [
        f"{shape.__name__}.{name}"
        for shape in shapes
        for name in shape.model_fields
        if not has(f"f_{name}") or t(f"f_{name}", "en") == t(f"f_{name}", "zh")
    ]
    assert not missing, missing


def test_free_text_keeps_emoji_joiners_but_not_direction_overrides(db_url: str) -> None:
    """A family emoji (zero-width joiners) is ordinary text; an override is refused."""
    carrier = make_carrier(db_url)
    with Session(get_engine(db_url)) as s:
        saved = update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=1,
            changes={"operator": "运营方👨\u200d👩\u200d👧"},
        )
        s.commit()
        assert saved.operator == "运营方👨\u200d👩\u200d👧"
    failure = assert_refused(
        db_url,
        lambda s: update_carrier(
            s,
            actor=SYSTEM,
            carrier_id=carrier.id,
            expected_version=2,
            changes={"operator": "新运营方"},
            reason="理由\u202e反向",
        ),
        (Carrier, carrier.id),
        "reason",
        "err_text_direction",
    )
    assert "改变文字方向" in failure.problems[0].message("zh")
