"""The growth chain and the zone comparison, checked against figures computed by hand.

Fixture (built through the service layer: carriers, tenants, move-ins, graduations; the
occupancy reports are inserted directly). As of M = 2026-10 unless a test says otherwise.

    carrier  stage         zone       area   report
    A        public space  Shibei     1000   2026-10: 500
    B        nursery       Shibei     2000   2026-10: 1500
    C        incubator     Shibei     4000   2026-10: 3000
    D        accelerator   Suzhou R.  8000   2026-10: 6000
    E        incubator     Suzhou R.  3000   (never reported)
    G        public space  Middle R.   500   2026-06: 100 (too old in October)
    (no carrier on Nanjing West Road)

    tenant (industry)       tenancies
    T1 ai                   A 2024-01-01 → graduated 2025-03-01 → B → graduated
                            2026-02-01 → C (open)
    T2 big_data             C 2024-06-01 → graduated 2025-06-01 → D (open)
    T3 cultural_creative    E 2025-01-01 → graduated 2026-04-01 → D (open)
    T4 film_post_production E 2025-07-01 (open)
    T5 iot                  C 2025-02-01 → "graduated" 2026-08-01, no later tenancy
    T6 animation_games      B 2025-01-01 → graduated 2026-03-01 → D (skips a stage, open)
    T7 robotics             G 2025-05-01 → left the district 2025-11-01
    T8 vr                   D from 2026-11-15 (after M: not there yet)
    T9 ai                   C 2025-09-01 → "graduated" 2026-06-01 → E (same stage: no
                            graduation, open)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event
from sqlmodel import Session

from models import chain, zones_compare
from models import occupancy_rate as occ
from models.carrier import Carrier
from models.db import get_engine, migrate, session_scope
from models.enums import ExitReason
from models.occupancy import OccupancyReport
from models.seed import ensure_zones
from models.services.core import SYSTEM
from models.services.tenants import graduate, move_in, move_out
from models.themes import INDUSTRY_THEME, ZONE_THEME, Theme, theme_industries, theme_of
from tests.unit.model_factories import SHIBEI_POINT, SZR_POINT, make_carrier, make_tenant

NJW_POINT = (121.455, 31.229)
MRR_POINT = (121.44, 31.29)
OCT, MAR = date(2026, 10, 1), date(2026, 3, 1)
DAYS = 365.25 / 12


def _build(url: str) -> dict[str, int]:
    """The fixture above; returns carrier ids by letter."""
    spec = {
        "A": (SHIBEI_POINT, "public_space", 1000.0),
        "B": (SHIBEI_POINT, "nursery", 2000.0),
        "C": (SHIBEI_POINT, "incubator", 4000.0),
        "D": (SZR_POINT, "accelerator", 8000.0),
        "E": (SZR_POINT, "incubator", 3000.0),
        "G": (MRR_POINT, "public_space", 500.0),
    }
    ids = {
        k: int(make_carrier(url, p, stage=s, total_area_m2=a).id or 0)
        for k, (p, s, a) in spec.items()
    }
    with session_scope(get_engine(url)) as s:
        for key, month, area in (
            ("A", OCT, 500.0),
            ("B", OCT, 1500.0),
            ("C", OCT, 3000.0),
            ("D", OCT, 6000.0),
            ("G", date(2026, 6, 1), 100.0),
        ):
            s.add(OccupancyReport(carrier_id=ids[key], month=month, occupied_area_m2=area))

    def tenant(industry: str) -> int:
        return int(make_tenant(url, industry=industry).id or 0)

    def start(s: Session, tid: int, key: str, on: date) -> int:
        data = {"tenant_id": tid, "carrier_id": ids[key], "area_m2": 10.0, "start_on": on}
        return int(move_in(s, actor=SYSTEM, data=data).id or 0)

    def grad(s: Session, tenancy: int, key: str, on: date) -> int:
        new = graduate(
            s, actor=SYSTEM, tenancy_id=tenancy, expected_version=1, to_carrier_id=ids[key], on=on
        )
        return int(new.id or 0)

    def end(s: Session, tenancy: int, on: date, why: ExitReason) -> None:
        move_out(
            s, actor=SYSTEM, tenancy_id=tenancy, expected_version=1, end_on=on, exit_reason=why
        )

    t = {n: tenant(i) for n, i in (
        (1, "ai"), (2, "big_data"), (3, "cultural_creative"), (4, "film_post_production"),
        (5, "iot"), (6, "animation_games"), (7, "robotics"), (8, "vr"), (9, "ai"),
    )}  # fmt: skip
    with session_scope(get_engine(url)) as s:
        x = start(s, t[1], "A", date(2024, 1, 1))
        x = grad(s, x, "B", date(2025, 3, 1))
        grad(s, x, "C", date(2026, 2, 1))
        grad(s, start(s, t[2], "C", date(2024, 6, 1)), "D", date(2025, 6, 1))
        grad(s, start(s, t[3], "E", date(2025, 1, 1)), "D", date(2026, 4, 1))
        start(s, t[4], "E", date(2025, 7, 1))
        end(s, start(s, t[5], "C", date(2025, 2, 1)), date(2026, 8, 1), ExitReason.GRADUATED)
        grad(s, start(s, t[6], "B", date(2025, 1, 1)), "D", date(2026, 3, 1))
        end(s, start(s, t[7], "G", date(2025, 5, 1)), date(2025, 11, 1), ExitReason.LEFT_DISTRICT)
        start(s, t[8], "D", date(2026, 11, 15))
        end(s, start(s, t[9], "C", date(2025, 9, 1)), date(2026, 6, 1), ExitReason.GRADUATED)
        start(s, t[9], "E", date(2026, 6, 1))
    return ids


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def chain_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh database (zones only) holding the fixture, on SQLite and PostgreSQL."""
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_database_factory")()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('chain') / 'chain.db'}"
    migrate(url)
    with session_scope(get_engine(url)) as s:
        ensure_zones(s)
    _build(url)
    yield url
    get_engine(url).dispose()


