"""A district that has cleared the sample data and entered nothing yet: every page works.

This is the first day of every real installation (``manage.py seed --clear``, then
``create-user``). The map page used to fail on it with an error box, because an empty
carrier table came back without its columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.db import get_engine, session_scope
from models.enums import Role
from models.seed import clear_all_carrier_data, clear_sample
from models.services.core import SYSTEM
from models.services.users import create_user
from tests.app.conftest import PAGES, ROOT
from tests.app.rendered import assert_page_ok, rendered_text

SCRIPTS = [ROOT / "app.py", *PAGES]


@pytest.fixture
def empty_app(app_db: str, make_app: Callable[..., AppTest]) -> Iterator[Callable[..., AppTest]]:
    """The seeded copy emptied (``seed --reset`` without reloading) and one administrator."""
    with session_scope(get_engine(app_db), write=True) as session:
        # The sample keeps ten real landmark carriers; --reset removes those too.
        clear_all_carrier_data(session)
        clear_sample(session)
        create_user(
            session,
            actor=SYSTEM,
            username="chief",
            password="a-long-real-password-1",
            role=Role.ADMIN,
        )
    yield make_app


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("user", [None, "chief"])
def test_every_page_works_before_any_carrier_exists(
    empty_app: Callable[..., AppTest], script: Path, user: str | None
) -> None:
    at = empty_app(script, user=user).run()
    assert_page_ok(at, script.name)
    # The sample badge is gone: nothing on screen pretends to be data.
    assert not any("示例数据" in m.value for m in at.markdown), script.name


def test_empty_map_page_still_draws_the_district(empty_app: Callable[..., AppTest]) -> None:
    at = empty_app(ROOT / "pages" / "1_map.py").run()
    assert_page_ok(at, "map")
    # The zones are drawn (names in the map's HTML) even with no carrier to show.
    assert "市北高新" in rendered_text(at)
