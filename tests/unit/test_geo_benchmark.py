"""Tests for geo.benchmark (sizes only: timings are too noisy for a unit test)."""

from __future__ import annotations

from pathlib import Path

from geo.assets import assert_offline
from geo.benchmark import run_map_benchmark, synthetic_carriers, write_benchmark_html
from geo.reference import district_polygon
from geo.style import STAGES


def test_synthetic_carriers_lie_in_the_district() -> None:
    carriers = synthetic_carriers(200, seed=3)
    assert len(carriers) == 200 and carriers["id"].is_unique
    assert set(carriers["stage"]) == set(STAGES)
    assert carriers.within(district_polygon()).all()


def test_our_payload_is_under_a_third_of_per_marker_folium() -> None:
    result = run_map_benchmark(n=400)
    assert result["n"] == 400
    assert result["payload_ratio"] < 1 / 3
    assert result["ours_bytes"] < result["common_bytes"]


def test_write_benchmark_html_links_local_assets(tmp_path: Path) -> None:
    page = write_benchmark_html(tmp_path / "map.html", n=100)
    html = page.read_text(encoding="utf-8")
    assert_offline(html)
    assert "vendor/leaflet/leaflet.js" in html and "/app/static" not in html
