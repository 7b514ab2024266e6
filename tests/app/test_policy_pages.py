"""The policy page (everyone) and the grants page (editors), in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from models.db import get_engine, session_scope
from models.i18n import t
from models.services.core import SYSTEM
from models.services.support import update_grant
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant
from tests.app.conftest import page

POLICY = page("Policy")
GRANTS = page("Grants")


def _lang(at: AppTest, lang: str) -> AppTest:
    at.session_state["lang"] = lang
    return at.run()


def _frame_text(at: AppTest) -> str:
    return " ".join(str(df.value.to_dict()) for df in at.dataframe)


@pytest.mark.parametrize(
    ("lang", "title", "double", "belt"),
    [
        ("zh", "政策对标", "同一资金重复扶持", "苏州河两岸文化创意集聚带"),
        ("en", "Policy checks", "Same fund paid twice", "Suzhou River Cultural & Creative Belt"),
    ],
)
def test_policy_page_shows_flags_per_belt_for_anonymous_leaders(
    make_app: Callable[..., AppTest], lang: str, title: str, double: str, belt: str
) -> None:
    at = _lang(make_app(POLICY).run(), lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    metrics = {m.label: m.value for m in at.metric}
    # The sample set holds five tenants paid the same fund twice.
    assert metrics[double] == "5"
    assert belt in _frame_text(at)
    # "Recipients failing a rule" comes with its three parts, each behind a card.
    parts = [t(f"flag_{f}", lang) for f in ("support_ineligible", "support_five_years")]
    values = [int(metrics[p]) for p in [*parts, double]]
    fails = int(metrics[t("flag_recipient_fails", lang)])
    assert max(values) <= fails <= sum(values), (fails, values)


def test_policy_list_behind_the_double_support_number(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(POLICY).run()
    at.selectbox(key="p_scope").set_value("district")
    at.selectbox(key="p_flag").set_value("double_support").run()
    assert not at.exception
    listing = at.dataframe[-1].value  # the list comes last
    assert len(listing) == 5
    # Each listed tenant's grants show the fund received twice.
    assert all(funds.count(";") >= 1 for funds in listing["funds"])
    assert all("同一资金重复扶持" in why for why in listing["why"])
    assert any("重复扶持：5 家企业" in c.value for c in at.caption)
    # A listed firm's reasons are its own: no "(含未获扶持企业)" of the column headers.
    at.selectbox(key="p_flag").set_value("recipient_fails").run()
    reasons = " ".join(at.dataframe[-1].value["why"])
    assert "五年" in reasons and "含未获扶持企业" not in reasons


def test_grants_page_asks_anonymous_visitors_to_log_in(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(GRANTS).run()
    assert any("请先" in i.value for i in at.info)
    assert not at.dataframe


@pytest.mark.parametrize(("lang", "label"), [("zh", "资金名称"), ("en", "Fund name")])
def test_grants_page_lists_grants_for_an_admin(
    make_app: Callable[..., AppTest], lang: str, label: str
) -> None:
    at = _lang(make_app(GRANTS, user="admin").run(), lang)
    assert not at.exception, [e.value for e in at.exception]
    listing = at.dataframe[-1].value
    assert len(listing) == 105  # 90 regular + 5 tenants paid twice (10) + 5 ineligible
    assert at.text_input(key="g_fund_-1").label == label


def _shibei_tenant(url: str) -> int:
    """A tenant currently resident in a Shibei carrier (so the shibei manager edits it)."""
    from models.carrier import Carrier

    with Session(get_engine(url)) as s:
        row = s.exec(
            select(Tenancy.tenant_id)
            .join(Carrier, col(Carrier.id) == col(Tenancy.carrier_id))
            .where(Carrier.park_code == "shibei", col(Tenancy.end_on).is_(None))
        ).first()
    assert row is not None
    return int(row)


def test_manager_records_a_grant_and_a_bad_year_is_refused(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    tenant_id = _shibei_tenant(app_db)
    at = make_app(GRANTS, user="shibei").run()
    at.selectbox(key="g_tenant_-1").set_value(tenant_id)
    at.text_input(key="g_fund_-1").input("静安区测试扶持资金")
    at.number_input(key="g_year_-1").set_value(1900)
    at.button(key="g_save_-1").click().run()
    assert any("拨付年度" in e.value for e in at.error), [e.value for e in at.error]
    at.number_input(key="g_year_-1").set_value(2025)
    at.number_input(key="g_amount_-1").set_value(12.5)
    at.button(key="g_save_-1").click().run()
    assert not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        row = s.exec(
            select(SupportGrant).where(SupportGrant.fund_name == "静安区测试扶持资金")
        ).one()
    assert (row.tenant_id, row.year, row.amount_10k_cny, row.updated_by) == (
        tenant_id,
        2025,
        12.5,
        "shibei",
    )
    # The form comes back empty under new keys: pressing 保存 again stores no second
    # grant (user QA: a second press recorded the same grant twice, flagged as double).
    assert at.selectbox(key="g_tenant_-1_g1").value is None
    assert at.text_input(key="g_fund_-1_g1").value == ""
    at.button(key="g_save_-1_g1").click().run()
    assert [e.value for e in at.error] == ["请先选择企业"]
    with Session(get_engine(app_db)) as s:
        same = s.exec(select(SupportGrant).where(SupportGrant.fund_name == "静安区测试扶持资金"))
        assert len(same.all()) == 1


def test_a_large_grant_needs_the_tick_and_the_saved_one_is_named(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """User QA: 50,000 万元 saved with a bare "已保存" and moved the policy figures."""
    tenant_id = _shibei_tenant(app_db)
    with Session(get_engine(app_db)) as s:
        firm = s.exec(select(Tenant.name).where(Tenant.id == tenant_id)).one()
    at = make_app(GRANTS, user="shibei").run()
    at.selectbox(key="g_tenant_-1").set_value(tenant_id)
    at.text_input(key="g_fund_-1").input("静安区大额测试资金")
    at.number_input(key="g_amount_-1").set_value(50_000.0)
    at.button(key="g_save_-1").click().run()
    # Markdown-escaped on the page ("5\\.00"); read as the person sees it.
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("5 亿元" in e for e in errors), errors
    with Session(get_engine(app_db)) as s:
        assert not s.exec(select(SupportGrant).where(SupportGrant.amount_10k_cny > 1000)).all()
    # Ticked for 50,000 万元, then changed to 99,999: the tick does not cover it.
    at.checkbox(key="g_large_-1").check()
    at.number_input(key="g_amount_-1").set_value(99_999.0)
    at.button(key="g_save_-1").click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("99,999 万元" in e for e in errors), errors
    with Session(get_engine(app_db)) as s:
        assert not s.exec(select(SupportGrant).where(SupportGrant.amount_10k_cny > 1000)).all()
    at.number_input(key="g_amount_-1").set_value(50_000.0)
    at.button(key="g_save_-1").click().run()  # the last refusal named 99,999: asked again
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("50,000 万元" in e for e in errors), errors
    at.button(key="g_save_-1").click().run()  # the tick now confirms the named 50,000
    assert not at.error, [e.value for e in at.error]
    shown = " ".join(m.value for m in at.success).replace("\\", "")
    assert firm in shown and "静安区大额测试资金" in shown and "50,000 万元" in shown


def test_edit_after_someone_elses_save_is_a_conflict(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        grant = s.exec(select(SupportGrant).order_by(col(SupportGrant.id))).first()
    assert grant is not None and grant.id is not None
    at = make_app(GRANTS, user="admin").run()
    at.selectbox(key="g_pick").set_value(grant.id).run()  # opened: version pinned
    with session_scope(get_engine(app_db)) as s:
        update_grant(
            s, actor=SYSTEM, grant_id=grant.id, expected_version=1, changes={"note": "他人修改"}
        )
    at.text_input(key=f"g_note_{grant.id}").input("我的修改")
    at.button(key=f"g_save_{grant.id}").click().run()
    assert any("已被 system" in e.value for e in at.error), [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        assert s.get(SupportGrant, grant.id).note == "他人修改"  # type: ignore[union-attr]


def test_admin_deletes_a_grant_and_the_policy_page_drops_it(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        grant = s.exec(select(SupportGrant).where(SupportGrant.note == "第二次拨付")).first()
    assert grant is not None and grant.id is not None
    at = make_app(GRANTS, user="admin").run()
    at.selectbox(key="g_pick").set_value(grant.id).run()
    assert any("重复扶持" in w.value for w in at.warning)
    at.button(key=f"g_delete_{grant.id}").click().run()
    assert not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        assert s.get(SupportGrant, grant.id).deleted_at is not None  # type: ignore[union-attr]
    policy_page = make_app(POLICY).run()
    metrics = {m.label: m.value for m in policy_page.metric}
    assert metrics["同一资金重复扶持"] == "4"


def _links(at: AppTest) -> list[str]:
    return [str(link.proto.label) for link in at.sidebar.get("page_link")]


def test_policy_page_is_for_everyone_and_grants_for_editors(
    make_app: Callable[..., AppTest],
) -> None:
    anonymous = _links(make_app().run())
    assert "政策对标" in anonymous and "扶持资金登记" not in anonymous
    viewer = _links(make_app(user="viewer").run())
    assert "政策对标" in viewer and "扶持资金登记" not in viewer
    assert "扶持资金登记" in _links(make_app(user="shibei").run())
    english = _links(_lang(make_app(user="admin").run(), "en"))
    assert "Policy checks" in english and "Support grants" in english
