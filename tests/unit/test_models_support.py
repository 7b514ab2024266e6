"""Support-grant services on SQLite and PostgreSQL: permission, shared validation, audit,
optimistic version, soft delete — and a refused write leaves nothing behind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from model_factories import (
    ADMIN,
    MANAGER_IN,
    MANAGER_OUT,
    SZR_POINT,
    VIEWER,
    audit_rows,
    last_audit,
    make_carrier,
    make_tenancy,
    make_tenant,
)
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from sqlmodel import Session, select

from models.common import shanghai_today
from models.db import get_engine, session_scope
from models.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from models.i18n import t
from models.policy import policy_report
from models.services.core import SYSTEM, Actor
from models.services.support import GRANT, create_grant, delete_grant, update_grant
from models.support import (
    SupportGrant,
    SupportGrantBase,
    SupportGrantCreate,
    SupportGrantUpdate,
)


def _grants(url: str) -> list[SupportGrant]:
    with Session(get_engine(url)) as s:
        return list(s.exec(select(SupportGrant)).all())


def _resident_tenant(url: str, point: tuple[float, float] | None = None) -> int:
    """A tenant with an open tenancy in a Shibei carrier (or one at ``point``)."""
    carrier = make_carrier(url) if point is None else make_carrier(url, point)
    tenant = make_tenant(url)
    make_tenancy(url, tenant.id, carrier.id)
    assert tenant.id is not None
    return tenant.id


def _data(tenant_id: int, **over: Any) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "fund_name": "静安区科技创新专项资金",
        "fund_code": "JA-KJCX",
        "level": "district",
        "year": 2024,
        "amount_10k_cny": 25.5,
        **over,
    }


def _create(url: str, actor: Actor, data: dict[str, Any]) -> SupportGrant:
    with session_scope(get_engine(url)) as s:
        return create_grant(s, actor=actor, data=data, reason="拨付通知")


@pytest.mark.parametrize("actor", [ADMIN, MANAGER_IN], ids=["admin", "manager_in_scope"])
def test_editor_in_scope_records_a_grant_with_an_audit_event(db_url: str, actor: Actor) -> None:
    tenant_id = _resident_tenant(db_url)
    before = audit_rows(db_url)
    grant = _create(db_url, actor, _data(tenant_id, fund_name="  区科创资金 "))
    assert (grant.fund_name, grant.level, grant.version) == ("区科创资金", "district", 1)
    event = last_audit(db_url, GRANT, grant.id)
    assert (event.action, event.username, event.reason) == ("create", actor.username, "拨付通知")
    assert json.loads(event.after or "{}")["amount_10k_cny"] == 25.5
    assert audit_rows(db_url) == before + 1


@pytest.mark.parametrize("actor", [VIEWER, MANAGER_OUT], ids=["viewer", "manager_out_of_scope"])
def test_viewer_and_out_of_scope_manager_are_refused(db_url: str, actor: Actor) -> None:
    tenant_id = _resident_tenant(db_url)
    before, audits = len(_grants(db_url)), audit_rows(db_url)
    with pytest.raises(PermissionDenied) as info:
        _create(db_url, actor, _data(tenant_id))
    assert "扶持资金" in info.value.messages("zh")[0]
    assert (len(_grants(db_url)), audit_rows(db_url)) == (before, audits)


def test_manager_may_not_grant_to_a_tenant_resident_nowhere(db_url: str) -> None:
    # A tenant with no open tenancy is in nobody's scope: only an admin records for it.
    tenant = make_tenant(db_url)
    with pytest.raises(PermissionDenied):
        _create(db_url, MANAGER_IN, _data(tenant.id))
    assert _create(db_url, ADMIN, _data(tenant.id)).id is not None


def test_manager_of_another_belt_records_for_their_own_tenant(db_url: str) -> None:
    tenant_id = _resident_tenant(db_url, SZR_POINT)
    with pytest.raises(PermissionDenied):
        _create(db_url, MANAGER_IN, _data(tenant_id))
    assert _create(db_url, MANAGER_OUT, _data(tenant_id)).tenant_id == tenant_id


BAD = [
    ("level", "casino", "err_unknown_value"),
    ("year", 1900, "err_date_range"),
    ("year", shanghai_today().year + 2, "err_date_range"),
    ("year", 2**40, "err_too_large"),
    ("amount_10k_cny", -1, "err_negative"),
    ("amount_10k_cny", float("nan"), "err_not_finite"),
    ("amount_10k_cny", "lots", "err_not_number"),
    ("fund_name", "   ", "err_required"),
    ("fund_name", "基金\u200b", "err_text_invisible"),
    ("fund_code", "x" * 201, "err_too_long"),
    ("note", "\x00", "err_text_control"),
]


@pytest.mark.parametrize(("field", "value", "key"), BAD, ids=[f"{f}-{k}" for f, _, k in BAD])
def test_create_and_update_refuse_the_same_input_naming_the_field(
    db_url: str, field: str, value: Any, key: str
) -> None:
    tenant_id = _resident_tenant(db_url)
    grant = _create(db_url, ADMIN, _data(tenant_id))
    before, audits = len(_grants(db_url)), audit_rows(db_url)
    with pytest.raises(ValidationFailed) as created:
        _create(db_url, ADMIN, _data(tenant_id, **{field: value}))
    with pytest.raises(ValidationFailed) as updated, session_scope(get_engine(db_url)) as s:
        update_grant(s, actor=ADMIN, grant_id=grant.id, expected_version=1, changes={field: value})
    for err in (created.value, updated.value):
        assert (key, field) in [(p.key, p.field) for p in err.problems], err.problems
        assert any(t(f"f_{field}", "zh") in m for m in err.messages("zh"))
        assert any(t(f"f_{field}", "en") in m for m in err.messages("en"))
    assert (len(_grants(db_url)), audit_rows(db_url)) == (before, audits)
    with Session(get_engine(db_url)) as s:
        assert s.get(SupportGrant, grant.id).version == 1  # type: ignore[union-attr]


def test_grant_to_a_missing_or_deleted_tenant_is_refused(db_url: str) -> None:
    from models.services.tenants import delete_tenant

    with pytest.raises(NotFound):
        _create(db_url, ADMIN, _data(2_000_000_000))
    tenant = make_tenant(db_url)
    with session_scope(get_engine(db_url)) as s:
        delete_tenant(s, actor=SYSTEM, tenant_id=tenant.id, expected_version=1)
    with pytest.raises(NotFound):
        _create(db_url, ADMIN, _data(tenant.id))


def test_update_audits_only_the_changed_fields_and_bumps_the_version(db_url: str) -> None:
    tenant_id = _resident_tenant(db_url)
    grant = _create(db_url, MANAGER_IN, _data(tenant_id))
    with session_scope(get_engine(db_url)) as s:
        update_grant(
            s,
            actor=MANAGER_IN,
            grant_id=grant.id,
            expected_version=1,
            changes={"year": 2025, "amount_10k_cny": 25.5, "tenant_id": 999},
            reason="更正年度",
        )
    with Session(get_engine(db_url)) as s:
        row = s.get(SupportGrant, grant.id)
    assert row is not None and (row.year, row.version, row.tenant_id) == (2025, 2, tenant_id)
    event = last_audit(db_url, GRANT, grant.id)
    assert event.action == "update" and event.reason == "更正年度"
    assert json.loads(event.before or "{}") == {"year": 2024}
    assert json.loads(event.after or "{}") == {"year": 2025}


def test_stale_version_is_a_conflict_and_writes_nothing(db_url: str) -> None:
    tenant_id = _resident_tenant(db_url)
    grant = _create(db_url, ADMIN, _data(tenant_id))
    with session_scope(get_engine(db_url)) as s:
        update_grant(s, actor=ADMIN, grant_id=grant.id, expected_version=1, changes={"note": "A"})
    audits = audit_rows(db_url)
    with pytest.raises(Conflict), session_scope(get_engine(db_url)) as s:
        update_grant(s, actor=ADMIN, grant_id=grant.id, expected_version=1, changes={"note": "B"})
    with Session(get_engine(db_url)) as s:
        row = s.get(SupportGrant, grant.id)
    assert row is not None and (row.note, row.version) == ("A", 2)
    assert audit_rows(db_url) == audits


def test_out_of_scope_manager_may_not_edit_and_only_admins_delete(db_url: str) -> None:
    tenant_id = _resident_tenant(db_url)
    grant = _create(db_url, MANAGER_IN, _data(tenant_id))
    with pytest.raises(PermissionDenied), session_scope(get_engine(db_url)) as s:
        update_grant(
            s, actor=MANAGER_OUT, grant_id=grant.id, expected_version=1, changes={"year": 2020}
        )
    with pytest.raises(PermissionDenied), session_scope(get_engine(db_url)) as s:
        delete_grant(s, actor=MANAGER_IN, grant_id=grant.id, expected_version=1)
    with session_scope(get_engine(db_url)) as s:
        delete_grant(s, actor=ADMIN, grant_id=grant.id, expected_version=1, reason="重复录入")
    event = last_audit(db_url, GRANT, grant.id)
    assert (event.action, event.reason) == ("delete", "重复录入")
    assert json.loads(event.before or "{}")["fund_code"] == "JA-KJCX"
    with pytest.raises(NotFound), session_scope(get_engine(db_url)) as s:
        update_grant(s, actor=ADMIN, grant_id=grant.id, expected_version=2, changes={"year": 2020})


def test_deleting_one_of_two_payments_clears_the_double_support_flag(db_url: str) -> None:
    tenant_id = _resident_tenant(db_url)
    first = _create(db_url, ADMIN, _data(tenant_id, year=2022))
    _create(db_url, ADMIN, _data(tenant_id, fund_code="ja kj cx", year=2024))

    def flagged() -> bool:
        with Session(get_engine(db_url)) as s:
            rep = policy_report(s)
        return bool(rep.tenants.set_index("id").loc[tenant_id, "double_support"])

    assert flagged()
    with session_scope(get_engine(db_url)) as s:
        delete_grant(s, actor=ADMIN, grant_id=first.id, expected_version=1)
    assert not flagged()


PROBES: list[Any] = [None, "", "  ", "x" * 201, "\x00", "\u200b", -1, 1900, 2**40, "casino", 2024]


def test_update_shape_applies_the_create_rules() -> None:
    # Every updatable field refuses exactly what the create shape refuses.
    valid = _data(1)
    assert set(SupportGrantUpdate.model_fields) <= set(SupportGrantBase.model_fields)
    for name in SupportGrantUpdate.model_fields:
        for value in PROBES:
            if value is None:
                continue  # None means "unchanged" (or "clear") in an update
            outcomes = []
            for shape, data in ((SupportGrantUpdate, {}), (SupportGrantBase, valid)):
                try:
                    shape.model_validate({**data, name: value})
                    outcomes.append(True)
                except PydanticValidationError:
                    outcomes.append(False)
            assert outcomes[0] == outcomes[1], (name, repr(value)[:20], outcomes)


@pytest.mark.parametrize("shape", [SupportGrantCreate])
def test_every_grant_field_has_a_label_in_both_languages(shape: type[BaseModel]) -> None:
    missing = [
        name
        for name in shape.model_fields
        if t(f"f_{name}", "en") == t(f"f_{name}", "zh") or t(f"f_{name}") == f"f_{name}"
    ]
    assert not missing


def test_a_large_amount_is_saved_only_when_confirmed(db_url: str) -> None:
    """User QA: 50,000 万元 (5 亿元) was stored with nothing but "saved"."""
    tenant_id = _resident_tenant(db_url)
    before = len(_grants(db_url))
    with pytest.raises(ValidationFailed) as err, session_scope(get_engine(db_url)) as s:
        create_grant(s, actor=ADMIN, data=_data(tenant_id, amount_10k_cny=50_000))
    message = err.value.messages("zh")[0]
    assert "50,000 万元" in message and "5 亿元" in message and "大额已核对" in message
    assert "CNY 500 million" in err.value.messages("en")[0]
    assert len(_grants(db_url)) == before
    # 1,000 万元 itself is ordinary; the confirmation lets a real large grant in.
    _create(db_url, ADMIN, _data(tenant_id, amount_10k_cny=1_000))
    with session_scope(get_engine(db_url)) as s:
        big = create_grant(
            s, actor=ADMIN, data=_data(tenant_id, amount_10k_cny=50_000), confirm_large=True
        )
    assert len(_grants(db_url)) == before + 2
    # The amount as typed, not rounded (recheck QA: 12,345.6 read "12,346").
    with pytest.raises(ValidationFailed) as err, session_scope(get_engine(db_url)) as s:
        create_grant(s, actor=ADMIN, data=_data(tenant_id, amount_10k_cny=12_345.6))
    assert "12,345.6 万元（即 1.23 亿元）" in err.value.messages("zh")[0]
    # Raising an amount asks again; a note on the confirmed large grant does not.
    with pytest.raises(ValidationFailed), session_scope(get_engine(db_url)) as s:
        update_grant(
            s,
            actor=ADMIN,
            grant_id=big.id,
            expected_version=1,
            changes={"amount_10k_cny": 60_000},
        )
    with session_scope(get_engine(db_url)) as s:
        noted = update_grant(
            s, actor=ADMIN, grant_id=big.id, expected_version=1, changes={"note": "已核对"}
        )
    assert (noted.note, noted.amount_10k_cny) == ("已核对", 50_000)
