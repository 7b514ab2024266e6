"""Create, update and (soft) delete carriers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.carrier import (
    Carrier,
    CarrierBase,
    CarrierCreate,
    CarrierSizeChange,
    CarrierStageChange,
    CarrierUpdate,
)
from models.common import shanghai_today
from models.errors import Problem, ValidationFailed, problem
from models.occupancy import OccupancyReport
from models.services.carrier_sizes import (
    Size,
    follow_opening,
    history_floor,
    last_change_on,
    record_size,
    resize_problems,
    too_late,
)
from models.services.carrier_stages import lost_graduations, matched_graduations
from models.services.core import (
    Actor,
    audited_create,
    audited_update,
    get_live,
    require,
    soft_delete,
)
from models.services.location import Placement, locate
from models.services.occupancy import lock_carriers
from models.services.parsing import parse, parse_patch, parse_value
from models.tenant import Tenancy
from models.validation import MIN_DATE, FactDate, Note500

ENTITY = "carrier"
SIZE_FIELDS = ("total_area_m2", "workstations_total")  # the order of carrier_sizes.Size


def _placement(session: Session, lon: float, lat: float) -> Placement:
    place = locate(session, lon=lon, lat=lat)
    if not place.in_district:
        raise ValidationFailed([problem("err_outside_district", lon=lon, lat=lat)])
    return place


def _code_taken(session: Session, code: str | None, carrier_id: int | None) -> list[Problem]:
    """A carrier code names one carrier (deleted ones keep theirs: history points at it)."""
    if code is None:
        return []
    other = session.exec(select(Carrier).where(Carrier.code == code)).first()
    if other is None or other.id == carrier_id:
        return []
    return [problem("err_carrier_code_dup", field="code", value=code, name=other.name_zh)]


def _stage_date_problems(
    session: Session, carrier_id: int, since: date, opened_on: date | None
) -> list[Problem]:
    """A new stage cannot start before the carrier opened or before its last stage change."""
    floor = history_floor(session, CarrierStageChange, carrier_id, opened_on)
    if since < floor:
        return [problem("err_stage_date_order", field="stage_changed_on", on=since, floor=floor)]
    return too_late(since, opened_on, field="stage_changed_on")


def _opening_after_reports(session: Session, carrier_id: int, opened_on: date) -> list[Problem]:
    """An opening may not move past the carrier's own monthly reports or move-ins.

    Moved to next month, every past report fell outside the carrier's life and its
    figures silently left every total and trend (attack QA, carrier with 36 reports).
    """
    first = session.exec(
        select(func.min(OccupancyReport.month)).where(OccupancyReport.carrier_id == carrier_id)
    ).one()
    if first is not None and first < opened_on.replace(day=1):
        return [
            problem(
                "err_opened_after_reports",
                field="opened_on",
                opened=opened_on,
                month=first.strftime("%Y-%m"),
            )
        ]
    first_stay = session.exec(
        select(func.min(Tenancy.start_on)).where(Tenancy.carrier_id == carrier_id)
    ).one()
    # The same for the firms inside: moved past a move-in, the firm sat in a carrier
    # "not open yet", counted by the big screen and not by home (attack QA).
    if first_stay is not None and first_stay < opened_on:
        return [
            problem(
                "err_opened_after_tenancies",
                field="opened_on",
                opened=opened_on,
                start=first_stay,
            )
        ]
    return []


def _no_area(total_area_m2: float) -> list[Problem]:
    """A carrier is a space: 0 m² makes its occupancy undefined (attack QA saved one)."""
    return [] if total_area_m2 > 0 else [problem("err_area_zero", field="total_area_m2")]


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
    reason = parse_value(Note500, reason, field="reason")
    if problems := _code_taken(session, parsed.code, None) + _no_area(parsed.total_area_m2):
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
    audited_create(session, carrier, actor=actor, entity=ENTITY, reason=reason)
    # The first history row: the carrier has had this stage since it opened (or, when
    # the opening date is unknown, since today, when it was entered).
    _record_stage(session, carrier, on=parsed.opened_on or shanghai_today(), actor=actor)
    # Its size since it opened; with no opening date, since ever (MIN_DATE), so a later
    # resize may still be dated back to months reported before the carrier was entered.
    record_size(session, carrier, on=parsed.opened_on or MIN_DATE, actor=actor)
    return carrier


def _record_stage(session: Session, carrier: Carrier, *, on: date, actor: Actor) -> None:
    session.add(
        CarrierStageChange(
            carrier_id=int(carrier.id or 0),
            stage=carrier.stage,
            changed_on=on,
            changed_by=actor.username,
        )
    )


def update_carrier(
    session: Session,
    *,
    actor: Actor,
    carrier_id: int,
    expected_version: int,
    changes: CarrierUpdate | dict[str, Any],
    reason: str = "",
    stage_changed_on: date | None = None,
    size_changed_on: date | None = None,
    correction: bool = False,
) -> Carrier:
    """Apply changes if the version still matches; re-derive park/belts when moved.

    A new stage is added to the carrier's stage history, dated ``stage_changed_on``
    (default: today in Shanghai), so earlier months keep showing the earlier stage. A
    new area or workstation count is added to its size history, dated
    ``size_changed_on`` (default: today), so earlier months keep dividing by the
    earlier area (to correct a mistyped size for every month, date it the opening).
    ``correction``: the new stage or size corrects the one on record instead of being
    a change; each is dated its newest history row's day (which it replaces), so every
    month that row covered shows the corrected value, and the dates given are ignored.
    """
    # Before reading the newest report: a report being saved meanwhile holds this lock.
    lock_carriers(session, [carrier_id])
    carrier = get_live(session, Carrier, carrier_id, entity=ENTITY)
    require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=ENTITY)
    previous_stage = carrier.stage
    previous_size = Size(carrier.total_area_m2, carrier.workstations_total)
    # The patch and then the whole record pass the same rules as a new carrier.
    patch = parse_patch(CarrierUpdate, CarrierBase, changes)
    merged = parse(CarrierBase, {**carrier.model_dump(), **patch})
    if "opened_on" in patch:
        follow_opening(session, carrier_id, old=carrier.opened_on, new=patch["opened_on"])
    reason = parse_value(Note500, reason, field="reason")
    if correction:  # user QA: a typo fixed "from today" left every earlier month wrong
        stage_changed_on = last_change_on(session, CarrierStageChange, carrier_id, merged.opened_on)
        size_changed_on = last_change_on(session, CarrierSizeChange, carrier_id, merged.opened_on)
    since = parse_value(FactDate, stage_changed_on or shanghai_today(), field="stage_changed_on")
    problems = _code_taken(session, patch.get("code"), carrier_id)
    problems += _no_area(merged.total_area_m2) if "total_area_m2" in patch else []
    if "stage" in patch and patch["stage"] != previous_stage:
        problems += _stage_date_problems(session, carrier_id, since, merged.opened_on)
    if patch.get("opened_on") is not None:
        problems += _opening_after_reports(session, carrier_id, patch["opened_on"])
    resized = {
        name
        for name, before in zip(SIZE_FIELDS, previous_size, strict=True)
        if name in patch and patch[name] != before
    }
    size_since = parse_value(FactDate, size_changed_on or shanghai_today(), field="size_changed_on")
    if resized:
        problems += resize_problems(
            session,
            carrier_id,
            new=Size(merged.total_area_m2, merged.workstations_total),
            changed=resized,
            since=size_since,
            opened_on=merged.opened_on,
        )
    if problems:
        raise ValidationFailed(problems)
    restaged = "stage" in patch and patch["stage"] != previous_stage
    graduated = matched_graduations(session) if restaged else {}
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
    if restaged:
        _record_stage(session, carrier, on=since, actor=actor)
        # Raised inside the write: the transaction (and the change) is rolled back.
        if lost := lost_graduations(session, graduated, on=since):
            raise ValidationFailed(lost)
    if resized:
        record_size(session, carrier, on=size_since, actor=actor, replaced=previous_size)
    return carrier


def delete_carrier(
    session: Session,
    *,
    actor: Actor,
    carrier_id: int,
    expected_version: int,
    reason: str = "",
) -> None:
    """Soft delete: the row stays (history and audit keep pointing at it).

    Refused while tenants are still in: their tenancies would be stranded (move_out
    finds no live carrier) and still counted as current tenants.
    """
    carrier = get_live(session, Carrier, carrier_id, entity=ENTITY)
    require(actor.is_admin, actor=actor, action="delete", entity=ENTITY)
    open_count = session.exec(
        select(func.count())
        .select_from(Tenancy)
        .where(Tenancy.carrier_id == carrier.id, col(Tenancy.end_on).is_(None))
    ).one()
    if open_count:
        raise ValidationFailed([problem("err_carrier_has_tenants", n=open_count)])
    reason = parse_value(Note500, reason, field="reason")
    soft_delete(
        session,
        Carrier,
        carrier_id,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        reason=reason,
    )
