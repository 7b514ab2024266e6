"""Escaping of user-provided text before it reaches map HTML or JavaScript.

folium places tooltip and popup text inside JavaScript template literals and Leaflet puts
tooltip strings into ``innerHTML``. HTML escaping alone is not enough there: a backtick
ends the template literal (blanking the whole map), ``${...}`` is evaluated as code and
a backslash can swallow the escaping that follows. Every user string therefore goes
through :func:`escape_text`, which makes all six characters inert entities.
"""

from __future__ import annotations

import html

# Applied after html.escape, which never emits any of these characters itself.
_JS_TEMPLATE_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_text(value: object) -> str:
    """Make a value safe to embed as text in HTML and in JS template literals.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes ``""``, everything else goes through ``str()``.

    Returns
    -------
    str
        Text with ``& < > " '`` HTML-escaped and backtick, ``$`` and backslash
        replaced by ``&#96;``, ``&#36;`` and ``&#92;``.

    Examples
    --------
    >>> escape_text("<b>${x}</b>")
    '&lt;b&gt;&#36;{x}&lt;/b&gt;'
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)
