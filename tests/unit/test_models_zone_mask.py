"""zone_mask: which carriers count for a park or belt (membership decides every zone rate)."""

from __future__ import annotations

import pandas as pd

from models.occupancy_rate import zone_mask


def _carriers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "park_code": ["shibei", None, "shibei", None, None],
            "belt_codes": ["belt_mrr", "belt_njw,belt_szr", None, "", "belt_szr_x"],
        }
    )


def test_a_carrier_counts_for_its_park_and_each_of_its_belts() -> None:
    carriers = _carriers()
    picked = {
        code: list(carriers.loc[zone_mask(carriers, code), "id"])
        for code in ("shibei", "belt_njw", "belt_szr", "belt_mrr", "district")
    }
    assert picked == {
        "shibei": [1, 3],
        "belt_njw": [2],
        "belt_szr": [2],  # not 5: "belt_szr_x" only starts with the code
        "belt_mrr": [1],
        "district": [1, 2, 3, 4, 5],
    }


def test_without_belt_codes_only_the_park_counts() -> None:
    carriers = _carriers().drop(columns=["belt_codes"])
    assert list(carriers.loc[zone_mask(carriers, "shibei"), "id"]) == [1, 3]
    assert not zone_mask(carriers, "belt_szr").any()
