"""Sample support grants: deterministic, with the cases the policy page must flag, and
removed with the sample tenants they belong to."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from data.sample_generator import SampleData, generate
from models.db import get_engine, session_scope
from models.policy import double_grant_ids, policy_report
from models.seed import clear_all_carrier_data, clear_sample, load_sample
from models.services.core import SYSTEM
from models.services.support import create_grant
from models.support import SupportGrant, SupportLevel
from models.tenant import Tenant

END = date(2026, 10, 1)


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate(end_month=END)


def test_sample_grants_hold_five_double_and_five_ineligible_cases(sample: SampleData) -> None:
    grants = pd.DataFrame(sample.grants)
    tenants = {t["id"]: t for t in sample.tenants}
    assert set(grants["tenant_id"]) <= set(tenants)
    assert set(grants["level"]) <= {lv.value for lv in SupportLevel}
    assert grants["year"].between(2023, 2026).all()
    doubles = grants[grants["id"].isin(double_grant_ids(grants))]
    assert doubles["tenant_id"].nunique() == 5 and len(doubles) == 10
    # Half the second payments are typed with a different code (or none) on purpose.
    assert (doubles["fund_code"] == "").any()
    assert doubles["fund_code"].str.contains(" ").any()
    ineligible = [
        tid
        for tid in grants["tenant_id"]
        if not (tenants[tid]["registered_in_district"] and tenants[tid]["tax_in_district"])
    ]
    assert len(ineligible) == 5


def test_sample_grants_are_deterministic(sample: SampleData) -> None:
    assert generate(end_month=END).grants == sample.grants


def test_seeded_policy_report_flags_the_sample_cases(seeded: Session) -> None:
    rep = policy_report(seeded)
    t = rep.tenants
    assert int(t["double_support"].sum()) == 5
    assert int(t["support_ineligible"].sum()) == 5
    assert int(t["recipient"].sum()) == 100  # 90 + 5 + 5 tenants


def _count(url: str, model: type) -> int:
    with Session(get_engine(url)) as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("clear", [clear_sample, clear_all_carrier_data])
def test_clearing_removes_grants_with_their_tenants(sqlite_url: str, clear: object) -> None:
    with session_scope(get_engine(sqlite_url)) as s:
        load_sample(s, end_month=END)
        tenant = s.exec(select(Tenant)).first()
        assert tenant is not None
        # A grant typed in by hand (not sample) for a sample tenant goes with the tenant.
        create_grant(
            s,
            actor=SYSTEM,
            data={
                "tenant_id": tenant.id,
                "fund_name": "手工录入",
                "level": "district",
                "year": 2025,
            },
        )
    assert _count(sqlite_url, SupportGrant) == 106
    with session_scope(get_engine(sqlite_url)) as s:
        clear(s)  # type: ignore[operator]
    assert _count(sqlite_url, SupportGrant) == 0
    assert _count(sqlite_url, Tenant) == 0
