"""Zone colours never read as a growth-stage colour, for anyone (issue 8 §1).

Before, nursery green sat on Middle Ring green, accelerator pink on Suzhou River
magenta and public-space blue on Nanjing West Road blue. The check simulates
protanopia, deuteranopia and tritanopia (Machado et al. 2009) and measures CIEDE2000.
"""

from __future__ import annotations

import pytest

from geo.colour_check import VISIONS, ciede2000, closest_pair, distance, hex_to_rgb, simulate
from geo.style import STAGE_COLORS, ZONE_STYLES

MIN_DELTA_E = 15.0


def _zone_colours() -> list[str]:
    colours: list[str] = []
    for style in ZONE_STYLES.values():
        colours.append(str(style["color"]))
        if style.get("fill", True) and "fillColor" in style:
            colours.append(str(style["fillColor"]))
    return colours


def _over_white(colour: str, alpha: float) -> str:
    r, g, b = hex_to_rgb(colour)
    mixed = [round((alpha * c + (1 - alpha)) * 255) for c in (r, g, b)]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def test_ciede2000_matches_sharma_reference_pairs() -> None:
    # Sharma, Wu & Dalal (2005), test data pairs 1, 7 and 17.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_simulation_merges_what_a_dichromat_cannot_tell_apart() -> None:
    # Red and green are far apart for normal vision and close without L or M cones.
    red, green = "#D62728", "#2CA02C"
    assert distance(red, green) > 60
    assert distance(red, green, "deuteranopia") < distance(red, green) / 2
    assert distance(red, green, "protanopia") < distance(red, green) / 2
    # Greys stay grey for every vision.
    for vision in VISIONS:
        r, g, b = simulate("#808080", vision)
        assert max(r, g, b) - min(r, g, b) < 0.02


def test_the_old_zone_palette_failed_the_check() -> None:
    old_zones = ["#0072B2", "#AA4499", "#117733", "#F0E442", "#8C7A00"]
    delta, *_ = closest_pair(old_zones, STAGE_COLORS.values())
    assert delta < MIN_DELTA_E


@pytest.mark.parametrize("vision", VISIONS)
def test_zone_colours_are_far_from_every_stage_colour(vision: str) -> None:
    for zone in _zone_colours():
        for stage, colour in STAGE_COLORS.items():
            delta = distance(zone, colour, vision)
            assert delta >= MIN_DELTA_E, f"{zone} vs {stage} {colour} under {vision}: {delta:.1f}"


def test_zone_fills_as_drawn_over_white_are_far_from_stage_colours() -> None:
    drawn = [
        _over_white(str(s["fillColor"]), float(s["fillOpacity"]))
        for s in ZONE_STYLES.values()
        if "fillColor" in s and s.get("fill", True)
    ]
    delta, zone, stage, vision = closest_pair(drawn, STAGE_COLORS.values())
    assert delta >= MIN_DELTA_E, (zone, stage, vision, delta)


def test_hex_parsing_refuses_garbage() -> None:
    assert hex_to_rgb("#fff") == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        hex_to_rgb("#12345G")
    with pytest.raises(TypeError):
        hex_to_rgb(0x123456)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        simulate("#123456", "colourblind")


def test_occupancy_shades_as_drawn_are_far_from_stage_colours() -> None:
    from geo.style import OCCUPANCY_CLASSES, OCCUPANCY_INK

    drawn = [_over_white(OCCUPANCY_INK, opacity) for _, opacity, _ in OCCUPANCY_CLASSES]
    delta, shade, stage, vision = closest_pair(drawn, STAGE_COLORS.values())
    assert delta >= MIN_DELTA_E, (shade, stage, vision, delta)
    # A sequential scale: each fuller class is darker than the one before.
    opacities = [opacity for _, opacity, _ in OCCUPANCY_CLASSES]
    assert opacities == sorted(opacities) and len(set(opacities)) == len(opacities)
