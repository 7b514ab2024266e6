"""The carrier layer ships only what the browser reads, with compact coordinates."""

from __future__ import annotations

import json

from geo.layers import BROWSER_PROPERTIES, browser_collection, carrier_layer
from geo.maps import render_html
from geo.packed import pack_points, packed_json, unpack_points


def _fc(coords: list[tuple[float, float]], conv: str = "") -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [x, y]},
            "properties": {
                "id": i,
                "kind": "carrier",
                "name": f"N{i}",
                "stage": "incubator",
                "color": "#000000",
                "occ": 50,
                "conv": conv if i == 0 else "",
                "tip": f"<b>N{i}</b><br>rest",
            },
        }
        for i, (x, y) in enumerate(coords)
    ]
    return {"type": "FeatureCollection", "features": features}


def test_only_the_properties_the_page_reads_are_shipped() -> None:
    slim = browser_collection(_fc([(121.4, 31.2), (121.5, 31.3)], conv="800秀改造项目"))
    props = [f["properties"] for f in slim["features"]]
    assert list(props[0]) == list(BROWSER_PROPERTIES)  # no stage, no occ
    assert [p["conv"] for p in props] == [1, 0]  # the project's name is in the tip already
    html = render_html_of(slim)
    assert '"occ"' not in html and '"stage"' not in html


def render_html_of(fc: dict) -> str:
    import folium

    m = folium.Map(tiles=None)
    carrier_layer(fc, name="carriers").add_to(m)
    return render_html(m)


def test_six_decimal_coordinates_travel_as_integer_offsets_and_come_back_exactly() -> None:
    coords = [(121.445678, 31.234567), (121.414001, 31.216002), (121.478, 31.323)]
    packed = pack_points(_fc(coords))
    # Origin = the south-west corner in micro-degrees; offsets are small integers.
    assert packed["q"] == [121414001, 31216002]
    assert packed["xy"][:2] == [31677, 18565]
    back = unpack_points(json.loads(packed_json(packed)))
    assert [tuple(f["geometry"]["coordinates"]) for f in back["features"]] == coords


def test_coordinates_with_more_decimals_stay_floats() -> None:
    coords = [(121.4456789, 31.2345678), (121.4, 31.2)]
    packed = pack_points(_fc(coords))
    assert "q" not in packed and packed["xy"] == [121.4456789, 31.2345678, 121.4, 31.2]
    back = unpack_points(packed)
    assert [tuple(f["geometry"]["coordinates"]) for f in back["features"]] == coords


def test_a_layer_packed_ahead_draws_the_same_as_one_packed_on_the_spot() -> None:
    """The page caches pack_carriers(fc); what the browser gets must not change."""
    import re

    import folium

    from geo.layers import pack_carriers

    fc = _fc([(121.445678, 31.234567), (121.414001, 31.216002)], conv="800秀改造项目")

    def page(layer_input: object) -> tuple[str, list[list[float | None]]]:
        m = folium.Map(tiles=None)
        carrier_layer(layer_input, name="载体").add_to(m)  # type: ignore[arg-type]
        return re.sub(r"_[0-9a-f]{32}", "_ID", render_html(m)), m.get_bounds()

    ready = pack_carriers(fc)
    assert ready.count == 2
    assert page(ready) == page(fc)
    assert page(ready)[1] == [[31.216002, 121.414001], [31.234567, 121.445678]]


def test_tooltips_are_bound_on_first_hover_by_one_handler_not_per_carrier() -> None:
    """No onEachFeature binding thousands of tooltips up front; the tip text still ships."""
    html = render_html_of(_fc([(121.4 + i / 1000, 31.2) for i in range(50)]))
    assert html.count('.on("mouseover click", function (e) {') == 1
    assert "onEachFeature" not in html
    assert html.count("bindTooltip(props.tip") == 1
    tips = [f["properties"]["tip"] for f in unpack_points(_packed_of(html))["features"]]
    assert tips[:2] == ["<b>N0</b><br>rest", "<b>N1</b><br>rest"]


def _packed_of(html: str) -> dict:
    """The packed collection as the page's script hands it to the unpacker."""
    start = html.index('({"n":')
    return dict(json.JSONDecoder().raw_decode(html[start + 1 :])[0])
