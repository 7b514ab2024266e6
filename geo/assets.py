"""Offline map assets: Leaflet and friends served by the app, and an offline check.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs. On an intranet
streamlit-folium then silently shows no map, so the files are copied from the
``xstatic-*`` packages into ``static/vendor/`` (Streamlit serves ``static/`` at
``/app/static/`` with ``server.enableStaticServing``) and each map *instance* gets local
links. folium's ``default_js``/``default_css`` are shared module-level lists: they are
never mutated here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import folium
import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import Element
from folium.template import Template

STATIC_URL = "/app/static"
"""URL prefix under which Streamlit serves the project's ``static/`` folder."""

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

_LEAFLET = Path(xstatic.pkg.leaflet.BASE_DIR)
_JQUERY = Path(xstatic.pkg.jquery.BASE_DIR)
_CLUSTER = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)

# (source file, path below static/) -- only what a browser loads; no source maps.
_VENDOR_FILES: tuple[tuple[Path, str], ...] = (
    (_LEAFLET / "leaflet.js", "vendor/leaflet/leaflet.js"),
    (_LEAFLET / "leaflet.css", "vendor/leaflet/leaflet.css"),
    *(
        (_LEAFLET / "images" / name, f"vendor/leaflet/images/{name}")
        for name in (
            "layers.png",
            "layers-2x.png",
            "marker-icon.png",
            "marker-icon-2x.png",
            "marker-shadow.png",
        )
    ),
    (_JQUERY / "jquery.min.js", "vendor/jquery/jquery.min.js"),
    (
        _CLUSTER / "leaflet.markercluster.js",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
    ),
    (_CLUSTER / "MarkerCluster.css", "vendor/leaflet.markercluster/MarkerCluster.css"),
    (
        _CLUSTER / "MarkerCluster.Default.css",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    ),
)

LEAFLET_JS = f"{STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/leaflet/leaflet.css"
LEAFLET_IMAGES = f"{STATIC_URL}/vendor/leaflet/images/"
JQUERY_JS = f"{STATIC_URL}/vendor/jquery/jquery.min.js"
MARKERCLUSTER_JS = f"{STATIC_URL}/vendor/leaflet.markercluster/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{STATIC_URL}/vendor/leaflet.markercluster/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = f"{STATIC_URL}/vendor/leaflet.markercluster/MarkerCluster.Default.css"


def ensure_static_assets(static_dir: Path) -> None:
    """Copy the vendored browser assets into ``static_dir/vendor`` when missing or changed.

    Parameters
    ----------
    static_dir : pathlib.Path
        The folder Streamlit serves at ``/app/static/`` (normally ``<project>/static``).

    Notes
    -----
    Idempotent: a file whose bytes already match is left untouched (its mtime too), so
    calling this at every app start is cheap and never rewrites committed files.
    """
    if not isinstance(static_dir, Path):
        raise TypeError(f"static_dir must be a pathlib.Path, got {type(static_dir).__name__}")
    for source, relative in _VENDOR_FILES:
        target = static_dir / relative
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        # Atomic replace: a concurrent app process never serves a half-written file.
        shutil.move(tmp, target)


def vendor_urls(base_url: str = STATIC_URL) -> dict[str, str]:
    """Return the asset URLs below a given static prefix.

    Parameters
    ----------
    base_url : str
        ``"/app/static"`` in the app; a relative path (e.g. ``"../static"``) for a
        standalone HTML file.

    Returns
    -------
    dict
        Keys ``leaflet_js``, ``leaflet_css``, ``leaflet_images``, ``jquery_js``,
        ``leaflet_fixes_js`` and ``geo_map_js`` (our own, shipped in static/js),
        ``markercluster_js``, ``markercluster_css``, ``markercluster_default_css``.
    """
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str, got {type(base_url).__name__}")
    base = base_url.rstrip("/")
    return {
        "leaflet_js": f"{base}/vendor/leaflet/leaflet.js",
        "leaflet_css": f"{base}/vendor/leaflet/leaflet.css",
        "leaflet_images": f"{base}/vendor/leaflet/images/",
        "jquery_js": f"{base}/vendor/jquery/jquery.min.js",
        "leaflet_fixes_js": f"{base}/js/leaflet_fixes.js",
        "geo_map_js": f"{base}/js/geo_map.js",
        "markercluster_js": f"{base}/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "markercluster_css": f"{base}/vendor/leaflet.markercluster/MarkerCluster.css",
        "markercluster_default_css": (
            f"{base}/vendor/leaflet.markercluster/MarkerCluster.Default.css"
        ),
    }


