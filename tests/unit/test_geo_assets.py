"""Tests for geo.assets.ensure_static_assets and geo.style."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.assets import STATIC_DIR, ensure_static_assets, find_remote_urls, vendor_urls
from geo.style import STAGE_COLORS, STAGES, ZONE_STYLES, stage_color


def test_ensure_static_assets_copies_and_is_idempotent(tmp_path: Path) -> None:
    ensure_static_assets(tmp_path)
    js = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    for rel in (
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/marker-icon.png",
        "vendor/leaflet/images/layers.png",
        "vendor/jquery/jquery.min.js",
    ):
        assert (tmp_path / rel).is_file(), rel
    os.utime(js, ns=(1, 1))
    ensure_static_assets(tmp_path)
    assert js.stat().st_mtime_ns == 1  # unchanged file left alone
    js.write_text("tampered")
    ensure_static_assets(tmp_path)
    assert js.read_bytes().startswith(b"/* @preserve")
    with pytest.raises(TypeError):
        ensure_static_assets(str(tmp_path))  # type: ignore[arg-type]


def test_committed_static_assets_are_current(tmp_path: Path) -> None:
    fresh = tmp_path / "static"
    ensure_static_assets(fresh)
    for path in fresh.rglob("*"):
        if path.is_file():
            committed = STATIC_DIR / path.relative_to(fresh)
            assert committed.is_file() and committed.read_bytes() == path.read_bytes(), committed


def test_vendor_urls_are_relative_to_the_base() -> None:
    urls = vendor_urls("../static/")
    assert urls["leaflet_js"] == "../static/vendor/leaflet/leaflet.js"
    assert urls["leaflet_images"].endswith("/images/")
    assert not find_remote_urls(" ".join(vendor_urls().values()))


def test_stage_palette() -> None:
    assert tuple(STAGE_COLORS) == STAGES == ("public_space", "nursery", "incubator", "accelerator")
    assert len(set(STAGE_COLORS.values())) == 4
    assert stage_color("incubator") == STAGE_COLORS["incubator"]
    with pytest.raises(ValueError):
        stage_color("unicorn")
    assert ZONE_STYLES["district"]["fill"] is False
    assert all(
        ZONE_STYLES[c]["fillOpacity"] < 0.3 for c in ("shibei", "belt_njw", "belt_szr", "belt_mrr")
    )


def test_leaflet_fixes_ship_with_the_app_and_load_right_after_leaflet() -> None:
    import folium

    from geo.assets import STATIC_DIR, use_local_assets

    m = use_local_assets(folium.Map(tiles=None, max_zoom=19))
    names = [name for name, _ in m.default_js]
    assert names[:2] == ["leaflet", "leaflet_fixes"]
    fixes = (STATIC_DIR / "js" / "leaflet_fixes.js").read_text(encoding="utf-8")
    assert "preventScroll: true" in fixes
