"""Errors and per-feature checks for imported geometry files (issue 10 §1).

One error type, :class:`GeoFileError`, carries every problem as catalogue keys
(:class:`models.errors.Problem`), so the import preview, the CLI and the tests render the
same sentence in Chinese or English. Problems about one feature carry its 1-based number
in ``row`` (what the import preview lists) and name it in the message as
"file feature n (name)"; problems about the whole file name the file.

The checks run on WGS-84 geometries: polygon-only where polygons are required, inside
Shanghai (with a hint when lon/lat look swapped or the numbers are metres), and valid —
a self-intersecting polygon is repaired with ``shapely.make_valid`` only when the repair
keeps its area within :data:`REPAIR_AREA_TOLERANCE`, because a repair that changes the
area (a bow-tie whose lobes cancel) is a guess about what the drawer meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from models.errors import Problem, ValidationFailed
from models.i18n import t

# Shanghai's administrative extent (Chongming to Jinshan, Qingpu to Yangshan approaches)
# with ~10 km of slack; anything outside was read in the wrong CRS.
SHANGHAI_BOUNDS = (120.75, 30.55, 122.30, 31.95)
# Relative area change a make_valid repair may cause and still be accepted silently.
REPAIR_AREA_TOLERANCE = 0.01
# A file can hold thousands of bad features; the first ones are enough to act on.
MAX_PROBLEMS = 50
POLYGONAL = frozenset({"Polygon", "MultiPolygon"})


class GeoFileError(ValidationFailed):
    """A geometry file was refused; nothing was read into the app."""


def display_name(filename: str, *, keep_path: bool = False) -> str:
    """The file's base name (or whole path), printable and short, for messages."""
    base = filename if keep_path else filename.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch if ch.isprintable() else "�" for ch in base) or "?"
    return text if len(text) <= 60 else text[:60] + "…"


def file_error(key: str, file: str, **params: Any) -> GeoFileError:
    """An error about the whole file (``file`` already passed through display_name)."""
    return GeoFileError([Problem(key=key, params={"file": file, **params})])


def feature_problem(
    key: str, file: str, number: int, name: str | None = None, **params: Any
) -> Problem:
    """A problem with feature ``number`` (1-based), named by its ``name`` property if any."""
    subject_key = "gf_feature_named" if name else "gf_feature"
    subject = tuple(t(subject_key, lang, file=file, n=number, name=name) for lang in ("zh", "en"))
    return Problem(
        key=key, params=params, field="geometry", row=number, subject=(subject[0], subject[1])
    )


def _fmt(value: float) -> str:
    # Enough digits to find the vertex in the file; metres need no decimals.
    if not np.isfinite(value):
        return str(value)
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.6f}".rstrip("0").rstrip(".")


def _in_shanghai(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    minx, miny, maxx, maxy = SHANGHAI_BOUNDS
    return (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)


def outside_shanghai(
    source: np.ndarray, wgs84: np.ndarray, crs_label: str
) -> dict[int, tuple[str, dict[str, Any]]]:
    """Features with a vertex outside Shanghai: index -> (message key, params).

    ``source`` and ``wgs84`` are aligned arrays of geometries before and after the CRS
    conversion; the message quotes the vertex as written in the file, so the user can
    find it, and guesses why it is wrong from its numbers.
    """
    coords, index = shapely.get_coordinates(wgs84, return_index=True)
    src = shapely.get_coordinates(source)
    if len(src) != len(coords):  # conversion changed the vertex count: quote WGS-84
        src = coords
    bad = ~_in_shanghai(coords[:, 0], coords[:, 1])
    found: dict[int, tuple[str, dict[str, Any]]] = {}
    for i in np.flatnonzero(bad):
        feature = int(index[i])
        if feature in found:
            continue
        x, y = float(src[i, 0]), float(src[i, 1])
        params = {"x": _fmt(x), "y": _fmt(y), "crs": crs_label}
        if bool(_in_shanghai(np.array([y]), np.array([x]))[0]):
            key = "gf_outside_swapped"
        elif abs(x) > 180 or abs(y) > 90:
            key = "gf_outside_metres"
        else:
            key = "gf_outside"
        found[feature] = (key, params)
    return found


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    # make_valid may return a collection with stray lines/points where the ring touched
    # itself; only the areas matter for a footprint.
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in POLYGONAL]
    polys = [p for g in parts for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    return shapely.MultiPolygon(polys) if polys else shapely.Polygon()


def repair(geom: BaseGeometry, metric: BaseGeometry) -> tuple[BaseGeometry | None, float]:
    """Repair an invalid polygon; returns (repaired or None, relative area change).

    ``metric`` is the same geometry in metres (EPSG:32651), where areas are compared.
    The invalid polygon's area is the shoelace sum of its rings, which is what the
    drawer would have measured; a repair that keeps it is a cosmetic fix.
    """
    before = abs(float(metric.area))
    after = float(_polygonal_part(shapely.make_valid(metric)).area)
    change = abs(after - before) / before if before > 0 else float("inf")
    if change > REPAIR_AREA_TOLERANCE:
        return None, change
    fixed = _polygonal_part(shapely.make_valid(geom))
    if fixed.is_empty:
        return None, change
    if fixed.geom_type == "MultiPolygon" and len(fixed.geoms) == 1:
        fixed = fixed.geoms[0]
    return fixed, change


def names(values: Sequence[object]) -> list[str | None]:
    """Display names for features from a ``name`` column value (None when blank)."""
    out: list[str | None] = []
    for value in values:
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else value
        out.append(display_name(str(text)) if str(text).strip() else None)
    return out