class IconImagePath(folium.MacroElement):
    """Set ``L.Icon.Default.imagePath`` to the local Leaflet images folder.

    Leaflet otherwise guesses the path from its CSS URL, which fails inside the
    streamlit-folium iframe. Added as the map's first child so it runs before any marker.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, path: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IconImagePath"
        self.path = path


def use_local_assets(
    m: folium.Map, *, base_url: str = STATIC_URL, include_jquery: bool = False
) -> folium.Map:
    """Point one map instance at the locally served Leaflet (no CDN links).

    Parameters
    ----------
    m : folium.Map
        The map to configure; folium's module-level defaults are left alone.
    base_url : str
        Static URL prefix, see :func:`vendor_urls`.
    include_jquery : bool
        folium's Map only needs jQuery for ``keep_in_front`` and non-embedded GeoJSON.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    if not isinstance(m, folium.Map):
        raise TypeError(f"m must be a folium.Map, got {type(m).__name__}")
    urls = vendor_urls(base_url)
    # Our own patch goes right after Leaflet, before the map exists (see the file).
    js = [
        ("leaflet", urls["leaflet_js"]),
        ("leaflet_fixes", urls["leaflet_fixes_js"]),
        # Spread, follow-the-filter, zone labels, legend toggle (window.geoMap).
        ("geo_map", urls["geo_map_js"]),
    ]
    if include_jquery:
        js.append(("jquery", urls["jquery_js"]))
    # Instance attributes shadow the class-level lists streamlit-folium also reads.
    m.default_js = js
    m.default_css = [("leaflet_css", urls["leaflet_css"])]
    m.add_child(IconImagePath(urls["leaflet_images"]), name="icon_image_path", index=0)
    return m


# Absolute URLs, and protocol-relative ones ("//host.tld/...") not preceded by a scheme.
_ABSOLUTE = re.compile(r"https?://[^\s\"'<>\\`)]+", re.IGNORECASE)
_PROTOCOL_RELATIVE = re.compile(
    r"(?<![:\w/\\])//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:/[^\s\"'<>\\`)]*)?"
)
# JSON inside the page escapes "&" and may escape "/": undo that before scanning.
_JSON_ESCAPES = (("\\u0026", "&"), ("\\/", "/"), ("\\u003c", "<"), ("\\u003e", ">"))


def find_remote_urls(html: str) -> list[str]:
    """List every remote (http, https or protocol-relative) URL in rendered HTML.

    Parameters
    ----------
    html : str
        A rendered page.

    Returns
    -------
    list of str
        Distinct URLs in order of first appearance.
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a str, got {type(html).__name__}")
    text = html
    for escaped, plain in _JSON_ESCAPES:
        text = text.replace(escaped, plain)
    found = [m.group(0) for m in _ABSOLUTE.finditer(text)]
    found += [m.group(0) for m in _PROTOCOL_RELATIVE.finditer(text)]
    return list(dict.fromkeys(found))


def assert_offline(html: str, allowed: Iterable[str] = ()) -> None:
    """Raise if a rendered map would fetch anything from a remote host.

    Parameters
    ----------
    html : str
        Rendered map HTML (see :func:`geo.maps.render_html`).
    allowed : iterable of str
        URLs (e.g. a tile template the user configured) that may appear; a found URL is
        accepted when it starts with one of them.

    Raises
    ------
    ValueError
        Listing every remote URL that is not allowed.
    """
    allow = [a for a in allowed if a]
    bad = [u for u in find_remote_urls(html) if not any(u.startswith(a) for a in allow)]
    if bad:
        raise ValueError("map HTML references remote URLs: " + ", ".join(bad))


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def script_links(*roots: Element) -> list[str]:
    """Every script and stylesheet URL the elements ask the browser to load.

    These are exactly what streamlit-folium fetches (it reads ``default_js`` and
    ``default_css`` of every element), so checking them is cheap enough for each rerun.
    """
    links: list[str] = []
    for root in roots:
        for element in _elements(root):
            for _, url in [
                *getattr(element, "default_js", []),
                *getattr(element, "default_css", []),
            ]:
                links.append(url)
    return list(dict.fromkeys(links))


def assert_local_assets(*roots: Element) -> None:
    """Refuse to render a map whose scripts or stylesheets come from another host.

    Raises
    ------
    ValueError
        Naming every remote script or stylesheet (a plugin added without local files).
    """
    remote = [u for u in script_links(*roots) if find_remote_urls(f'"{u}"') or u.startswith("//")]
    if remote:
        raise ValueError("map would load remote scripts/stylesheets: " + ", ".join(remote))
