"""Pages that must show less to less privileged users: the audit trail and the user list."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.i18n import t
from models.services.carriers import update_carrier
from models.services.core import SYSTEM
from models.user import User
from tests.app.conftest import page

AUDIT = page("Audit")
USERS = page("Users")
MINE = "审计范围测试：市北载体"
THEIRS = "审计范围测试：苏河载体"


def _edit_carrier(url: str, *, in_shibei: bool, reason: str) -> int:
    """An ordinary edit (by the system) of a carrier inside or outside Shibei park."""
    with session_scope(get_engine(url)) as session:
        carriers = session.exec(select(Carrier).order_by(Carrier.id)).all()  # type: ignore[arg-type]
        carrier = next(
            c
            for c in carriers
            if c.deleted_at is None
            and (
                c.park_code == "shibei"
                if in_shibei
                else (c.park_code != "shibei" and "belt_szr" in (c.belt_codes or ""))
            )
        )
        update_carrier(
            session,
            actor=SYSTEM,
            carrier_id=int(carrier.id),  # type: ignore[arg-type]
            expected_version=carrier.version,
            changes={"operator": f"运营方 {reason}"},
            reason=reason,
        )
        return int(carrier.id)  # type: ignore[arg-type]


def _shown_text(at: AppTest) -> str:
    """Everything the page shows in tables and text, as one string."""
    parts = [df.value.to_csv() for df in at.dataframe if isinstance(df.value, pd.DataFrame)]
    parts += [str(tb.value) for tb in at.table]
    parts += [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    return "\n".join(parts)


def _assert_shows_mine_not_theirs(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown_text(at)
    assert MINE in shown  # the page works for managers at all
    assert THEIRS not in shown  # a Suzhou River carrier is outside Shibei's scope


def test_manager_sees_audit_events_of_their_scope_only(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    _edit_carrier(app_db, in_shibei=True, reason=MINE)
    _edit_carrier(app_db, in_shibei=False, reason=THEIRS)

    manager = make_app(AUDIT, user="shibei").run()
    _assert_shows_mine_not_theirs(manager)
    # Narrowed to carriers, where the other event would be if it leaked.
    _assert_shows_mine_not_theirs(manager.selectbox(key="a_entity").set_value("carrier").run())

    # Admins see both (filtered to carriers: the sample's other events are not the point).
    admin = make_app(AUDIT, user="admin").run()
    admin = admin.selectbox(key="a_entity").set_value("carrier").run()
    assert not admin.exception, [e.value for e in admin.exception]
    assert MINE in _shown_text(admin) and THEIRS in _shown_text(admin)


def _usernames(url: str) -> list[str]:
    with Session(get_engine(url)) as session:
        return [u.username for u in session.exec(select(User)).all()]


def test_only_admins_see_the_user_list(make_app: Callable[..., AppTest], app_db: str) -> None:
    others = {"suhe", "admin"}  # names a manager or viewer has no business seeing
    assert others <= set(_usernames(app_db))
    for user in ("shibei", "viewer", None):
        at = make_app(USERS, user=user).run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.dataframe and not at.table, user
        assert any(t("admin_only", "zh") in i.value for i in at.info), user
        shown = _shown_text(at)
        assert not any(name in shown for name in others - {user}), (user, shown)

    admin = make_app(USERS, user="admin").run()
    listed = set(admin.dataframe[0].value["username"])
    assert others | {"shibei", "viewer"} <= listed
