"""Tenants and tenancies: register, edit, move in, move out, graduate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from models import credit_code
from models.carrier import Carrier
from models.common import shanghai_today
from models.enums import ExitReason, Role
from models.errors import NotFound, Problem, ValidationFailed, problem
from models.services import carrier_fill
from models.services.carrier_sizes import size_in, size_rows
from models.services.carrier_stages import stage_on
from models.services.core import (
    Actor,
    audited_create,
    audited_update,
    get_live,
    require,
    soft_delete,
)
from models.services.parsing import parse, parse_patch, parse_value, quote_input
from models.tenant import (
    Tenancy,
    TenancyCreate,
    Tenant,
    TenantBase,
    TenantCreate,
    TenantUpdate,
)
from models.validation import FactDate, Note500

TENANT, TENANCY = "tenant", "tenancy"


def may_edit_tenant(session: Session, actor: Actor, tenant_id: int | None) -> bool:
    """Admins always. A manager only a tenant that is currently in their scope.

    That is: it has at least one open tenancy, and every open tenancy is in a carrier
    the manager may edit. A tenant with no current tenancy belongs to no zone (only an
    admin edits it), and moving another zone's tenant into one's own carrier does not
    make it one's own to rename while it is still resident over there.
    """
    if actor.is_admin:
        return True
    if actor.role != Role.MANAGER:
        return False
    open_carriers = session.exec(
        select(Carrier)
        .join(Tenancy, col(Tenancy.carrier_id) == col(Carrier.id))
        .where(Tenancy.tenant_id == tenant_id, col(Tenancy.end_on).is_(None))
    ).all()
    return bool(open_carriers) and all(actor.may_edit_carrier(c) for c in open_carriers)


def editable_tenant_ids(session: Session, *, actor: Actor) -> set[int]:
    """Live tenants the actor may edit (for the tenants page's picker).

    Same rule as :func:`may_edit_tenant`, in one query for all tenants.
    """
    live = session.exec(select(Tenant.id).where(col(Tenant.deleted_at).is_(None))).all()
    if actor.is_admin:
        return {int(t) for t in live if t is not None}
    if actor.role != Role.MANAGER:
        return set()
    rows = session.exec(
        select(Tenancy.tenant_id, Carrier)
        .join(Carrier, col(Tenancy.carrier_id) == col(Carrier.id))
        .where(col(Tenancy.end_on).is_(None))
    ).all()
    verdicts: dict[int, bool] = {}
    for tenant_id, carrier in rows:
        verdicts[tenant_id] = verdicts.get(tenant_id, True) and actor.may_edit_carrier(carrier)
    return {int(t) for t in live if t is not None and verdicts.get(int(t), False)}


def create_tenant(
    session: Session,
    *,
    actor: Actor,
    data: TenantCreate | dict[str, Any],
    reason: str = "",
    is_sample: bool = False,
) -> Tenant:
    """Register an enterprise; the credit code must be valid and not yet registered."""
    require(
        actor.role in (Role.MANAGER, Role.ADMIN),
        actor=actor,
        action="create",
        entity=TENANT,
    )
    if isinstance(data, dict) and isinstance(data.get("credit_code"), str):
        data = {**data, "credit_code": credit_code.normalize(data["credit_code"])}
    parsed = parse(TenantCreate, data)
    reason = parse_value(Note500, reason, field="reason")
    problems: list[Problem] = []
    code = credit_code.normalize(parsed.credit_code)
    if not credit_code.is_valid(code):
        problems.append(problem("err_credit_code", field="credit_code", value=quote_input(code)))
    elif dup := session.exec(select(Tenant).where(Tenant.credit_code == code)).first():
        problems.append(
            problem("err_credit_code_dup", field="credit_code", value=code, name=dup.name)
        )
    if problems:
        raise ValidationFailed(problems)
    tenant = Tenant(
        **parsed.model_dump(exclude={"credit_code"}),
        credit_code=code,
        is_sample=is_sample,
        updated_by=actor.username,
    )
    audited_create(session, tenant, actor=actor, entity=TENANT, reason=reason)
    return tenant


def update_tenant(
    session: Session,
    *,
    actor: Actor,
    tenant_id: int,
    expected_version: int,
    changes: TenantUpdate | dict[str, Any],
    reason: str = "",
) -> Tenant:
    """Edit a tenant (the credit code is its identity and never changes)."""
    tenant = get_live(session, Tenant, tenant_id, entity=TENANT)
    require(
        may_edit_tenant(session, actor, tenant_id),
        actor=actor,
        action="update",
        entity=TENANT,
    )
    # The patch and then the whole record pass the same rules as a new tenant.
    patch = parse_patch(TenantUpdate, TenantBase, changes)
    parse(TenantBase, {**tenant.model_dump(), **patch})
    reason = parse_value(Note500, reason, field="reason")
    audited_update(
        session,
        tenant,
        actor=actor,
        entity=TENANT,
        expected_version=expected_version,
        values=patch,
        reason=reason,
    )
    return tenant


def delete_tenant(
    session: Session,
    *,
    actor: Actor,
    tenant_id: int,
    expected_version: int,
    reason: str = "",
) -> None:
    """Soft delete (admin only); tenancies and audit history stay.

    Refused while the firm is still in a carrier: the home page stopped counting it
    while the carrier's own list still showed it (attack QA, 2026-11-29).
    """
    get_live(session, Tenant, tenant_id, entity=TENANT)
    require(actor.is_admin, actor=actor, action="delete", entity=TENANT)
    open_count = session.exec(
        select(func.count())
        .select_from(Tenancy)
        .where(Tenancy.tenant_id == tenant_id, col(Tenancy.end_on).is_(None))
    ).one()
    if open_count:
        raise ValidationFailed([problem("err_tenant_still_in", n=open_count)])
    reason = parse_value(Note500, reason, field="reason")
    soft_delete(
        session,
        Tenant,
        tenant_id,
        actor=actor,
        entity=TENANT,
        expected_version=expected_version,
        reason=reason,
    )


def move_in(
    session: Session,
    *,
    actor: Actor,
    data: TenancyCreate | dict[str, Any],
    reason: str = "",
    also_elsewhere: bool = False,
) -> Tenancy:
    """Start a tenancy in a carrier the actor may edit.

    A firm still in another carrier on the start day is refused unless
    ``also_elsewhere`` says that renting in both is meant: a move-in without a move-out
    left the firm counted in two carriers (user QA). Graduation and imports, which
    close or list tenancies themselves, pass it.
    """
    parsed = parse(TenancyCreate, data)
    reason = parse_value(Note500, reason, field="reason")
    # Lock the tenant's row (PostgreSQL: FOR UPDATE) before the "already open here?"
    # check: two move-ins at the same moment both passed it and opened the same
    # tenancy twice. The second now waits and then finds the first.
    session.exec(
        select(Tenant)
        .where(Tenant.id == parsed.tenant_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    get_live(session, Tenant, parsed.tenant_id, entity=TENANT)
    carrier = get_live(session, Carrier, parsed.carrier_id, entity="carrier")
    require(actor.may_edit_carrier(carrier), actor=actor, action="create", entity=TENANCY)
    problems: list[Problem] = []
    if parsed.end_on is not None and parsed.end_on < parsed.start_on:
        problems.append(problem("err_end_before_start", end=parsed.end_on, start=parsed.start_on))
    problems += _end_problems(parsed.end_on, parsed.exit_reason)
    # A stay starting ahead listed the firm as current at once and could not be undone:
    # its move-out, dated today, fell before its start (attack QA).
    if parsed.start_on > shanghai_today():
        problems.append(problem("err_start_in_future", start=parsed.start_on, field="start_on"))
    if carrier.opened_on is not None and parsed.start_on < carrier.opened_on:
        problems.append(
            problem(
                "err_start_before_open",
                start=parsed.start_on,
                opened=carrier.opened_on,
                field="start_on",
            )
        )
    # One firm cannot rent more than the whole carrier (QA saved 800 m² in a 690 m² one).
    if parsed.area_m2 > carrier.total_area_m2:
        problems.append(
            problem("err_tenancy_area_gt_total", area=parsed.area_m2, total=carrier.total_area_m2)
        )
    if parsed.workstations > carrier.workstations_total:
        problems.append(
            problem(
                "err_tenancy_ws_gt_total", ws=parsed.workstations, total=carrier.workstations_total
            )
        )
    if problems:
        raise ValidationFailed(problems)
    # No two stays of one firm in one carrier share a day, an open one or a closed one:
    # the firm counted twice here for those months (attack QA, by a form and an import).
    overlap = session.exec(
        select(Tenancy)
        .where(
            Tenancy.tenant_id == parsed.tenant_id,
            Tenancy.carrier_id == parsed.carrier_id,
            col(Tenancy.start_on) < (parsed.end_on or date.max),
            or_(col(Tenancy.end_on).is_(None), col(Tenancy.end_on) > parsed.start_on),
        )
        .order_by(col(Tenancy.start_on))
    ).first()
    if overlap is not None and overlap.end_on is None and parsed.end_on is None:
        raise ValidationFailed([problem("err_tenancy_open")])
    if overlap is not None:
        key = "err_tenancy_overlap" if overlap.end_on else "err_tenancy_overlap_open"
        raise ValidationFailed(
            [problem(key, start=overlap.start_on, end=overlap.end_on, field="start_on")]
        )
    _fits_the_carrier(session, carrier, parsed)
    elsewhere = tenancies_elsewhere(session, data=parsed)
    names_zh = "、".join(f"{e.carrier.name_zh}（{e.span('zh')}）" for e in elsewhere)
    names_en = ", ".join(
        f"{e.carrier.name_en or e.carrier.name_zh} ({e.span('en')})" for e in elsewhere
    )
    if elsewhere and not also_elsewhere:
        # A stay that has ended is not "still in": nothing is left to move out there
        # (attack QA: a backdated move-in was told to move a firm out that had left).
        current = any(e.end_on is None for e in elsewhere)
        key = "err_tenancy_elsewhere" if current else "err_tenancy_elsewhere_past"
        raise ValidationFailed([problem(key, where_zh=names_zh, where_en=names_en)])
    # Renting in two places across scopes is an admin's call: a manager who added a
    # firm still in another zone's carrier took it out of that manager's hands, and
    # nobody but an admin could undo it (attack QA).
    if any(not actor.may_edit_carrier(e.carrier) for e in elsewhere):
        raise ValidationFailed(
            [problem("err_tenancy_elsewhere_scope", where_zh=names_zh, where_en=names_en)]
        )
    tenancy = Tenancy(**parsed.model_dump(), updated_by=actor.username)
    audited_create(session, tenancy, actor=actor, entity=TENANCY, reason=reason)
    return tenancy


def _fits_the_carrier(session: Session, carrier: Carrier, data: TenancyCreate) -> None:
    """The firms in a carrier may not together rent more than the whole of it, on any
    day of the new stay (:mod:`models.services.carrier_fill`), each day against the
    carrier's size in that month."""
    sizes = size_rows(session, carrier.id)  # read once for every day checked
    found = carrier_fill.first_overfull(
        carrier_fill.carrier_stays(
            session, int(carrier.id or 0), start=data.start_on, end=data.end_on
        ),
        start=data.start_on,
        end=data.end_on,
        extra_m2=data.area_m2,
        area_on=lambda day: size_in(sizes, carrier, day).area_m2,
        other_days=carrier_fill.month_starts(r.changed_on for r in sizes),
    )
    if found is not None:
        raise ValidationFailed(
            [
                problem(
                    "err_tenancy_area_sum",
                    field="area_m2",
                    name_zh=carrier.name_zh,
                    name_en=carrier.name_en or carrier.name_zh,
                    day=found.day,
                    used=found.rented_m2,
                    area=data.area_m2,
                    total=found.total_m2,
                )
            ]
        )


def _end_problems(end_on: date | None, exit_reason: str | None) -> list[Problem]:
    """An end needs its reason and a reason its end, and neither lies ahead.

    An import stored an open tenancy "graduated" and a closed one without a reason;
    a move-out dated next year took the firm off the current lists at once, and no
    form could then move it anywhere (attack QA).
    """
    problems = []
    if end_on is not None and exit_reason is None:
        problems.append(problem("err_end_without_reason", field="exit_reason"))
    if end_on is None and exit_reason is not None:
        problems.append(problem("err_reason_without_end", field="end_on"))
    if end_on is not None and end_on > shanghai_today():
        problems.append(problem("err_end_in_future", end=end_on, field="end_on"))
    return problems


@dataclass(frozen=True)
class Elsewhere:
    """A tenancy of the same firm in another carrier that overlaps a new one."""

    carrier: Carrier
    start_on: date
    end_on: date | None = None

    def span(self, lang: str) -> str:
        """ "2025-01-15 起" / "2025-01-15 至 2025-12-08" (and in English)."""
        if self.end_on is None:
            return f"{self.start_on} 起" if lang == "zh" else f"since {self.start_on}"
        sep = " 至 " if lang == "zh" else " to "
        return f"{self.start_on}{sep}{self.end_on}"


def tenancies_elsewhere(session: Session, *, data: TenancyCreate) -> list[Elsewhere]:
    """The firm's tenancies in other live carriers still running on ``data.start_on``."""
    rows = session.exec(
        select(Tenancy, Carrier)
        .join(Carrier, col(Carrier.id) == Tenancy.carrier_id)
        .where(
            Tenancy.tenant_id == data.tenant_id,
            Tenancy.carrier_id != data.carrier_id,
            col(Carrier.deleted_at).is_(None),
            or_(col(Tenancy.end_on).is_(None), col(Tenancy.end_on) > data.start_on),
            col(Tenancy.start_on) <= (data.end_on or date.max),
        )
        .order_by(col(Tenancy.start_on))
    ).all()
    return [Elsewhere(c, t.start_on, t.end_on) for t, c in rows]


def move_out(
    session: Session,
    *,
    actor: Actor,
    tenancy_id: int,
    expected_version: int,
    end_on: date,
    exit_reason: ExitReason,
    reason: str = "",
) -> Tenancy:
    """End an open tenancy with a date and an exit reason."""
    end_on = parse_value(FactDate, end_on, field="end_on")
    exit_value = parse_value(ExitReason, exit_reason, field="exit_reason")
    reason = parse_value(Note500, reason, field="reason")
    tenancy = session.get(Tenancy, tenancy_id)
    if tenancy is None:
        raise NotFound([problem("err_not_found", entity=TENANCY, id=tenancy_id)])
    carrier = get_live(session, Carrier, tenancy.carrier_id, entity="carrier")
    require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=TENANCY)
    if tenancy.end_on is not None:
        raise ValidationFailed([problem("err_tenancy_closed")])
    if problems := _end_problems(end_on, exit_value.value):
        raise ValidationFailed(problems)
    if end_on < tenancy.start_on:
        raise ValidationFailed(
            [problem("err_end_before_start", end=end_on, start=tenancy.start_on)]
        )
    audited_update(
        session,
        tenancy,
        actor=actor,
        entity=TENANCY,
        expected_version=expected_version,
        values={"end_on": end_on, "exit_reason": exit_value.value},
        reason=reason,
    )
    return tenancy


