"""Conversion projects: create, edit, move through statuses with a dated history."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.common import shanghai_today
from models.conversion import (
    ConversionBase,
    ConversionCreate,
    ConversionProject,
    ConversionStatusChange,
    ConversionUpdate,
)
from models.enums import ConversionStatus, Role
from models.errors import Problem, ValidationFailed, problem
from models.services.core import (
    Actor,
    audit,
    audited_update,
    get_live,
    require,
    snapshot,
    soft_delete,
)
from models.services.location import locate, locate_many
from models.services.parsing import parse, parse_patch, parse_value
from models.validation import FactDate, Note500

ENTITY = "conversion"
PIPELINE = [s for s in ConversionStatus if s != ConversionStatus.CANCELLED]


def allowed_next(status: ConversionStatus) -> list[ConversionStatus]:
    """Forward along the pipeline (steps may be skipped) or cancel; never backwards."""
    if status in (ConversionStatus.OPERATING, ConversionStatus.CANCELLED):
        return []
    later = PIPELINE[PIPELINE.index(status) + 1 :]
    return [*later, ConversionStatus.CANCELLED]


def may_edit_project(session: Session, actor: Actor, project: ConversionProject) -> bool:
    """Admins always; a manager a project located in their zones or linked to their carrier."""
    if actor.is_admin:
        return True
    if actor.role != Role.MANAGER:
        return False
    if project.carrier_id is not None and project.carrier_id in actor.carrier_ids:
        return True
    place = locate(session, lon=project.lon, lat=project.lat)
    return actor.may_edit_zones(place.park_code, place.belt_codes)


def editable_project_ids(session: Session, *, actor: Actor) -> set[int]:
    """Live projects the actor may edit: pages offer forms only for these.

    Same rule as :func:`may_edit_project`, with the zones read once for all projects.
    """
    if actor.role not in (Role.MANAGER, Role.ADMIN):
        return set()
    projects = session.exec(
        select(ConversionProject).where(col(ConversionProject.deleted_at).is_(None))
    ).all()
    if actor.is_admin:
        return {int(p.id) for p in projects if p.id is not None}
    places = locate_many(session, [(p.lon, p.lat) for p in projects])
    return {
        int(p.id)
        for p, place in zip(projects, places, strict=True)
        if p.id is not None
        and (
            (p.carrier_id is not None and p.carrier_id in actor.carrier_ids)
            or actor.may_edit_zones(place.park_code, place.belt_codes)
        )
    }


def date_order_problems(project: ConversionBase) -> list[Problem]:
    """A project cannot open before it starts, in the plan or in fact."""
    problems = []
    pairs = (("planned_start", "planned_open"), ("actual_start", "actual_open"))
    for start_field, open_field in pairs:
        start, opened = getattr(project, start_field), getattr(project, open_field)
        if start is not None and opened is not None and opened < start:
            problems.append(
                problem("err_open_before_start", field=open_field, open=opened, start=start)
            )
    return problems


def create_conversion(
    session: Session,
    *,
    actor: Actor,
    data: ConversionCreate | dict[str, Any],
    on: date | None = None,
    reason: str = "",
    is_sample: bool = False,
) -> ConversionProject:
    """Insert a project and the first entry of its status history (always "identified")."""
    parsed = parse(ConversionCreate, data)
    on = parse_value(FactDate, on or shanghai_today(), field="on")
    reason = parse_value(Note500, reason, field="reason")
    if problems := date_order_problems(parsed):
        raise ValidationFailed(problems)
    place = locate(session, lon=parsed.lon, lat=parsed.lat)
    if not place.in_district:
        raise ValidationFailed([problem("err_outside_district", lon=parsed.lon, lat=parsed.lat)])
    project = ConversionProject(
        **parsed.model_dump(), is_sample=is_sample, updated_by=actor.username
    )
    require(may_edit_project(session, actor, project), actor=actor, action="create", entity=ENTITY)
    session.add(project)
    session.flush()
    session.add(
        ConversionStatusChange(
            project_id=project.id,  # type: ignore[arg-type]
            status=project.status,
            changed_on=on,
            changed_by=actor.username,
        )
    )
    audit(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=project.id,
        after=snapshot(project),
        reason=reason,
    )
    return project


def update_conversion(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_version: int,
    changes: ConversionUpdate | dict[str, Any],
    reason: str = "",
) -> ConversionProject:
    """Edit a project's descriptive fields (status changes go through change_status)."""
    project = get_live(session, ConversionProject, project_id, entity=ENTITY)
    require(may_edit_project(session, actor, project), actor=actor, action="update", entity=ENTITY)
    # The patch and then the whole record pass the same rules as a new project.
    patch = parse_patch(ConversionUpdate, ConversionBase, changes)
    merged = parse(ConversionBase, {**project.model_dump(), **patch})
    if problems := date_order_problems(merged):
        raise ValidationFailed(problems)
    reason = parse_value(Note500, reason, field="reason")
    audited_update(
        session,
        project,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        values=patch,
        reason=reason,
    )
    return project


