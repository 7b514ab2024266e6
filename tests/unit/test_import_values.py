"""Cell parsers of the import: the date, number, choice and coordinate forms people type."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from geo.crs import wgs84_to_gcj02
from models.enums import Industry, Stage
from models.importing.values import (
    CellError,
    check_crs,
    check_position,
    enum_parser,
    parse_bool,
    parse_date,
    parse_month,
    parse_number,
    parse_text,
)


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "2024年3月1日",
        "20240301",
        45352,
        "45352",
        datetime(2024, 3, 1, 0, 0),
        date(2024, 3, 1),
        " ２０２４-０３-０１ ",
    ],
)
def test_every_common_date_form_reads_as_the_first_of_march(value: object) -> None:
    # 45352 is Excel's serial number of 2024-03-01 (days since 1899-12-30).
    assert parse_date(value) == date(2024, 3, 1)


@pytest.mark.parametrize("value", ["2024-13-01", "2024/2/30", "March 1st", "12", "1.5.2024"])
def test_dates_that_are_no_date_are_refused(value: object) -> None:
    with pytest.raises(CellError) as err:
        parse_date(value)
    assert err.value.key == "err_imp_bad_date"


@pytest.mark.parametrize("value", ["2024-03", "2024/3", "2024年3月", "202403", "2024-03-17", 45352])
def test_months(value: object) -> None:
    assert parse_month(value) == date(2024, 3, 1)


@pytest.mark.parametrize("value", ["2026-13", "2024年0月", "March", "2024-02-30"])
def test_months_that_are_no_month_are_refused_with_a_months_hint(value: object) -> None:
    """Admin QA: "2026-13" was told to write a full date (2024-03-01)."""
    with pytest.raises(CellError) as err:
        parse_month(value)
    assert err.value.key == "err_imp_bad_month"


def test_numbers_with_separators_and_full_width_digits() -> None:
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("１２３") == 123.0
    assert parse_number(7) == 7.0
    for bad in ("abc", "12 m²", "nan", "inf", True):
        with pytest.raises(CellError):
            parse_number(bad)


def test_yes_and_no_in_both_languages() -> None:
    assert [parse_bool(v) for v in ("是", "否", "Yes", "no", "1", 0, "✓", "×")] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    with pytest.raises(CellError):
        parse_bool("maybe")


def test_choices_accept_the_value_and_both_labels() -> None:
    stage = enum_parser(Stage)
    assert {stage(v) for v in ("incubator", "孵化器", "Incubator", " INCUBATOR ")} == {"incubator"}
    assert enum_parser(Industry)("Cultural & creative") == "cultural_creative"
    with pytest.raises(CellError) as err:
        stage("孵化园")
    assert err.value.params["choices"] is Stage


def test_text_drops_our_own_formula_guard_and_spreadsheet_float_tails() -> None:
    assert parse_text("'=SUM(A1)") == "=SUM(A1)"
    assert parse_text("'quoted") == "'quoted"
    assert parse_text(1001.0) == "1001"


def test_crs_names() -> None:
    assert [check_crs(v) for v in ("WGS84", "gcj-02", "bd09", "epsg:32651")] == [
        "wgs84",
        "gcj02",
        "bd09",
        "EPSG:32651",
    ]
    for bad in ("mars", "EPSG:999999"):
        with pytest.raises(CellError):
            check_crs(bad)


def test_gcj02_point_lands_on_its_wgs84_truth() -> None:
    truth = (121.4456, 31.2944)  # Wenshui Rd station
    shifted = wgs84_to_gcj02(*truth)
    lon, lat = check_position(*shifted, "gcj02")
    assert abs(lon - truth[0]) < 1e-6 and abs(lat - truth[1]) < 1e-6


def test_utm_metres_convert_with_an_epsg_code() -> None:
    # The same station in UTM 51N (EPSG:32651), rounded to the metre.
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32651", always_xy=True).transform(
        121.4456, 31.2944
    )
    lon, lat = check_position(round(x), round(y), "EPSG:32651")
    assert abs(lon - 121.4456) < 1e-5 and abs(lat - 31.2944) < 1e-5


def test_positions_outside_shanghai_say_what_they_look_like() -> None:
    with pytest.raises(CellError) as swapped:
        check_position(31.2944, 121.4456, "wgs84")
    assert swapped.value.key == "err_imp_swapped"
    with pytest.raises(CellError) as far:
        check_position(350000.0, 3463000.0, "wgs84")  # UTM metres typed as degrees
    assert far.value.key == "err_imp_outside_sh"
    with pytest.raises(CellError):
        check_position(116.40, 39.90, "wgs84")  # Beijing
