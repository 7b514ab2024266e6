"""A service error that quotes user input shows that input literally, never as markup.

Streamlit renders ``st.error`` bodies as markdown (plus its own ``:color[]``, ``$math$``
and ``:material/...:`` extensions). A tenant named like the one below would otherwise
turn bold, pull an image from another host, or start an HTML tag in the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import text
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from geo.escape import escape_markdown
from models.db import get_engine
from models.tenant import Tenant
from tests.app.conftest import page

TENANTS = page("Tenants.py")
HOSTILE = "**bold** <img src=x onerror=alert(1)> ![x](http://evil/x.png) :red[red] $x$"
# Characters markdown (or Streamlit's extensions) gives meaning to in the name above.
ACTIVE = set("*<>![]():$_`")


def _unescaped_specials(markdown: str) -> list[str]:
    """Active characters not preceded by a backslash (an escaped backslash excluded)."""
    found = []
    for match in re.finditer(r"(\\*)(.)", markdown):
        slashes, ch = match.groups()
        if ch in ACTIVE and len(slashes) % 2 == 0:
            found.append(ch)
    return found


def test_unescaped_specials_helper() -> None:
    assert _unescaped_specials(escape_markdown(HOSTILE)) == []
    assert _unescaped_specials(r"a \*b\* c") == []
    assert _unescaped_specials(r"a \\*b") == ["*"]
    assert _unescaped_specials("![x](y)") == ["!", "[", "]", "(", ")"]


def test_error_quoting_a_hostile_name_renders_literally(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    # Stored directly: what matters is what the page does with whatever is stored.
    with Session(get_engine(app_db)) as session:
        tenant = session.exec(
            select(Tenant).where(col(Tenant.deleted_at).is_(None)).order_by(Tenant.id)  # type: ignore[arg-type]
        ).first()
        assert tenant is not None
        code = tenant.credit_code
        session.execute(
            text("UPDATE tenant SET name = :n WHERE id = :i"), {"n": HOSTILE, "i": tenant.id}
        )
        session.commit()

    at = make_app(TENANTS, user="admin").run()
    at.text_input(key="t_name_-1").input("上海重复登记科技有限公司")
    at.text_input(key="t_code_-1").input(code)
    at = at.button(key="t_save_-1").click().run()

    assert not at.exception, [e.value for e in at.exception]
    message = next(e.value for e in at.error if "已登记" in e.value)
    assert escape_markdown(HOSTILE) in message, message  # the name, shown character for character
    assert HOSTILE not in message
    assert _unescaped_specials(message) == [], message