def graduate(
    session: Session,
    *,
    actor: Actor,
    tenancy_id: int,
    expected_version: int,
    to_carrier_id: int,
    on: date,
    area_m2: float = 0,
    workstations: int = 0,
    reason: str = "",
) -> Tenancy:
    """End a tenancy as graduated and open one in a later-stage carrier, in one step."""
    on = parse_value(FactDate, on, field="on")
    tenancy = session.get(Tenancy, tenancy_id)
    if tenancy is None:
        raise NotFound([problem("err_not_found", entity=TENANCY, id=tenancy_id)])
    source = get_live(session, Carrier, tenancy.carrier_id, entity="carrier")
    target = get_live(session, Carrier, to_carrier_id, entity="carrier")
    # The stages the chain page counts the step by: the source stay's stage on its own
    # move-in day, the target's on the graduation day. Today's stages let a firm
    # "graduate" in October into an incubator that became an accelerator in November,
    # which the chain then did not count (attack QA).
    old_stage = stage_on(session, source, tenancy.start_on)
    new_stage = stage_on(session, target, on)
    if new_stage.rank <= old_stage.rank:
        raise ValidationFailed(
            [problem("err_graduation_stage", old_stage=old_stage.value, new_stage=new_stage.value)]
        )
    move_out(
        session,
        actor=actor,
        tenancy_id=tenancy_id,
        expected_version=expected_version,
        end_on=on,
        exit_reason=ExitReason.GRADUATED,
        reason=reason,
    )
    return move_in(
        session,
        actor=actor,
        data={
            "tenant_id": tenancy.tenant_id,
            "carrier_id": to_carrier_id,
            "start_on": on,
            "area_m2": area_m2,
            "workstations": workstations,
        },
        reason=reason,
        also_elsewhere=True,  # its other carriers, if any, are not this step's business
    )
