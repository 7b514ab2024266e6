"""Unified social credit code (统一社会信用代码) per GB 32100-2015.

18 characters from the alphabet ``0-9A-HJ-NPQRTUWXY`` (no I, O, Z, S, V); the last is a
check character computed from the first 17 with weights 3^i mod 31.

The checksum alone accepts nonsense such as ``000000000000000000`` (all zeros sum to a
check character of 0), so :func:`is_valid` also checks the code's structure: character 1
is a registration authority, character 2 an entity category, characters 3-8 a
six-digit administrative division code (provinces start with 1-8).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# GB 32100 §4.1: registration authorities (1 organisation staffing, 5 civil affairs,
# 9 market regulation, A military, N agriculture, Y other, 2-8 the other ministries).
REGISTRATION_AUTHORITIES = "123456789ANY"
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


def well_formed(code: str) -> bool:
    """True when the structure is plausible: authority, category, division code."""
    return (
        len(code) == 18
        and code[0] in REGISTRATION_AUTHORITIES
        and code[1] in "123456789"
        and code[2:8].isdigit()
        and code[2] in "12345678"
    )


def is_valid(code: str) -> bool:
    """True when ``code`` is 18 well-formed characters with a correct check character."""
    if not isinstance(code, str):
        raise TypeError("code must be a str")
    code = normalize(code)
    if len(code) != 18 or any(ch not in _VALUE for ch in code) or not well_formed(code):
        return False
    return check_character(code[:17]) == code[17]
