"""What a person sees on a page, and which stored words count as data, for the tours.

Shared by test_language_tour.py and test_page_tour.py: :func:`visible_text` collects the
page's text (SVG chart labels included), every data-grid cell and header (glide-data-grid
draws on a canvas; its accessibility table holds the same text) and, optionally, the
Leaflet map's own text; :func:`data_words` lists the tokens of names people typed, which
:func:`untranslated.untranslated` must let through in either language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from e2e_support import HOSTILE_NAME, leaflet_frame
from sqlalchemy import text
from untranslated import tokens

from models.db import get_engine
from models.display import SYSTEM_REASONS

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Names, usernames and reasons people typed are data, shown as typed in either language
# ("WeWork 威海路", the demo accounts, the carrier named like an attack in test_xss.py).
# Reasons the application writes itself (SYSTEM_REASONS) must be translated: not allowed.
_DATA_SQL = """
SELECT name_zh FROM carrier UNION SELECT operator FROM carrier UNION SELECT address FROM carrier
UNION SELECT name_zh FROM conversionproject UNION SELECT address FROM conversionproject
UNION SELECT name FROM tenant
UNION SELECT username FROM user UNION SELECT display_name FROM user
UNION SELECT reason FROM auditevent
UNION SELECT fund_name FROM supportgrant UNION SELECT fund_code FROM supportgrant
"""
# glide-data-grid draws a checkbox; only its accessibility text says "true"/"false".
_GRID_BOOLEANS = {"true", "false"}


def data_words(database_url: str) -> set[str]:
    """Tokens of stored names and addresses: Latin words, and Chinese runs for English
    pages (allowed: data is shown as it was entered, and the sample data has Chinese
    operators and addresses only)."""
    with get_engine(database_url).connect() as conn:
        names = [str(v) for (v,) in conn.execute(text(_DATA_SQL)) if v]
    names = [n for n in names if n not in SYSTEM_REASONS]
    names.append(HOSTILE_NAME)
    return {tok for name in names for tok in tokens(name)} | {
        run for name in names for run in re.findall(r"[\u3400-\u9fff]+", name)
    }


_GRID_CELLS = "[data-testid='stDataFrame'] table th, [data-testid='stDataFrame'] table td"

# Text nodes a person can see. Material icons are ligatures ("keyboard_arrow_right" is
# drawn as an arrow) and the skip link shows only on keyboard focus: both are left out.
# Data grids are read from their accessibility table (_GRID_CELLS), cell by cell.
_SEEN_TEXT_JS = """
(root) => {
  const skip = "[data-testid='stIconMaterial'], [data-testid='stSkipToContent'],"
    + " [data-testid='stDataFrame'], noscript, script, style";
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest(skip)) continue;
    const style = getComputedStyle(el);
    if (style.fontFamily.includes("Material")) continue;
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (!el.getClientRects().length) continue;
    out.push(node.textContent);
  }
  return out.join("\\n");
}
"""


def visible_text(page: Page, *, with_map: bool = False) -> str:
    """What a person sees: page text, grid cells and (optionally) the map's own text."""
    parts = [page.locator("[data-testid='stApp']").evaluate(_SEEN_TEXT_JS)]
    cells = page.locator(_GRID_CELLS).all_text_contents()
    parts += [c for c in cells if c.strip().lower() not in _GRID_BOOLEANS]
    if with_map:
        parts.append(leaflet_frame(page).locator("body").evaluate(_SEEN_TEXT_JS))
    return "\n".join(parts)
