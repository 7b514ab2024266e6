"""The 2018 sci-tech policy's own tests, per tenant, per park/belt and per carrier.

Rules and how each is decided from the data (one place; the policy page's help and the
README quote this):

* **Registered and taxed** — support goes to firms registered *and* taxed in the
  district: ``not_registered_taxed`` is set when either tenant flag is false.
* **Five years** — the recipient must operate in the district for at least five years.
  A tenant fails (``five_years_unmet``) when it has not committed to five years
  (``Tenant.five_year_commitment``), or when its tenancy history shows it left: its
  last tenancy ended (none open as of the day) with "left the district" or "closed"
  less than five years after its first move-in. A firm whose last exit was a move
  within the district or a graduation is taken to be still in the district (it may
  rent outside our carriers); a firm still resident cannot have failed yet.
* **No double support** — two live grants to one tenant from the same fund, in any
  year (``double_support``). "Same fund" = the same normalised fund code, or the same
  normalised fund name (:func:`fund_key`: Unicode NFKC, case-folded, without spaces
  or punctuation), so "JA-KJ-01" and "ja kj 01" are one fund.
* **Support while ineligible** — a tenant with any live grant that is not registered
  and taxed in the district (``support_ineligible``), or that fails the five-year rule
  (``support_five_years``).
* **Strategic industry** — :data:`POLICY_TIERS` maps each ``Industry`` to the
  policy's tier (key / cultivated / segment); an industry outside it is not
  strategic. The enum *is* the policy's list today, so every valid tenant is
  strategic and the tier is the informative part.

``recipient_fails`` sums it up for leaders: a support recipient that breaks any of the
first three rules; ``support_ineligible``, ``support_five_years`` and
``double_support`` are its three parts (one recipient can break more than one).
Zones come from the tenant's current tenancies (a tenancy open on ``as_of``) and their
carriers' ``park_code``/``belt_codes``; a tenant in two zones counts once in each, and
once in the district total. Grants count up to ``as_of``'s year.

The query layer (:func:`load`) reads four constant SQL statements whatever the number
of tenants; everything else is pure pandas, tested on hand-made frames.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import pandas as pd
from sqlalchemy import Select, select
from sqlmodel import Session, col

from models.carrier import Carrier
from models.common import shanghai_today
from models.enums import ExitReason, Industry
from models.occupancy_rate import DISTRICT, ZONE_CODES
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant

FIVE_YEARS = 5
# Exits after which a firm no longer operates in the district.
LEAVING_EXITS = frozenset({ExitReason.LEFT_DISTRICT.value, ExitReason.CLOSED.value})
# Tenants with no tenancy open on the day: in the district total, in no park or belt.
UNPLACED = "unplaced"


class PolicyTier(StrEnum):
    """The policy's three lists of strategic industries."""

    KEY = "tier_key"
    CULTIVATED = "tier_cultivated"
    SEGMENT = "tier_segment"


# The one mapping from our industry enum to the policy's lists (DESIGN.md §1).
POLICY_TIERS: dict[str, PolicyTier] = {
    Industry.IOT: PolicyTier.KEY,
    Industry.CLOUD: PolicyTier.KEY,
    Industry.BIG_DATA: PolicyTier.KEY,
    Industry.AI: PolicyTier.KEY,
    Industry.CULTURAL_CREATIVE: PolicyTier.KEY,
    Industry.PRINTING_3D: PolicyTier.CULTIVATED,
    Industry.ROBOTICS: PolicyTier.CULTIVATED,
    Industry.NEW_ENERGY: PolicyTier.CULTIVATED,
    Industry.NEW_MATERIALS: PolicyTier.CULTIVATED,
    Industry.ENERGY_SAVING: PolicyTier.CULTIVATED,
    Industry.FILM_POST: PolicyTier.SEGMENT,
    Industry.ANIMATION_GAMES: PolicyTier.SEGMENT,
    Industry.INFOSEC: PolicyTier.SEGMENT,
    Industry.VR: PolicyTier.SEGMENT,
    Industry.MULTIMEDIA_SOFTWARE: PolicyTier.SEGMENT,
    Industry.BIM: PolicyTier.SEGMENT,
}

# Per-tenant flags, in the order a leader reads them; each is counted per zone/carrier.
FLAGS = (
    "recipient",
    "recipient_fails",
    "support_ineligible",
    "support_five_years",
    "double_support",
    "not_registered_taxed",
    "five_years_unmet",
    "strategic",
)
ZONE_ROWS = (*ZONE_CODES, UNPLACED, DISTRICT)

