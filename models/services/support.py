"""Support grants: record, correct and delete the funds paid to a tenant.

Who may write: an admin, or a manager while the tenant is resident in their scope (the
tenant rule, :func:`models.services.tenants.may_edit_tenant`). Create and update pass
the same field rules (the SupportGrantBase types) and the same record check
(:func:`_check_record`); a second grant from the same fund is recorded, not refused —
recording it is how the double-support rule gets checked (see :mod:`models.policy`).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from models.errors import ValidationFailed, problem
from models.services.core import (
    Actor,
    audited_create,
    audited_update,
    get_live,
    require,
    soft_delete,
)
from models.services.parsing import parse, parse_patch, parse_value
from models.services.tenants import TENANT, may_edit_tenant
from models.support import (
    LARGE_GRANT_10K_CNY,
    SupportGrant,
    SupportGrantBase,
    SupportGrantCreate,
    SupportGrantUpdate,
)
from models.tenant import Tenant
from models.validation import Note500

GRANT = "support_grant"


def _figure(value: float) -> str:
    """12,345.6 / 1.23: thousands separated, at most two decimals, no trailing zeros."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _check_record(session: Session, record: SupportGrantBase, *, confirm_large: bool) -> None:
    """Rules on the whole record, shared by create and update: the tenant is live, and an
    amount above :data:`LARGE_GRANT_10K_CNY` has been confirmed as meant."""
    get_live(session, Tenant, record.tenant_id, entity=TENANT)
    amount = record.amount_10k_cny
    if amount > LARGE_GRANT_10K_CNY and not confirm_large:
        raise ValidationFailed(
            [
                problem(
                    "err_grant_large",
                    field="amount_10k_cny",
                    amount=_figure(amount),  # as typed, not rounded (recheck QA)
                    yi=_figure(amount / 10_000),
                    million=_figure(amount / 100),
                    limit=f"{LARGE_GRANT_10K_CNY:,.0f}",
                )
            ]
        )


def create_grant(
    session: Session,
    *,
    actor: Actor,
    data: SupportGrantCreate | dict[str, Any],
    reason: str = "",
    is_sample: bool = False,
    confirm_large: bool = False,
) -> SupportGrant:
    """Record one grant paid to a tenant (a large amount only when ``confirm_large``)."""
    parsed = parse(SupportGrantCreate, data)
    reason = parse_value(Note500, reason, field="reason")
    _check_record(session, parsed, confirm_large=confirm_large)
    require(
        may_edit_tenant(session, actor, parsed.tenant_id),
        actor=actor,
        action="create",
        entity=GRANT,
    )
    grant = SupportGrant(**parsed.model_dump(), is_sample=is_sample, updated_by=actor.username)
    audited_create(session, grant, actor=actor, entity=GRANT, reason=reason)
    return grant


def update_grant(
    session: Session,
    *,
    actor: Actor,
    grant_id: int,
    expected_version: int,
    changes: SupportGrantUpdate | dict[str, Any],
    reason: str = "",
    confirm_large: bool = False,
) -> SupportGrant:
    """Correct a grant; a stale ``expected_version`` is a conflict, never an overwrite.

    A large amount needs ``confirm_large`` only when this correction changes the amount
    (a note added to a large grant confirmed before is not asked again).
    """
    grant = get_live(session, SupportGrant, grant_id, entity=GRANT)
    require(
        may_edit_tenant(session, actor, grant.tenant_id),
        actor=actor,
        action="update",
        entity=GRANT,
    )
    patch = parse_patch(SupportGrantUpdate, SupportGrantBase, changes)
    # The patched record passes the same rules as a new grant.
    _check_record(
        session,
        parse(SupportGrantBase, {**grant.model_dump(), **patch}),
        confirm_large=confirm_large or "amount_10k_cny" not in patch,
    )
    reason = parse_value(Note500, reason, field="reason")
    audited_update(
        session,
        grant,
        actor=actor,
        entity=GRANT,
        expected_version=expected_version,
        values=patch,
        reason=reason,
    )
    return grant


def delete_grant(
    session: Session,
    *,
    actor: Actor,
    grant_id: int,
    expected_version: int,
    reason: str = "",
) -> None:
    """Soft delete (admin only): the row and its audit history stay."""
    reason = parse_value(Note500, reason, field="reason")
    soft_delete(
        session,
        SupportGrant,
        grant_id,
        actor=actor,
        entity=GRANT,
        expected_version=expected_version,
        reason=reason,
    )
