"""Stop folium from compiling the same Jinja templates, and plain text, on every render.

branca's ``Element(template=...)`` compiles its source as a Jinja template in
``__init__``, and folium makes such elements on every render: each element's rendered
script is wrapped in an ``Element`` and so compiled again as a template (the 230 KB
carrier layer included: Jinja tokenised all of its JSON), and every layer class with
``includes`` adds one for its include statement. On the map page with 5,000 carriers
that was 57 compilations a rerun, the largest single cost of drawing the map after the
layer itself (profiled 2026-11-28).

:func:`template` keeps the result identical and does less:

* a source without Jinja syntax (no ``{{``, ``{%`` or ``{#``; the rendered scripts) is
  not compiled: rendering it gives the text back, as Jinja would (Jinja drops one
  trailing newline, so this does too);
* a small source with syntax is compiled once per process and shared (a compiled
  ``jinja2.Template`` is immutable and safe to render from several threads);
* a large one with syntax is compiled as before and not kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import branca.element
from jinja2 import Template

MAX_CACHED_SOURCE = 8_192  # characters; folium's own snippets are a few hundred
_JINJA_SYNTAX = ("{{", "{%", "{#")
_INSTALLED = False


class LiteralTemplate:
    """A source with no Jinja syntax: renders to its text, exactly as Jinja would."""

    __slots__ = ("_text",)

    def __init__(self, source: str) -> None:
        # Jinja's default (keep_trailing_newline=False) drops a single trailing newline.
        self._text = source[:-1] if source.endswith("\n") else source

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The text; the arguments (``this``, ``kwargs``) have nothing to fill in."""
        del args, kwargs
        return self._text


def _is_literal(source: str) -> bool:
    # "\r" is left to Jinja, which rewrites line endings.
    return "\r" not in source and not any(tag in source for tag in _JINJA_SYNTAX)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Template:
    compiled: Template = Template(source)  # jinja types Template.__new__ as Any
    return compiled


def template(source: str) -> Template | LiteralTemplate:
    """What ``branca`` should hold for ``source``: see the module doc."""
    if _is_literal(source):
        return LiteralTemplate(source)
    if len(source) <= MAX_CACHED_SOURCE:
        return _compiled(source)
    fresh: Template = Template(source)
    return fresh


def install() -> None:
    """Make branca elements use :func:`template` (idempotent; geo.maps calls it).

    ``branca.element.Element.__init__`` looks ``Template`` up in its module at call time,
    so replacing that name is enough; classes' own templates, compiled at import, are
    untouched.
    """
    global _INSTALLED
    if not _INSTALLED:
        setattr(branca.element, "Template", template)  # noqa: B010 - a module global
        _INSTALLED = True


@contextmanager
def vanilla() -> Iterator[None]:
    """Within the block, branca compiles every template as shipped (benchmark baselines:
    "one folium.Marker per carrier" must pay what plain folium pays)."""
    current = getattr(branca.element, "Template")  # noqa: B009 - a module global
    setattr(branca.element, "Template", Template)  # noqa: B010
    try:
        yield
    finally:
        setattr(branca.element, "Template", current)  # noqa: B010