def change_status(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_version: int,
    status: ConversionStatus,
    on: date,
    carrier_id: int | None = None,
    note: str = "",
) -> ConversionProject:
    """Move a project forward (or cancel it), dated; link the carrier it became.

    The carrier must be one the actor may edit: a manager cannot attach another zone's
    carrier to a project of theirs.
    """
    new_status = parse_value(ConversionStatus, status, field="status")
    on = parse_value(FactDate, on, field="on")
    note = parse_value(Note500, note, field="note")
    project = get_live(session, ConversionProject, project_id, entity=ENTITY)
    require(may_edit_project(session, actor, project), actor=actor, action="update", entity=ENTITY)
    old_status = ConversionStatus(project.status)
    if new_status not in allowed_next(old_status):
        raise ValidationFailed(
            [problem("err_status_transition", old=old_status.value, new=new_status.value)]
        )
    last = session.exec(
        select(func.max(ConversionStatusChange.changed_on)).where(
            ConversionStatusChange.project_id == project_id
        )
    ).one()
    if last is not None and on < last:
        # Sorted before the history, the step made the tracker show an older status
        # than the project's own (attack QA dated "operating" 1950).
        raise ValidationFailed([problem("err_status_date_order", field="on", on=on, last=last)])
    values: dict[str, Any] = {"status": new_status.value}
    if carrier_id is not None:
        carrier = get_live(session, Carrier, carrier_id, entity="carrier")
        require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=ENTITY)
        values["carrier_id"] = carrier_id
    if new_status == ConversionStatus.UNDER_CONSTRUCTION and project.actual_start is None:
        values["actual_start"] = on
    if new_status == ConversionStatus.OPERATING and project.actual_open is None:
        values["actual_open"] = on
    # The dates the step fills in keep the project's own order: a start set after an
    # opening already on record (an import) left a project whose every later edit was
    # refused for it (attack QA).
    if problems := date_order_problems(
        ConversionBase.model_construct(**(project.model_dump() | values))
    ):
        raise ValidationFailed(problems)
    audited_update(
        session,
        project,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        values=values,
        reason=note,
    )
    session.add(
        ConversionStatusChange(
            project_id=project_id,
            status=new_status,
            changed_on=on,
            changed_by=actor.username,
            note=note,
        )
    )
    return project


def link_carrier(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_version: int,
    carrier_id: int | None,
    reason: str = "",
) -> ConversionProject:
    """Link (or, with None, unlink) the carrier a project became.

    Usually done by the status change to "operating"; this is for a project that reached
    it without the link (the tracker can show no occupancy for it). The carrier must be
    one the actor may edit, like in :func:`change_status`.
    """
    reason = parse_value(Note500, reason, field="reason")
    project = get_live(session, ConversionProject, project_id, entity=ENTITY)
    require(may_edit_project(session, actor, project), actor=actor, action="update", entity=ENTITY)
    if carrier_id is not None:
        carrier = get_live(session, Carrier, carrier_id, entity="carrier")
        require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=ENTITY)
    audited_update(
        session,
        project,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        values={"carrier_id": carrier_id},
        reason=reason,
    )
    return project


def delete_conversion(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_version: int,
    reason: str = "",
) -> None:
    """Soft delete (admin only)."""
    reason = parse_value(Note500, reason, field="reason")
    soft_delete(
        session,
        ConversionProject,
        project_id,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        reason=reason,
    )
