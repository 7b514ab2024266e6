"""Tests for geo.benchmark (sizes only: timings are too noisy for a unit test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo import benchmark
from geo.assets import STATIC_DIR, assert_offline
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


def _asset_links(html: str) -> list[str]:
    """Every script src and stylesheet href in the page."""
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(
        r'<link[^>]*\bhref="([^"]+)"', html
    )


def _assert_links_resolve_next_to(page: Path) -> None:
    """The page works opened from disk: every asset link is relative and exists.

    Checked on the links themselves, not by searching the HTML for "/app/static": that
    text legitimately appears inside a relative path whenever the checkout itself lives
    under a folder called ``app`` (as in most Docker images).
    """
    html = page.read_text(encoding="utf-8")
    assert_offline(html)
    links = _asset_links(html)
    assert any(link.endswith("vendor/leaflet/leaflet.js") for link in links), links
    for link in links:
        # A root-relative link ("/app/static/...") only works behind the Streamlit server.
        assert not link.startswith("/"), link
        assert (page.parent / link).is_file(), link


def test_write_benchmark_html_links_local_assets(tmp_path: Path) -> None:
    _assert_links_resolve_next_to(write_benchmark_html(tmp_path / "map.html", n=100))


def test_benchmark_html_works_when_the_checkout_lives_under_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The project seen through a path that contains /app/ (e.g. a container's /app).
    checkout = tmp_path / "srv" / "app"
    checkout.parent.mkdir()
    checkout.symlink_to(STATIC_DIR.parent, target_is_directory=True)
    monkeypatch.setattr(benchmark, "STATIC_DIR", checkout / "static")
    (tmp_path / "out").mkdir()
    page = write_benchmark_html(tmp_path / "out" / "map.html", n=20)
    assert "/app/static/" in page.read_text(encoding="utf-8")  # the old check's false alarm
    _assert_links_resolve_next_to(page)
