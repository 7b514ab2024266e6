"""Big-screen settings an administrator changes without touching code or the server.

Scenes (and their order), seconds per scene, seconds between live refreshes and the
carriers pinned to the spotlight are kept in the ``appmeta`` key/value table, one key
each, plus a version counter for the optimistic lock. Precedence on the wall:
the URL (``?scenes=&interval=&refresh=&spotlight=``) over the stored settings over the
environment (``SCREEN_SCENES`` ...). A save is an audited update of the pseudo-entity
``screen_settings`` and bumps the data version, so every wall picks it up on its next
live refresh without a reload. "Back to defaults" removes the stored values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sqlmodel import Session, col, select

from geo.selection import ascii_digits
from models.audit import AppMeta
from models.carrier import Carrier
from models.errors import Conflict, Problem, ValidationFailed, problem
from models.screen import (
    MAX_INTERVAL,
    MAX_REFRESH,
    MAX_SPOTLIGHT_IDS,
    SCENES,
    ScreenOptions,
    ids_of,
    parse_options,
    scenes_of,
)
from models.services.core import Actor, audit, meta_value, require, set_meta
from models.settings import Settings

ENTITY = "screen_settings"
KEYS = {
    "scenes": "screen_scenes",
    "interval": "screen_interval",
    "refresh": "screen_refresh",
    "spotlight": "screen_spotlight",
}
VERSION_KEY = "screen_settings_version"
# Slower than a soak's 1 s on purpose: a stored setting drives real walls all day.
MIN_INTERVAL, MIN_REFRESH = 5, 10


@dataclass(frozen=True)
class ScreenDefaults:
    """What a wall shows when its URL says nothing: stored values, else the environment's."""

    scenes: str
    interval: int
    refresh: int
    spotlight: str  # comma list of carrier ids, "" = automatic
    version: int  # of the stored settings; 0 = never saved
    stored: bool  # False: the environment's values


def _env(env: Settings, version: int) -> ScreenDefaults:
    return ScreenDefaults(
        scenes=env.screen_scenes,
        interval=env.screen_interval,
        refresh=env.screen_refresh,
        spotlight="",
        version=version,
        stored=False,
    )


def _version(session: Session) -> int:
    raw = meta_value(session, VERSION_KEY, "0")
    return int(raw) if ascii_digits(raw) else 0


def screen_defaults(session: Session, *, env: Settings) -> ScreenDefaults:
    """The stored settings, or the environment's when none are stored (or one is unusable)."""
    version = _version(session)
    values = {name: meta_value(session, key, "") for name, key in KEYS.items()}
    if not values["scenes"] or not all(ascii_digits(values[k]) for k in ("interval", "refresh")):
        return _env(env, version)
    return ScreenDefaults(
        scenes=values["scenes"],
        interval=int(values["interval"]),
        refresh=int(values["refresh"]),
        spotlight=values["spotlight"],
        version=version,
        stored=True,
    )


def screen_options(
    params: Mapping[str, str], stored: ScreenDefaults | None, *, env: Settings
) -> ScreenOptions:
    """The wall's options: URL ``params`` over ``stored`` settings over the environment.

    ``stored`` None (never read, e.g. the database was down from the start): the
    environment's values.
    """
    d = stored or _env(env, 0)
    return parse_options(
        params,
        default_scenes=d.scenes,
        default_interval=d.interval,
        default_refresh=d.refresh,
        default_spotlight=d.spotlight,
    )


def _check(
    session: Session, scenes: Sequence[str], interval: int, refresh: int, spotlight: Sequence[int]
) -> list[Problem]:
    problems = []
    if not scenes or any(s not in SCENES for s in scenes):
        problems.append(problem("scr_err_scenes", field="scr_scenes"))
    for name, value, low, high in (
        ("scr_interval", interval, MIN_INTERVAL, MAX_INTERVAL),
        ("scr_refresh", refresh, MIN_REFRESH, MAX_REFRESH),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(problem("scr_err_range", field=name, low=low, high=high))
    if len(spotlight) > MAX_SPOTLIGHT_IDS:
        problems.append(problem("scr_err_spot_many", field="scr_spotlight", n=MAX_SPOTLIGHT_IDS))
    elif spotlight:
        live = set(
            session.exec(
                select(Carrier.id).where(
                    col(Carrier.id).in_(list(spotlight)), col(Carrier.deleted_at).is_(None)
                )
            ).all()
        )
        missing = [str(i) for i in spotlight if i not in live]
        if missing:
            problems.append(
                problem("scr_err_spot_unknown", field="scr_spotlight", ids=", ".join(missing))
            )
    return problems


def _guard(session: Session, actor: Actor, expected_version: int) -> int:
    require(actor.is_admin, actor=actor, action="update", entity=ENTITY)
    current = _version(session)
    if current != expected_version:
        raise Conflict([problem("scr_err_conflict")])
    return current


def save_screen_settings(
    session: Session,
    *,
    actor: Actor,
    scenes: Sequence[str],
    interval: int,
    refresh: int,
    spotlight: Sequence[int] = (),
    expected_version: int,
    env: Settings,
    reason: str = "",
) -> ScreenDefaults:
    """Store the wall's settings (admins only), audited, against the version read.

    ``scenes`` in the order the wall shows them; ``spotlight`` the pinned carrier ids
    (empty: the automatic choice). Raises PermissionDenied, ValidationFailed (naming the
    field) or Conflict (someone saved in between); nothing is written then.
    """
    current = _guard(session, actor, expected_version)
    scenes = list(dict.fromkeys(scenes))
    spotlight = list(dict.fromkeys(spotlight))
    if problems := _check(session, scenes, interval, refresh, spotlight):
        raise ValidationFailed(problems)
    before = screen_defaults(session, env=env)
    after = ScreenDefaults(
        scenes=",".join(scenes_of(",".join(scenes))),
        interval=int(interval),
        refresh=int(refresh),
        spotlight=",".join(str(i) for i in ids_of(",".join(map(str, spotlight)))),
        version=current + 1,
        stored=True,
    )
    for name, key in KEYS.items():
        set_meta(session, key, str(getattr(after, name)))
    set_meta(session, VERSION_KEY, str(after.version))
    audit(
        session,
        actor=actor,
        action="update",
        entity=ENTITY,
        entity_id=None,
        before=asdict(before),
        after=asdict(after),
        reason=reason,
    )
    return after


def clear_screen_settings(
    session: Session, *, actor: Actor, expected_version: int, env: Settings, reason: str = ""
) -> ScreenDefaults:
    """Drop the stored settings (admins only): walls follow the environment again."""
    current = _guard(session, actor, expected_version)
    before = screen_defaults(session, env=env)
    for key in KEYS.values():
        row = session.get(AppMeta, key)
        if row is not None:
            session.delete(row)
    set_meta(session, VERSION_KEY, str(current + 1))
    after = _env(env, current + 1)
    audit(
        session,
        actor=actor,
        action="delete",
        entity=ENTITY,
        entity_id=None,
        before=asdict(before),
        after=asdict(after),
        reason=reason,
    )
    return after
