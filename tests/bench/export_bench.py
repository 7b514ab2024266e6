"""Time the export paths on a database: the monthly report, big tables, map layers.

    DATABASE_URL=sqlite:////path/to/jingan.db .venv/bin/python tests/bench/export_bench.py

Prints the best of three runs of: the report built from scratch and from the figures
the home page already holds (its cached overview and trend), a table of ``--rows`` rows
as .xlsx and as CSV, and the carrier and zone layers as GeoJSON. A measurement, not a
test: nothing here asserts, and the figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from geo.export_layers import layer_geojson_bytes  # noqa: E402
from models import overview, queries  # noqa: E402
from models.csv_safe import csv_bytes  # noqa: E402
from models.db import get_engine, session_scope  # noqa: E402
from models.report_workbook import report_bytes  # noqa: E402
from models.xlsx_safe import xlsx_bytes  # noqa: E402


def best(call: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """The fastest of ``runs`` calls (seconds) and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the big table")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "sqlite:///data/jingan.db")
    with session_scope(get_engine(url)) as session:
        month = queries.latest_month(session)
        seconds, data = best(lambda: queries.overview_data(session))
        print(f"overview rows loaded:             {seconds * 1000:7.0f} ms")
        carriers = queries.carriers_frame(session)
        tenants = queries.tenants_frame(session)
        view = queries.overview_view(session, as_of=month)
        trend = queries.overview_trend(session)
    assert month is not None, "the database has no occupancy reports"
    for lang in ("zh", "en"):
        seconds, book = best(lambda lang=lang: report_bytes(data, as_of=month, lang=lang))
        print(f"report {lang}, from scratch: {seconds * 1000:7.0f} ms, {len(book) // 1024} KiB")
    seconds, _ = best(lambda: report_bytes(data, as_of=month, lang="zh", view=view, trend=trend))
    print(f"report zh, page figures reused:   {seconds * 1000:7.0f} ms")
    seconds, _ = best(lambda: overview.trend(data, as_of=month, months=12))
    print(f"a 12-month overview.trend alone:  {seconds * 1000:7.0f} ms")
    big = pd.concat([tenants] * (args.rows // max(len(tenants), 1) + 1), ignore_index=True)
    big = big.head(args.rows)
    seconds, out = best(lambda: xlsx_bytes(big))
    print(f"xlsx {len(big)} x {big.shape[1]}: {seconds * 1000:7.0f} ms, {len(out) // 1024} KiB")
    seconds, out = best(lambda: csv_bytes(big))
    print(f"csv  {len(big)} x {big.shape[1]}: {seconds * 1000:7.0f} ms, {len(out) // 1024} KiB")
    seconds, out = best(lambda: layer_geojson_bytes("carriers", carriers))
    print(f"geojson {len(carriers)} carriers: {seconds * 1000:7.0f} ms, {len(out) // 1024} KiB")
    seconds, out = best(lambda: layer_geojson_bytes("zones"))
    print(f"geojson zones:                    {seconds * 1000:7.0f} ms, {len(out) // 1024} KiB")


if __name__ == "__main__":
    main()
