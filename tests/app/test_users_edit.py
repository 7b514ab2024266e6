"""An administrator looks after existing accounts on the users page: scope, role,
deactivation and password resets, and what the affected manager then meets.

The manager's session here is logged in the way single sign-on logs in (no cookie):
its next save must still find the account as it is now (models.services.accounts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.db import get_engine
from models.errors import PermissionDenied
from models.services.accounts import user_scope
from models.services.users import authenticate
from models.user import User
from tests.app.conftest import page

USERS = page("Users")
CARRIERS = page("Carriers")


def _uid(url: str, username: str) -> int:
    with Session(get_engine(url)) as session:
        return int(session.exec(select(User.id).where(User.username == username)).one() or 0)


def _open(make_app: Callable[..., AppTest], uid: int) -> AppTest:
    at = make_app(USERS, user="admin").run()
    return at.selectbox(key="ue_pick").set_value(uid).run()


def _errors(at: AppTest) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for e in at.error]


def _scope(url: str, uid: int) -> tuple[list[str], list[int]]:
    with Session(get_engine(url)) as session:
        return user_scope(session, uid)


def _rename_carrier(at: AppTest, url: str, name: str) -> AppTest:
    with Session(get_engine(url)) as session:
        cid = session.exec(select(Carrier.id).where(Carrier.park_code == "shibei")).first()
    at = at.selectbox(key="c_pick").set_value(cid).run()
    at.text_input(key=f"c_name_zh_{cid}").input(name)
    return at.button(key=f"c_save_{cid}").click().run()


def test_admin_widens_a_managers_scope(make_app: Callable[..., AppTest], app_db: str) -> None:
    uid = _uid(app_db, "shibei")
    at = _open(make_app, uid)
    at.multiselect(key=f"ue_{uid}_zones").select("belt_mrr")
    at = at.button(key=f"ue_save_{uid}").click().run()
    assert not _errors(at)
    assert _scope(app_db, uid)[0] == ["belt_mrr", "shibei"]
    assert any("已保存" in s.value for s in at.success)
    # The table at the top reads the new scope by name.
    table = at.dataframe[0].value
    row = table[table["username"] == "shibei"].iloc[0]
    assert "中环两侧科技创新集聚带" in row["scope"] and "市北高新技术服务业园区" in row["scope"]


def test_deactivated_manager_cannot_save_from_a_tab_left_open(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    manager = make_app(CARRIERS, user="shibei").run()  # logged in before the deactivation
    uid = _uid(app_db, "shibei")
    admin = _open(make_app, uid)
    admin.checkbox(key=f"ue_active_{uid}").uncheck()
    admin = admin.button(key=f"ue_save_{uid}").click().run()
    assert not _errors(admin)

    manager = _rename_carrier(manager, app_db, "停用后改的名称")
    assert any("登录已失效" in e for e in _errors(manager))
    with Session(get_engine(app_db)) as session:
        names = session.exec(select(Carrier.name_zh)).all()
    assert "停用后改的名称" not in names
    # The tab is logged out: the carriers page now asks for a login.
    assert "auth" not in manager.session_state


def test_admin_cannot_deactivate_their_own_account(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    uid = _uid(app_db, "admin")
    at = _open(make_app, uid)
    at.checkbox(key=f"ue_active_{uid}").uncheck()
    at = at.button(key=f"ue_save_{uid}").click().run()
    assert any("不能停用自己的账号" in e for e in _errors(at))
    with Session(get_engine(app_db)) as session:
        assert session.get(User, uid).is_active  # type: ignore[union-attr]


def test_password_reset_takes_effect_at_once(make_app: Callable[..., AppTest], app_db: str) -> None:
    uid = _uid(app_db, "suhe")
    at = _open(make_app, uid)
    at.text_input(key=f"up_password_{uid}").input("brand-new-2026-pw")
    at = at.button(key=f"up_save_{uid}").click().run()
    assert not _errors(at)
    assert any("已重置 suhe 的密码" in s.value for s in at.success)
    now = datetime.now(UTC)
    with Session(get_engine(app_db)) as session:
        assert authenticate(session, username="suhe", password="brand-new-2026-pw", now=now)
    with Session(get_engine(app_db)) as session:
        try:
            authenticate(session, username="suhe", password="suhe-demo-2026", now=now)
            old_still_works = True
        except PermissionDenied:
            old_still_works = False
    assert not old_still_works


def test_second_admins_stale_form_does_not_undo_the_first(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    uid = _uid(app_db, "suhe")
    first, second = _open(make_app, uid), _open(make_app, uid)
    first.multiselect(key=f"ue_{uid}_zones").select("belt_njw")
    first = first.button(key=f"ue_save_{uid}").click().run()
    assert not _errors(first)
    second.text_input(key=f"ue_display_{uid}").input("苏河经理")
    second = second.button(key=f"ue_save_{uid}").click().run()
    assert any("已被 admin" in e for e in _errors(second))
    assert "belt_njw" in _scope(app_db, uid)[0]
    # Saving again writes only the display name, on top of the first admin's scope.
    key = next(b.key for b in second.button if b.key and b.key.startswith(f"ue_save_{uid}_g"))
    second = second.button(key=key).click().run()
    assert not _errors(second)
    assert "belt_njw" in _scope(app_db, uid)[0]
    with Session(get_engine(app_db)) as session:
        assert session.get(User, uid).display_name == "苏河经理"  # type: ignore[union-attr]


def test_after_a_save_the_same_account_stays_open(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    # Recheck QA: in the browser a rename made the picker fall back to admin. AppTest
    # keeps a selectbox by value and cannot show that label fallback; the page keeps the
    # label with ui_edits.stable_labels, as the other edit pages do.
    uid = _uid(app_db, "suhe")
    at = _open(make_app, uid)
    at.text_input(key=f"ue_display_{uid}").input("苏河-改名")
    at = at.button(key=f"ue_save_{uid}").click().run()
    assert not _errors(at)
    assert at.selectbox(key="ue_pick").value == uid
    assert at.text_input(key=f"up_password_{uid}")  # the reset form is still suhe's
