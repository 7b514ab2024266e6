"""The policy's own tests against hand-computed values on a seven-tenant fixture.

Fixture (as of 2026-06-30). Carriers: C1 in Shibei park; C2 in the Suzhou River belt;
C3 in Shibei park *and* the Middle Ring belt; carrier 9 is deleted (not in the frame).

======  ============  ===  ===  ======  ==========================================
tenant  industry      reg  tax  commit  tenancies / grants
======  ============  ===  ===  ======  ==========================================
T1      ai            y    y    y       C1 2020-01-01 open; G1 JA-KJCX 2021 (10),
                                        G2 "ja kj cx" 2024 (20) → same fund by code
T2      vr            y    n    y       C2 2024-03-01 open; G3 2025 (30)
T3      robotics      y    y    y       C1 2019-01-01 → 2022-12-31 left district
                                        (< 5 years); G4 2020 (5)
T4      big_data      y    y    n       C3 2023-01-01 open; no grant
T5      cultural      n    n    y       C2 2018 → 2021 graduated, C3 2021 → 2024-05-01
                                        closed (6.3 years); G5 2019 (40); G6 same
                                        fund 2027 (50, after as_of: not counted)
T6      ai            y    y    y       carrier 9 2022 open, C1 from 2026-08-01;
                                        G8 (7) and G9 (8): same fund by name only
T7      "blockchain"  y    y    y       nothing (an industry off the policy's list)
======  ============  ===  ===  ======  ==========================================
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from models.enums import Industry
from models.policy import (
    FLAGS,
    POLICY_TIERS,
    PolicyData,
    PolicyReport,
    PolicyTier,
    add_years,
    carrier_table,
    double_grant_ids,
    evaluate,
    fund_key,
    tenant_list,
    zone_table,
)

AS_OF = date(2026, 6, 30)
D = date


def _data() -> PolicyData:
    tenants = pd.DataFrame(
        [
            (1, "T1", "", "ai", True, True, True),
            (2, "T2", "", "vr", True, False, True),
            (3, "T3", "", "robotics", True, True, True),
            (4, "T4", "", "big_data", True, True, False),
            (5, "T5", "", "cultural_creative", False, False, True),
            (6, "T6", "", "ai", True, True, True),
            (7, "T7", "", "blockchain", True, True, True),
        ],
        columns=[
            "id",
            "name",
            "name_en",
            "industry",
            "registered_in_district",
            "tax_in_district",
            "five_year_commitment",
        ],
    )
    tenancies = pd.DataFrame(
        [
            (1, 1, D(2020, 1, 1), None, None),
            (2, 2, D(2024, 3, 1), None, None),
            (3, 1, D(2019, 1, 1), D(2022, 12, 31), "left_district"),
            (4, 3, D(2023, 1, 1), None, None),
            (5, 2, D(2018, 1, 1), D(2021, 1, 1), "graduated"),
            (5, 3, D(2021, 1, 15), D(2024, 5, 1), "closed"),
            (6, 9, D(2022, 1, 1), None, None),
            (6, 1, D(2026, 8, 1), None, None),
        ],
        columns=["tenant_id", "carrier_id", "start_on", "end_on", "exit_reason"],
    )
    carriers = pd.DataFrame(
        [
            (1, "C1", "C1en", "shibei", ""),
            (2, "C2", "C2en", None, "belt_szr"),
            (3, "C3", "C3en", "shibei", "belt_mrr"),
        ],
        columns=["id", "name_zh", "name_en", "park_code", "belt_codes"],
    )
    grants = pd.DataFrame(
        [
            (1, 1, "静安区科技创新专项资金", "JA-KJCX", "district", 2021, 10.0),
            (2, 1, "区科创资金", "ja kj cx", "district", 2024, 20.0),
            (3, 2, "上海市高新技术成果转化专项资金", "SH-CGZH", "municipal", 2025, 30.0),
            (4, 3, "静安区众创空间发展扶持资金", "JA-ZCKJ", "district", 2020, 5.0),
            (5, 5, "国家科技型中小企业创新基金", "GJ-CXJJ", "national", 2019, 40.0),
            (6, 5, "国家科技型中小企业创新基金", "", "national", 2027, 50.0),
            (8, 6, "上海市科技型中小企业技术创新资金", "SH-KJXZX", "municipal", 2023, 7.0),
            (9, 6, "上海市 科技型中小企业技术创新资金 ", "", "municipal", 2024, 8.0),
        ],
        columns=["id", "tenant_id", "fund_name", "fund_code", "level", "year", "amount_10k_cny"],
    )
    return PolicyData(tenants=tenants, tenancies=tenancies, carriers=carriers, grants=grants)


@pytest.fixture
def report() -> PolicyReport:
    return evaluate(_data(), as_of=AS_OF)


# Hand-computed flags per tenant, in FLAGS order:
# recipient, recipient_fails, support_ineligible, support_five_years, double_support,
# not_registered_taxed, five_years_unmet, strategic
EXPECTED = {
    1: (1, 1, 0, 0, 1, 0, 0, 1),
    2: (1, 1, 1, 0, 0, 1, 0, 1),
    3: (1, 1, 0, 1, 0, 0, 1, 1),  # supported, left after 4 years
    4: (0, 0, 0, 0, 0, 0, 1, 1),  # fails the five years, but has no support
    5: (1, 1, 1, 0, 0, 1, 0, 1),
    6: (1, 1, 0, 0, 1, 0, 0, 1),
    7: (0, 0, 0, 0, 0, 0, 0, 0),
}


def test_every_flag_of_every_tenant(report: PolicyReport) -> None:
    got = {int(r["id"]): tuple(int(r[f]) for f in FLAGS) for _, r in report.tenants.iterrows()}
    assert got == EXPECTED


def test_grants_and_stay_per_tenant(report: PolicyReport) -> None:
    t = report.tenants.set_index("id")
    # G6 (2027) lies after the as-of year and is not counted.
    assert t["grants"].to_dict() == {1: 2, 2: 1, 3: 1, 4: 0, 5: 1, 6: 2, 7: 0}
    assert t["amount_10k_cny"].to_dict() == {1: 30, 2: 30, 3: 5, 4: 0, 5: 40, 6: 15, 7: 0}
    assert t.loc[3, "left_on"] == D(2022, 12, 31)  # left 4 years after moving in
    assert t.loc[3, "years_in_district"] == 4.0
    # T5 closed too, but 6.3 years after its first move-in: the rule is met.
    assert (t.loc[5, "left_on"], t.loc[5, "years_in_district"]) == (D(2024, 5, 1), 6.3)
    assert t.loc[5, "first_start"] == D(2018, 1, 1)
    assert t.loc[1, "years_in_district"] == 6.5
    assert pd.isna(t.loc[7, "years_in_district"])
    assert t["tier"].to_dict() == {
        1: "tier_key",
        2: "tier_segment",
        3: "tier_cultivated",
        4: "tier_key",
        5: "tier_key",
        6: "tier_key",
        7: "",
    }


def test_same_fund_by_code_or_by_name_in_any_year() -> None:
    assert double_grant_ids(_data().grants) == {1, 2, 5, 6, 8, 9}
    assert fund_key("JA-KJCX") == fund_key(" ja kj cx ") == fund_key("ＪＡ－ＫＪＣＸ") == "jakjcx"
    assert fund_key(None) == fund_key(float("nan")) == fund_key("  ") == ""


def test_different_funds_or_different_tenants_are_not_double() -> None:
    grants = pd.DataFrame(
        [
            (1, 1, "A fund", "", 2020),
            (2, 1, "B fund", "", 2020),  # same tenant, another fund, no codes
            (3, 2, "A fund", "", 2020),  # same fund, another tenant
        ],
        columns=["id", "tenant_id", "fund_name", "fund_code", "year"],
    )
    assert double_grant_ids(grants) == set()


def test_counts_per_park_and_belt(report: PolicyReport) -> None:
    table = zone_table(report).set_index("zone")
    cols = ["tenants", *FLAGS, "grants", "amount_10k_cny"]
    expected = {
        # tenants, recipient, fails, ineligible, supported & 5 years, double,
        # not reg/tax, 5 years, strategic, grants, amount
        "shibei": (2, 1, 1, 0, 0, 1, 0, 1, 2, 2, 30.0),  # T1 (C1), T4 (C3)
        "belt_njw": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0),
        "belt_szr": (1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 30.0),  # T2 (C2)
        "belt_mrr": (1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0.0),  # T4 (C3)
        "unplaced": (4, 3, 3, 1, 1, 1, 1, 1, 3, 4, 60.0),  # T3, T5, T6, T7
        "district": (7, 5, 5, 2, 1, 2, 2, 2, 6, 7, 120.0),
    }
    got = {z: tuple(table.loc[z, cols]) for z in expected}
    assert got == expected


def test_counts_per_carrier(report: PolicyReport) -> None:
    table = carrier_table(report).set_index("carrier_id")
    # Carrier 9 is deleted; T6's move into C1 is after the as-of day.
    assert list(table.index) == [1, 2, 3]
    assert table.loc[1, ["tenants", "recipient", "double_support", "grants"]].tolist() == [
        1,
        1,
        1,
        2,
    ]
    assert table.loc[2, ["support_ineligible", "not_registered_taxed"]].tolist() == [1, 1]
    assert table.loc[3, ["tenants", "recipient", "five_years_unmet"]].tolist() == [1, 0, 1]


def test_the_list_behind_each_number_matches_it(report: PolicyReport) -> None:
    zones = zone_table(report).set_index("zone")
    for zone in zones.index:
        for flag in FLAGS:
            listed = tenant_list(report, zone=zone, flag=flag)
            assert len(listed) == zones.loc[zone, flag], (zone, flag)
            assert listed[flag].all()
    assert tenant_list(report, zone="district", flag="double_support")["id"].tolist() == [1, 6]
    assert tenant_list(report, carrier_id=3)["id"].tolist() == [4]
    assert tenant_list(report, zone="unplaced", flag="five_years_unmet")["id"].tolist() == [3]


def test_as_of_before_the_departure_shows_the_tenant_still_in_place() -> None:
    earlier = evaluate(_data(), as_of=D(2022, 6, 30))
    t = earlier.tenants.set_index("id")
    # In mid-2022 T3 had not left yet (and was committed), and G2/G9 were not paid yet.
    assert not t.loc[3, "five_years_unmet"]
    assert not t.loc[1, "double_support"] and not t.loc[6, "double_support"]
    assert tenant_list(earlier, carrier_id=1)["id"].tolist() == [1, 3]


def test_every_industry_has_exactly_one_policy_tier() -> None:
    assert set(POLICY_TIERS) == {i.value for i in Industry}
    by_tier = {tier: {i for i, t in POLICY_TIERS.items() if t == tier} for tier in PolicyTier}
    assert by_tier[PolicyTier.KEY] == {
        "iot",
        "cloud_computing",
        "big_data",
        "ai",
        "cultural_creative",
    }
    assert len(by_tier[PolicyTier.CULTIVATED]) == 5 and len(by_tier[PolicyTier.SEGMENT]) == 6


def test_five_years_from_a_leap_day() -> None:
    assert add_years(D(2020, 2, 29), 5) == D(2025, 2, 28)
    assert add_years(D(2021, 3, 1), 5) == D(2026, 3, 1)


def test_empty_database_gives_empty_tables() -> None:
    empty = PolicyData(
        tenants=pd.DataFrame(
            columns=[
                "id",
                "name",
                "name_en",
                "industry",
                "registered_in_district",
                "tax_in_district",
                "five_year_commitment",
            ]
        ),
        tenancies=pd.DataFrame(
            columns=["tenant_id", "carrier_id", "start_on", "end_on", "exit_reason"]
        ),
        carriers=pd.DataFrame(columns=["id", "name_zh", "name_en", "park_code", "belt_codes"]),
        grants=pd.DataFrame(
            columns=["id", "tenant_id", "fund_name", "fund_code", "level", "year", "amount_10k_cny"]
        ),
    )
    rep = evaluate(empty, as_of=AS_OF)
    assert zone_table(rep)["tenants"].sum() == 0
    assert carrier_table(rep).empty


# --- through the database: the query layer --------------------------------------------
def _statements(url: str) -> tuple[int, PolicyReport]:
    from sqlalchemy import event

    from models.db import get_engine, session_scope
    from models.policy import policy_report

    engine = get_engine(url)
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as s:
            rep = policy_report(s, as_of=AS_OF)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), rep


def test_query_layer_statements_do_not_grow_with_the_data(db_url: str) -> None:
    from model_factories import make_carrier, make_tenancy, make_tenant

    from models.db import get_engine, session_scope
    from models.services.core import SYSTEM
    from models.services.support import create_grant

    def add_tenant_with_grant(fund: str) -> int:
        carrier = make_carrier(db_url)
        tenant = make_tenant(db_url, registered_in_district=True, tax_in_district=False)
        make_tenancy(db_url, tenant.id, carrier.id, start_on=D(2024, 1, 1))
        with session_scope(get_engine(db_url)) as s:
            for year in (2024, 2025):
                create_grant(
                    s,
                    actor=SYSTEM,
                    data={
                        "tenant_id": tenant.id,
                        "fund_name": fund,
                        "level": "district",
                        "year": year,
                        "amount_10k_cny": 10,
                    },
                )
        assert tenant.id is not None
        return tenant.id

    first = add_tenant_with_grant("测试基金甲")
    small, rep = _statements(db_url)
    more = [add_tenant_with_grant(f"测试基金{n}") for n in range(3)]
    large, rep = _statements(db_url)
    assert small == large == 4
    t = rep.tenants.set_index("id")
    for tid in (first, *more):
        # Taxed elsewhere and paid one fund twice: every rule it breaks is flagged.
        assert t.loc[tid, ["support_ineligible", "double_support", "recipient_fails"]].all()
    placed = set(rep.placements["tenant_id"])
    assert {first, *more} <= placed
