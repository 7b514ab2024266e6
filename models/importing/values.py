"""Cell values from spreadsheets turned into Python values, one column type each.

Spreadsheets hand us dates as real dates, as Excel serial numbers or as text in many
shapes (2024-03-01, 2024/3/1, 2024年3月1日); numbers as text with thousands separators
or full-width digits; enum values as the Chinese or English label a person reads, not
the stored value. Each parser returns the value or raises :class:`CellError` with a
catalogue key, which the import turns into a problem naming the row and column.

Coordinates are converted to WGS-84 here (GCJ-02, BD-09 or any EPSG code) and checked
against Shanghai's extent: a point outside it almost always means swapped columns or a
wrong coordinate system, and the message says which one it looks like.

Pure: no database, no Streamlit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

import numpy as np

from geo import crs as geo_crs
from models.csv_safe import FORMULA_STARTS
from models.i18n import t

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers of 1954-10-... to 2119: anything else in a date column is not a date.
_SERIAL_RANGE = (20_000, 80_000)
# Shanghai municipality with a margin (lon 120.85-122.20 E, lat 30.66-31.88 N).
SHANGHAI = (120.80, 30.60, 122.25, 31.95)
CRS_CHOICES = ("wgs84", "gcj02", "bd09")

_TRUE = {"1", "true", "yes", "y", "t", "是", "有", "√", "✓", "对"}
_FALSE = {"0", "false", "no", "n", "f", "否", "无", "×", "✗", "不是"}


class CellError(ValueError):
    """A cell that cannot become the column's value: a catalogue key plus its params."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class UncomputedFormula:
    """An Excel cell holding a formula whose result the file does not store.

    Files written by scripts, or saved without recalculating, keep the formula only;
    read for values the cell looks empty, and a filled-in name was reported as missing
    (attack QA). The import names the formula instead.
    """

    formula: str

    def quoted(self) -> str:
        """The formula as a message shows it (printable, at most 40 characters)."""
        return _quote(self.formula)


def is_blank(value: Any) -> bool:
    """None, empty or white-space text, NaN."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _normal(text: str) -> str:
    # NFKC folds full-width digits, letters and brackets into their ASCII twins.
    return unicodedata.normalize("NFKC", text).strip()


def parse_text(value: Any) -> str:
    """Text as entered; a number from a spreadsheet cell without its ``.0``.

    A leading apostrophe in front of a formula character is our own CSV export's
    protection against formula injection (models.csv_safe), so it is taken off again.
    """
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def parse_number(value: Any) -> float:
    """A number: 1234, 1,234.5, full-width １２３; text is refused."""
    if isinstance(value, bool):
        raise CellError("err_not_number", value=str(value))
    if isinstance(value, int | float):
        return float(value)
    text = _normal(str(value)).replace(",", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        raise CellError("err_not_number", value=_quote(value)) from None
    if not math.isfinite(number):
        raise CellError("err_not_number", value=_quote(value))
    return number


def parse_int(value: Any) -> int | float:
    """A count; a fraction is passed on so validation names it (not silently rounded)."""
    number = parse_number(value)
    return int(number) if number.is_integer() else number


def parse_bool(value: Any) -> bool:
    """是/否, yes/no, true/false, 1/0, ✓/×."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _normal(str(value)).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("err_imp_bad_bool", value=_quote(value))


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


def _serial(number: float) -> date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise CellError("err_imp_bad_date", value=_quote(number))
    return _EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value: Any) -> date:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, an Excel date or serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    text = _normal(str(value))
    # "2024-03-01 00:00:00" (a date cell saved as text) keeps its date part.
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    else:
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return _serial(float(text))
    raise CellError("err_imp_bad_date", value=_quote(value))


def parse_month(value: Any) -> date:
    """A month as its first day: 2024-03, 2024/3, 2024年3月, or any date in it."""
    if not isinstance(value, date | int | float) or isinstance(value, bool):
        text = _normal(str(value))
        for pattern in _MONTH_PATTERNS:
            if match := pattern.match(text):
                year, month = (int(g) for g in match.groups())
                if 1 <= month <= 12:
                    return date(year, month, 1)
                raise CellError("err_imp_bad_month", value=_quote(value))
    try:
        return parse_date(value).replace(day=1)
    except CellError:  # the hint a month needs: "2026-13" was told to write a full date
        raise CellError("err_imp_bad_month", value=_quote(value)) from None


