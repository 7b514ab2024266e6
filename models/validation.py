"""Field rules shared by every input shape, so create and update enforce the same limits.

Each rule is an ``Annotated`` type. A Create shape (through its Base) and the matching
Update shape declare a field with the *same* type (the Update one wrapped in ``| None``),
so a limit added here holds on every write path at once: lengths, control and invisible
characters, 32-bit integers, finite areas, plausible dates, blank-to-NULL for optional
fields. Violations raise pydantic errors whose ``type`` is a catalogue key (``err_...``);
:func:`models.services.parsing.parse` turns them into bilingual problems naming the field.

Pure: no database, no Streamlit.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from functools import cache
from typing import Annotated, Any

from annotated_types import Ge, Le, MaxLen
from pydantic import AfterValidator, AllowInfNan, BeforeValidator, TypeAdapter
from pydantic_core import PydanticCustomError

from models.common import shanghai_today

# PostgreSQL INTEGER is 32-bit: a larger Python int crashes the INSERT, so refuse it first.
INT32_MAX = 2**31 - 1
# Larger than Jing'an itself (36.8 km²): anything above is a typo, not a building.
MAX_AREA_M2 = 40_000_000.0
# Million CNY; a conversion project costing more than 1,000 billion CNY is a typo.
MAX_INVESTMENT_MCNY = 1_000_000.0
# The People's Republic's records start in 1949; earlier dates are typing slips.
MIN_DATE = date(1949, 1, 1)
# Facts (opened, founded, moved in, status reached) may be entered up to a year ahead;
# plans (planned start/opening) up to ten years.
FACT_HORIZON = timedelta(days=366)
PLAN_HORIZON = timedelta(days=3653)

# Line breaks and tabs are ordinary in notes; every other control character is refused.
_NOTE_WHITESPACE = frozenset("\t\n\r")


def _control_chars(value: str, *, allow: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allow for ch in value)


def _invisible_chars(value: str) -> bool:
    """Zero-width spaces/joiners, direction marks and overrides, BOM, soft hyphen (Cf)."""
    return any(unicodedata.category(ch) == "Cf" for ch in value)


# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they make
# the text shown differ from the text stored. An address with U+202E showed officials
# another house number and "exe.jpg" for "gpj.exe" (attack QA). Zero-width joiners stay
# allowed in free text: emoji and some scripts need them.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _direction_controls(value: str) -> bool:
    return any(ch in _DIRECTION_CONTROLS for ch in value)


def _hidden_chars(value: str) -> bool:
    """Invisible format characters free text has no use for: a zero-width space or a BOM
    made an operator name look the same as the clean one while differing from it
    (recheck QA). Joiners (emoji sequences, some scripts) and emoji tags stay allowed."""
    return any(
        unicodedata.category(ch) == "Cf"
        and ch not in "\u200c\u200d"
        and not "\U000e0020" <= ch <= "\U000e007f"
        for ch in value
    )


def _clean(value: str, *, allow: frozenset[str] = frozenset(), name: bool = False) -> str:
    # NUL is one of the control characters (and the one that crashes PostgreSQL).
    if _control_chars(value, allow=allow):
        raise PydanticCustomError("err_text_control", "control characters")
    if name and _invisible_chars(value):
        raise PydanticCustomError("err_text_invisible", "invisible characters")
    if _direction_controls(value):
        raise PydanticCustomError("err_text_direction", "direction controls")
    if _hidden_chars(value):
        raise PydanticCustomError("err_text_invisible", "invisible characters")
    return value.strip()


def strip(value: Any) -> Any:
    """Surrounding white space is never meant: drop it before the length is checked."""
    return value.strip() if isinstance(value, str) else value


def required_name(value: str) -> str:
    """A required name: visible characters only, and more than white space."""
    cleaned = _clean(value, name=True)
    if not cleaned:
        raise PydanticCustomError("err_required", "required")
    return cleaned


def optional_name(value: str) -> str:
    """An optional name (e.g. English name): may be empty, same characters as a name."""
    return _clean(value, name=True)


def plain_text(value: str) -> str:
    """One-line free text (address, operator): no control or direction characters."""
    return _clean(value)


def note_text(value: str) -> str:
    """Free text that may span lines (notes, reasons): no other control characters, no
    direction overrides."""
    return _clean(value, allow=_NOTE_WHITESPACE)


def _date_range(value: date, horizon: timedelta) -> date:
    latest = shanghai_today() + horizon
    if not MIN_DATE <= value <= latest:
        raise PydanticCustomError(
            "err_date_range",
            "date out of range",
            {"min": MIN_DATE.isoformat(), "max": latest.isoformat()},
        )
    return value


def fact_date(value: date) -> date:
    """A date something happened (or will within a year)."""
    return _date_range(value, FACT_HORIZON)


def plan_date(value: date) -> date:
    """A planned date: up to ten years ahead."""
    return _date_range(value, PLAN_HORIZON)


_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")


def record_code(value: str) -> str:
    """A stable key typed by people and spreadsheets: ASCII letters, digits, ``.-_``.

    Letters are upper-cased, so ``ja-0001`` and ``JA-0001`` are one carrier.
    """
    cleaned = _clean(value, name=True).upper()
    if not cleaned or any(ch not in _CODE_CHARS for ch in cleaned):
        raise PydanticCustomError("err_code_chars", "bad code")
    return cleaned


def blank_to_none(value: Any) -> Any:
    """Empty input clears an optional field: "", whitespace, None, NaN and NaT → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if value != value:  # NaN and NaT are the only values unequal to themselves
            return None
    except (TypeError, ValueError):
        return value
    return value


