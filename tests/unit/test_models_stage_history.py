"""Stage history: a carrier shows the stage it had at the end of the month looked at."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session, col, select

from models import overview, queries
from models.carrier import CarrierStageChange
from models.db import get_engine, session_scope
from models.services.carriers import update_carrier
from models.stage_history import stages_at, with_stage_at
from tests.unit.model_factories import ADMIN, make_carrier

# Carrier 1: nursery from 2023-01-10, incubator from 2024-06-15, accelerator 2025-01-01.
# Carrier 2: history starts 2024-03-01 (entered late) as incubator.
CHANGES = pd.DataFrame(
    [
        (1, 1, "nursery", date(2023, 1, 10)),
        (2, 1, "incubator", date(2024, 6, 15)),
        (3, 1, "accelerator", date(2025, 1, 1)),
        (4, 2, "incubator", date(2024, 3, 1)),
    ],
    columns=["id", "carrier_id", "stage", "changed_on"],
)


def test_stage_at_month_end_follows_the_history() -> None:
    # May 2024: carrier 1 still a nursery; carrier 2 only known from March on.
    assert stages_at(CHANGES, as_of=date(2024, 5, 1)).to_dict() == {
        1: "nursery",
        2: "incubator",
    }
    # A change on 15 June counts for June (stage at the END of the month).
    assert stages_at(CHANGES, as_of=date(2024, 6, 1))[1] == "incubator"
    assert stages_at(CHANGES, as_of=date(2024, 12, 1))[1] == "incubator"
    assert stages_at(CHANGES, as_of=date(2025, 1, 1))[1] == "accelerator"


def test_before_any_recorded_change_the_earliest_stage_is_shown() -> None:
    # Carrier 2 was entered in March 2024: for 2023 its earliest known stage stands.
    assert stages_at(CHANGES, as_of=date(2023, 6, 1))[2] == "incubator"
    assert stages_at(CHANGES, as_of=date(2022, 1, 1))[1] == "nursery"


def test_carriers_without_history_keep_their_current_stage() -> None:
    carriers = pd.DataFrame({"id": [1, 3], "stage": ["accelerator", "public_space"]})
    at = with_stage_at(carriers, CHANGES, as_of=date(2024, 7, 1))
    assert at["stage"].tolist() == ["incubator", "public_space"]


def test_an_upgrade_is_recorded_and_earlier_months_keep_the_old_stage(sqlite_url: str) -> None:
    carrier = make_carrier(sqlite_url, stage="incubator", opened_on=date(2022, 3, 1))
    with session_scope(get_engine(sqlite_url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=int(carrier.id or 0),
            expected_version=carrier.version,
            changes={"stage": "accelerator"},
            stage_changed_on=date(2025, 7, 1),
        )
    with Session(get_engine(sqlite_url)) as s:
        rows = s.exec(
            select(CarrierStageChange)
            .where(CarrierStageChange.carrier_id == carrier.id)
            .order_by(col(CarrierStageChange.changed_on))
        ).all()
        assert [(r.stage, r.changed_on) for r in rows] == [
            ("incubator", date(2022, 3, 1)),
            ("accelerator", date(2025, 7, 1)),
        ]
        before = queries.carriers_frame(s, as_of=date(2025, 6, 1))
        after = queries.carriers_frame(s, as_of=date(2025, 7, 1))
        data = queries.overview_data(s)
    assert before.loc[before["id"] == carrier.id, "stage"].item() == "incubator"
    assert after.loc[after["id"] == carrier.id, "stage"].item() == "accelerator"
    june = overview.per_carrier(data, as_of=date(2025, 6, 1))
    assert june.loc[june["id"] == carrier.id, "stage"].item() == "incubator"


def test_an_edit_that_keeps_the_stage_adds_no_history(sqlite_url: str) -> None:
    carrier = make_carrier(sqlite_url, stage="nursery", opened_on=date(2024, 1, 1))
    with session_scope(get_engine(sqlite_url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=int(carrier.id or 0),
            expected_version=carrier.version,
            changes={"stage": "nursery", "operator": "新运营方"},
        )
    with Session(get_engine(sqlite_url)) as s:
        n = s.exec(
            select(CarrierStageChange).where(CarrierStageChange.carrier_id == carrier.id)
        ).all()
    assert len(n) == 1


def test_sample_history_shows_upgrades_in_the_past(seeded: Session) -> None:
    now = queries.carriers_frame(seeded, as_of=date(2026, 10, 1))
    then = queries.carriers_frame(seeded, as_of=date(2023, 11, 1))
    merged = now.merge(then, on="id", suffixes=("_now", "_then"))
    moved = merged[merged["stage_now"] != merged["stage_then"]]
    assert len(moved) > 0
    order = ["public_space", "nursery", "incubator", "accelerator"]
    # Every sample change is one step up the chain, never down.
    pairs = zip(moved.stage_now, moved.stage_then, strict=True)
    steps = [order.index(a) - order.index(b) for a, b in pairs]
    assert set(steps) == {1}


def test_conversion_projects_as_of_a_month_show_the_status_they_had(sqlite_url: str) -> None:
    from models.enums import ConversionStatus
    from models.services.conversions import change_status, create_conversion
    from tests.unit.model_factories import conversion_data

    with session_scope(get_engine(sqlite_url)) as s:
        project = create_conversion(s, actor=ADMIN, data=conversion_data(), on=date(2024, 1, 10))
        later = create_conversion(s, actor=ADMIN, data=conversion_data(), on=date(2025, 3, 1))
    with session_scope(get_engine(sqlite_url)) as s:
        change_status(
            s,
            actor=ADMIN,
            project_id=int(project.id or 0),
            expected_version=project.version,
            status=ConversionStatus.PLANNING,
            on=date(2024, 8, 20),
        )
    with Session(get_engine(sqlite_url)) as s:
        july = queries.conversions_frame(s, as_of=date(2024, 7, 1))
        august = queries.conversions_frame(s, as_of=date(2024, 8, 1))
        now = queries.conversions_frame(s)
    # July: only the first project existed, still "identified"; August: "planning".
    assert july[["id", "status"]].values.tolist() == [[project.id, "identified"]]
    assert august[["id", "status"]].values.tolist() == [[project.id, "planning"]]
    assert set(now["id"]) == {project.id, later.id}


def test_stage_on_a_day_per_row() -> None:
    from models.stage_history import stage_on

    rows = pd.DataFrame(
        {
            "carrier_id": [1, 1, 1, 2, 3, 1],
            "start_on": [
                date(2023, 5, 1),  # nursery
                date(2024, 6, 15),  # the day it became an incubator
                date(2025, 2, 1),  # accelerator
                date(2020, 1, 1),  # before carrier 2's history: earliest known
                date(2024, 1, 1),  # carrier 3 has no history: its current stage
                None,  # no date: earliest known
            ],
            "stage": ["accelerator", "accelerator", "accelerator", "incubator", "nursery", "x"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    got = stage_on(CHANGES, rows, day="start_on", fallback="stage")
    assert got.to_dict() == {
        10: "nursery",
        11: "incubator",
        12: "accelerator",
        13: "incubator",
        14: "nursery",
        15: "nursery",
    }
