"""Edit forms that save only what the person changed, and survive other people's saves.

A form shows a record *as this person opened it* (a snapshot kept in the session with
its version), not the row as re-read on every rerun: before, widgets without a key were
rebuilt from the newer row under the person's hands (what they typed there vanished),
while keyed ones kept stale values that a second save wrote back over someone else's
change (attack QA, 2026-11-29). Now:

1. :func:`open_record` pins the snapshot when a record is opened (and drops it when
   another record is picked);
2. :func:`save_edits` sends only :func:`models.edits.edited_fields` against the version
   opened;
3. on a conflict, the person's edits are laid over the newer record and the form is
   drawn afresh under new widget keys (:func:`form_suffix`): untouched fields show
   the other person's values, edited ones the person's own, and a note names them.
   The next save sends those edits against the newer version.

:func:`stable_labels` keeps the picked record's label as it was when picked: a picker
whose selected label changes (someone renamed the record) falls back to its first
option, and the form silently became "new record" with the person's save ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

import ui
from geo.escape import escape_markdown
from models.edits import edited_fields

R = TypeVar("R")

_OPENED, _PENDING, _NOW, _NOTE, _LABELS, _GENERATION = (
    "_opened",
    "_pending_edits",
    "_open_now",
    "_edit_note",
    "_frozen_labels",
    "_form_generation",
)


def _state(name: str) -> dict[Any, Any]:
    store: dict[Any, Any] = st.session_state.setdefault(name, {})
    return store


def forget(kind: str, obj_id: int | None) -> None:
    """Drop the snapshot, pin and kept edits of one record."""
    _state(_OPENED).pop((kind, obj_id), None)
    _state(_PENDING).pop((kind, obj_id), None)
    if obj_id is not None:
        ui.unpin(kind, obj_id)


def open_record(kind: str, obj_id: int, current: Mapping[str, Any]) -> dict[str, Any]:
    """The record as this person opened it, with edits kept from a refused save on top.

    ``current`` is the row as read now: it becomes the snapshot when the record is
    opened (or re-opened after picking another one, or after a conflict).
    """
    now = _state(_NOW)
    if now.get(kind) != obj_id:  # another record picked: this one opens fresh
        forget(kind, now.get(kind))
        forget(kind, obj_id)
        now[kind] = obj_id
    opened = _state(_OPENED).setdefault((kind, obj_id), dict(current))
    ui.pinned_version(kind, obj_id, int(opened["version"]))  # the delete buttons use it
    return {**opened, **_state(_PENDING).get((kind, obj_id), {})}


def form_suffix(kind: str, obj_id: int) -> str:
    """The suffix of the record's form and widget keys: ``_<id>``, and a new one after
    each conflict, so the browser draws fresh widgets from the newer record."""
    generation = _state(_GENERATION).get((kind, obj_id), 0)
    return f"_{obj_id}" if generation == 0 else f"_{obj_id}_g{generation}"


def new_form_suffix(kind: str) -> str:
    """Key suffix of a form that starts empty (a new record, a move-in): "" at first,
    another one after each save (:func:`renew`)."""
    generation = _state(_GENERATION).get((kind, None), 0)
    return "" if generation == 0 else f"_g{generation}"


def renew(kind: str, obj_id: int | None = None) -> None:
    """Give a form new widget keys, so the browser draws it afresh.

    Clearing a form's keyed widgets on the server is not enough: the browser keeps what
    they showed and sends it back (QA: a saved firm's details, a move-in's area and a
    carrier change's date came back in the next entry).
    """
    _state(_GENERATION)[(kind, obj_id)] = _state(_GENERATION).get((kind, obj_id), 0) + 1


def show_note() -> None:
    """The message a conflict left before its rerun (called by the form's page)."""
    if note := st.session_state.pop(_NOTE, None):
        who, kept = note
        st.error(escape_markdown(who))  # "changed by admin at 10:21" (names are user input)
        st.warning(escape_markdown(kept))


def save_edits(
    fn: Callable[..., R],
    /,
    *,
    kind: str,
    obj_id: int,
    entered: Mapping[str, Any],
    also_reset: tuple[str, ...] = (),
    changes_arg: str = "changes",
    notice: Callable[[Mapping[str, Any]], str | None] | None = None,
    **kwargs: Any,
) -> None:
    """Save the fields changed since the record was opened, against its version then.

    Nothing changed: says so and writes nothing. After a conflict the form's widget
    keys change (:func:`form_suffix`), so it is drawn again from the newer record with
    the person's edits on it; ``also_reset`` names widgets outside the form that show
    the record, whose state is cleared instead. ``notice`` turns the saved changes into
    a message shown instead of a bare "saved" (None: the bare one).
    """
    opened = _state(_OPENED).get((kind, obj_id))
    if opened is None:  # not opened through open_record: nothing to compare with
        st.error(ui.tr("edit_reopen"))
        return
    changes = edited_fields(opened, entered)
    if not changes:
        st.info(ui.tr("edit_nothing"))
        return
    conflict: list[str] = []
    kwargs[changes_arg] = changes
    version = int(opened["version"])
    result = ui.save(fn, on_conflict_message=conflict.append, expected_version=version, **kwargs)
    if result is not None:
        forget(kind, obj_id)
        # Fresh widgets from the saved record: a date entered for this change must not
        # date the next one unseen (attack QA recheck).
        renew(kind, obj_id)
        if notice is not None and (message := notice(changes)):
            st.session_state["_flash"] = message
        st.rerun()
    if conflict:
        # Re-open on the newer row, the person's edits on top, and say which were kept.
        _state(_OPENED).pop((kind, obj_id), None)
        ui.unpin(kind, obj_id)
        _state(_PENDING)[(kind, obj_id)] = changes
        # New keys, not cleared state: the browser keeps what a form's keyed widget
        # showed when only the server forgets it (recheck QA: old values came back).
        _state(_GENERATION)[(kind, obj_id)] = _state(_GENERATION).get((kind, obj_id), 0) + 1
        for key in also_reset:
            st.session_state.pop(key, None)
        labels = ui.headers(changes)  # each field's name as forms and tables show it
        names = ui.join_list(labels[name] for name in changes)
        st.session_state[_NOTE] = (conflict[0], ui.tr("edit_conflict_kept", fields=names))
        st.rerun()


def stable_labels(key: str, labels: Mapping[int, str]) -> dict[int, str]:
    """``labels`` for a record picker, the picked record's label kept as when picked."""
    chosen = st.session_state.get(key)
    frozen = _state(_LABELS)
    if not isinstance(chosen, int) or chosen not in labels:
        frozen.pop(key, None)
        return dict(labels)
    if frozen.get(key, (None, ""))[0] != chosen:
        frozen[key] = (chosen, labels[chosen])
    return {**labels, chosen: frozen[key][1]}


def leave(kind: str) -> None:
    """The person picked "new": the record they had open is closed (nothing kept)."""
    forget(kind, _state(_NOW).pop(kind, None))


def gone_notice(kind: str, options: Mapping[int, str] | list[int]) -> None:
    """Say so when the record this person had open left their list (deleted, or moved
    out of their scope by someone else) instead of silently showing a blank form."""
    was = _state(_NOW).get(kind)
    if was is not None and was not in options:
        forget(kind, was)
        _state(_NOW).pop(kind, None)
        st.warning(ui.tr("edit_gone", id=was))
