"""A login ended elsewhere ends in every open tab (attack QA, 2026-11-29).

Tab A logs out (or an administrator deactivates the account): tab B, opened earlier,
used to keep the logged-in rights for the whole 8 hours, saves and password-holding
backups included. Now a save or a backup checks the login at once, and a tab that only
reads finds out within ``ui.RECHECK_LOGIN``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

import ui
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.services.users import end_login_session
from tests.app.conftest import page


def _logged_in_tab(make_app: Callable[..., AppTest], username: str, password: str) -> AppTest:
    at = make_app().run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    assert at.session_state["auth"]["actor"].username == username
    return at


def _log_out_elsewhere(url: str, at: AppTest) -> None:
    """What the logout button of another tab does on the server."""
    with session_scope(get_engine(url)) as session:
        end_login_session(session, cookie=at.session_state["auth"]["cookie"])


def test_backup_after_logout_elsewhere_makes_no_file(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    tab = _logged_in_tab(make_app, "admin", "admin-demo-2026")
    tab.switch_page(str(page("Backup").relative_to(ui.PROJECT_ROOT))).run()
    assert tab.button(key="bk_make")
    _log_out_elsewhere(app_db, tab)
    tab = tab.button(key="bk_make").click().run()
    assert not tab.exception
    assert "_backup" not in tab.session_state
    assert not [b for b in tab.get("download_button")]
    assert any("仅系统管理员可用" in i.value for i in tab.info)
    assert any("登录已结束" in w.value for w in tab.sidebar.warning)


def test_save_after_logout_elsewhere_writes_nothing(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    tab = _logged_in_tab(make_app, "shibei", "shibei-demo-2026")
    tab.switch_page(str(page("Carriers").relative_to(ui.PROJECT_ROOT))).run()
    with Session(get_engine(app_db)) as session:
        cid = session.exec(select(Carrier.id).where(Carrier.park_code == "shibei")).first()
    tab = tab.selectbox(key="c_pick").set_value(cid).run()
    _log_out_elsewhere(app_db, tab)
    tab.text_input(key=f"c_name_zh_{cid}").input("退出后改的名称")
    tab = tab.button(key=f"c_save_{cid}").click().run()
    assert any("登录已失效" in e.value for e in tab.error), [e.value for e in tab.error]
    with Session(get_engine(app_db)) as session:
        assert session.get(Carrier, cid).name_zh != "退出后改的名称"  # type: ignore[union-attr]


def test_reading_tab_is_logged_out_within_the_recheck_time(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    tab = _logged_in_tab(make_app, "shibei", "shibei-demo-2026")
    tab.run()
    assert "auth" in tab.session_state  # checked a moment ago: no database question
    _log_out_elsewhere(app_db, tab)
    tab.session_state["auth"]["checked"] -= ui.RECHECK_LOGIN + timedelta(seconds=1)
    tab.run()
    assert "auth" not in tab.session_state
    assert any("登录已结束" in w.value for w in tab.sidebar.warning)
