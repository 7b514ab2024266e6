"""Tests for geo.escape.escape_text."""

from __future__ import annotations

import re

import pytest

from geo.escape import escape_text


def test_html_payload_is_inert() -> None:
    out = escape_text("<img src=x onerror=alert(1)>")
    assert out == "&lt;img src=x onerror=alert(1)&gt;"


def test_template_literal_breakers_are_entities() -> None:
    assert escape_text("${alert(1)}") == "&#36;&#123;alert(1)&#125;"
    assert escape_text("O`Brien") == "O&#96;Brien"
    assert escape_text("a\\b\\`") == "a&#92;b&#92;&#96;"


def test_quotes_and_ampersand() -> None:
    assert escape_text("\"Tom\" & 'Jerry'") == "&quot;Tom&quot; &amp; &#x27;Jerry&#x27;"


def test_jinja_openers_are_neutralised() -> None:
    out = escape_text("{{ 7*7 }} {% if 1 %}x{% endif %}")
    assert "{" not in out and "}" not in out
    assert out.startswith("&#123;&#123; 7*7 &#125;&#125;")


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (42, "42"), (1.5, "1.5"), ("", "")])
def test_non_strings(value: object, expected: str) -> None:
    assert escape_text(value) == expected


def test_plain_chinese_text_is_unchanged() -> None:
    assert escape_text("静安区 聚能湾") == "静安区 聚能湾"


def test_no_raw_dangerous_character_survives() -> None:
    payload = "<>&\"'`$\\{}" * 3
    out = escape_text(payload)
    for ch in "<>\"'`$\\{}":
        assert ch not in out


def test_escape_markdown_neutralises_links_images_and_streamlit_directives() -> None:
    from geo.escape import escape_markdown

    hostile = "![x](http://evil.example/x.png) :red[big] $x^2$ <b>hi</b> **bold**"
    out = escape_markdown(hostile)
    # Every character markdown or Streamlit would interpret is backslash-escaped.
    unescaped = [m.group() for m in re.finditer(r"(?<!\\)[!\[\]()$:<>*]", out)]
    assert unescaped == []
    assert escape_markdown("聚能湾 No.3") == "聚能湾 No\\.3"
    assert escape_markdown(None) == ""
    assert "\n" not in escape_markdown("line1\nline2")
