"""AppTest fixtures: each test gets its own copy of a seeded SQLite database.

The app reads DATABASE_URL through a cached settings object and keeps its engine in
st.cache_resource, so both caches are cleared whenever the URL changes.
"""

from __future__ import annotations

import sqlite3
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

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "pages").glob("*.py"))


@pytest.fixture
def app_db(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private copy of the seeded database, wired into the app's settings."""
    source = Path(seeded_url.removeprefix("sqlite:///"))
    target = tmp_path / "app.db"
    # The seeded file runs in WAL mode: a plain file copy could miss the newest pages.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_SAMPLE", "0")
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    get_engine(url).dispose()
    get_settings.cache_clear()
    st.cache_resource.clear()


@pytest.fixture
def make_app(app_db: str) -> Callable[..., AppTest]:
    """Build an AppTest for app.py or a page, optionally logged in as a stored user."""

    def make(script: Path | str = ROOT / "app.py", *, user: str | None = None) -> AppTest:
        # Pages run through the entry file, as in the real app (page links resolve).
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if Path(script) != ROOT / "app.py":
            at.switch_page(str(Path(script).relative_to(ROOT)))
        if user is not None:
            with Session(get_engine(app_db)) as session:
                row = session.exec(select(User).where(User.username == user)).one()
                actor = actor_for(session, row)
            at.session_state["auth"] = {
                "actor": actor,
                "expires": datetime.now(UTC) + timedelta(hours=1),
            }
        return at

    return make


def page(name: str) -> Path:
    """The page file whose name contains ``name`` (e.g. "Map", "ProjectRegister").

    Case and underscores are ignored: the files have short ASCII names (1_map.py) so
    that their URLs (/map) read well in a shared link.
    """
    wanted = name.lower().removesuffix(".py").replace("_", "")
    return next(p for p in PAGES if wanted in p.stem.lower().replace("_", ""))