# --- query layer: constant statements ---------------------------------------------
_TENANTS = select(
    col(Tenant.id),
    col(Tenant.name),
    col(Tenant.name_en),
    col(Tenant.industry),
    col(Tenant.registered_in_district),
    col(Tenant.tax_in_district),
    col(Tenant.five_year_commitment),
).where(col(Tenant.deleted_at).is_(None))
_TENANCIES = select(
    col(Tenancy.tenant_id),
    col(Tenancy.carrier_id),
    col(Tenancy.start_on),
    col(Tenancy.end_on),
    col(Tenancy.exit_reason),
)
_CARRIERS = select(
    col(Carrier.id),
    col(Carrier.name_zh),
    col(Carrier.name_en),
    col(Carrier.park_code),
    col(Carrier.belt_codes),
).where(col(Carrier.deleted_at).is_(None))
_GRANTS = select(
    col(SupportGrant.id),
    col(SupportGrant.tenant_id),
    col(SupportGrant.fund_name),
    col(SupportGrant.fund_code),
    col(SupportGrant.level),
    col(SupportGrant.year),
    col(SupportGrant.amount_10k_cny),
    col(SupportGrant.note),
    col(SupportGrant.version),
).where(col(SupportGrant.deleted_at).is_(None))


@dataclass(frozen=True)
class PolicyData:
    """The raw rows the checks need (one frame per statement)."""

    tenants: pd.DataFrame
    tenancies: pd.DataFrame
    carriers: pd.DataFrame
    grants: pd.DataFrame


@dataclass(frozen=True)
class PolicyReport:
    """Per-tenant flags plus what the aggregates and lists are built from."""

    as_of: date
    tenants: pd.DataFrame  # one row per live tenant, FLAGS as bool columns
    placements: pd.DataFrame  # tenant_id, carrier_id of tenancies open on as_of
    carriers: pd.DataFrame  # live carriers: id, name_zh, name_en, park_code, belt_codes
    grants: pd.DataFrame  # live grants up to as_of's year, with a bool ``double`` column


def _frame(session: Session, stmt: Select[*tuple[Any, ...]]) -> pd.DataFrame:
    result = session.execute(stmt)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def load(session: Session) -> PolicyData:
    """Read tenants, tenancies, carriers and grants: four statements in all."""
    return PolicyData(
        tenants=_frame(session, _TENANTS),
        tenancies=_frame(session, _TENANCIES),
        carriers=_frame(session, _CARRIERS),
        grants=_frame(session, _GRANTS),
    )


def policy_report(session: Session, *, as_of: date | None = None) -> PolicyReport:
    """The policy checks as of a day (default today), from :func:`load`."""
    return evaluate(load(session), as_of=as_of or shanghai_today())


# --- pure checks ------------------------------------------------------------------
def fund_key(text: object) -> str:
    """A fund code or name reduced to what identifies it ("" for nothing)."""
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "ZPC")


def double_grant_ids(grants: pd.DataFrame) -> set[int]:
    """Ids of live grants that share a fund (by code or by name) with another of the
    same tenant's grants."""
    if grants.empty:
        return set()
    g = grants.assign(
        _code=grants["fund_code"].map(fund_key), _name=grants["fund_name"].map(fund_key)
    )
    out: set[int] = set()
    for key in ("_code", "_name"):
        keyed = g[g[key] != ""]
        sizes = keyed.groupby(["tenant_id", key])["id"].transform("size")
        out |= {int(i) for i in keyed.loc[sizes >= 2, "id"]}
    return out


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):  # pandas Timestamps too
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or pd.isna(value):
        return None
    day: date = pd.Timestamp(str(value)).date()
    return day


def _stays(tenancies: pd.DataFrame, as_of: date) -> dict[int, tuple[date | None, date | None]]:
    """Per tenant: (first move-in, day it left the district or None), as of a day.

    Vectorised over all tenancies; only tenancies begun by ``as_of`` count. A tenant
    with any tenancy still open is resident; otherwise its last tenancy's exit tells
    whether it left the district (and when).
    """
    if tenancies.empty:
        return {}
    cut = pd.Timestamp(as_of)
    t = tenancies.assign(
        _start=pd.to_datetime(tenancies["start_on"]), _end=pd.to_datetime(tenancies["end_on"])
    )
    t = t[t["_start"] <= cut]
    if t.empty:
        return {}
    t = t.assign(_open=t["_end"].isna() | (t["_end"] > cut))
    by = t.groupby("tenant_id")
    first, still = by["_start"].min(), by["_open"].any()
    last = t.sort_values(["tenant_id", "_end"]).groupby("tenant_id").tail(1)
    last = last.set_index("tenant_id")
    gone = ~still.reindex(last.index) & last["exit_reason"].isin(LEAVING_EXITS)
    left = last["_end"].where(gone)
    return {
        int(tid): (first[tid].date(), None if pd.isna(left[tid]) else left[tid].date())
        for tid in first.index
    }