def _data(url: str, as_of: date | None = OCT) -> chain.ChainData:
    with Session(get_engine(url)) as s:
        return chain.load(s, as_of=as_of)


def _row(table: pd.DataFrame, **match: object) -> pd.Series:
    hit = table
    for name, value in match.items():
        hit = hit[hit[name] == value]
    assert len(hit) == 1, match
    return hit.iloc[0]


# ------------------------------------------------------------------- graduations


def test_graduations_by_year_and_stage_pair(chain_db: str) -> None:
    view = chain.chain_view(_data(chain_db))
    counts = {(r.year, r.from_stage, r.to_stage): r.count for r in view.counts.itertuples()}
    assert counts == {
        (2025, "public_space", "nursery"): 1,  # T1
        (2025, "incubator", "accelerator"): 1,  # T2
        (2026, "nursery", "incubator"): 1,  # T1
        (2026, "nursery", "accelerator"): 1,  # T6, skipping the incubator
        (2026, "incubator", "accelerator"): 1,  # T3
    }
    # T5 left with no later tenancy, T9 went to another incubator: not graduations.
    assert view.unmatched == 2
    ia = {"from_stage": "incubator", "to_stage": "accelerator"}
    assert chain.count_in_year(view.events, year=2026, **ia) == 1


def test_graduations_as_of_an_earlier_month(chain_db: str) -> None:
    view = chain.chain_view(_data(chain_db, MAR))
    # By the end of March 2026: T1 (twice), T2 and T6; T3's (April) not yet, and
    # T5's and T9's "graduated" exits are still in the future.
    assert len(view.events) == 4
    ia = {"from_stage": "incubator", "to_stage": "accelerator"}
    assert chain.count_in_year(view.events, year=2026, **ia) == 0
    assert view.unmatched == 0


def test_the_newest_month_is_the_default(chain_db: str) -> None:
    assert _data(chain_db, None).month == OCT


# -------------------------------------------------------------------------- stays


def test_stay_durations_per_stage(chain_db: str) -> None:
    stays = chain.stay_months(_data(chain_db).tenancies, as_of=OCT).set_index("stage")
    # Ended by 2026-10-31, in days: public A 425 (T1), G 184 (T7); nursery B 337 (T1),
    # 424 (T6); incubator C 365 (T2), 546 (T5), 273 (T9), E 455 (T3).
    assert stays.loc["public_space", "ended"] == 2
    assert stays.loc["public_space", "ended_median"] == pytest.approx(304.5 / DAYS)
    assert stays.loc["nursery", "ended_mean"] == pytest.approx(380.5 / DAYS)
    assert stays.loc["incubator", "ended"] == 4
    assert stays.loc["incubator", "ended_median"] == pytest.approx(410 / DAYS)
    assert stays.loc["incubator", "ended_mean"] == pytest.approx(409.75 / DAYS)
    assert stays.loc["accelerator", "ended"] == 0
    assert pd.isna(stays.loc["accelerator", "ended_median"])
    # Open at 2026-10-31, days so far: incubator C 272 (T1), E 487 (T4), 152 (T9);
    # accelerator D 517 (T2), 213 (T3), 244 (T6). T8 starts in November: not counted.
    assert stays.loc["incubator", "open"] == 3
    assert stays.loc["incubator", "open_median"] == pytest.approx(272 / DAYS)
    assert stays.loc["accelerator", "open"] == 3
    assert stays.loc["accelerator", "open_mean"] == pytest.approx(974 / 3 / DAYS)
    assert stays.loc["public_space", "open"] == 0


