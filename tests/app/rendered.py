"""What an AppTest run put on the page, as text, and the check that nothing failed.

Since every page runs inside ui.run_page, a crash no longer shows as ``at.exception``:
it becomes a short error box with a reference id. "The page works" therefore means no
exception element *and* no boundary message.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

# The boundary's messages (models/i18n.py: err_unexpected, err_db_unavailable).
FAILURE_MARKERS = ("参考编号", "reference:", "this reference")
DB_MESSAGE_ZH = "数据库暂时不可用，请稍后重试"


def rendered_text(at: AppTest) -> str:
    """Every element's protobuf text plus every table's cells, one block per element."""
    parts: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if getattr(node, "type", "") in ("dataframe", "table"):
            parts.append(node.value.to_string())  # type: ignore[union-attr]
    return "\n".join(parts)


def failures(at: AppTest) -> list[str]:
    """Exception elements and boundary messages on the page (empty when it worked)."""
    found = [str(e.value) for e in at.exception]
    found += [str(e.value) for e in at.error if any(m in str(e.value) for m in FAILURE_MARKERS)]
    return found


def assert_page_ok(at: AppTest, what: str = "") -> None:
    """Fail with the messages when the run raised or the error boundary caught something."""
    assert not failures(at), (what, failures(at))
