"""models.edits: only what a person changed in an edit form is saved."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from models.edits import edited_fields, normalise
from models.enums import Stage


def test_untouched_fields_are_not_changes_whatever_their_type_on_the_way() -> None:
    """A row read through pandas comes back with numpy numbers, NaN, NaT and ISO text."""
    opened = {
        "name_zh": "聚能湾",
        "name_en": None,
        "total_area_m2": np.float64(1440.0),
        "workstations_total": np.int64(240),
        "opened_on": "2020-04-01",
        "focus_industry": float("nan"),
        "deleted_at": pd.NaT,
        "stage": "incubator",
    }
    entered = {
        "name_zh": " 聚能湾",  # a stray space is not an edit
        "name_en": "",
        "total_area_m2": 1440,
        "workstations_total": 240.0,
        "opened_on": date(2020, 4, 1),
        "focus_industry": "",
        "deleted_at": None,
        "stage": Stage.INCUBATOR,
    }
    assert edited_fields(opened, entered) == {}


def test_each_real_edit_is_kept_as_typed() -> None:
    opened = {"name_en": None, "total_area_m2": 1440.0, "opened_on": "2020-04-01", "note": "a"}
    entered = {
        "name_en": "Juneng Bay",
        "total_area_m2": 1440.5,
        "opened_on": date(2020, 5, 1),
        "note": "",
    }
    assert edited_fields(opened, entered) == entered  # clearing a note is an edit too


def test_normalise_reads_values_as_a_person_does() -> None:
    assert normalise("  ") is None and normalise(float("nan")) is None and normalise(pd.NaT) is None
    assert normalise(np.int64(3)) == normalise(3.0) == 3.0
    assert normalise(pd.Timestamp("2026-10-31 08:00")) == date(2026, 10, 31)
    assert normalise(True) is True and normalise(np.bool_(False)) is False
    assert normalise("2026-10") == "2026-10"  # not a day: stays text
