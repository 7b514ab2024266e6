"""Unified social credit codes (GB 32100-2015): what officials paste must validate right.

The check character is cross-checked against an independent implementation written from
the standard (weights 3^i mod 31), and against codes published by real enterprises.
"""

from __future__ import annotations

import pytest

from models.credit_code import ALPHABET, check_character, is_valid, normalize

# Published codes of real enterprises (business licences / annual reports).
REAL_CODES = [
    "91350100M000100Y43",
    "91110108551385082Q",  # Xiaomi
    "9144030071526726XG",  # Tencent
    "914403001922038216",  # Huawei
    "91330100716105852F",  # Alibaba
]


def _reference_check(first17: str) -> str:
    """GB 32100 check character, re-derived from the standard text."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(alphabet.index(ch) * pow(3, i, 31) for i, ch in enumerate(first17))
    return alphabet[(31 - total % 31) % 31]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_real_codes_are_valid(code: str) -> None:
    assert is_valid(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    "first17",
    [
        "91310106MA1FY5X7X",
        "91310106MA1FY5X70",
        "52310106MJ5000000",  # social organisation
        "12310000425002331",  # public institution
        "92310106MA0000000",  # individual business
    ],
)
def test_check_character_matches_the_standard(first17: str) -> None:
    expected = _reference_check(first17)
    assert check_character(first17) == expected
    assert is_valid(first17 + expected)


@pytest.mark.parametrize(
    "first17",
    [
        "0" * 17,  # "000000000000000000" passes the checksum
        "Y" * 17,  # no such entity category or division
        "9100000055138508Q",  # division code 000000
        "01310106MA1FY5X70",  # no registration authority 0
        "90310106MA1FY5X70",  # no entity category 0
        "91A10106MA1FY5X70",  # division code must be digits
    ],
)
def test_checksum_valid_nonsense_is_rejected(first17: str) -> None:
    code = first17 + _reference_check(first17)
    assert check_character(first17) == code[17]  # the checksum alone would accept it
    assert not is_valid(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_any_other_check_character_is_rejected(code: str) -> None:
    wrong = [ch for ch in ALPHABET if ch != code[17]]
    assert len(wrong) == 30
    assert not any(is_valid(code[:17] + ch) for ch in wrong)


def test_single_typo_in_body_is_rejected() -> None:
    code = "91110108551385082Q"
    # Swap each digit of the body for another: the checksum must notice every time.
    for i in range(17):
        replacement = "1" if code[i] != "1" else "2"
        assert not is_valid(code[:i] + replacement + code[i + 1 :]), i


@pytest.mark.parametrize(
    "pasted",
    [
        "91110108551385082q",
        " 91110108551385082Q ",
        "9111 0108 5513 8508 2Q",
        "911101085513850 82q",
    ],
)
def test_lower_case_and_spaces_are_normalised(pasted: str) -> None:
    assert normalize(pasted) == "91110108551385082Q"
    assert is_valid(pasted)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_alphabet_are_rejected(letter: str) -> None:
    first17 = "91310106MA1FY5X7" + letter
    with pytest.raises(ValueError):
        check_character(first17)
    # Whatever the last character, a code containing the letter never validates.
    assert not any(is_valid(first17 + ch) for ch in ALPHABET)
    # Also as the check character itself.
    assert not is_valid("91350100M000100Y4" + letter)


@pytest.mark.parametrize(
    "code",
    ["", "91110108551385082", "91110108551385082QQ", "9111010855138508", "9" * 30],
)
def test_wrong_length_is_rejected(code: str) -> None:
    assert not is_valid(code)


@pytest.mark.parametrize("first17", ["9111010855138508", "91110108551385082Q"])
def test_check_character_needs_exactly_17(first17: str) -> None:
    with pytest.raises(ValueError):
        check_character(first17)


@pytest.mark.parametrize("value", [None, 91110108551385082, b"91110108551385082Q"])
def test_non_strings_raise_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        is_valid(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check_character(value)  # type: ignore[arg-type]
