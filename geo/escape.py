"""Escaping of user-provided text before it reaches map HTML or JavaScript.

folium places tooltip and popup text inside JavaScript template literals and Leaflet puts
tooltip strings into ``innerHTML``. HTML escaping alone is not enough there: a backtick
ends the template literal (blanking the whole map), ``${...}`` is evaluated as code and
a backslash can swallow the escaping that follows. Every user string therefore goes
through :func:`escape_text`, which makes all these characters inert entities.

Braces are escaped too: folium renders every element's output a second time as a Jinja
template, so a name containing ``{{ 7*7 }}`` or ``{% ... %}`` would be *executed on the
server* (template injection), not merely shown. As entities they display unchanged.
"""

from __future__ import annotations

import html

# Applied after html.escape, which never emits any of these characters itself.
_JS_TEMPLATE_ENTITIES = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
)


def escape_text(value: object) -> str:
    """Make a value safe to embed as text in HTML and in JS template literals.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes ``""``, everything else goes through ``str()``.

    Returns
    -------
    str
        Text with ``& < > " '`` HTML-escaped and backtick, ``$``, backslash and
        braces replaced by ``&#96;``, ``&#36;``, ``&#92;``, ``&#123;`` and ``&#125;``.

    Examples
    --------
    >>> escape_text("<b>${x}</b>")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt;'
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:&")


def escape_markdown(value: object) -> str:
    """Make user text literal in Streamlit markdown (titles, captions, messages).

    Streamlit renders markdown with its own extensions (``:color[...]``, ``$math$``,
    ``:material/icon:``); an unescaped ``![](http://host/x.png)`` in a carrier name
    would make the browser fetch from another host. Every ASCII punctuation character
    markdown or those extensions give meaning to is backslash-escaped.

    Parameters
    ----------
    value : object
        Any value; None becomes "".

    Returns
    -------
    str
    """
    if value is None:
        return ""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)
