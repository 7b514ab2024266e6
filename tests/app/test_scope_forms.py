"""Editing pages offer forms only for records in the manager's scope, and optional fields
can be emptied from the form.

A form for an out-of-scope record used to be shown and then refused only after the
user had filled it in and pressed save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.db import get_engine
from tests.app.conftest import page
from tests.unit.model_factories import (
    SHIBEI_POINT,
    SZR_POINT,
    make_carrier,
    make_conversion,
    make_tenancy,
    make_tenant,
)

CONVERSIONS, REGISTER = page("_Conversions.py"), page("ProjectRegister.py")


def _keys(at: AppTest) -> set[str]:
    return {w.key for w in at.selectbox if w.key}


def test_status_form_is_shown_only_for_projects_in_scope(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    ours = make_conversion(app_db, SHIBEI_POINT, name_zh="市北测试改造")
    theirs = make_conversion(app_db, SZR_POINT, name_zh="苏河测试改造")
    other_carrier = make_carrier(app_db, SZR_POINT, name_zh="苏河测试载体")
    at = make_app(CONVERSIONS, user="shibei").run()
    at.selectbox(key="p_pick").set_value(theirs.id).run()
    assert not at.exception
    assert "p_new_status" not in _keys(at)
    assert not any(b.label == "变更状态" for b in at.button)
    at.selectbox(key="p_pick").set_value(ours.id).run()
    assert "p_new_status" in _keys(at)
    # The resulting-carrier choice lists only the manager's own carriers.
    carriers = at.selectbox(key="p_carrier").options
    assert carriers[0] == "—"
    assert not any("苏河测试载体" in c for c in carriers), other_carrier.id


def test_register_offers_only_projects_in_scope(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    make_conversion(app_db, SHIBEI_POINT, name_zh="市北登记项目")
    make_conversion(app_db, SZR_POINT, name_zh="苏河登记项目")
    at = make_app(REGISTER, user="shibei").run()
    options = at.selectbox(key="pr_pick").options
    assert any("市北登记项目" in o for o in options)
    assert not any("苏河登记项目" in o for o in options)


def test_tenant_picker_offers_only_tenants_resident_in_scope(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    ours = make_tenant(app_db, name="市北驻场科技有限公司")
    theirs = make_tenant(app_db, name="苏河驻场科技有限公司")
    nowhere = make_tenant(app_db, name="未入驻科技有限公司")
    make_tenancy(app_db, ours.id, make_carrier(app_db, SHIBEI_POINT).id)
    make_tenancy(app_db, theirs.id, make_carrier(app_db, SZR_POINT).id)
    at = make_app(page("Tenants.py"), user="shibei").run()
    options = " | ".join(at.selectbox(key="t_pick").options)
    assert ours.name in options
    assert theirs.name not in options and nowhere.name not in options
    # The admin may correct any of them.
    at = make_app(page("Tenants.py"), user="admin").run()
    options = " | ".join(at.selectbox(key="t_pick").options)
    assert all(t.name in options for t in (ours, theirs, nowhere))


def test_opening_date_and_focus_industry_can_be_emptied(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    carrier = make_carrier(
        app_db, SHIBEI_POINT, opened_on=date(2020, 5, 1), focus_industry="ai", name_zh="清空测试"
    )
    at = make_app(page("Carriers"), user="shibei").run()
    at.selectbox(key="c_pick").set_value(carrier.id).run()
    next(d for d in at.date_input if d.label == "开业日期").set_value(None)
    next(s for s in at.selectbox if s.label == "重点行业").set_value("")
    at.button(key=f"c_save_{carrier.id}").click().run()
    assert not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as session:
        stored = session.get(Carrier, carrier.id)
        assert stored is not None
        assert (stored.opened_on, stored.focus_industry, stored.version) == (None, None, 2)


def test_graduation_offers_only_later_stage_carriers(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    incubator = make_carrier(app_db, SHIBEI_POINT, stage="incubator", name_zh="毕业测试孵化器")
    make_tenancy(app_db, make_tenant(app_db).id, incubator.id)
    at = make_app(page("Tenancies"), user="shibei").run()
    at.selectbox(key="t_carrier").set_value(incubator.id).run()
    targets = at.selectbox(key="gr_target").options
    assert targets, "the sample data has accelerators"
    assert all(t.endswith("· 加速器") for t in targets), targets
