"""Create, update and (soft) delete carriers."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from models.carrier import Carrier, CarrierCreate, CarrierUpdate
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
from models.services.location import Placement, locate
from models.services.parsing import parse, require_text

ENTITY = "carrier"


def _placement(session: Session, lon: float, lat: float) -> Placement:
    place = locate(session, lon=lon, lat=lat)
    if not place.in_district:
        raise ValidationFailed([problem("err_outside_district", lon=lon, lat=lat)])
    return place


def create_carrier(
    session: Session,
    *,
    actor: Actor,
    data: CarrierCreate | dict[str, Any],
    reason: str = "",
    is_sample: bool = False,
) -> Carrier:
    """Validate and insert a carrier; park and belts are derived from its location."""
    parsed = parse(CarrierCreate, data)
    if problems := require_text(parsed.name_zh, "name_zh"):
        raise ValidationFailed(problems)
    place = _placement(session, parsed.lon, parsed.lat)
    require(
        actor.may_edit_zones(place.park_code, place.belt_codes),
        actor=actor,
        action="create",
        entity=ENTITY,
    )
    carrier = Carrier(
        **parsed.model_dump(),
        park_code=place.park_code,
        belt_codes=place.belt_text,
        is_sample=is_sample,
        updated_by=actor.username,
    )
    session.add(carrier)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=carrier.id,
        after=snapshot(carrier),
        reason=reason,
    )
    return carrier


def update_carrier(
    session: Session,
    *,
    actor: Actor,
    carrier_id: int,
    expected_version: int,
    changes: CarrierUpdate | dict[str, Any],
    reason: str = "",
) -> Carrier:
    """Apply changes if the version still matches; re-derive park/belts when moved."""
    carrier = get_live(session, Carrier, carrier_id, entity=ENTITY)
    require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=ENTITY)
    patch = parse(CarrierUpdate, changes).model_dump(exclude_unset=True)
    patch = {k: v for k, v in patch.items() if v is not None}
    merged = parse(CarrierCreate, {**carrier.model_dump(), **patch})
    if problems := require_text(merged.name_zh, "name_zh"):
        raise ValidationFailed(problems)
    if "lon" in patch or "lat" in patch:
        place = _placement(session, merged.lon, merged.lat)
        # A manager may not move a carrier out of their own scope (into someone else's).
        require(
            carrier_id in actor.carrier_ids
            or actor.may_edit_zones(place.park_code, place.belt_codes),
            actor=actor,
            action="update",
            entity=ENTITY,
        )
        patch["park_code"], patch["belt_codes"] = place.park_code, place.belt_text
    audited_update(
        session,
        carrier,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        values=patch,
        reason=reason,
    )
    return carrier


def delete_carrier(
    session: Session,
    *,
    actor: Actor,
    carrier_id: int,
    expected_version: int,
    reason: str = "",
) -> None:
    """Soft delete: the row stays (history and audit keep pointing at it)."""
    soft_delete(
        session,
        Carrier,
        carrier_id,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        reason=reason,
    )
