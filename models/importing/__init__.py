"""Spreadsheet import (issue 10 §1): read, check, preview, apply all or nothing.

- :mod:`models.importing.reading`: .xlsx/.csv bytes to a header row and data rows.
- :mod:`models.importing.values`: cell parsers (dates, numbers, choices, coordinates).
- :mod:`models.importing.kinds`: one spec per importable kind (columns, key, plan).
- :mod:`models.importing.engine`: preview and apply through the service layer.
- :mod:`models.importing.templates`: templates and exports in the import format.

No Streamlit: the import page and ``manage.py import`` share all of it.
"""

from models.importing.engine import (
    ImportRejected,
    ImportResult,
    apply_import,
    preview_import,
    run_import,
)
from models.importing.reading import ImportRefused
from models.importing.registry import KINDS

__all__ = [
    "KINDS",
    "ImportRefused",
    "ImportRejected",
    "ImportResult",
    "apply_import",
    "preview_import",
    "run_import",
]
