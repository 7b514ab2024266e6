"""Payloads in every editable text field reach the tables unchanged (issue 11 §3).

Streamlit draws st.dataframe on a canvas, so the browser test (tests/e2e/test_xss.py)
can prove nothing ran but cannot read most cells. This reads them where they are made:
each page's tables, as an admin, on the payload database of tests/e2e/hostile_data.py.
Every tagged payload a table shows must be the exact text entered: not escaped twice
(``&lt;img``), not stripped, not evaluated (``{{7*7}}`` stays, never 49).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.db import get_engine
from models.services.users import actor_for
from models.settings import get_settings
from models.user import User
from tests.app.conftest import ROOT, page
from tests.app.rendered import assert_page_ok
from tests.e2e import hostile_data

# Page -> tags whose payload one of its tables must show.
# (Notes and addresses are shown in forms and details, not in these tables.)
TABLES = {
    "Tenants": {"T-NAME"},
    "Grants": {"T-NAME", "G-FUND", "G-CODE"},
    "Users": {"U-NAME"},
    "Audit": {"U-NAME"},
    "Conversions": {"P-ZH"},
    "Chain": {"T-NAME"},
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('xss_tables') / 'xss.db'}"
    hostile_data.build(url)
    yield url
    get_engine(url).dispose()


@pytest.fixture
def hostile_app(hostile_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], AppTest]:
    monkeypatch.setenv("DATABASE_URL", hostile_url)
    monkeypatch.setenv("SEED_SAMPLE", "0")
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    st.cache_resource.clear()
    with Session(get_engine(hostile_url)) as s:
        user = s.exec(select(User).where(User.username == hostile_data.HOSTILE_USER)).one()
        actor = actor_for(s, user)

    def make(script: Path) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(str(script.relative_to(ROOT)))
        at.session_state["auth"] = {
            "actor": actor,
            "expires": datetime.now(UTC) + timedelta(hours=1),
        }
        return at

    yield make
    get_settings.cache_clear()
    st.cache_resource.clear()


def _cells(at: AppTest) -> list[str]:
    """Every table cell as the reader sees it.

    st.table renders its cells as Markdown, so the app escapes them (``\\<img``); the
    reader sees them without the backslashes (tests/e2e/test_xss.py checks the audit
    table in Chromium), so those are dropped here.
    """
    cells = [str(v) for f in at.dataframe for v in f.value.to_numpy().ravel()]
    for table in at.table:
        cells += [re.sub(r"\\(.)", r"\1", str(v)) for v in table.value.to_numpy().ravel()]
    return cells


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_show_each_payload_exactly(
    hostile_app: Callable[[Path], AppTest], name: str
) -> None:
    at = hostile_app(page(name)).run()
    assert_page_ok(at, name)
    text = "\n".join(_cells(at))
    shown = {tag for tag in TABLES[name] if hostile_data.tagged(tag) in text}
    assert shown == TABLES[name], (name, [c for c in _cells(at) if "[" in c][:10])
    # Wherever a payload shows, all of it shows, as entered.
    assert text.count("onerror") == text.count(hostile_data.PAYLOAD), name
    assert text.count("{{7*7}}") == text.count(hostile_data.PAYLOAD), name
