"""The users page refuses look-alike names and blank passwords with a message naming the
field, and stores nothing (issue 7 §5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.db import get_engine
from models.user import User
from tests.app.conftest import page


def _user_count(url: str) -> int:
    with Session(get_engine(url)) as session:
        return int(session.exec(select(func.count()).select_from(User)).one())


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("Admin", "long-enough-password", "用户名“admin”已存在"),
        ("\u0430dmin2", "long-enough-password", "“用户名”只能使用小写英文字母"),
        ("fresh.user", " " * 12, "“密码”不能全是空白字符"),
        ("nul\x00user", "long-enough-password", "“用户名”含有不允许的空字符"),
    ],
    ids=["upper-case-duplicate", "cyrillic", "blank-password", "nul"],
)
def test_new_user_form_refuses_with_a_clear_message(
    make_app: Callable[..., AppTest], app_db: str, username: str, password: str, message: str
) -> None:
    before = _user_count(app_db)
    at = make_app(page("Users"), user="admin").run()
    at.text_input(key="u_name").input(username)
    at.text_input(key="u_password").input(password)
    next(b for b in at.button if b.form_id == "user_form").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert _user_count(app_db) == before
