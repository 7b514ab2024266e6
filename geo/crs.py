"""Coordinate systems: WGS-84, the Chinese GCJ-02 offset and Baidu's BD-09.

GCJ-02 ("Mars coordinates") is the obfuscated datum every licensed Chinese map service
(AMap/Gaode, Tencent, the DataV boundaries) publishes in; BD-09 is Baidu's further offset.
Neither has an EPSG code, so they cannot go through pyproj: the published formulas are
implemented here with numpy so whole geometries convert in one vectorised call. The
inverse transforms iterate the forward formula (fixed point) instead of subtracting the
offset once, which keeps round trips well under a metre (the one-step inverse is off by
1-2 m in Shanghai).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

METRIC_CRS = "EPSG:32651"
"""UTM zone 51N: the metric CRS for areas, buffers and distances in Shanghai."""

WGS84 = "EPSG:4326"

FloatArray = NDArray[np.float64]
ArrayTransform = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]
ScalarTransform = Callable[[float, float], tuple[float, float]]
_G = TypeVar("_G", bound=BaseGeometry)

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
# Iterative inverse: 1e-10 degrees is ~1 cm; it converges in 3-5 steps in China.
_INVERSE_TOL = 1e-10
_INVERSE_MAX_ITER = 30


def _out_of_china(lon: FloatArray, lat: FloatArray) -> NDArray[np.bool_]:
    # The offset is only applied inside this rough box; elsewhere GCJ-02 == WGS-84.
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta_lat(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _delta_lon(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised WGS-84 -> GCJ-02 (points outside China are returned unchanged)."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    dlat = _delta_lat(lon - 105.0, lat - 35.0)
    dlon = _delta_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    outside = _out_of_china(lon, lat)
    return np.where(outside, lon, lon + dlon), np.where(outside, lat, lat + dlat)


def _iterate_inverse(
    forward: ArrayTransform, x: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray]:
    # Fixed-point iteration: guess = target - (forward(guess) - guess). The offsets vary
    # slowly in space, so each step shrinks the error by orders of magnitude.
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    gx, gy = x.copy(), y.copy()
    for _ in range(_INVERSE_MAX_ITER):
        fx, fy = forward(gx, gy)
        ex, ey = fx - x, fy - y
        gx, gy = gx - ex, gy - ey
        if x.size == 0 or max(np.nanmax(np.abs(ex)), np.nanmax(np.abs(ey))) < _INVERSE_TOL:
            break
    return gx, gy


def gcj02_to_wgs84_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised GCJ-02 -> WGS-84 by iterating the forward transform."""
    return _iterate_inverse(wgs84_to_gcj02_arrays, lon, lat)


def gcj02_to_bd09_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised GCJ-02 -> BD-09 (Baidu applies its offset everywhere, so do we)."""
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised BD-09 -> GCJ-02 by iterating the forward transform."""
    return _iterate_inverse(gcj02_to_bd09_arrays, lon, lat)


def wgs84_to_bd09_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised WGS-84 -> BD-09."""
    return gcj02_to_bd09_arrays(*wgs84_to_gcj02_arrays(lon, lat))


def bd09_to_wgs84_arrays(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised BD-09 -> WGS-84."""
    return gcj02_to_wgs84_arrays(*bd09_to_gcj02_arrays(lon, lat))


def _scalar(func: ArrayTransform, lon: float, lat: float) -> tuple[float, float]:
    for value in (lon, lat):
        # bool is a Real too, but a True longitude is always a bug upstream.
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"lon/lat must be real numbers, got {type(value).__name__}")
    x, y = func(np.array([float(lon)]), np.array([float(lat)]))
    return float(x[0]), float(y[0])


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Convert one WGS-84 point to GCJ-02.

    Parameters
    ----------
    lon, lat : float
        WGS-84 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in GCJ-02; unchanged outside mainland China.
    """
    return _scalar(wgs84_to_gcj02_arrays, lon, lat)


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Convert one GCJ-02 point to WGS-84 (iterative inverse, error far below 1 m).

    Parameters
    ----------
    lon, lat : float
        GCJ-02 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in WGS-84.
    """
    return _scalar(gcj02_to_wgs84_arrays, lon, lat)


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """Convert one GCJ-02 point to Baidu BD-09.

    Parameters
    ----------
    lon, lat : float
        GCJ-02 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in BD-09.
    """
    return _scalar(gcj02_to_bd09_arrays, lon, lat)


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Convert one Baidu BD-09 point to GCJ-02 (iterative inverse).

    Parameters
    ----------
    lon, lat : float
        BD-09 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in GCJ-02.
    """
    return _scalar(bd09_to_gcj02_arrays, lon, lat)


def wgs84_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """Convert one WGS-84 point to Baidu BD-09.

    Parameters
    ----------
    lon, lat : float
        WGS-84 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in BD-09.
    """
    return _scalar(wgs84_to_bd09_arrays, lon, lat)


def bd09_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Convert one Baidu BD-09 point to WGS-84.

    Parameters
    ----------
    lon, lat : float
        BD-09 longitude and latitude in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` in WGS-84.
    """
    return _scalar(bd09_to_wgs84_arrays, lon, lat)


