"""``manage.py bench``: section choice, the table, and how the index audit reads a plan."""

from __future__ import annotations

import pytest

import manage
from tests.bench.run import SECTIONS, Row, format_table, parse_sections
from tests.bench.sql_audit import _filters_on


def test_sections_are_chosen_by_name_in_the_given_order() -> None:
    assert parse_sections(None) == list(SECTIONS)
    assert parse_sections("db, map") == ["db", "map"]
    with pytest.raises(ValueError, match="maps"):
        parse_sections("maps")


def test_an_unknown_section_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert manage.main(["bench", "--only", "pages,nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown sections ['nope']") and err.count("\n") == 1


def test_the_table_shows_value_baseline_ratio_and_whether_the_target_is_met() -> None:
    rows = [
        Row("pages", "home: month slider", "120 ms", "bare 40.0 ms", 3.0, "≤3×", True),
        Row("browser", "drawn map", "2.10 s", "floor 1.30 s", 1.615, "≤1.3× floor", False),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0].split() == [
        "section",
        "measurement",
        "value",
        "baseline",
        "ratio",
        "target",
        "met",
    ]
    assert "3.00×" in lines[2] and lines[2].rstrip().endswith("yes")
    assert "1.61×" in lines[3] and lines[3].rstrip().endswith("NO")
    # Columns line up: every "ratio" cell starts where the header's does.
    column = lines[0].index("ratio")
    assert lines[2][column:].startswith("3.00×") and lines[3][column:].startswith("1.61×")


@pytest.mark.parametrize(
    ("sql", "table", "missing"),
    [
        # A filter on the scanned table's own column: an index would serve it.
        ("SELECT count(*) FROM tenancy WHERE tenancy.end_on IS NULL", "tenancy", True),
        # Reading a table whole, or driving a join from it, is a full read by design.
        ("SELECT occupancyreport.month FROM occupancyreport", "occupancyreport", False),
        (
            "SELECT tenancy.id FROM tenancy JOIN tenant ON tenant.id = tenancy.tenant_id "
            "WHERE tenant.deleted_at IS NULL",
            "tenancy",
            False,
        ),
        # A soft-delete filter keeps nearly every row: no index would be used.
        ("SELECT tenant.id FROM tenant WHERE tenant.deleted_at IS NULL", "tenant", False),
    ],
)
def test_the_audit_tells_a_missing_index_from_a_full_read(
    sql: str, table: str, missing: bool
) -> None:
    assert _filters_on(sql, table, table) is missing
