"""Find text that is not in the page's language: catalogue keys, snake_case, stray words.

Pure Python (no browser), so the rule is testable on its own and every browser test can
reuse it on whatever text it collected, in either language:

* Chinese pages may show Chinese, numbers and the short allow-list below.
* English pages may show English and numbers; Chinese characters only in the few
  places listed in ``ALLOWED_CJK`` (the language switch, Chinese names of records that
  have no English name are the caller's to allow).
* In both, a stored identifier (``changed_on``, ``old_factory``, ``e_dataset``) is a bug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.i18n import _CATALOGUE

# Latin words a Chinese page may show, and why.
ALLOWED_LATIN_ZH = frozenset(
    {
        "leaflet",  # the map library's attribution link (its licence asks for it)
        "openstreetmap",  # tile attribution and the basemap's own name
        "english",  # the language switch must be findable by a non-Chinese reader
        "language",  # "语言 / Language": the same switch's label
        "id",  # record numbers, as in "ID"
        "csv",  # a file format name
        "excel",  # ditto: the download buttons name the format people know (issue 10 §2)
        "geojson",  # ditto: the map's layer export
        "xlsx",  # ditto (the import page), and the program that writes it
        "mb",  # the import's size limit
        "wgs-84",  # coordinate systems, which have no Chinese names (exports, the import page)
        "gps",
        "gcj-02",
        "bd-09",
        "epsg",
        "km",  # the map's metric scale bar
        "m",  # ditto, and "m²"
        "m²",
        "yyyy",  # st.date_input's empty-field placeholder "YYYY/MM/DD": Streamlit 1.67
        "mm",  # offers no placeholder parameter and only Latin format letters
        "dd",
        "space",  # the big screen's pause button shows its keyboard shortcut as the key's
        # name, as printed on the key; st.button(shortcut=) has no label for it
    }
)
# Chinese an English page may show: the language switch.
ALLOWED_CJK_EN = frozenset({"中文", "语言"})

_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_²'’.\-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_KEYS = frozenset(_CATALOGUE)


def tokens(text: str) -> list[str]:
    """The Latin/number tokens of ``text`` as :func:`untranslated` sees them.

    Use it to allow data: the words of record names, usernames, codes.
    """
    return [t for m in _TOKEN.finditer(text) if (t := m.group(0).strip(".-'’"))]


def _is_identifier(token: str) -> bool:
    """snake_case (``changed_on``, ``e_dataset``) or a multi-word catalogue key."""
    core = token.strip("._-'’")
    return "_" in core and any(c.isalpha() for c in core)


def untranslated(text: str, lang: str, *, allow: Iterable[str] = ()) -> list[str]:
    """Tokens of ``text`` that do not belong on a page in ``lang`` (sorted, unique).

    Parameters
    ----------
    text : str
        Everything visible: page text, table cells, chart labels, map controls.
    lang : str
        ``"zh"`` or ``"en"``.
    allow : iterable of str
        Extra tokens the caller knows are data (usernames, credit codes ...),
        compared case-insensitively.
    """
    extra = {a.lower() for a in allow}
    text = text.replace("\u00a0", " ")
    found: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip(".-'’")
        if not token or token.lower() in extra:
            continue
        if _is_identifier(token):
            found.add(token)
            continue
        if lang != "zh" or token.lower() in ALLOWED_LATIN_ZH:
            continue
        # Codes, dates and numbers ("2026-07", "91310106MA1...", "3D") are not words.
        if any(c.isdigit() for c in token):
            continue
        found.add(token)
    if lang == "en":
        found |= {w for w in _CJK.findall(text) if w not in ALLOWED_CJK_EN and w not in extra}
    # A raw key that happens to be one lower-case word ("operating") on an English page.
    if lang == "en":
        found |= {t for t in (m.group(0) for m in _TOKEN.finditer(text)) if t in _KEYS and "_" in t}
    return sorted(found)
