"""The login form answers unknown, known and throttled accounts alike (issue 11 §3).

The service gives one message (tests/unit/test_models_login.py); this checks the page
shows exactly that one message for each, so the form cannot tell an attacker which
accounts exist or which are being throttled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models.db import get_engine, session_scope
from models.settings import get_settings
from models.user import User


def _answer(make_app: Callable[..., AppTest], username: str, password: str) -> list[str]:
    at = make_app().run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    assert "auth" not in at.session_state, username
    return [e.value for e in at.error]


def _throttle(url: str, username: str) -> None:
    """The state five wrong guesses leave: waiting out a delay (here a long one).

    Set directly because the real delay starts at 2 s, which a slow test run outlasts.
    """
    with session_scope(get_engine(url)) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        user.failed_logins = get_settings().max_failed_logins + 3
        user.locked_until = datetime.now(UTC) + timedelta(minutes=10)
        s.add(user)


def test_unknown_known_and_throttled_accounts_get_the_same_answer(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    wrong = _answer(make_app, "shibei", "wrong-password-1")
    assert len(wrong) == 1 and "用户名或密码错误" in wrong[0], wrong
    assert _answer(make_app, "no_such_user", "shibei-demo-2026") == wrong
    assert _answer(make_app, "Shibei\u200b", "shibei-demo-2026") == wrong  # zero-width
    _throttle(app_db, "suhe")
    # Throttled now: even the right password gets the same answer, not "locked".
    assert _answer(make_app, "suhe", "suhe-demo-2026") == wrong
