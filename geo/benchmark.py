"""Map benchmark: one folium Marker per carrier versus one GeoJSON layer.

Run ``python -m geo.benchmark [n]`` to print a table; :func:`write_benchmark_html`
writes a standalone page with many carriers for a browser check. Both approaches are
timed in the same process on the same synthetic carriers and a bare tiles-free map, from
building the layer to the rendered HTML (what a Streamlit rerun pays).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely

from geo import template_cache
from geo.assets import STATIC_DIR
from geo.crs import WGS84
from geo.labels import default_labels
from geo.layers import carrier_layer, carriers_geojson
from geo.maps import add_layers, build_base_map, render_html
from geo.reference import district_polygon
from geo.style import STAGES
from geo.zones import build_context, build_zones


def synthetic_carriers(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """Make ``n`` random carriers inside the district (WGS-84).

    Parameters
    ----------
    n : int
        Number of carriers.
    seed : int
        Random seed, so runs are comparable.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``name_zh``, ``name_en``, ``stage``, ``address``,
        ``occupancy_rate`` (about 10 % NaN), ``belts``, ``park`` and point geometry.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise TypeError("n must be a non-negative int")
    rng = np.random.default_rng(seed)
    district = district_polygon()
    minx, miny, maxx, maxy = district.bounds
    lon: list[float] = []
    lat: list[float] = []
    # Rejection sampling: about 40 % of the bounding box lies inside the district.
    while len(lon) < n:
        x = rng.uniform(minx, maxx, size=max(2 * n, 64))
        y = rng.uniform(miny, maxy, size=max(2 * n, 64))
        inside = shapely.contains_xy(district, x, y)
        lon.extend(x[inside].tolist())
        lat.extend(y[inside].tolist())
    occupancy = rng.uniform(0.2, 1.0, size=n)
    occupancy[rng.random(n) < 0.1] = np.nan
    ids = np.arange(1, n + 1)
    return gpd.GeoDataFrame(
        {
            "id": ids,
            "name_zh": [f"创新空间{i}号" for i in ids],
            "name_en": [f"Innovation Space No. {i}" for i in ids],
            "stage": rng.choice(np.array(STAGES), size=n),
            "address": [f"静安区示例路{i}号" for i in ids],
            "occupancy_rate": occupancy,
            "belts": [[] for _ in ids],
            "park": [None] * n,
        },
        geometry=gpd.points_from_xy(lon[:n], lat[:n]),
        crs=WGS84,
    )


def _bare_map() -> folium.Map:
    return folium.Map(location=[31.27, 121.446], zoom_start=13, tiles=None, max_zoom=19)


def _common_approach(carriers: gpd.GeoDataFrame) -> str:
    # Plain folium: its templates compiled on every element, as without geo.template_cache.
    with template_cache.vanilla():
        m = _bare_map()
        for name, geom in zip(carriers["name_zh"], carriers.geometry, strict=True):
            folium.Marker([geom.y, geom.x], tooltip=name).add_to(m)
        return render_html(m)


def _our_approach(carriers: gpd.GeoDataFrame) -> str:
    m = _bare_map()
    fc = carriers_geojson(carriers, lang="zh")
    carrier_layer(fc, name="carriers").add_to(m)
    return render_html(m)


def run_map_benchmark(n: int = 5000, seed: int = 1, repeats: int = 1) -> dict[str, float | int]:
    """Time and size the per-Marker approach against ours on ``n`` carriers.

    Parameters
    ----------
    n : int
        Number of synthetic carriers.
    seed : int
        Random seed.
    repeats : int
        Runs of each approach, alternating; the fastest counts (like ``timeit``: on a
        shared machine the slower runs measure the neighbours, not the code).

    Returns
    -------
    dict
        ``n``, ``common_s``, ``common_bytes``, ``ours_s``, ``ours_bytes``,
        ``speedup`` (common_s / ours_s) and ``payload_ratio`` (ours / common bytes).
    """
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError("repeats must be a positive int")
    carriers = synthetic_carriers(n, seed)
    _our_approach(carriers.head(10))  # warm caches and imports outside the timing
    common_runs, ours_runs = [], []
    for _ in range(repeats):
        common_runs.append(_timed(_common_approach, carriers))
        ours_runs.append(_timed(_our_approach, carriers))
    common_s, common = min(common_runs, key=lambda run: run[0])
    ours_s, ours = min(ours_runs, key=lambda run: run[0])
    common_bytes, ours_bytes = len(common.encode()), len(ours.encode())
    return {
        "n": n,
        "common_s": common_s,
        "common_bytes": common_bytes,
        "ours_s": ours_s,
        "ours_bytes": ours_bytes,
        "speedup": common_s / ours_s,
        "payload_ratio": ours_bytes / common_bytes,
    }


def _timed(
    func: Callable[[gpd.GeoDataFrame], str], carriers: gpd.GeoDataFrame
) -> tuple[float, str]:
    # Like timeit: collect first and pause the cyclic GC, so one approach does not pay
    # for the other's garbage.
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        html = func(carriers)
        return time.perf_counter() - start, html
    finally:
        gc.enable()


def write_benchmark_html(path: Path, n: int = 50_000, seed: int = 1, lang: str = "zh") -> Path:
    """Write a standalone dashboard-style map with ``n`` carriers for a browser check.

    Parameters
    ----------
    path : pathlib.Path
        Output HTML file. Leaflet is linked relative to it from the project's
        ``static/`` folder, so open it from disk or any static server.
    n, seed : int
        Number of carriers and random seed.
    lang : str
        Label language.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if not isinstance(path, Path):
        raise TypeError(f"path must be a pathlib.Path, got {type(path).__name__}")
    labels = dict(default_labels(lang))
    base = Path(os.path.relpath(STATIC_DIR, path.resolve().parent)).as_posix()
    m = build_base_map(
        zones=build_zones(),
        context=build_context(),
        labels=labels,
        lang=lang,
        asset_base_url=base,
    )
    fc = carriers_geojson(synthetic_carriers(n, seed), lang=lang, labels=labels)
    add_layers(m, carrier_layer(fc, name=labels["carriers"]))
    path.write_text(render_html(m), encoding="utf-8")
    return path


def format_table(result: dict[str, float | int]) -> str:
    rows = [
        f"carriers: {result['n']}",
        f"{'approach':<28}{'seconds':>10}{'payload (bytes)':>18}",
        f"{'folium.Marker per carrier':<28}{result['common_s']:>10.3f}"
        f"{result['common_bytes']:>18,}",
        f"{'one GeoJSON layer (ours)':<28}{result['ours_s']:>10.3f}{result['ours_bytes']:>18,}",
        f"speed-up {result['speedup']:.1f}x, payload {result['payload_ratio']:.2f} of common",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print(format_table(run_map_benchmark(count)))
