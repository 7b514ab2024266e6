"""One benchmark command: ``python manage.py bench [--only map,pages,sql,db,browser,reruns]``.

Every figure is measured against its baseline in the same run and shown as a ratio,
because absolute times on a shared machine are noisy. Sections:

* ``map``: building the carrier layer and its payload, ours against one folium.Marker
  per carrier, for 500, 5,000 and 50,000 carriers, and how each grows with N;
* ``pages``: page reruns (AppTest) on the sample data ×10 over ten years, against a bare
  page rerun (:mod:`tests.bench.page_reruns`, where scenarios are registered);
* ``screen``: the big screen's scene change and live refresh (fragment reruns) on the
  ×10 data, against a bare page rerun (:mod:`tests.bench.screen_costs`);
* ``sql``: SQL statements per page render at N and 10N carriers (must be equal), and
  full scans of large tables in those statements (:mod:`tests.bench.sql_audit`);
* ``db``: the overview and as-of-month queries on ~600,000 reports, SQLite and
  PostgreSQL (:mod:`tests.bench.db_bench`);
* ``browser``: time to a drawn map in headless Chromium (:mod:`tests.bench.browser_bench`);
* ``reruns``: a month slider moved in headless Chromium, until the page shows the new
  month, against a bare page measured the same way, on the sample data and on ×10
  (:mod:`tests.bench.browser_reruns`).

``--quick`` uses fewer repeats and smaller data (for development); ``--json PATH``
writes every figure with the machine it came from.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("map", "pages", "screen", "sql", "db", "browser", "reruns")


@dataclass
class Row:
    """One line of the table: a measurement, its baseline and their ratio."""

    section: str
    what: str
    value: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        ok = {True: "yes", False: "NO", None: ""}[self.ok]
        return [self.section, self.what, self.value, self.baseline, ratio, self.target, ok]


def machine() -> dict[str, Any]:
    """CPU, cores and memory of this machine (lscpu / free summaries)."""
    info: dict[str, Any] = {"python": platform.python_version(), "system": platform.platform()}
    with_lscpu = _run(["lscpu"])
    for line in with_lscpu.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("Model name", "CPU(s)", "Thread(s) per core"):
            info[key.strip()] = value.strip()
    free = _run(["free", "-g"]).splitlines()
    if len(free) > 1:
        info["memory_gb"] = free[1].split()[1]
    info["cores_available"] = len(os.sched_getaffinity(0))
    # How busy the machine was: other processes' load inflates every absolute time.
    info["load_average_1_5_15"] = [round(x, 1) for x in os.getloadavg()]
    return info


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


# ----------------------------------------------------------------------------- sections


def section_map(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from geo.benchmark import run_map_benchmark

    sizes = (500, 5000) if quick else (500, 5000, 50_000)
    # Fastest of three (one for 50,000 Markers: five minutes a run on two shared cores).
    results = [run_map_benchmark(n, repeats=1 if quick or n > 5000 else 3) for n in sizes]
    rows = []
    for r in results:
        n = int(r["n"])
        rows.append(
            Row(
                "map",
                f"build {n:,} carriers, ours vs Marker",
                f"{float(r['ours_s']) * 1000:.0f} ms",
                f"{float(r['common_s']) * 1000:.0f} ms",
                float(r["ours_s"]) / float(r["common_s"]),
                "speed-up ≥35× at 5,000" if n == 5000 else "",
                float(r["speedup"]) >= 35 if n == 5000 else None,
            )
        )
        rows.append(
            Row(
                "map",
                f"payload {n:,} carriers, ours vs Marker",
                f"{int(r['ours_bytes']) / 1024:,.0f} KiB",
                f"{int(r['common_bytes']) / 1024:,.0f} KiB",
                float(r["payload_ratio"]),
                "≤0.14 at 5,000" if n == 5000 else "",
                float(r["payload_ratio"]) <= 0.14 if n == 5000 else None,
            )
        )
    growth = {}
    for a, b in itertools.pairwise(results):
        span = math.log(int(b["n"]) / int(a["n"]))
        key = f"{a['n']}->{b['n']}"
        growth[key] = {
            "ours_exponent": round(math.log(float(b["ours_s"]) / float(a["ours_s"])) / span, 2),
            "common_exponent": round(
                math.log(float(b["common_s"]) / float(a["common_s"])) / span, 2
            ),
            "ours_bytes_exponent": round(
                math.log(int(b["ours_bytes"]) / int(a["ours_bytes"])) / span, 2
            ),
        }
        rows.append(
            Row(
                "map",
                f"growth N {a['n']:,}→{b['n']:,} (time ∝ N^k)",
                f"ours k={growth[key]['ours_exponent']}",
                f"Marker k={growth[key]['common_exponent']}",
                target="k≈1 (linear)",
            )
        )
    return rows, {"runs": results, "growth": growth}


def _bench_db(name: str, copies: int) -> str:
    from tests.bench.scaled_data import Scale, sqlite_file

    return sqlite_file(ROOT / ".bench" / f"{name}.db", Scale(copies))


def section_pages(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from tests.bench.page_reruns import run_page_reruns

    url = _bench_db("x10", 10)
    result = run_page_reruns(url, repeats=2 if quick else 5)
    rows = [
        Row(
            "pages",
            s["name"],
            f"{s['ms']:.0f} ms",
            f"bare {s['bare_ms']:.1f} ms",
            s["ratio"],
            "≤3×",
            s["ratio"] <= 3,
        )
        for s in result["scenarios"]
    ]
    shell = result["shell_ms"]
    rows.append(
        Row(
            "pages",
            "app shell (setup_page + title, no figures)",
            f"{shell:.0f} ms",
            f"bare {result['bare_ms']:.1f} ms",
            shell / result["bare_ms"],
        )
    )
    chart = result["one_chart_ms"]
    rows.append(
        Row(
            "pages",
            "a title and one Altair chart (no app code)",
            f"{chart:.0f} ms",
            f"bare {result['bare_ms']:.1f} ms",
            chart / result["bare_ms"],
        )
    )
    for page, ms in result["cold_ms"].items():
        rows.append(Row("pages", f"{page}: first visitor, caches empty", f"{ms:.0f} ms"))
    return rows, result


def section_screen(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    import shutil
    import sys

    # A private copy: the live-refresh case bumps the data version. A process of its
    # own: the measurement sets DATABASE_URL and the working directory for Streamlit.
    source = Path(_bench_db("x10", 10).removeprefix("sqlite:///"))
    copy = source.with_name("screen-x10.db")
    shutil.copyfile(source, copy)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}"}
    script = ROOT / "tests" / "bench" / "screen_costs.py"
    runs = "5" if quick else "15"
    done = subprocess.run(
        [sys.executable, str(script), "--json", "--runs", runs],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    got: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    bare = got["bare"]
    names = {
        "scene": "scene change (fragment rerun)",
        "refresh": "live refresh, data unchanged",
        "refresh_new": "live refresh after a write",
        "full": "whole screen rerun (reload)",
    }
    rows = []
    for key, what in names.items():
        targeted = key in ("scene", "refresh")
        ratio = got[key] / bare
        rows.append(
            Row(
                "screen",
                what,
                f"{got[key]:.0f} ms",
                f"bare {bare:.1f} ms",
                ratio,
                "≤3×" if targeted else "",
                ratio <= 3 if targeted else None,
            )
        )
    return rows, got


def section_sql(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from models.db import get_engine
    from tests.bench.sql_audit import COUNTED_PAGES, explain_scans, page_statements

    small, large = _bench_db("x1", 1), _bench_db("x10", 10)
    pages = COUNTED_PAGES[:2] if quick else COUNTED_PAGES
    counts: dict[str, dict[str, int]] = {}
    logs = {}
    rows = []
    for page in pages:
        n, big = page_statements(small, page), page_statements(large, page)
        logs[page] = big
        counts[page] = {"N": n.count, "10N": big.count}
        rows.append(
            Row(
                "sql",
                f"statements per render {page}",
                f"{big.count} at 10N",
                f"{n.count} at N",
                big.count / n.count if n.count else None,
                "equal",
                big.count == n.count,
            )
        )
    scans = explain_scans(get_engine(large), logs)
    missing = [s for s in scans if s.kind == "missing index"]
    rows.append(
        Row(
            "sql",
            "full scans of large tables by a filter (SQLite plan)",
            str(len(missing)),
            f"{len(scans) - len(missing)} full reads by design",
            target="0",
            ok=not missing,
        )
    )
    return rows, {"counts": counts, "scans": [s.__dict__ for s in scans]}


def section_db(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from tests.bench.db_bench import run_db_bench

    result = run_db_bench(quick=quick)
    rows = []
    lite, pg = result["sqlite"], result["postgresql"]
    for name, ms in lite["ms"].items():
        pg_ms = pg.get("ms", {}).get(name) if "ms" in pg else None
        rows.append(
            Row(
                "db",
                f"{name} ({lite['reports']:,} reports)",
                f"SQLite {ms:.0f} ms",
                f"PostgreSQL {pg_ms:.0f} ms" if pg_ms is not None else pg.get("skipped", ""),
                ms / pg_ms if pg_ms else None,
            )
        )
    return rows, result


def section_browser(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from tests.bench.browser_bench import APP_FLOOR, run_browser_bench

    # Seven interleaved visits: with three, one busy moment moved the ratio by 0.3.
    result = run_browser_bench(repeats=1 if quick else 7)
    floor = result["seconds"]["st_folium, empty map (floor)"]
    rows = []
    for name, seconds in result["seconds"].items():
        ratio = result["ratio_to_floor"][name]
        own = name == "project map page"
        rows.append(
            Row(
                "browser",
                f"drawn map, {result['carriers']:,} carriers: {name}",
                f"{seconds:.2f} s",
                f"floor {floor:.2f} s",
                ratio,
                "≤1.3× floor" if own else "",
                ratio <= 1.3 if own else None,
            )
        )
    own = result["carriers_over_app_floor"]
    rows.append(
        Row(
            "browser",
            "drawn map: the carriers' own cost (project page ÷ the same page with none)",
            f"{result['seconds']['project map page']:.2f} s",
            f"app floor {result['seconds'][APP_FLOOR]:.2f} s",
            own,
            "",
            None,
        )
    )
    return rows, result


def section_reruns(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    from tests.bench.browser_reruns import run_browser_reruns

    result = run_browser_reruns(moves=3 if quick else 6)
    bare = result["ms"]["bare"]
    rows = [
        Row(
            "reruns",
            f"{name}: month slider, seen in Chromium",
            f"{result['ms'][name]} ms",
            f"bare {bare} ms",
            ratio,
            "≤3×",
            ratio <= 3,
        )
        for name, ratio in result["ratio_to_bare"].items()
    ]
    return rows, result


RUNNERS: dict[str, Callable[[bool], tuple[list[Row], dict[str, Any]]]] = {
    "map": section_map,
    "pages": section_pages,
    "screen": section_screen,
    "sql": section_sql,
    "db": section_db,
    "browser": section_browser,
    "reruns": section_reruns,
}


def format_table(rows: list[Row]) -> str:
    """Fixed-width text table of every row."""
    head = ["section", "measurement", "value", "baseline", "ratio", "target", "met"]
    table = [head, *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    out = []
    for i, line in enumerate(table):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def run(
    sections: list[str], *, quick: bool, json_path: Path | None, echo: Callable[[str], None]
) -> dict[str, Any]:
    """Run the chosen sections in order, print the table, write JSON when asked."""
    report: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "quick": quick,
        "machine": machine(),
        "sections": {},
    }
    rows: list[Row] = []
    for name in sections:
        echo(f"[bench] {name} ...")
        started = time.perf_counter()
        try:
            section_rows, data = RUNNERS[name](quick)
        except Exception as exc:  # noqa: BLE001 - one failed section must not hide the rest
            section_rows = [Row(name, "section failed", f"{type(exc).__name__}: {exc}"[:200])]
            data = {"error": f"{type(exc).__name__}: {exc}"}
        data["seconds"] = round(time.perf_counter() - started, 1)
        report["sections"][name] = data
        rows.extend(section_rows)
        echo(format_table(section_rows))
    report["rows"] = [r.__dict__ for r in rows]
    report["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    echo("\n" + format_table(rows))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        echo(f"JSON written to {json_path}")
    return report


def parse_sections(only: str | None) -> list[str]:
    """``"map,db"`` -> ["map", "db"] (every section when empty); unknown names raise."""
    if not only:
        return list(SECTIONS)
    wanted = [s.strip() for s in only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        raise ValueError(f"unknown sections {unknown}; choose from {', '.join(SECTIONS)}")
    return wanted
