"""No N+1: the SQL statements of a page render do not grow with the number of carriers.

Each leadership page (and the big screen) is rendered cold (every data cache empty) on
the sample set and on the sample set twice over (twice the carriers, tenants and
reports), and the statements every engine sent are counted with a SQLAlchemy listener
(tests/bench/sql_audit.py, the same counter ``manage.py bench --only sql`` uses at N and
10N). A query issued per carrier, per tenant or per report would make the second count
larger.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.db import get_engine
from tests.bench.scaled_data import Scale, sqlite_file
from tests.bench.sql_audit import COUNTED_PAGES, page_statements

MONTHS = 13  # a year and the month before: month-on-month and year-on-year both exist


@pytest.fixture(scope="module")
def n_and_2n(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two databases: the sample set once (120 carriers) and twice (240 carriers)."""
    root = tmp_path_factory.mktemp("scale")
    urls = (
        sqlite_file(root / "n.db", Scale(1, MONTHS)),
        sqlite_file(root / "2n.db", Scale(2, MONTHS)),
    )
    yield urls
    for url in urls:
        get_engine(url).dispose()


@pytest.mark.parametrize("page", COUNTED_PAGES)
def test_statements_per_render_do_not_grow_with_the_carriers(
    n_and_2n: tuple[str, str], page: str
) -> None:
    small, large = (page_statements(url, page) for url in n_and_2n)
    assert small.count > 0  # the counter saw the page read its data
    assert large.count == small.count, [s for s, _p, _d in large.statements][: large.count]


def test_the_two_databases_differ_in_size(n_and_2n: tuple[str, str]) -> None:
    from sqlalchemy import text

    counts = []
    for url in n_and_2n:
        with get_engine(url).connect() as conn:
            counts.append(conn.execute(text("SELECT count(*) FROM carrier")).scalar_one())
    assert counts == [120, 240]


def test_scaled_names_stay_apart() -> None:
    from tests.bench.scaled_data import scaled_sample

    data = scaled_sample(Scale(2, MONTHS))
    names = [c["name_zh"] for c in data.carriers]
    assert len(set(names)) == len(names) == 240
    assert names[120].endswith("·1") and not names[0].endswith("·0")