# --------------------------------------------------------- stages, zones, gaps


def test_stage_and_zone_figures(chain_db: str) -> None:
    table = chain.stage_zone_table(_data(chain_db))
    c = _row(table, zone="shibei", stage="incubator")
    assert (c["carriers"], c["area_m2"], c["tenants"]) == (1, 4000.0, 1)  # T1 only
    assert c["occupancy"] == pytest.approx(0.75)
    szr = _row(table, zone="belt_szr", stage="incubator")  # E: tenants, no report
    assert (szr["carriers"], szr["tenants"], szr["carriers_used"]) == (1, 2, 0)
    assert pd.isna(szr["occupancy"]) and pd.isna(szr["available_m2"])
    acc = _row(table, zone="district", stage="accelerator")
    assert (acc["tenants"], acc["available_m2"]) == (3, 2000.0)  # T8 not in yet


def test_missing_stages_per_zone(chain_db: str) -> None:
    view = chain.chain_view(_data(chain_db))
    assert view.missing == {
        "shibei": ("accelerator",),
        "belt_njw": ("public_space", "nursery", "incubator", "accelerator"),
        "belt_szr": ("public_space", "nursery"),
        "belt_mrr": ("nursery", "incubator", "accelerator"),
    }


def test_tenants_as_of_an_earlier_month(chain_db: str) -> None:
    table = chain.stage_zone_table(_data(chain_db, MAR))
    # End of March 2026 in C: T1 (since February), T5 (until August), T9 (until June).
    assert _row(table, zone="shibei", stage="incubator")["tenants"] == 3
    # The Suzhou River accelerator D: T2 and T6 (since 1 March); T3 comes in April.
    assert _row(table, zone="belt_szr", stage="accelerator")["tenants"] == 2


# -------------------------------------------------------------------- comparison


def test_zone_comparison(chain_db: str) -> None:
    zones = zones_compare.compare(_data(chain_db)).zones.set_index("zone")
    shibei, szr = zones.loc["shibei"], zones.loc["belt_szr"]
    # Shibei: (500 + 1500 + 3000) / (1000 + 2000 + 4000); available 7000 - 5000.
    assert shibei["occupancy"] == pytest.approx(5000 / 7000)
    assert shibei["available_m2"] == pytest.approx(2000.0)
    assert [int(shibei[f"carriers_{s}"]) for s in chain.STAGES] == [1, 1, 1, 0]
    # Suzhou River: D used (6000 / 8000), E never reported: coverage 1/2, and E's
    # 3000 m² are not "available" (nobody knows how much of it is free).
    assert szr["occupancy"] == pytest.approx(0.75)
    assert (szr["carriers_used"], szr["carriers"], szr["area_m2"]) == (1, 2, 11000.0)
    assert szr["available_m2"] == pytest.approx(2000.0)
    # G's only report is four months old: no rate and no available area.
    assert pd.isna(zones.loc["belt_mrr", "occupancy"])
    assert pd.isna(zones.loc["belt_mrr", "available_m2"])
    district = zones.loc["district"]
    assert district["occupancy"] == pytest.approx(11000 / 15000)
    assert district["available_m2"] == pytest.approx(4000.0)
    assert district["tenants"] == 6


def test_theme_share(chain_db: str) -> None:
    result = zones_compare.compare(_data(chain_db))
    zones = result.zones.set_index("zone")
    # Suzhou River tenants now: T2 big data, T3 cultural, T4 film, T6 animation, T9 AI;
    # the cultural theme holds 3 of the 5.
    assert zones.loc["belt_szr", "theme"] == "theme_cultural"
    assert zones.loc["belt_szr", "theme_tenants"] == 3
    assert zones.loc["belt_szr", "theme_share"] == pytest.approx(3 / 5)
    # No tenants on the Middle Ring any more (T7 left): no share, never a made-up 0%.
    assert pd.isna(zones.loc["belt_mrr", "theme_share"])
    assert pd.isna(zones.loc["shibei", "theme"])  # the park has no belt theme
    szr = result.industries[result.industries["zone"] == "belt_szr"]
    assert dict(zip(szr["industry"], szr["tenants"], strict=True)) == {
        "ai": 1,
        "animation_games": 1,
        "big_data": 1,
        "cultural_creative": 1,
        "film_post_production": 1,
    }


