"""The one write path: validation, permission, optimistic lock, audit — one transaction.

Every public function takes the session first and everything else by keyword, and never
commits: the caller's unit of work (:func:`models.db.session_scope`) commits or rolls back,
so a failure anywhere leaves nothing half-written.
"""

from models.services.core import SYSTEM, Actor

__all__ = ["SYSTEM", "Actor"]
