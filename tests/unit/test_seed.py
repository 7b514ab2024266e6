"""The generated sample data set and loading/clearing it.

The generator must be deterministic (same end month → same data), realistic in size and
shape, and consistent with the rules the service layer enforces on real input (valid
credit codes, occupancy never above capacity, everything inside the district).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from model_factories import make_conversion
from sqlalchemy import func
from sqlmodel import Session, select

from data.sample_generator import AREA_TOLERANCE, MONTHS, SampleData, add_months, generate
from geo.zones import build_zones
from models.carrier import Carrier
from models.conversion import ConversionProject
from models.credit_code import is_valid
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, Stage
from models.occupancy import OccupancyReport
from models.queries import carriers_frame, kpis
from models.seed import (
    DEMO_USERS,
    clear_all_carrier_data,
    clear_sample,
    ensure_started,
    has_sample_data,
    load_sample,
)
from models.services.conversions import change_status
from models.services.core import SYSTEM
from models.tenant import Tenancy, Tenant
from models.user import User
from models.zone import Zone

END = date(2026, 10, 1)
FIRST = add_months(END, -(MONTHS - 1))


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate(end_month=END)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# ------------------------------------------------------------------------ generator


def test_generation_is_deterministic(sample: SampleData) -> None:
    again = generate(end_month=END)
    assert again.counts() == sample.counts()
    assert again.checksum() == sample.checksum()


def test_another_end_month_gives_other_data(sample: SampleData) -> None:
    assert generate(end_month=date(2026, 9, 1)).checksum() != sample.checksum()


def test_counts_are_in_the_product_ranges(sample: SampleData) -> None:
    assert 80 <= len(sample.carriers) <= 150
    assert 400 <= len(sample.tenants) <= 800
    assert {c["stage"] for c in sample.carriers} == {s.value for s in Stage}
    assert {c["status"] for c in sample.conversions} == {s.value for s in ConversionStatus}


def test_credit_codes_are_valid_and_unique(sample: SampleData) -> None:
    codes = [t["credit_code"] for t in sample.tenants]
    assert all(is_valid(c) and c == c.upper() and len(c) == 18 for c in codes)
    assert len(set(codes)) == len(codes)


def test_names_are_unique(sample: SampleData) -> None:
    for key, rows in (("name_zh", sample.carriers), ("name", sample.tenants)):
        names = Counter(r[key] for r in rows)
        assert names.most_common(1)[0][1] == 1, names.most_common(3)


def test_carriers_open_all_window_report_every_month(sample: SampleData) -> None:
    window = [add_months(FIRST, i) for i in range(MONTHS)]
    months = {(r["carrier_id"], r["month"]) for r in sample.reports}
    assert {m for _, m in months} == set(window)
    always_open = [c for c in sample.carriers if c["opened_on"] <= FIRST]
    assert len(always_open) >= len(sample.carriers) // 2
    complete = 0
    for c in always_open:
        filed = [m for m in window if (c["id"], m) in months]
        # Every month is filed; only the newest may still be outstanding (stale flag).
        assert filed[: MONTHS - 1] == window[: MONTHS - 1], c["name_zh"]
        complete += len(filed) == MONTHS
    assert complete >= 0.75 * len(always_open)
    # Real carriers are never shown as stale.
    for c in always_open:
        if not c["is_sample"]:
            assert (c["id"], END) in months


def test_no_report_before_a_carrier_opened(sample: SampleData) -> None:
    opened = {c["id"]: c["opened_on"].replace(day=1) for c in sample.carriers}
    assert all(r["month"] >= opened[r["carrier_id"]] for r in sample.reports)


def test_reports_obey_the_capacity_rules(sample: SampleData) -> None:
    carriers = {c["id"]: c for c in sample.carriers}
    for r in sample.reports:
        c = carriers[r["carrier_id"]]
        assert 0 <= r["occupied_area_m2"] <= c["total_area_m2"]
        assert 0 <= r["occupied_workstations"] <= c["workstations_total"]
        assert r["tenant_count"] >= 0
    assert len({(r["carrier_id"], r["month"]) for r in sample.reports}) == len(sample.reports)


def _newest_reports(sample: SampleData) -> dict[int, dict]:
    newest: dict[int, dict] = {}
    for r in sample.reports:
        if r["carrier_id"] not in newest or r["month"] > newest[r["carrier_id"]]["month"]:
            newest[r["carrier_id"]] = r
    return newest


def test_open_tenancies_fill_the_reported_occupied_area(sample: SampleData) -> None:
    # A carrier reported 87% full of 4,260 m² must not list a few tenants of a few dozen
    # m²: its open tenancies add up to its newest report's occupied area (± tolerance).
    newest = _newest_reports(sample)
    open_area: Counter[int] = Counter()
    for t in sample.tenancies:
        if t["end_on"] is None:
            open_area[t["carrier_id"]] += t["area_m2"]
    assert 0 < AREA_TOLERANCE <= 0.15
    off = []
    for c in sample.carriers:
        reported = newest[c["id"]]["occupied_area_m2"]
        if abs(open_area[c["id"]] - reported) > AREA_TOLERANCE * reported:
            off.append((c["name_zh"], reported, open_area[c["id"]]))
    assert off == []
    # Together: the open tenancies hold as much area as the district reports occupied.
    assert sum(open_area.values()) == pytest.approx(
        sum(r["occupied_area_m2"] for r in newest.values()), rel=0.01
    )


def test_reported_tenant_counts_match_the_tenancies(sample: SampleData) -> None:
    # Each report counts the tenancies open at the end of its month; for the newest
    # month that is exactly the open tenancies listed on the carrier.
    by_carrier: dict[int, list[dict]] = {}
    for t in sample.tenancies:
        by_carrier.setdefault(t["carrier_id"], []).append(t)
    for r in sample.reports:
        month_end = add_months(r["month"], 1) - timedelta(days=1)
        open_then = [
            t
            for t in by_carrier.get(r["carrier_id"], [])
            if t["start_on"] <= month_end and (t["end_on"] is None or t["end_on"] > month_end)
        ]
        assert r["tenant_count"] == len(open_then), (r["carrier_id"], r["month"])
    now_open = Counter(t["carrier_id"] for t in sample.tenancies if t["end_on"] is None)
    for cid, r in _newest_reports(sample).items():
        if r["month"] == END:
            assert r["tenant_count"] == now_open[cid]


def test_graduations_lead_to_a_later_stage_carrier(sample: SampleData) -> None:
    stage = {c["id"]: Stage(c["stage"]).rank for c in sample.carriers}
    by_tenant: dict[int, list[dict]] = {}
    for t in sample.tenancies:
        by_tenant.setdefault(t["tenant_id"], []).append(t)
        assert t["end_on"] is None or t["end_on"] >= t["start_on"]
        assert (t["end_on"] is None) == (t["exit_reason"] is None)
    graduated = [t for t in sample.tenancies if t["exit_reason"] == "graduated"]
    assert len(graduated) >= 10
    followed = 0
    for g in graduated:
        later = [
            t
            for t in by_tenant[g["tenant_id"]]
            if t["start_on"] > g["end_on"] and stage[t["carrier_id"]] > stage[g["carrier_id"]]
        ]
        followed += bool(later)
    # Graduating at the very end of the window may have no successor yet.
    assert followed >= 0.8 * len(graduated)
    assert followed >= 10


def test_real_carriers_have_both_names(sample: SampleData) -> None:
    real = [c for c in sample.carriers if not c["is_sample"]]
    assert len(real) >= 10
    for c in real:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c["name_zh"]), c["name_zh"]
        assert re.search("[A-Za-z]{3}", c["name_en"]), c["name_en"]
        assert not re.search("[\u4e00-\u9fff]", c["name_en"]), c["name_en"]
    assert all(c["name_zh"] and c["name_en"] for c in sample.carriers)


def test_everything_lies_inside_the_district(sample: SampleData) -> None:
    zones = build_zones().set_index("code").geometry
    district = zones["district"]
    outside = [
        r["name_zh"]
        for r in [*sample.carriers, *sample.conversions]
        if not district.covers(shapely.Point(r["lon"], r["lat"]))
    ]
    assert outside == []
    # Placement quotas put carriers in the park and in every belt.
    for code in ("shibei", "belt_njw", "belt_szr", "belt_mrr"):
        inside = [
            c for c in sample.carriers if zones[code].covers(shapely.Point(c["lon"], c["lat"]))
        ]
        assert len(inside) >= 10, code


# --------------------------------------------------------------------------- loading


def test_loaded_sample_matches_the_generator(seeded: Session, sample: SampleData) -> None:
    assert has_sample_data(seeded)
    counts = sample.counts()
    assert _count(seeded, Carrier) == counts["carriers"]
    assert _count(seeded, Tenant) == counts["tenants"]
    assert _count(seeded, Tenancy) == counts["tenancies"]
    assert _count(seeded, OccupancyReport) == counts["reports"]
    assert _count(seeded, ConversionProject) == counts["conversions"]
    assert _count(seeded, Zone) == 5
    users = set(seeded.exec(select(User.username)).all())
    assert {d.username for d in DEMO_USERS} <= users


def test_loaded_sample_derives_zones_and_figures(seeded: Session) -> None:
    frame = carriers_frame(seeded)
    assert (frame["park_code"] == "shibei").sum() >= 10
    assert frame["belt_codes"].str.contains("belt_szr").sum() >= 10
    figures = kpis(seeded)
    assert figures["month"] == END
    assert 0.4 < figures["avg_occupancy"] < 1.0  # type: ignore[operator]
    assert set(figures["by_stage"]) == {s.value for s in Stage}  # type: ignore[arg-type]


@pytest.fixture
def fresh_seeded(tmp_path: Path, sqlite_url: str) -> str:
    with session_scope(get_engine(sqlite_url)) as s:
        load_sample(s, end_month=END)
    return sqlite_url


def test_clear_sample_keeps_zones_and_real_carriers(fresh_seeded: str) -> None:
    with session_scope(get_engine(fresh_seeded)) as s:
        clear_sample(s)
    with Session(get_engine(fresh_seeded)) as s:
        assert not has_sample_data(s)
        assert _count(s, Zone) == 5
        carriers = s.exec(select(Carrier)).all()
        assert carriers and not any(c.is_sample for c in carriers)
        assert len(carriers) >= 10
        assert not s.exec(select(Tenant).where(Tenant.is_sample)).all()  # type: ignore[arg-type]
        assert not s.exec(select(User).where(User.username == "admin")).all()
        assert len(carriers_frame(s)) == len(carriers)


def test_clear_sample_unlinks_real_projects_from_sample_carriers(fresh_seeded: str) -> None:
    # An official links a real conversion project to a (sample) carrier, then clears the
    # sample data: the clear must succeed and the project survive, unlinked.
    project = make_conversion(fresh_seeded)
    with Session(get_engine(fresh_seeded)) as s:
        sample_carrier = s.exec(select(Carrier).where(Carrier.is_sample)).first()  # type: ignore[arg-type]
        assert sample_carrier is not None
    with session_scope(get_engine(fresh_seeded)) as s:
        change_status(
            s,
            actor=SYSTEM,
            project_id=project.id,
            expected_version=1,
            status=ConversionStatus.OPERATING,
            on=date(2026, 6, 1),
            carrier_id=sample_carrier.id,
        )
    with session_scope(get_engine(fresh_seeded)) as s:
        clear_sample(s)
    with Session(get_engine(fresh_seeded)) as s:
        kept = s.get(ConversionProject, project.id)
        assert kept is not None
        assert (kept.status, kept.carrier_id) == ("operating", None)


def test_ensure_started_without_sample_loads_only_zones(sqlite_url: str) -> None:
    with session_scope(get_engine(sqlite_url)) as s:
        assert ensure_started(s, seed_sample=False) is False
    with Session(get_engine(sqlite_url)) as s:
        assert _count(s, Zone) == 5
        assert _count(s, Carrier) == 0
        assert not has_sample_data(s)


def test_ensure_started_seeds_once_and_never_after_a_clear(sqlite_url: str) -> None:
    engine = get_engine(sqlite_url)
    with session_scope(engine) as s:
        assert ensure_started(s, seed_sample=True) is True
    with session_scope(engine) as s:
        assert has_sample_data(s)
        assert ensure_started(s, seed_sample=True) is False
        clear_sample(s)
        clear_all_carrier_data(s)
    with session_scope(engine) as s:
        assert ensure_started(s, seed_sample=True) is False
    with Session(engine) as s:
        assert _count(s, Carrier) == 0
        assert not has_sample_data(s)


def test_a_cleared_database_is_never_reseeded(fresh_seeded: str) -> None:
    # Loaded and cleared through the seed module directly (not manage.py), then every
    # carrier removed: the next start must still not bring the sample back.
    engine = get_engine(fresh_seeded)
    with session_scope(engine) as s:
        clear_sample(s)
        clear_all_carrier_data(s)
    with session_scope(engine) as s:
        assert ensure_started(s, seed_sample=True) is False
    with Session(engine) as s:
        assert _count(s, Carrier) == 0
        assert not has_sample_data(s)