def evaluate(data: PolicyData, *, as_of: date) -> PolicyReport:
    """Flag every live tenant against the policy's rules as of ``as_of``."""
    tenants = data.tenants.copy()
    grants = data.grants.copy()
    if not grants.empty:
        grants = grants[grants["year"].astype(int) <= as_of.year]
        grants = grants[grants["tenant_id"].isin(set(tenants.get("id", [])))]
    doubles = double_grant_ids(grants)
    grants = grants.assign(double=grants["id"].isin(doubles) if not grants.empty else False)
    tenancies = data.tenancies
    stays = _stays(tenancies, as_of)
    ids = [int(i) for i in tenants.get("id", [])]
    first = [stays.get(i, (None, None))[0] for i in ids]
    left = [stays.get(i, (None, None))[1] for i in ids]
    tenants["first_start"] = first
    tenants["left_on"] = left
    tenants["years_in_district"] = [
        round(((lo or as_of) - fs).days / 365.25, 1) if fs else None
        for fs, lo in zip(first, left, strict=True)
    ]
    left_early = pd.Series(
        [
            lo is not None and fs is not None and lo < add_years(fs, FIVE_YEARS)
            for fs, lo in zip(first, left, strict=True)
        ],
        index=tenants.index,
        dtype=bool,
    )
    by_tenant = grants.groupby("tenant_id") if not grants.empty else None
    n_grants = by_tenant.size() if by_tenant is not None else pd.Series(dtype=int)
    amount = by_tenant["amount_10k_cny"].sum() if by_tenant is not None else pd.Series(dtype=float)
    double_tenants = set(grants.loc[grants["double"], "tenant_id"]) if not grants.empty else set()
    ident = tenants.get("id", pd.Series(dtype=int))
    tenants["grants"] = ident.map(n_grants).fillna(0).astype(int)
    tenants["amount_10k_cny"] = ident.map(amount).fillna(0.0).astype(float)
    tenants["tier"] = tenants.get("industry", pd.Series(dtype=str)).map(
        lambda i: POLICY_TIERS[i].value if i in POLICY_TIERS else ""
    )
    registered = tenants.get("registered_in_district", pd.Series(dtype=bool)).astype(bool)
    taxed = tenants.get("tax_in_district", pd.Series(dtype=bool)).astype(bool)
    committed = tenants.get("five_year_commitment", pd.Series(dtype=bool)).astype(bool)
    tenants["recipient"] = tenants["grants"] > 0
    tenants["not_registered_taxed"] = ~(registered & taxed)
    tenants["five_years_unmet"] = ~committed | left_early
    tenants["double_support"] = ident.isin(double_tenants)
    tenants["support_ineligible"] = tenants["recipient"] & tenants["not_registered_taxed"]
    tenants["support_five_years"] = tenants["recipient"] & tenants["five_years_unmet"]
    tenants["recipient_fails"] = tenants["recipient"] & (
        tenants["not_registered_taxed"] | tenants["five_years_unmet"] | tenants["double_support"]
    )
    tenants["strategic"] = tenants["tier"] != ""
    for flag in FLAGS:
        tenants[flag] = tenants[flag].astype(bool)
    placements = _placements(tenancies, as_of)
    placements = placements[placements["carrier_id"].isin(set(data.carriers.get("id", [])))]
    return PolicyReport(
        as_of=as_of,
        tenants=tenants.reset_index(drop=True),
        placements=placements.reset_index(drop=True),
        carriers=data.carriers.copy(),
        grants=grants.reset_index(drop=True),
    )


def _placements(tenancies: pd.DataFrame, as_of: date) -> pd.DataFrame:
    if tenancies.empty:
        return pd.DataFrame({"tenant_id": pd.Series(dtype=int), "carrier_id": pd.Series(dtype=int)})
    start = tenancies["start_on"].map(_as_date)
    end = tenancies["end_on"].map(_as_date)
    open_now = [
        s is not None and s <= as_of and (e is None or e > as_of)
        for s, e in zip(start, end, strict=True)
    ]
    return tenancies.loc[open_now, ["tenant_id", "carrier_id"]].drop_duplicates()


