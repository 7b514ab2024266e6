"""Import timings on the sample data set: preview and apply, per kind and file size.

    .venv/bin/python tests/bench/import_bench.py [--new 1000]

Builds a throw-away SQLite copy of the sample set (120 carriers, 780 tenants, 913
tenancies, 3,941 reports, 19 projects), exports every kind in the import format and
times its preview (all rows unchanged), then times a preview and an apply of a file of
``--new`` new carriers and the same carriers' occupancy for one month. A measurement,
not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.db import get_engine, migrate, session_scope  # noqa: E402
from models.importing import apply_import, preview_import  # noqa: E402
from models.importing.templates import export_bytes  # noqa: E402
from models.seed import load_sample  # noqa: E402
from models.services.core import SYSTEM  # noqa: E402
from tests.unit.import_files import xlsx_bytes  # noqa: E402

HEAD = ["载体编码", "中文名称", "阶段", "总面积（㎡）", "总工位", "经度", "纬度"]


def _timed(label: str, work: Any) -> Any:
    started = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - started:7.2f} s  {result.counts}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--new", type=int, default=1000, help="new carriers in the big file")
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrate(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        load_sample(session, end_month=date(2026, 10, 1))
    for kind in ("carriers", "tenants", "tenancies", "occupancy", "projects"):
        with session_scope(engine) as session:
            data = export_bytes(session, kind, "zh", "xlsx")
        exported: dict[str, Any] = {"kind": kind, "filename": "x.xlsx", "data": data}
        _timed(
            f"preview export {kind} ({len(data) // 1024} KB)",
            lambda exported=exported: preview_import(engine, actor=SYSTEM, **exported),
        )
    rows = [HEAD] + [
        # Distinct points spread over Shibei and its surroundings (all in Jing'an).
        [
            f"BN-{n:05d}",
            f"基准载体{n}",
            "孵化器",
            1000,
            50,
            121.44 + n % 97 / 10000,
            31.29 + n % 89 / 10000,
        ]
        for n in range(args.new)
    ]
    carriers = xlsx_bytes(rows)
    kw: dict[str, Any] = {
        "actor": SYSTEM,
        "kind": "carriers",
        "filename": "bench.xlsx",
        "data": carriers,
    }
    _timed(f"preview {args.new} new carriers", lambda: preview_import(engine, **kw))
    _timed(f"apply {args.new} new carriers", lambda: apply_import(engine, **kw))
    occupancy = xlsx_bytes(
        [["载体编码", "月份", "已出租面积（㎡）"]]
        + [[f"BN-{n:05d}", "2026-10", 500] for n in range(args.new)]
    )
    kw = {"actor": SYSTEM, "kind": "occupancy", "filename": "occ.xlsx", "data": occupancy}
    _timed(f"apply {args.new} occupancy reports", lambda: apply_import(engine, **kw))


if __name__ == "__main__":
    main()
