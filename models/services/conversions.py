"""Conversion projects: create, edit, move through statuses with a dated history."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from models.carrier import Carrier
from models.common import utcnow
from models.conversion import (
    ConversionCreate,
    ConversionProject,
    ConversionStatusChange,
    ConversionUpdate,
)
from models.enums import ConversionStatus
from models.errors import ValidationFailed, problem
from models.services.core import (
    Actor,
    audit,
    audited_update,
    get_live,
    require,
    snapshot,
    soft_delete,
)
from models.services.location import locate
from models.services.parsing import parse, require_text

ENTITY = "conversion"
PIPELINE = [s for s in ConversionStatus if s != ConversionStatus.CANCELLED]


def allowed_next(status: ConversionStatus) -> list[ConversionStatus]:
    """Forward along the pipeline (steps may be skipped) or cancel; never backwards."""
    if status in (ConversionStatus.OPERATING, ConversionStatus.CANCELLED):
        return []
    later = PIPELINE[PIPELINE.index(status) + 1 :]
    return [*later, ConversionStatus.CANCELLED]


def _may_edit(session: Session, actor: Actor, project: ConversionProject) -> bool:
    if actor.is_admin:
        return True
    if project.carrier_id is not None and project.carrier_id in actor.carrier_ids:
        return True
    place = locate(session, lon=project.lon, lat=project.lat)
    return actor.may_edit_zones(place.park_code, place.belt_codes)


def create_conversion(
    session: Session,
    *,
    actor: Actor,
    data: ConversionCreate | dict[str, Any],
    on: date | None = None,
    reason: str = "",
    is_sample: bool = False,
) -> ConversionProject:
    """Insert a project and the first entry of its status history."""
    parsed = parse(ConversionCreate, data)
    if problems := require_text(parsed.name_zh, "name_zh"):
        raise ValidationFailed(problems)
    place = locate(session, lon=parsed.lon, lat=parsed.lat)
    if not place.in_district:
        raise ValidationFailed([problem("err_outside_district", lon=parsed.lon, lat=parsed.lat)])
    project = ConversionProject(
        **parsed.model_dump(), is_sample=is_sample, updated_by=actor.username
    )
    require(_may_edit(session, actor, project), actor=actor, action="create", entity=ENTITY)
    session.add(project)
    session.flush()
    session.add(
        ConversionStatusChange(
            project_id=project.id,  # type: ignore[arg-type]
            status=project.status,
            changed_on=on or utcnow().date(),
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
    require(_may_edit(session, actor, project), actor=actor, action="update", entity=ENTITY)
    patch = parse(ConversionUpdate, changes).model_dump(exclude_unset=True)
    patch = {k: v for k, v in patch.items() if v is not None}
    if problems := require_text(patch.get("name_zh", project.name_zh), "name_zh"):
        raise ValidationFailed(problems)
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
    """Move a project forward (or cancel it), dated; link the carrier it became."""
    project = get_live(session, ConversionProject, project_id, entity=ENTITY)
    require(_may_edit(session, actor, project), actor=actor, action="update", entity=ENTITY)
    new_status = ConversionStatus(status)
    old_status = ConversionStatus(project.status)
    if new_status not in allowed_next(old_status):
        raise ValidationFailed(
            [problem("err_status_transition", old=old_status.value, new=new_status.value)]
        )
    values: dict[str, Any] = {"status": new_status.value}
    if carrier_id is not None:
        get_live(session, Carrier, carrier_id, entity="carrier")
        values["carrier_id"] = carrier_id
    if new_status == ConversionStatus.UNDER_CONSTRUCTION and project.actual_start is None:
        values["actual_start"] = on
    if new_status == ConversionStatus.OPERATING and project.actual_open is None:
        values["actual_open"] = on
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
            note=note[:500],
        )
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
    soft_delete(
        session,
        ConversionProject,
        project_id,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        reason=reason,
    )
