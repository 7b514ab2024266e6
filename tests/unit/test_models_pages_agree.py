"""Rules that keep two pages from telling a leader two different figures.

Attack QA (2026-11-29): the big screen counted a carrier announced to open next year
(121 carriers beside home's 120 for the same month); an opening moved past a firm's
move-in left that firm in a carrier "not open yet"; and a graduation was judged by
today's stages while the chain page counts it by the stages of the days it names.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models import overview, queries
from models.carrier import Carrier
from models.common import shanghai_today
from models.db import get_engine, session_scope
from models.errors import ValidationFailed
from models.services.carriers import update_carrier
from models.services.tenants import graduate
from models.tenant import Tenancy, Tenant
from tests.unit.model_factories import ADMIN, make_carrier, make_tenancy, make_tenant


def _update(url: str, carrier_id: int, changes: dict[str, object], **when: date) -> None:
    with Session(get_engine(url)) as s:
        version = s.get(Carrier, carrier_id).version  # type: ignore[union-attr]
    with session_scope(get_engine(url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=carrier_id,
            expected_version=version,
            changes=changes,
            **when,
        )


def _wall_and_home(url: str) -> tuple[dict[str, object], dict[str, float | None]]:
    with Session(get_engine(url)) as s:
        wall = queries.kpis(s)
        month = wall["month"] or queries.default_end_month()
        home = overview.kpi_values(queries.overview_data(s), as_of=month)  # type: ignore[arg-type]
    return wall, home


def test_the_wall_counts_the_carriers_home_counts(db_url: str) -> None:
    wall0, home0 = _wall_and_home(db_url)  # PostgreSQL is shared: count the difference
    make_carrier(db_url, opened_on=date(2024, 3, 1), total_area_m2=1000.0)
    make_carrier(db_url, opened_on=None, total_area_m2=2000.0)
    make_carrier(db_url, opened_on=shanghai_today() + timedelta(days=200))
    wall, home = _wall_and_home(db_url)
    # Hand count: the two open carriers, 1,000 + 2,000 m²; not the one opening next year.
    assert wall["carriers"] - wall0["carriers"] == 2  # type: ignore[operator]
    assert home["carriers"] - home0["carriers"] == 2  # type: ignore[operator]
    assert wall["total_area_m2"] - wall0["total_area_m2"] == 3000.0  # type: ignore[operator]
    assert home["area_m2"] - home0["area_m2"] == 3000.0  # type: ignore[operator]
    by_stage = wall["by_stage"], wall0["by_stage"]
    assert by_stage[0]["incubator"] - by_stage[1].get("incubator", 0) == 2  # type: ignore[index,union-attr]


def test_an_opening_cannot_move_past_a_firms_move_in(db_url: str) -> None:
    carrier = make_carrier(db_url, opened_on=date(2025, 1, 1))
    make_tenancy(db_url, make_tenant(db_url).id, carrier.id, start_on=date(2025, 3, 10))
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, carrier.id, {"opened_on": date(2025, 6, 1)})
    assert err.value.messages("zh") == [
        "开业日期 2025-06-01 晚于该载体最早的企业入驻日期 2025-03-10；"
        "请填写实际开业日期，或先更正该入驻记录"
    ]
    _update(db_url, carrier.id, {"opened_on": date(2025, 3, 10)})  # up to the move-in is fine
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, carrier.id).opened_on == date(2025, 3, 10)  # type: ignore[union-attr]


def test_a_graduation_is_judged_by_the_stages_of_its_own_days(db_url: str) -> None:
    source = make_carrier(db_url, opened_on=date(2024, 1, 1))  # an incubator
    target = make_carrier(db_url, opened_on=date(2024, 1, 1))  # an incubator too, until:
    today = shanghai_today()
    upgraded_on = today - timedelta(days=10)
    _update(db_url, target.id, {"stage": "accelerator"}, stage_changed_on=upgraded_on)
    stay = make_tenancy(db_url, make_tenant(db_url).id, source.id, start_on=date(2024, 6, 1))

    def _graduate(on: date) -> None:
        with session_scope(get_engine(db_url)) as s:
            graduate(
                s,
                actor=ADMIN,
                tenancy_id=stay.id,
                expected_version=stay.version,
                to_carrier_id=target.id,
                on=on,
            )

    # Before the upgrade the target was still an incubator: not a graduation.
    with pytest.raises(ValidationFailed) as err:
        _graduate(upgraded_on - timedelta(days=20))
    assert err.value.messages("zh") == [
        "毕业须迁入更高阶段的载体（原载体入驻时为孵化器，目标载体届时为孵化器）"
    ]
    _graduate(upgraded_on)  # the day it became an accelerator: a graduation
    with Session(get_engine(db_url)) as s:
        moved = s.exec(select(Tenancy).where(Tenancy.carrier_id == target.id)).all()
    assert [t.start_on for t in moved] == [upgraded_on]


def test_deleting_a_firm_that_left_keeps_the_months_it_was_there(db_url: str) -> None:
    from models import chain
    from models.enums import ExitReason
    from models.services.tenants import delete_tenant, move_out

    carrier = make_carrier(db_url, opened_on=date(2024, 1, 1))
    stays = [
        make_tenancy(db_url, make_tenant(db_url).id, carrier.id, start_on=date(2025, 1, 5))
        for _ in range(2)
    ]
    gone = stays[0]
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=gone.id,
            expected_version=gone.version,
            end_on=date(2025, 8, 20),
            exit_reason=ExitReason.CLOSED,
        )

    def figures() -> tuple[list[float | None], list[int]]:
        with Session(get_engine(db_url)) as s:
            data = queries.overview_data(s)
            staged = chain.staged_tenancies(s)
        months = (date(2025, 7, 1), date(2025, 9, 1))
        counts = [overview.kpi_values(data, as_of=m)["tenants"] for m in months]
        return counts, sorted(int(i) for i in staged["tenant_id"])

    before = figures()
    # The firm that left in August counts in July and not in September.
    assert before[0][0] == before[0][1] + 1  # type: ignore[operator]
    with session_scope(get_engine(db_url)) as s:
        tenant = s.get(Tenant, gone.tenant_id)
        delete_tenant(s, actor=ADMIN, tenant_id=gone.tenant_id, expected_version=tenant.version)  # type: ignore[union-attr]
    assert figures() == before  # deleting it rewrote no past month
    assert gone.tenant_id in before[1]


def test_a_carrier_deleted_after_the_month_still_counts_on_the_wall_as_on_home(
    db_url: str,
) -> None:
    from models.enums import ExitReason
    from models.services.carriers import delete_carrier
    from models.services.occupancy import save_month
    from models.services.tenants import move_out

    wall0, home0 = _wall_and_home(db_url)
    month = wall0["month"] or queries.default_end_month()
    carrier = make_carrier(db_url, opened_on=date(2024, 1, 1), total_area_m2=800.0)
    stay = make_tenancy(db_url, make_tenant(db_url).id, carrier.id, start_on=date(2024, 2, 1))
    with session_scope(get_engine(db_url)) as s:
        row = {"carrier_id": carrier.id, "month": month, "occupied_area_m2": 400.0}
        row |= {"occupied_workstations": 10, "tenant_count": 1}
        save_month(s, actor=ADMIN, rows=[row], today=shanghai_today())
    wall1, home1 = _wall_and_home(db_url)
    # Hand count: one more carrier of 800 m² and one more firm, on both.
    assert wall1["carriers"] - wall0["carriers"] == home1["carriers"] - home0["carriers"] == 1  # type: ignore[operator]
    assert wall1["tenants"] - wall0["tenants"] == home1["tenants"] - home0["tenants"] == 1  # type: ignore[operator]
    # The firm leaves this month, the carrier is deleted: the month shown keeps both.
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=stay.id,
            expected_version=stay.version,
            end_on=shanghai_today(),
            exit_reason=ExitReason.CLOSED,
        )
    with session_scope(get_engine(db_url)) as s:
        version = s.get(Carrier, carrier.id).version  # type: ignore[union-attr]
        delete_carrier(s, actor=ADMIN, carrier_id=carrier.id, expected_version=version)
    wall2, home2 = _wall_and_home(db_url)
    assert (wall2["carriers"], wall2["tenants"], wall2["total_area_m2"]) == (
        wall1["carriers"],
        wall1["tenants"],
        wall1["total_area_m2"],
    )
    assert (home2["carriers"], home2["tenants"]) == (home1["carriers"], home1["tenants"])
    assert wall2["avg_occupancy"] == wall1["avg_occupancy"]
    from models import chain

    with Session(get_engine(db_url)) as s:  # the chain and comparison pages too
        assert carrier.id in set(chain.load(s, as_of=month).carriers["id"])  # type: ignore[arg-type]


def test_a_backdated_stage_change_may_not_undo_a_recorded_graduation(db_url: str) -> None:
    source = make_carrier(db_url, opened_on=date(2024, 1, 1), stage="nursery")
    target = make_carrier(db_url, opened_on=date(2024, 1, 1), stage="incubator")
    stay = make_tenancy(db_url, make_tenant(db_url).id, source.id, start_on=date(2024, 5, 5))
    with session_scope(get_engine(db_url)) as s:
        graduate(
            s,
            actor=ADMIN,
            tenancy_id=stay.id,
            expected_version=stay.version,
            to_carrier_id=target.id,
            on=date(2025, 10, 28),
        )
    # The nursery "was an incubator" since before the firm moved in: no graduation left.
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, source.id, {"stage": "incubator"}, stage_changed_on=date(2024, 5, 5))
    message = err.value.messages("zh")[0]
    assert message.startswith("自 2024-05-05 起的阶段变更会使 ") and "毕业记录不再成立" in message
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, source.id).stage == "nursery"  # type: ignore[union-attr]
    # Dated after the firm's move-in it changes nothing recorded: saved.
    _update(db_url, source.id, {"stage": "incubator"}, stage_changed_on=date(2025, 1, 1))
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, source.id).stage == "incubator"  # type: ignore[union-attr]


def test_a_report_for_the_month_under_way_does_not_move_the_pages_to_it(db_url: str) -> None:
    """Admin QA: three early November reports moved home and the big screen to
    November, with 117 carriers "not reported", while 出租率填报 still asked for October."""
    from models.services.occupancy import save_month

    carrier = make_carrier(db_url, opened_on=date(2024, 1, 1))
    this_month = shanghai_today().replace(day=1)
    with session_scope(get_engine(db_url)) as s:
        row = {"carrier_id": carrier.id, "month": this_month, "occupied_area_m2": 100.0}
        save_month(s, actor=ADMIN, rows=[row], today=shanghai_today())
    with Session(get_engine(db_url)) as s:
        assert queries.latest_month(s) == queries.default_end_month()  # last month, not this
        assert queries.kpis(s)["month"] == queries.default_end_month()