# --- the types the input shapes use --------------------------------------------------
Name200 = Annotated[str, BeforeValidator(strip), MaxLen(200), AfterValidator(required_name)]
OptName200 = Annotated[str, BeforeValidator(strip), MaxLen(200), AfterValidator(optional_name)]
Text200 = Annotated[str, BeforeValidator(strip), MaxLen(200), AfterValidator(plain_text)]
Text300 = Annotated[str, BeforeValidator(strip), MaxLen(300), AfterValidator(plain_text)]
Note500 = Annotated[str, BeforeValidator(strip), MaxLen(500), AfterValidator(note_text)]
Count = Annotated[int, Ge(0), Le(INT32_MAX)]
# A reference to another row: a bigger number would crash PostgreSQL's lookup.
RowId = Annotated[int, Ge(1), Le(INT32_MAX)]
AreaM2 = Annotated[float, AllowInfNan(False), Ge(0), Le(MAX_AREA_M2)]
MoneyMcny = Annotated[float, AllowInfNan(False), Ge(0), Le(MAX_INVESTMENT_MCNY)]
Lon = Annotated[float, AllowInfNan(False), Ge(-180), Le(180)]
Lat = Annotated[float, AllowInfNan(False), Ge(-90), Le(90)]
FactDate = Annotated[date, AfterValidator(fact_date)]
PlanDate = Annotated[date, AfterValidator(plan_date)]
OptFactDate = Annotated[FactDate | None, BeforeValidator(blank_to_none)]
OptPlanDate = Annotated[PlanDate | None, BeforeValidator(blank_to_none)]
# A WKT footprint is machine text but may be long; it still must not carry NUL.
Wkt = Annotated[str, BeforeValidator(strip), MaxLen(200_000), AfterValidator(plain_text)]
OptWkt = Annotated[Wkt | None, BeforeValidator(blank_to_none)]
# A carrier's code (the stable key of imports, issue 10): optional, unique where set.
Code32 = Annotated[str, BeforeValidator(strip), MaxLen(32), AfterValidator(record_code)]
OptCode32 = Annotated[Code32 | None, BeforeValidator(blank_to_none)]


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def check_value(tp: Any, value: Any) -> Any:
    """Validate one keyword argument of a service call against a rule type.

    Raises pydantic's ValidationError (with a catalogue-key type), which
    :func:`models.services.parsing.parse_value` turns into a problem naming the field.
    """
    return _adapter(tp).validate_python(value)


__all__ = [
    "INT32_MAX",
    "MAX_AREA_M2",
    "MAX_INVESTMENT_MCNY",
    "MIN_DATE",
    "AreaM2",
    "Code32",
    "Count",
    "FactDate",
    "Lat",
    "Lon",
    "MoneyMcny",
    "Name200",
    "Note500",
    "OptCode32",
    "OptFactDate",
    "OptName200",
    "OptPlanDate",
    "OptWkt",
    "PlanDate",
    "RowId",
    "Text200",
    "Text300",
    "check_value",
]
