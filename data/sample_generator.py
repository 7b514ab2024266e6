"""Deterministic generator of realistic sample data for Jing'an (fixed seed).

Run ``python -m data.sample_generator`` to print a summary. The database loader is
:mod:`models.seed`; this module only builds plain records (dicts), so it can be tested
without a database. Same seed and end month → byte-identical output.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from data.sample_names import (
    AREA_WORDS,
    BRAND_WORDS,
    COMPANY_WORDS,
    CONVERSION_SITES,
    INDUSTRY_WORDS,
    REAL_CARRIERS,
    STAGE_NOUNS,
    STREETS,
    ZONE_INDUSTRIES,
)
from geo.zones import build_zones
from models.common import add_months, default_end_month
from models.credit_code import ALPHABET, check_character

SEED = 20161101  # the policy year; any fixed value works
MONTHS = 36
STAGES = ["public_space", "nursery", "incubator", "accelerator"]
# How many generated carriers go where (the real ones come on top).
PLACEMENT = {"shibei": 30, "belt_mrr": 22, "belt_njw": 24, "belt_szr": 24, "other": 10}
AREA_RANGE = {
    "public_space": (600, 4000),
    "nursery": (1200, 5000),
    "incubator": (3000, 12000),
    "accelerator": (8000, 30000),
}
# Open tenancies' areas add up to the newest reported occupied area within this share
# (they are scaled to it; the margin is for rounding and for later edits in the app).
AREA_TOLERANCE = 0.15
M2_PER_WORKSTATION = {
    "public_space": 6,
    "nursery": 8,
    "incubator": 12,
    "accelerator": 25,
}


@dataclass
class SampleData:
    """Plain records ready for bulk insert, keyed by a local integer id."""

    carriers: list[dict[str, Any]] = field(default_factory=list)
    tenants: list[dict[str, Any]] = field(default_factory=list)
    tenancies: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    conversions: list[dict[str, Any]] = field(default_factory=list)
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    grants: list[dict[str, Any]] = field(default_factory=list)
    stage_changes: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Record counts per kind."""
        return {k: len(v) for k, v in self.__dict__.items()}

    def checksum(self) -> str:
        """SHA-256 over a canonical JSON dump: equal for equal data."""
        blob = json.dumps(self.__dict__, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def credit_code_for(rng: random.Random) -> str:
    """A valid-looking Jing'an enterprise code: 91 + 310106 + org code + check digit."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + _org_check(body)
    first17 = "91" + "310106" + org
    return first17 + check_character(first17)


def _org_check(body: str) -> str:
    # GB 11714 organisation-code check character (weights 3,7,9,10,5,8,4,2).
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    c9 = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    ch = {10: "X", 11: "0"}.get(c9, str(c9))
    return ch if ch in ALPHABET else "0"


def _random_point_in(
    rng: random.Random, geom: BaseGeometry, avoid: BaseGeometry | None
) -> tuple[float, float]:
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(10_000):
        pt = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if geom.contains(pt) and (avoid is None or not avoid.contains(pt)):
            return round(pt.x, 6), round(pt.y, 6)
    raise RuntimeError("could not place a point")  # pragma: no cover - geometry bug


def _occupancy_curve(rng: random.Random, months: list[date], opened_idx: int) -> list[float | None]:
    """Logistic ramp after opening, Spring-Festival dip, AR(1) noise: not white noise."""
    plateau = rng.uniform(0.72, 0.95)
    speed = rng.uniform(0.15, 0.45)
    start = rng.uniform(0.15, 0.4)
    drift = rng.uniform(-0.004, 0.003)
    noise, out = 0.0, list[float | None]()
    n = len(months)
    for i, month in enumerate(months):
        if i < opened_idx:
            out.append(None)
            continue
        # Carriers opened before the window are already mature when it starts.
        age = i - opened_idx
        ramp = start + (plateau - start) / (1 + math.exp(-speed * (age - 6)))
        noise = 0.6 * noise + rng.gauss(0, 0.015)
        # District-wide recovery over the window, and the Spring Festival dip in February.
        macro = 0.06 * (i / n - 0.5) - (0.025 if month.month == 2 else 0.0)
        out.append(min(1.0, max(0.02, ramp + drift * age + noise + macro)))
    return out


def generate(
    seed: int = SEED,
    end_month: date | None = None,
    today: date | None = None,
    months: int = MONTHS,
) -> SampleData:
    """Build the whole sample data set.

    Parameters
    ----------
    seed : int
        Random seed; the same seed and end month give identical output.
    end_month : date, optional
        Last month with occupancy reports (default: the last complete month).
    today : date, optional
        No report is filed after this day (default: today).
    months : int
        Months of reports up to ``end_month`` (the benchmark's scaled data uses 120).
    """
    rng = random.Random(seed)
    end = (end_month or default_end_month()).replace(day=1)
    first = add_months(end, -(months - 1))
    window = [add_months(first, i) for i in range(months)]
    zones = build_zones().set_index("code").geometry
    data = SampleData()
    _carriers(data, rng, zones, window)
    _tenants_and_tenancies(data, rng, window)
    _reports(data, rng, window, today or date.today())
    _reconcile_tenancy_areas(data)
    _conversions(data, rng, zones, window)
    # Grants draw from their own stream: adding them left every other record unchanged.
    _grants(data, random.Random(seed + 8), window)
    # Stage history draws from its own stream too, for the same reason.
    _stage_history(data, random.Random(seed + 9), window)
    return data


def _stage_history(data: SampleData, rng: random.Random, months: list[date]) -> None:
    """Each carrier's stage since it opened; about a quarter moved up one stage in the window.

    A carrier that opened before the window and is past the first stage may have been
    one stage lower until a month inside the window, so the time machine has real
    stage changes to show (an incubator that became an accelerator, ...).
    """
    for rec in data.carriers:
        stage_idx = STAGES.index(rec["stage"])
        history = [(rec["stage"], rec["opened_on"])]
        if stage_idx > 0 and rec["opened_on"] < months[0] and rng.random() < 0.25:
            upgraded = months[rng.randint(3, len(months) - 4)]
            history = [(STAGES[stage_idx - 1], rec["opened_on"]), (rec["stage"], upgraded)]
        for stage, since in history:
            row = {"carrier_id": rec["id"], "stage": stage, "changed_on": since}
            data.stage_changes.append(row)


def _carriers(data: SampleData, rng: random.Random, zones: Any, months: list[date]) -> None:
    for zh, en, stage, accr, origin, addr, lon, lat, operator in REAL_CARRIERS:
        area = round(rng.uniform(*AREA_RANGE[stage]), -1)
        data.carriers.append(
            _carrier(
                len(data.carriers) + 1,
                zh,
                en,
                stage,
                accr,
                origin,
                addr,
                lon,
                lat,
                operator,
                area,
                rng,
                months,
                is_sample=False,
            )
        )
    district, park = zones["district"], zones["shibei"]
    for zone, n in PLACEMENT.items():
        geom = district if zone == "other" else zones[zone]
        avoid = (
            shapely.union_all([zones[z] for z in PLACEMENT if z != "other"])
            if zone == "other"
            else None
        )
        for _ in range(n):
            stage = rng.choices(STAGES, weights=[40, 20, 25, 15])[0]
            area_zh, area_en = rng.choice(AREA_WORDS[zone])
            brand_zh, brand_en = rng.choice(BRAND_WORDS)
            noun_zh, noun_en = STAGE_NOUNS[stage]
            lon, lat = _random_point_in(rng, geom, avoid if zone != "shibei" else None)
            if zone == "belt_mrr" and park.contains(shapely.Point(lon, lat)):
                area_zh, area_en = rng.choice(AREA_WORDS["shibei"])
            street = rng.choice(STREETS[zone])
            origin = rng.choices(["new", "converted_commercial", "converted_factory"], [5, 3, 2])[0]
            accr = rng.choices(["national", "municipal", "district", "none"], [1, 3, 4, 4])[0]
            area = round(rng.uniform(*AREA_RANGE[stage]), -1)
            data.carriers.append(
                _carrier(
                    len(data.carriers) + 1,
                    f"{area_zh}{brand_zh}{noun_zh}",
                    f"{area_en} {brand_en} {noun_en}",
                    stage,
                    accr,
                    origin,
                    f"{street}{rng.randint(1, 1800)}号",
                    lon,
                    lat,
                    f"{brand_zh}创业服务有限公司",
                    area,
                    rng,
                    months,
                    is_sample=True,
                )
            )
    # Names must be unique for people to tell carriers apart: number repeats.
    seen: dict[str, int] = {}
    for c in data.carriers:
        n = seen[c["name_zh"]] = seen.get(c["name_zh"], 0) + 1
        if n > 1:
            c["name_zh"] += f"（{n}号）"
            c["name_en"] += f" No.{n}"


def _carrier(
    cid: int,
    zh: str,
    en: str,
    stage: str,
    accr: str,
    origin: str,
    addr: str,
    lon: float,
    lat: float,
    operator: str,
    area: float,
    rng: random.Random,
    months: list[date],
    *,
    is_sample: bool,
) -> dict[str, Any]:
    # A fifth of carriers open during the 36-month window, so trends start mid-way.
    opened_idx = rng.randint(1, len(months) - 6) if rng.random() < 0.2 else -rng.randint(1, 60)
    opened = add_months(months[0], opened_idx)
    zone_inds = [i for z in ZONE_INDUSTRIES.values() for i in z]
    return {
        "id": cid,
        "name_zh": zh,
        "name_en": en,
        "address": addr,
        "stage": stage,
        "operator": operator,
        "accreditation": accr,
        "opened_on": opened,
        "total_area_m2": area,
        "workstations_total": int(area / M2_PER_WORKSTATION[stage]),
        "focus_industry": rng.choice(zone_inds),
        "origin": origin,
        "lon": lon,
        "lat": lat,
        "is_sample": is_sample,
        "_opened_idx": opened_idx,
    }


def _tenants_and_tenancies(data: SampleData, rng: random.Random, months: list[date]) -> None:
    by_stage = {s: [c for c in data.carriers if c["stage"] == s] for s in STAGES}
    used_names: set[str] = set()
    window_start, window_end = months[0], add_months(months[-1], 1) - timedelta(days=1)
    target = 780
    for tid in range(1, target + 1):
        # The first tenant of every carrier stays: no carrier that reports occupied area
        # is left without a single open tenancy to account for it.
        anchor = tid <= len(data.carriers)
        if anchor:
            carrier = data.carriers[tid - 1]
            stage_idx = STAGES.index(carrier["stage"])
        else:
            stage_idx = rng.choices([0, 1, 2, 3], weights=[45, 25, 20, 10])[0]
            carrier = rng.choice(by_stage[STAGES[stage_idx]])
        zone_inds = ZONE_INDUSTRIES.get(_zone_key(carrier), ZONE_INDUSTRIES["other"])
        industry = (
            rng.choice(zone_inds) if rng.random() < 0.75 else rng.choice(list(INDUSTRY_WORDS))
        )
        ind_zh, ind_en = INDUSTRY_WORDS[industry]
        # Two-word brands ("云途智联") as real firms use; draw again until the name is new.
        while True:
            (w1_zh, w1_en), (w2_zh, w2_en) = rng.sample(COMPANY_WORDS, 2)
            word_zh, word_en = (
                (w1_zh, w1_en) if rng.random() < 0.3 else (w1_zh + w2_zh, f"{w1_en} {w2_en}")
            )
            name = f"上海{word_zh}{ind_zh}有限公司"
            if name not in used_names:
                break
        used_names.add(name)
        founded = window_start - timedelta(days=rng.randint(-700, 2500))
        registered = rng.random() < 0.9
        data.tenants.append(
            {
                "id": tid,
                "name": name,
                "name_en": f"Shanghai {word_en} {ind_en} Co., Ltd.",
                "credit_code": credit_code_for(rng),
                "industry": industry,
                "founded_on": founded,
                "registered_in_district": registered,
                "tax_in_district": registered and rng.random() < 0.92,
                "high_tech_certified": stage_idx >= 2 and rng.random() < 0.5,
                "five_year_commitment": rng.random() < 0.7,
                "fiscal_support_note": "",
                "employees": int(rng.lognormvariate(2.3 + stage_idx * 0.5, 0.6)),
                "is_sample": True,
            }
        )
        # Many tenancies began before the 36-month window: carriers are never empty at
        # its start, so tenant counts match the occupancy curve.
        start = max(founded, window_start - timedelta(days=720)) + timedelta(
            days=rng.randint(0, 1500)
        )
        latest = window_end - timedelta(days=30)
        clamped = start > latest
        start = min(start, latest)
        opening = add_months(months[0], max(0, carrier["_opened_idx"]))
        start = max(start, opening)
        _tenancy_chain(
            data, rng, tid, carrier, stage_idx, start, window_end, by_stage, anchor=anchor
        )
        if clamped:
            earliest = max(founded, window_start, opening)
            _spread_start(data.tenancies[-1], tid, earliest, latest)


def _spread_start(record: dict[str, Any], tid: int, earliest: date, latest: date) -> None:
    """Move a tenancy drawn past the window to a day in [earliest, latest].

    Clamped to the window's last month, 107 tenancies began on one day and the overview
    showed +97 firms in a month (user QA). Such a tenancy is always the one open record
    of its chain (a stay is at least 240 days), so only its start moves; a stable offset,
    not a new draw, keeps every other figure of the sample as it was.
    """
    if earliest >= latest:  # founded or opened in the last month: nothing earlier fits
        return
    record["start_on"] = earliest + timedelta(days=(tid * 7919) % (latest - earliest).days)


def _tenancy_chain(
    data: SampleData,
    rng: random.Random,
    tid: int,
    carrier: dict[str, Any],
    stage_idx: int,
    start: date,
    window_end: date,
    by_stage: dict[str, list[dict[str, Any]]],
    *,
    anchor: bool = False,
) -> None:
    while True:
        per_ws = M2_PER_WORKSTATION[carrier["stage"]]
        ws = max(1, int(rng.lognormvariate(1.3 + stage_idx * 0.6, 0.5)))
        record: dict[str, Any] = {
            "id": len(data.tenancies) + 1,
            "tenant_id": tid,
            "carrier_id": carrier["id"],
            "area_m2": float(ws * per_ws),
            "workstations": ws,
            "start_on": start,
            "end_on": None,
            "exit_reason": None,
        }
        data.tenancies.append(record)
        stay = timedelta(days=rng.randint(240, 1100))
        if anchor or start + stay >= window_end:
            return
        end = start + stay
        record["end_on"] = end
        if stage_idx < 3 and rng.random() < 0.45:
            record["exit_reason"] = "graduated"
            stage_idx += 1
            carrier = rng.choice(by_stage[STAGES[stage_idx]])
            start = end + timedelta(days=rng.randint(1, 45))
            if start >= window_end:
                return
            continue
        record["exit_reason"] = rng.choices(
            ["moved_within_district", "left_district", "closed"], weights=[3, 2, 3]
        )[0]
        return


def _zone_key(carrier: dict[str, Any]) -> str:
    # Sample carriers' area words tell their zone; real ones default to "other".
    for zone, words in AREA_WORDS.items():
        if any(carrier["name_en"].startswith(en) for _, en in words):
            return zone
    return "other"


def _reports(data: SampleData, rng: random.Random, months: list[date], today: date) -> None:
    by_carrier: dict[int, list[dict[str, Any]]] = {}
    for t in data.tenancies:
        by_carrier.setdefault(t["carrier_id"], []).append(t)
    for c in data.carriers:
        curve = _occupancy_curve(rng, months, c.pop("_opened_idx"))
        # About one carrier in eight has not filed the latest month yet (stale flag).
        stale = c["is_sample"] and rng.random() < 0.12
        for i, (month, rate) in enumerate(zip(months, curve, strict=True)):
            if rate is None or (stale and i == len(months) - 1):
                continue
            month_end = add_months(month, 1) - timedelta(days=1)
            # Tenancies open at the end of the month: for the newest month exactly the
            # open tenancies a manager sees on the carrier.
            active = [
                t
                for t in by_carrier.get(c["id"], [])
                if t["start_on"] <= month_end and (t["end_on"] is None or t["end_on"] > month_end)
            ]
            data.reports.append(
                {
                    "carrier_id": c["id"],
                    "month": month,
                    "occupied_area_m2": round(c["total_area_m2"] * rate, 1),
                    "occupied_workstations": int(
                        c["workstations_total"] * min(1.0, rate * rng.uniform(0.95, 1.03))
                    ),
                    "tenant_count": len(active),
                    # Filed a few days into the following month, as managers do.
                    "reported_at": datetime.combine(
                        min(add_months(month, 1) + timedelta(days=rng.randint(2, 12)), today),
                        time(1, 0),
                        tzinfo=UTC,
                    ),
                    "reported_by": "system",
                }
            )


def _reconcile_tenancy_areas(data: SampleData) -> None:
    """Scale each carrier's tenancies so the open ones fill its newest reported area.

    Tenancies are drawn as a few workstations each; a carrier reported 87% full of
    4,260 m² must not list a few tenants of a few dozen m². Every tenancy of a carrier
    (closed ones too, so its history looks alike) is scaled by the factor that makes
    the open tenancies add up to the occupied area of the carrier's newest report, and
    its workstations follow the stage's m² per workstation. Rounding to 0.1 m² keeps the
    sums within a few m² of the report; :data:`AREA_TOLERANCE` is what tests allow.
    """
    newest: dict[int, dict[str, Any]] = {}
    for r in data.reports:
        if r["carrier_id"] not in newest or r["month"] > newest[r["carrier_id"]]["month"]:
            newest[r["carrier_id"]] = r
    stages = {c["id"]: c["stage"] for c in data.carriers}
    open_area: dict[int, float] = {}
    for t in data.tenancies:
        if t["end_on"] is None:
            open_area[t["carrier_id"]] = open_area.get(t["carrier_id"], 0.0) + t["area_m2"]
    for t in data.tenancies:
        cid = t["carrier_id"]
        report, drawn = newest.get(cid), open_area.get(cid, 0.0)
        if report is None or drawn <= 0:
            continue
        area = round(t["area_m2"] * report["occupied_area_m2"] / drawn, 1)
        t["area_m2"] = area
        t["workstations"] = max(1, round(area / M2_PER_WORKSTATION[stages[cid]]))


def _conversions(data: SampleData, rng: random.Random, zones: Any, months: list[date]) -> None:
    pipeline = ["identified", "planning", "approved", "under_construction", "operating"]
    # Real conversions that became carriers (operating), linked to them.
    for c in data.carriers:
        if c["origin"] != "new" and not c["is_sample"]:
            use = "warehouse" if "仓" in c["name_zh"] or "冷库" in c["address"] else "old_factory"
            if c["origin"] == "converted_commercial":
                use = "idle_commercial"
            _conversion(
                data,
                rng,
                c["name_zh"] + "改造项目",
                f"{c['name_en']} conversion",
                use,
                c["address"],
                c["lon"],
                c["lat"],
                "operating",
                c["stage"],
                c["total_area_m2"],
                c["id"],
                months,
                pipeline,
                is_sample=False,
            )
    statuses = [
        "identified",
        "planning",
        "approved",
        "under_construction",
        "operating",
        "cancelled",
        "identified",
        "planning",
        "under_construction",
        "approved",
    ]
    district = zones["district"]
    for (zh, en, use, street), status in zip(CONVERSION_SITES, statuses, strict=True):
        lon, lat = _random_point_in(rng, district, None)
        stage = rng.choice(STAGES)
        _conversion(
            data,
            rng,
            zh,
            en,
            use,
            f"{street}{rng.randint(1, 1500)}号",
            lon,
            lat,
            status,
            stage,
            round(rng.uniform(3000, 40000), -2),
            None,
            months,
            pipeline,
            is_sample=True,
        )


def _conversion(
    data: SampleData,
    rng: random.Random,
    zh: str,
    en: str,
    use: str,
    addr: str,
    lon: float,
    lat: float,
    status: str,
    stage: str,
    area: float,
    carrier_id: int | None,
    months: list[date],
    pipeline: list[str],
    *,
    is_sample: bool,
) -> None:
    pid = len(data.conversions) + 1
    day = months[0] - timedelta(days=rng.randint(0, 600))
    history = (
        pipeline[: pipeline.index(status) + 1]
        if status != "cancelled"
        else [*pipeline[: rng.randint(1, 3)], "cancelled"]
    )
    dates: dict[str, date] = {}
    for st in history:
        data.status_changes.append(
            {
                "project_id": pid,
                "status": st,
                "changed_on": day,
                "changed_by": "system",
                "note": "",
            }
        )
        dates[st] = day
        day += timedelta(days=rng.randint(60, 240))
    planned_start = dates.get("approved", day) + timedelta(days=90)
    data.conversions.append(
        {
            "id": pid,
            "name_zh": zh,
            "name_en": en,
            "address": addr,
            "original_use": use,
            "lon": lon,
            "lat": lat,
            "floor_area_m2": area,
            "target_stage": stage,
            "investment_mcny": round(area * rng.uniform(0.002, 0.008), 1),
            "planned_start": planned_start,
            "planned_open": planned_start + timedelta(days=365),
            "actual_start": dates.get("under_construction"),
            "actual_open": dates.get("operating"),
            "status": status,
            "carrier_id": carrier_id,
            "is_sample": is_sample,
        }
    )


if __name__ == "__main__":
    sample = generate()
    print(json.dumps(sample.counts(), indent=2), sample.checksum())


# (fund name, fund code, level, amount range in 10k CNY): plausible funds of the three
# levels of government; names and codes are made up for the sample.
SUPPORT_FUNDS = [
    ("静安区科技创新专项资金", "JA-KJCX", "district", (10.0, 80.0)),
    ("静安区众创空间发展扶持资金", "JA-ZCKJ", "district", (5.0, 50.0)),
    ("静安区文化创意产业扶持资金", "JA-WCCY", "district", (10.0, 60.0)),
    ("上海市科技型中小企业技术创新资金", "SH-KJXZX", "municipal", (20.0, 100.0)),
    ("上海市高新技术成果转化专项资金", "SH-CGZH", "municipal", (30.0, 200.0)),
    ("国家科技型中小企业创新基金", "GJ-CXJJ", "national", (50.0, 300.0)),
]
REGULAR_GRANTS = 90
DOUBLE_CASES = 5  # tenants paid the same fund twice (the double-support rule's cases)
INELIGIBLE_CASES = 5  # grants to tenants not registered and taxed in the district


def _grants(data: SampleData, rng: random.Random, months: list[date]) -> None:
    """Support grants: mostly one fund per eligible tenant, plus the cases the policy
    page must flag (the same fund twice; support while not registered and taxed)."""
    first_year, last_year = months[0].year, months[-1].year
    eligible = [t for t in data.tenants if t["registered_in_district"] and t["tax_in_district"]]
    ineligible = [t for t in data.tenants if t not in eligible]
    picked = rng.sample(eligible, REGULAR_GRANTS + DOUBLE_CASES)

    def grant(tenant: dict[str, Any], fund: int, year: int, **over: Any) -> None:
        name, code, level, (low, high) = SUPPORT_FUNDS[fund]
        data.grants.append(
            {
                "id": len(data.grants) + 1,
                "tenant_id": tenant["id"],
                "fund_name": name,
                "fund_code": code,
                "level": level,
                "year": year,
                "amount_10k_cny": round(rng.uniform(low, high), 1),
                "note": "",
                "is_sample": True,
                **over,
            }
        )

    for tenant in picked[:REGULAR_GRANTS]:
        grant(tenant, rng.randrange(len(SUPPORT_FUNDS)), rng.randint(first_year, last_year))
    for n, tenant in enumerate(picked[REGULAR_GRANTS:]):
        fund = rng.randrange(len(SUPPORT_FUNDS))
        grant(tenant, fund, first_year)
        # The second payment is typed differently, as happens: a lower-case code with
        # spaces, or no code at all. "Same fund" must still match it.
        code = SUPPORT_FUNDS[fund][1]
        variant = code.lower().replace("-", " ") if n % 2 else ""
        grant(tenant, fund, last_year, fund_code=variant, note="第二次拨付")
    for tenant in rng.sample(ineligible, INELIGIBLE_CASES):
        grant(tenant, rng.randrange(len(SUPPORT_FUNDS)), rng.randint(first_year, last_year))
