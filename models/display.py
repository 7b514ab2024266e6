"""Show stored field names and values in the reader's language (pure, no Streamlit).

Tables and the audit trail used to print column names (``changed_on``), enum values
(``old_factory``), booleans (``True``) and missing values (``None``) as they are stored.
These helpers turn each into words of the current language, so a Chinese screen shows
Chinese (or numbers) only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

from models.common import shanghai_time
from models.i18n import has, join_list, t

_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-01$")

EMPTY = "—"  # a missing value, in any language
SYSTEM_USERNAME = "system"  # the service layer's own actor (seeding, bootstrap)
# Fields that hold a username: "system" among them is the service layer, translated.
USER_FIELDS = frozenset({"username", "reported_by", "updated_by", "changed_by"})
# Reasons the application itself writes into the audit trail (models/seed.py), stored in
# English once and shown in the reader's language.
SYSTEM_REASONS = {
    "sample data loaded": "reason_sample_loaded",
    "sample data cleared": "reason_sample_cleared",
    "demo user (sample data)": "reason_demo_user",
}

# The reason models.services.zones gives a carrier's move, followed by the zone code.
ZONE_OUTLINE_REASON = "zone outline: "


def field_label(name: str, lang: str) -> str:
    """The column/field header for a stored field name (``f_<name>`` or ``<name>``).

    Unknown names are returned as they are, so a test walking the pages can find them.
    """
    for key in (f"f_{name}", name):
        if has(key):
            return t(key, lang)
    return name


def headers(columns: Iterable[str], lang: str) -> dict[str, str]:
    """Translated headers for every column of a frame (``column_config`` shape)."""
    return {str(c): field_label(str(c), lang) for c in columns}


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pandas.NA (pandas 3 fills gaps with NaN, not None)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, list | dict | tuple):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes have no single answer: not missing
        return False


def username_label(username: object, lang: str) -> str:
    """A username as shown: the service layer's own "system" actor is translated."""
    if is_missing(username):
        return EMPTY
    text = str(username)
    return t("system_user", lang) if text == SYSTEM_USERNAME else text


def value_text(value: Any, lang: str) -> str:
    """A stored value as words: enums translated, booleans yes/no, gaps an em dash."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, datetime):
        return shanghai_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return join_list((value_text(v, lang) for v in value), lang) if value else EMPTY
    text = str(value)
    if not text:
        return EMPTY
    if _ISO_MOMENT.match(text):
        # Audit events keep times as ISO text in UTC: shown in Shanghai time, like the
        # event list (user QA met "2026-11-29T05:11:06.809809+00:00" next to 13:11).
        try:
            return value_text(datetime.fromisoformat(text), lang)
        except ValueError:
            return text
    # Enum values and zone codes ("old_factory", "belt_njw,belt_szr") are catalogue keys.
    parts = text.split(",")
    if all(has(p) for p in parts):
        return join_list((t(p, lang) for p in parts), lang)
    return text


def geometry_text(value: Any, lang: str) -> str:
    """A stored WKT outline as its kind and size: thousands of coordinates say nothing."""
    if is_missing(value) or not str(value).strip():
        return EMPTY
    import shapely  # late: only the audit view shows outlines

    try:
        geom = shapely.from_wkt(str(value))
    except shapely.errors.GEOSException:
        return str(value)[:60] + "…"
    # A ring repeats its first vertex at the end: a triangle has 3 vertices, not 4.
    parts = list(getattr(geom, "geoms", [geom]))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    rings = sum(1 + int(shapely.get_num_interior_rings(p)) for p in polygons)
    n = int(shapely.get_num_coordinates(geom)) - rings
    return t("geom_summary", lang, kind=geom.geom_type, n=n)


def field_value_text(field: str, value: Any, lang: str) -> str:
    """:func:`value_text`, except for usernames (the system actor) and WKT outlines."""
    if field in USER_FIELDS:
        return username_label(value, lang)
    if field.endswith("_wkt"):
        return geometry_text(value, lang)
    if field == "month" and isinstance(value, str) and _ISO_DAY.match(value):
        return value[:7]  # a report's month is stored as its first day
    return value_text(value, lang)


def reason_text(reason: object, lang: str) -> str:
    """An audit reason: the application's own reasons translated, users' as typed."""
    if is_missing(reason) or not str(reason):
        return EMPTY
    key = SYSTEM_REASONS.get(str(reason))
    if key:
        return t(key, lang)
    text = str(reason)
    if text.startswith(ZONE_OUTLINE_REASON):  # a carrier moved by a new zone outline
        code = text.removeprefix(ZONE_OUTLINE_REASON)
        return t("reason_zone_outline", lang, zone=t(code, lang))
    return text


def tenant_choices(
    tenants: pd.DataFrame, places: pd.DataFrame, *, carrier_id: int, lang: str
) -> dict[int, str]:
    """Move-in picker labels: name · credit code, and where the firm is now.

    ``tenants`` has ``id``, ``name``, ``credit_code`` (and ``name_en``, used in English
    when filled); ``places`` is
    :func:`models.queries.open_tenancy_places`. A firm already in ``carrier_id`` says
    so; one in other carriers names them, so a move-in is not taken for a move.
    """
    name_col = "name_en" if lang == "en" else "name_zh"
    where: dict[int, list[str]] = {}
    for row in places.itertuples():
        here = int(row.carrier_id) == carrier_id
        name = t("tenant_here", lang) if here else (getattr(row, name_col) or row.name_zh)
        where.setdefault(int(row.tenant_id), []).append(str(name))
    labels = {}
    for row in tenants.itertuples():
        # The firm's English name in English where one is recorded (its legal name is
        # still found by the credit code beside it).
        english = getattr(row, "name_en", None)
        name = english if lang == "en" and isinstance(english, str) and english else row.name
        label = f"{name} · {row.credit_code}"
        if now := where.get(int(row.id)):
            sep = ", " if lang == "en" else "、"
            label += " · " + t("tenant_now_in", lang, where=sep.join(now))
        labels[int(row.id)] = label
    return labels
