"""The finder the language tours rely on: what it flags and what it lets through."""

from __future__ import annotations

from untranslated import tokens, untranslated


def test_chinese_page_flags_keys_snake_case_and_latin_words() -> None:
    text = "变更日期 changed_on 状态 operating · 老厂房 July 1 mi 2000 ft +2.4 pp e_dataset"
    assert untranslated(text, "zh") == sorted(
        ["changed_on", "operating", "July", "mi", "ft", "pp", "e_dataset"]
    )


def test_chinese_page_lets_numbers_codes_units_and_the_allow_list_through() -> None:
    text = "2026-07 · 91310106MA1FY5X7X0 · 11,510 m² · 500 m · 1 km · Leaflet · 语言 / Language"
    assert untranslated(text, "zh") == []
    assert untranslated("WeWork 威海路", "zh", allow=tokens("WeWork 威海路")) == []


def test_english_page_flags_chinese_and_identifiers() -> None:
    assert untranslated("Status 已运营 changed_on · 中文 English", "en") == ["changed_on", "已运营"]
    assert untranslated("Operator 上海市北高科集团", "en", allow={"上海市北高科集团"}) == []
