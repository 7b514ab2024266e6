"""Colour-vision-deficiency check: are two colours still told apart by everyone?

Pure functions, no plotting library: sRGB hex -> linear RGB -> (optionally) the
Machado, Oliveira & Fernandes (2009) simulation of protanopia, deuteranopia or
tritanopia at full severity -> CIELAB (D65) -> CIEDE2000 distance. Used by the tests to
prove that zone colours never read as a growth-stage colour, for normal vision or any of
the three dichromacies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final

Vision = str
VISIONS: Final = ("normal", "protanopia", "deuteranopia", "tritanopia")

# Machado et al. 2009, severity 1.0, applied to linear RGB.
_MACHADO: Final[dict[str, tuple[tuple[float, float, float], ...]]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
_WHITE_D65: Final = (0.95047, 1.0, 1.08883)


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``"#RRGGBB"`` (or ``"#RGB"``) to sRGB components in 0..1."""
    if not isinstance(colour, str):
        raise TypeError(f"colour must be a str, got {type(colour).__name__}")
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def simulate(colour: str, vision: Vision) -> tuple[float, float, float]:
    """Linear RGB (0..1, clipped) of ``colour`` as seen with ``vision``.

    Parameters
    ----------
    colour : str
        ``#RRGGBB``.
    vision : str
        One of ``VISIONS``.

    Returns
    -------
    tuple of float
        Linear-light RGB.
    """
    if vision not in VISIONS:
        raise ValueError(f"unknown vision {vision!r}; expected one of {VISIONS}")
    rgb = tuple(_linear(c) for c in hex_to_rgb(colour))
    if vision == "normal":
        return rgb  # type: ignore[return-value]
    m = _MACHADO[vision]
    out = (sum(m[i][j] * rgb[j] for j in range(3)) for i in range(3))
    r, g, b = (min(1.0, max(0.0, v)) for v in out)
    return r, g, b


def linear_to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """Linear sRGB (D65) to CIELAB."""
    r, g, b = rgb
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip((x, y, z), _WHITE_D65, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma et al. 2005."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    c_bar7 = ((c1 + c2) / 2) ** 7
    g = 0.5 * (1 - math.sqrt(c_bar7 / (c_bar7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * c_bar
    sh = 1 + 0.015 * c_bar * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh)
    )


def distance(colour1: str, colour2: str, vision: Vision = "normal") -> float:
    """CIEDE2000 distance between two ``#RRGGBB`` colours as seen with ``vision``."""
    return ciede2000(
        linear_to_lab(simulate(colour1, vision)), linear_to_lab(simulate(colour2, vision))
    )


def closest_pair(colours: Iterable[str], others: Iterable[str]) -> tuple[float, str, str, Vision]:
    """The smallest distance between any of ``colours`` and any of ``others``.

    Returns
    -------
    tuple
        ``(delta_e, colour, other, vision)`` over every vision in ``VISIONS``.
    """
    first, second = list(colours), list(others)
    if not first or not second:
        raise ValueError("both colour lists must be non-empty")
    return min(
        ((distance(a, b, v), a, b, v) for a in first for b in second for v in VISIONS),
        key=lambda item: item[0],
    )