def test_every_industry_has_exactly_one_theme_and_every_belt_a_theme() -> None:
    from models.enums import Industry

    assert set(INDUSTRY_THEME) == set(Industry)
    assert sorted(i for t in Theme for i in theme_industries(t)) == sorted(Industry)
    assert set(ZONE_THEME) == {"belt_njw", "belt_szr", "belt_mrr"}
    assert theme_of("film_post_production") == Theme.CULTURAL
    assert theme_of("not an industry") is None
    with pytest.raises(TypeError):
        theme_of(3)  # type: ignore[arg-type]


# ---------------------------------------------------------------- SQL statements


def _statements(url: str, call: Callable[[Session], object]) -> int:
    engine = get_engine(url)
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as s:
            call(s)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_constant_number_of_statements(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    migrate(url)
    with session_scope(get_engine(url)) as s:
        ensure_zones(s)
    _build(url)

    def both(s: Session) -> None:
        chain.chain_summary(s, as_of=OCT)
        zones_compare.comparison(s, as_of=OCT)

    few = _statements(url, both)
    with session_scope(get_engine(url)) as s:
        for i in range(30):
            carrier = Carrier(
                name_zh=f"附加{i}", stage="nursery", total_area_m2=100.0,
                workstations_total=10, lon=121.45, lat=31.27,
            )  # fmt: skip
            s.add(carrier)
            s.flush()
            s.add(OccupancyReport(carrier_id=carrier.id, month=OCT, occupied_area_m2=50.0))
    assert _statements(url, both) == few


def test_available_area_is_total_minus_occupied_over_the_carriers_used() -> None:
    carriers = pd.DataFrame({"id": [1, 2, 3], "total_area_m2": [1000.0, 600.0, 400.0]})
    reports = pd.DataFrame(
        {"carrier_id": [1, 2], "month": [OCT, date(2026, 5, 1)], "occupied_area_m2": [700.0, 0.0]}
    )
    figure = occ.occupancy_rate(carriers, reports, as_of=OCT)
    # Only carrier 1 is used (2's report is too old, 3 never reported): 1000 - 700.
    assert figure.available_m2 == pytest.approx(300.0)
    assert occ.occupancy_rate(carriers, reports.iloc[1:], as_of=OCT).available_m2 is None


def test_an_empty_database_gives_empty_figures_not_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(url)
    with Session(get_engine(url)) as s:
        view = chain.chain_summary(s, as_of=OCT)
        result = zones_compare.comparison(s, as_of=OCT)
    assert view.events.empty and view.unmatched == 0
    assert set(view.table["carriers"]) == {0}
    assert view.missing["shibei"] == tuple(chain.STAGES)
    assert set(view.stays["ended"]) == {0}
    assert set(result.zones["tenants"]) == {0} and result.industries.empty
    assert result.zones["occupancy"].isna().all()


def test_tenancies_kept_from_an_earlier_read_give_the_same_figures_every_month(
    chain_db: str,
) -> None:
    """The pages keep staged_tenancies per data version; each month's figures equal a
    fresh load's, and the kept rows are left as they were."""
    with Session(get_engine(chain_db)) as s:
        kept = chain.staged_tenancies(s)
        before = kept.copy(deep=True)
        for month in (OCT, MAR, date(2025, 12, 1)):
            fresh = chain.chain_view(chain.load(s, as_of=month))
            reused = chain.chain_view(chain.load(s, as_of=month, tenancies=kept))
            for name in ("table", "events", "counts", "stays"):
                pd.testing.assert_frame_equal(getattr(reused, name), getattr(fresh, name))
            assert (reused.missing, reused.unmatched) == (fresh.missing, fresh.unmatched)
            compared = zones_compare.compare(chain.load(s, as_of=month, tenancies=kept))
            expected = zones_compare.compare(chain.load(s, as_of=month))
            pd.testing.assert_frame_equal(compared.zones, expected.zones)
            pd.testing.assert_frame_equal(compared.industries, expected.industries)
    pd.testing.assert_frame_equal(kept, before)
