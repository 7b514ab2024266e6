"""Home page figures, the language switch, login, and fresh figures after a save."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.services.carriers import create_carrier
from models.services.core import SYSTEM


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_home_shows_live_carrier_count(make_app: Callable[..., AppTest], app_db: str) -> None:
    with Session(get_engine(app_db)) as session:
        stored = session.exec(select(func.count()).select_from(Carrier)).one()
    at = make_app().run()
    assert _metric(at, "创新载体") == str(stored)
    assert at.title[0].value == "静安区科技创新空间地图"


def test_language_switch_changes_labels(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Jing'an Innovation Space Map"
    assert any(m.label == "Carriers" for m in at.metric)


def test_a_save_shows_on_the_next_rerun(make_app: Callable[..., AppTest], app_db: str) -> None:
    at = make_app().run()
    before = int(_metric(at, "创新载体"))
    with session_scope(get_engine(app_db)) as session:
        create_carrier(
            session,
            actor=SYSTEM,
            data={
                "name_zh": "新载体",
                "stage": "incubator",
                "total_area_m2": 500,
                "workstations_total": 40,
                "lon": 121.447,
                "lat": 31.300,
            },
        )
    at.run()
    assert int(_metric(at, "创新载体")) == before + 1


def test_login_with_wrong_password_is_refused(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.text_input(key="login_user").input("shibei")
    at.text_input(key="login_password").input("wrong-password")
    next(b for b in at.button if b.label == "登录").click().run()
    assert any("用户名或密码错误" in e.value for e in at.error)
    assert "auth" not in at.session_state


def test_login_as_manager_shows_who_is_logged_in(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.text_input(key="login_user").input("shibei")
    at.text_input(key="login_password").input("shibei-demo-2026")
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception
    assert any("shibei" in c.value for c in at.sidebar.caption)


def test_sample_badge_disappears_once_the_sample_data_is_cleared(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from models.seed import clear_sample

    at = make_app().run()
    assert any("示例数据" in m.value for m in at.markdown)
    with session_scope(get_engine(app_db)) as session:
        clear_sample(session)
    at.run()
    assert not any("示例数据" in m.value for m in at.markdown)


def test_an_expired_session_is_logged_out(make_app: Callable[..., AppTest]) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.app.conftest import page

    at = make_app(page("Occupancy"), user="shibei")
    at.session_state["auth"]["expires"] = datetime.now(UTC) - timedelta(minutes=1)
    at.run()
    assert any("请先" in i.value for i in at.info)
    assert "auth" not in at.session_state
