"""Tests for geo.selection: the map's filters on a small hand-made carriers frame."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.selection import CarrierFilter, filter_carriers, filter_from_params, filter_to_params


def _frame() -> pd.DataFrame:
    rows = [
        # id, name_zh, name_en, stage, park, belts, industry, occupancy
        (1, "市北孵化器", "Shibei Incubator", "incubator", "shibei", "", "ai", 1.0),
        (2, "苏河众创", "Suhe Space", "public_space", None, "belt_szr", "culture", 0.5),
        (3, "南西加速器", "NJW Accelerator", "accelerator", None, "belt_njw,belt_szr", "ai", 0.0),
        (4, "中环苗圃", "Ring Nursery", "nursery", None, "belt_mrr", "big_data", math.nan),
        (5, "市北苗圃", "SHIBEI nursery", "nursery", "shibei", "belt_mrr", "iot", 0.8),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "id",
            "name_zh",
            "name_en",
            "stage",
            "park_code",
            "belt_codes",
            "focus_industry",
            "occupancy_rate",
        ],
    )
    return df.assign(address="静安区", lon=121.45, lat=31.27)


def _ids(flt: CarrierFilter) -> list[int]:
    return sorted(filter_carriers(_frame(), flt)["id"].tolist())


def test_no_filter_keeps_everything_including_unreported() -> None:
    assert _ids(CarrierFilter()) == [1, 2, 3, 4, 5]


def test_zone_filter_counts_the_park_and_every_belt() -> None:
    assert _ids(CarrierFilter(zones=frozenset({"shibei"}))) == [1, 5]
    assert _ids(CarrierFilter(zones=frozenset({"belt_szr"}))) == [2, 3]  # 3 lies in two belts
    assert _ids(CarrierFilter(zones=frozenset({"shibei", "belt_mrr"}))) == [1, 4, 5]


def test_occupancy_bounds_are_inclusive() -> None:
    # A full carrier (100%) and an empty one (0%) are the boundary cases.
    assert _ids(CarrierFilter(occupancy_pct=(80, 100))) == [1, 5]
    assert _ids(CarrierFilter(occupancy_pct=(0, 50))) == [2, 3]
    assert _ids(CarrierFilter(occupancy_pct=(50, 50))) == [2]


def test_unreported_carrier_drops_out_of_any_narrowed_range() -> None:
    assert 4 not in _ids(CarrierFilter(occupancy_pct=(0, 99)))


def test_text_search_ignores_case_and_searches_both_names() -> None:
    assert _ids(CarrierFilter(text="shibei")) == [1, 5]
    assert _ids(CarrierFilter(text="  NURSERY ")) == [4, 5]
    assert _ids(CarrierFilter(text="苏河")) == [2]


def test_stage_and_industry_combine_with_and() -> None:
    flt = CarrierFilter(
        stages=frozenset({"incubator", "accelerator"}), industries=frozenset({"ai"})
    )
    assert _ids(flt) == [1, 3]
    assert _ids(CarrierFilter(stages=frozenset({"nursery"}), zones=frozenset({"shibei"}))) == [5]


def test_filter_round_trips_through_url_params() -> None:
    flt = CarrierFilter(
        stages=frozenset({"nursery"}),
        zones=frozenset({"belt_mrr", "shibei"}),
        industries=frozenset({"iot"}),
        occupancy_pct=(10, 90),
        text="苗圃",
    )
    params = filter_to_params(flt, carrier_id=5)
    assert filter_from_params(params) == (flt, 5)
    assert filter_to_params(CarrierFilter()) == {}


@pytest.mark.parametrize("occ", ["bogus", "90", "-5-200", "a-b", "²-50", "①-③"])
def test_malformed_link_parameters_are_ignored(occ: str) -> None:
    flt, carrier = filter_from_params({"occ": occ, "carrier": "x1"})
    assert flt.occupancy_pct == (0, 100) and carrier is None


@pytest.mark.parametrize("carrier", ["²", "①", "１２", "99999999999999999999"])
def test_odd_digits_in_a_link_select_no_carrier(carrier: str) -> None:
    """Superscripts and circled numbers passed isdigit() and crashed the map (attack QA)."""
    assert filter_from_params({"carrier": carrier}) == (CarrierFilter(), None)


def test_refuses_non_frames() -> None:
    with pytest.raises(TypeError):
        filter_carriers([1, 2], CarrierFilter())  # type: ignore[arg-type]


def test_reversed_occupancy_range_in_a_link_is_read_in_order() -> None:
    # "90-10" typed by hand used to filter everything away ("显示 0 / 120").
    flt, _ = filter_from_params({"occ": "90-10"})
    assert flt.occupancy_pct == (10, 90)
