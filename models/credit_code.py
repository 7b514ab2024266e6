"""Unified social credit code (统一社会信用代码) per GB 32100-2015.

18 characters from the alphabet ``0-9A-HJ-NPQRTUWXY`` (no I, O, Z, S, V); the last is a
check character computed from the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters.

    Raises
    ------
    ValueError
        If ``first17`` is not 17 characters of the code alphabet.
    """
    if not isinstance(first17, str):
        raise TypeError("first17 must be a str")
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError("expected 17 characters of the credit-code alphabet")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Upper-case and strip spaces, as people paste codes with both."""
    return code.replace(" ", "").strip().upper()


def is_valid(code: str) -> bool:
    """True when ``code`` is 18 valid characters with a correct check character."""
    if not isinstance(code, str):
        raise TypeError("code must be a str")
    code = normalize(code)
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return check_character(code[:17]) == code[17]