# --- aggregates and the lists behind them ------------------------------------------
def _zones_of(carriers: pd.DataFrame) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for cid, park, belts in zip(
        carriers["id"], carriers["park_code"], carriers["belt_codes"], strict=True
    ):
        zones = set(filter(None, str(belts or "").split(","))) | ({park} if park else set())
        out[int(cid)] = zones
    return out


def tenant_ids_in(
    report: PolicyReport, *, zone: str | None = None, carrier_id: int | None = None
) -> set[int]:
    """Tenants in a park/belt, in a carrier, unplaced, or (no argument / district) all."""
    every = {int(i) for i in report.tenants.get("id", [])}
    placed = report.placements
    if carrier_id is not None:
        return {int(t) for t in placed.loc[placed["carrier_id"] == carrier_id, "tenant_id"]} & every
    if zone is None or zone == DISTRICT:
        return every
    if zone == UNPLACED:
        return every - {int(t) for t in placed["tenant_id"]}
    zones = _zones_of(report.carriers)
    inside = {int(c) for c, z in zones.items() if zone in z}
    return {int(t) for t in placed.loc[placed["carrier_id"].isin(inside), "tenant_id"]} & every


def _counts(tenants: pd.DataFrame, ids: set[int]) -> dict[str, float]:
    rows = tenants[tenants["id"].isin(ids)]
    return {
        "tenants": len(rows),
        **{flag: int(rows[flag].sum()) for flag in FLAGS},
        "grants": int(rows["grants"].sum()),
        "amount_10k_cny": float(rows["amount_10k_cny"].sum()),
    }


def zone_table(report: PolicyReport) -> pd.DataFrame:
    """One row per park/belt, the unplaced tenants and the district total.

    Columns: ``zone``, ``tenants``, every flag of :data:`FLAGS` (a count of tenants),
    ``grants`` and ``amount_10k_cny``. :func:`tenant_list` gives the tenants behind
    any cell.
    """
    rows = [
        {"zone": z, **_counts(report.tenants, tenant_ids_in(report, zone=z))} for z in ZONE_ROWS
    ]
    return pd.DataFrame(rows)


def carrier_table(report: PolicyReport) -> pd.DataFrame:
    """One row per live carrier with current tenants: same counts as :func:`zone_table`."""
    sums = ["tenants", *FLAGS, "grants", "amount_10k_cny"]
    columns = ["carrier_id", "name_zh", "name_en", "park_code", "belt_codes", *sums]
    merged = report.placements.merge(
        report.tenants.assign(tenants=1)[["id", *sums]], left_on="tenant_id", right_on="id"
    )
    if merged.empty:
        return pd.DataFrame(columns=columns)
    # Placements are unique per (tenant, carrier), so a plain sum counts each tenant once.
    per = merged.groupby("carrier_id")[sums].sum().reset_index()
    out = report.carriers.rename(columns={"id": "carrier_id"}).merge(per, on="carrier_id")
    for name in sums[:-1]:
        out[name] = out[name].astype(int)
    out["amount_10k_cny"] = out["amount_10k_cny"].astype(float)
    return out[columns].sort_values("carrier_id").reset_index(drop=True)


def tenant_list(
    report: PolicyReport,
    *,
    zone: str | None = None,
    carrier_id: int | None = None,
    flag: str | None = None,
) -> pd.DataFrame:
    """The tenants behind one number: a zone or carrier, optionally one flag set."""
    ids = tenant_ids_in(report, zone=zone, carrier_id=carrier_id)
    rows = report.tenants[report.tenants["id"].isin(ids)]
    if flag is not None:
        rows = rows[rows[flag]]
    return rows.sort_values("id").reset_index(drop=True)


def grants_frame(session: Session) -> pd.DataFrame:
    """Live grants with their tenant's names, newest first (one statement)."""
    stmt = (
        _GRANTS.add_columns(col(Tenant.name), col(Tenant.name_en))
        .join(Tenant, col(Tenant.id) == col(SupportGrant.tenant_id))
        .order_by(col(SupportGrant.year).desc(), col(SupportGrant.id).desc())
    )
    frame = _frame(session, stmt)
    if frame.empty:
        return frame
    doubles = double_grant_ids(frame)
    return frame.assign(double=frame["id"].isin(doubles))