# The scalar functions are the public names; map them to their array twins so callers
# can write transform_geometry(geom, wgs84_to_gcj02).
_ARRAY_TWINS: dict[object, ArrayTransform] = {
    wgs84_to_gcj02: wgs84_to_gcj02_arrays,
    gcj02_to_wgs84: gcj02_to_wgs84_arrays,
    gcj02_to_bd09: gcj02_to_bd09_arrays,
    bd09_to_gcj02: bd09_to_gcj02_arrays,
    wgs84_to_bd09: wgs84_to_bd09_arrays,
    bd09_to_wgs84: bd09_to_wgs84_arrays,
}


def _as_array_transform(func: ScalarTransform | ArrayTransform) -> ArrayTransform:
    if not callable(func):
        raise TypeError("func must be a coordinate transform function")
    twin = _ARRAY_TWINS.get(func)
    # Anything else must already accept and return numpy arrays (lon, lat).
    return twin if twin is not None else func  # type: ignore[return-value]


def _shapely_transform(geoms: object, func: ArrayTransform) -> object:
    def apply(coords: FloatArray) -> FloatArray:
        x, y = func(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, apply)


def transform_geometry(geom: _G, func: ScalarTransform | ArrayTransform) -> _G:
    """Apply a GCJ-02/BD-09 conversion to every vertex of a shapely geometry.

    Parameters
    ----------
    geom : shapely geometry
        Input geometry (longitude/latitude degrees).
    func : callable
        One of this module's point functions (e.g. :func:`wgs84_to_gcj02`), or any
        function ``(lon_array, lat_array) -> (lon_array, lat_array)``.

    Returns
    -------
    shapely geometry
        A new geometry of the same type (2-D).
    """
    if not isinstance(geom, BaseGeometry):
        raise TypeError(f"geom must be a shapely geometry, got {type(geom).__name__}")
    return _shapely_transform(geom, _as_array_transform(func))  # type: ignore[return-value]


def _transform_gdf(
    gdf: gpd.GeoDataFrame, func: ArrayTransform, *, source: str, target: str
) -> gpd.GeoDataFrame:
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(f"expected a GeoDataFrame, got {type(gdf).__name__}")
    if source == "WGS-84":
        if gdf.crs is None:
            raise ValueError("GeoDataFrame has no CRS; set one before converting")
        out = gdf.to_crs(WGS84)
    else:
        # Offset data is lon/lat degrees labelled EPSG:4326 at best; anything else
        # (a projected CRS) means the caller picked the wrong function.
        if gdf.crs is not None and not gdf.crs.equals(WGS84):
            raise ValueError(f"{source} data must be lon/lat degrees, got CRS {gdf.crs}")
        out = gdf.set_crs(WGS84, allow_override=True)
    geoms = np.asarray(out.geometry.values, dtype=object)
    out[out.geometry.name] = gpd.GeoSeries(
        _shapely_transform(geoms, func), index=out.index, crs=WGS84
    )
    # No EPSG code exists for GCJ-02/BD-09: record the datum so nobody mistakes it.
    out.attrs["coord_system"] = target
    return out


def to_gcj02_gdf(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` with geometries shifted from WGS-84 into GCJ-02.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Data with a CRS (reprojected to EPSG:4326 first if needed).

    Returns
    -------
    geopandas.GeoDataFrame
        Labelled EPSG:4326 (there is no GCJ-02 code) with ``attrs["coord_system"]``
        set to ``"GCJ-02"``.
    """
    return _transform_gdf(gdf, wgs84_to_gcj02_arrays, source="WGS-84", target="GCJ-02")


def from_gcj02_gdf(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` whose GCJ-02 lon/lat geometries are moved to WGS-84.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Lon/lat degrees in GCJ-02 (CRS missing or labelled EPSG:4326, as DataV files are).

    Returns
    -------
    geopandas.GeoDataFrame
        True WGS-84, CRS EPSG:4326.
    """
    return _transform_gdf(gdf, gcj02_to_wgs84_arrays, source="GCJ-02", target="WGS-84")


def from_bd09_gdf(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` whose BD-09 lon/lat geometries are moved to WGS-84.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Lon/lat degrees in Baidu BD-09.

    Returns
    -------
    geopandas.GeoDataFrame
        True WGS-84, CRS EPSG:4326.
    """
    return _transform_gdf(gdf, bd09_to_wgs84_arrays, source="BD-09", target="WGS-84")
