"""Which fields of an edit form a person actually changed (pure, no Streamlit).

An edit form shows a record as it was opened and sends back every field. Saving every
field would write the untouched ones too: after someone else's save in between, those
stale values would undo their change (QA did exactly this: a conflict, then a second
save that put the old area back). So the pages save only :func:`edited_fields`, the
fields whose value differs from the record as opened, and after a conflict they lay
those edits over the newer record (ui_edits).

Values are compared as a person reads them (:func:`normalise`): an empty text and a
missing value are the same, ``1440`` equals ``1440.0``, a date equals its ISO text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise(value: object) -> object:
    """A field's value in one comparable form (see the module doc)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return normalise(value.value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        return date.fromisoformat(text) if _ISO_DAY.match(text) else text
    if isinstance(value, datetime):  # pandas Timestamps are datetimes too
        return None if value != value else value.date()  # NaT is not equal to itself
    if isinstance(value, date):
        return value
    if hasattr(value, "item") and not isinstance(value, (bool, int, float)):
        return normalise(value.item())  # numpy scalars
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return None if math.isnan(number) else round(number, 6)
    return value


def edited_fields(opened: Mapping[str, Any], entered: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``entered`` whose value differs from the record as ``opened``.

    The entered values are returned as typed (the service parses them); a field the
    opened record does not hold counts as changed when something was entered.
    """
    return {
        name: value
        for name, value in entered.items()
        if normalise(value) != normalise(opened.get(name))
    }
