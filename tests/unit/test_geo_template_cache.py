"""geo.template_cache: folium renders exactly the same page while compiling far less."""

from __future__ import annotations

import folium
import pytest
from jinja2 import Template

import geo.maps  # noqa: F401 - installs the cache, as the app does
from geo import template_cache
from geo.layers import carrier_layer
from geo.maps import render_html
from geo.template_cache import LiteralTemplate, template


@pytest.mark.parametrize(
    "source",
    [
        "",
        "plain",
        "ends with a newline\n",
        "two newlines\n\n",
        "\n",
        "var a = {x: 1}; // single braces, } and {\n  indented\n",
        "中文标签 <b>800秀</b>\t\n",
        "'quotes' \"double\" \\backslash",
    ],
)
def test_text_without_jinja_syntax_renders_as_jinja_renders_it(source: str) -> None:
    shown = template(source)
    assert isinstance(shown, LiteralTemplate)
    assert shown.render(this=object(), kwargs={}) == Template(source).render(this=None, kwargs={})


def test_sources_with_syntax_are_compiled_once_and_shared() -> None:
    source = "{{ this }} and {% if kwargs %}yes{% endif %}"
    assert template(source) is template(source)
    assert template(source).render(this="x", kwargs={"a": 1}) == "x and yes"
    for odd in ("a\r\nb", "{# comment #}text"):  # line endings and comments: Jinja's job
        assert not isinstance(template(odd), LiteralTemplate)
        assert template(odd).render() == Template(odd).render()


def test_large_sources_with_syntax_are_not_kept() -> None:
    source = "{{ this }}" + "x" * template_cache.MAX_CACHED_SOURCE
    assert template(source) is not template(source)
    assert template(source).render(this="1") == "1" + "x" * template_cache.MAX_CACHED_SOURCE


def _carrier_map(name: str) -> folium.Map:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [121.45, 31.27]},
                "properties": {
                    "id": 7,
                    "kind": "carrier",
                    "name": name,
                    "color": "#1b9e77",
                    "conv": "",
                    "tip": f"<b>{name}</b><br>孵化器",
                },
            }
        ],
    }
    m = folium.Map(tiles=None)
    carrier_layer(fc, name="载体").add_to(m)
    return m


def test_a_map_renders_to_the_same_page_with_and_without_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole page, element ids aside, is what plain branca would have produced."""
    import re

    import branca.element

    def ids_out(html: str) -> str:
        return re.sub(r"_[0-9a-f]{32}", "_ID", html)

    cached = ids_out(render_html(_carrier_map("聚能湾 {{7*7}}")))
    monkeypatch.setattr(branca.element, "Template", Template)  # branca as shipped
    plain = ids_out(render_html(_carrier_map("聚能湾 {{7*7}}")))
    assert cached == plain
    assert "聚能湾" in cached and "49" not in cached


def test_vanilla_restores_plain_branca_for_baselines() -> None:
    import branca.element

    with template_cache.vanilla():
        assert branca.element.Template is Template
        assert not isinstance(branca.element.Element("plain")._template, LiteralTemplate)
    assert isinstance(branca.element.Element("plain")._template, LiteralTemplate)