@cache
def _enum_lookup(enum: type[StrEnum]) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in enum:
        for label in (member.value, t(member.value, "zh"), t(member.value, "en")):
            table[_enum_key(label)] = member.value
    return table


def _enum_key(text: str) -> str:
    return re.sub(r"[\s_\-/&·]+", "", _normal(text).casefold())


class EnumParser:
    """A parser accepting a member's stored value, Chinese label or English label."""

    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum

    def __call__(self, value: Any) -> str:
        found = _enum_lookup(self.enum).get(_enum_key(parse_text(value)))
        if found is None:
            raise CellError("err_imp_bad_choice", value=_quote(value), choices=self.enum)
        return found


def enum_parser(enum: type[StrEnum]) -> EnumParser:
    """The parser of one enum's column (see :class:`EnumParser`)."""
    return EnumParser(enum)


def choices_text(enum: type[StrEnum], lang: str) -> str:
    """The labels a person may type for ``enum``, in ``lang``."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(t(m.value, lang) for m in enum)


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return text if len(text) <= 40 else text[:40] + "…"


# ------------------------------------------------------------------ coordinates


def check_crs(name: str) -> str:
    """``wgs84``, ``gcj02``, ``bd09`` or ``EPSG:NNNN`` (case-insensitive), normalised."""
    text = (name or "wgs84").strip()
    low = text.lower().replace("-", "").replace("_", "")
    if low in CRS_CHOICES:
        return low
    if re.fullmatch(r"epsg:\d{4,6}", text.lower()):
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            CRS.from_user_input(text.upper())
        except CRSError:
            raise CellError("err_imp_bad_crs", value=_quote(name)) from None
        return text.upper()
    raise CellError("err_imp_bad_crs", value=_quote(name))


def to_wgs84(lon: float, lat: float, crs: str) -> tuple[float, float]:
    """One point from ``crs`` (see :func:`check_crs`) to WGS-84 lon/lat."""
    if crs == "wgs84":
        return lon, lat
    if crs == "gcj02":
        return geo_crs.gcj02_to_wgs84(lon, lat)
    if crs == "bd09":
        return geo_crs.bd09_to_wgs84(lon, lat)
    return _epsg_to_wgs84(crs)(lon, lat)


@cache
def _epsg_to_wgs84(crs: str) -> Callable[[float, float], tuple[float, float]]:
    from pyproj import Transformer

    transformer = Transformer.from_crs(crs, geo_crs.WGS84, always_xy=True)

    def convert(x: float, y: float) -> tuple[float, float]:
        lon, lat = transformer.transform(np.float64(x), np.float64(y))
        return float(lon), float(lat)

    return convert


def in_shanghai(lon: float, lat: float) -> bool:
    """Inside Shanghai's extent (with a margin)."""
    west, south, east, north = SHANGHAI
    return west <= lon <= east and south <= lat <= north


def check_position(lon: float, lat: float, crs: str) -> tuple[float, float]:
    """Convert a point to WGS-84 and refuse it outside Shanghai, saying what it looks like.

    Swapped columns put latitude 31 into longitude (and the point into the Indian
    Ocean); projected metres read as degrees are far out of range.
    """
    if in_shanghai(lat, lon):
        raise CellError("err_imp_swapped", lon=lon, lat=lat)
    try:
        wlon, wlat = to_wgs84(lon, lat, crs)
    except Exception:  # noqa: BLE001 - pyproj says inf or raises for impossible input
        raise CellError("err_imp_outside_sh", lon=lon, lat=lat) from None
    if not (math.isfinite(wlon) and math.isfinite(wlat)) or not in_shanghai(wlon, wlat):
        raise CellError("err_imp_outside_sh", lon=lon, lat=lat)
    return wlon, wlat
