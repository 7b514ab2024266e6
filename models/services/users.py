"""Users: creation, password hashing (argon2), throttled login, login sessions, scopes.

Login throttling (issue 7 §5)
-----------------------------
Every guess is *reserved* before its password is checked: one atomic
``UPDATE user SET failed_logins = failed_logins + 1 ... RETURNING`` that matches only
when the account is not waiting out a delay. The statement that hands out the
``max_failed_logins``-th guess (or any later one) also sets ``locked_until`` in the same
row update, so parallel guesses queue on the row lock and find the account closed: in any
window no more than the limit of guesses is ever password-checked, on SQLite (≥ 3.35)
and PostgreSQL alike. A correct password resets the count.

We prefer a growing delay to a hard lock: after the limit, each further guess must wait
2, 4, 8 ... seconds (doubling per failure), capped at ``lockout_minutes``. Anyone can
still slow an account down by guessing, but nobody can shut the admin out for a fixed
quarter of an hour with five requests. The same rule applies per client address
(``ClientThrottle``, in memory per app process) with a larger limit, since an office may
share one address.

Unknown, inactive and throttled accounts answer exactly like a wrong password: the same
single message, after one argon2 verification (against a dummy hash), so neither the text
nor the timing tells which accounts exist or are being throttled.

Login sessions
--------------
A login is kept across reloads by a cookie ``<token>.<expiry>.<HMAC>``: the HMAC
(SHA-256, key from :func:`session_secret`) makes a forged or altered cookie fail without
a database lookup; the server keeps only a SHA-256 of the random token in
``login_session``, so deleting the row on logout revokes the cookie even before it
expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, case, delete, insert, literal, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from models.audit import AppMeta
from models.enums import Role
from models.errors import PermissionDenied, Problem, ValidationFailed, problem
from models.services.core import Actor, audit, require, snapshot
from models.services.location import unknown_zone_codes
from models.settings import get_settings
from models.user import LoginSession, User, UserScope

ENTITY = "user"
_HASHER = PasswordHasher()
# Verified against for unknown and throttled accounts, so every refusal costs one argon2
# verification, like a wrong password does.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
MAX_USERNAME = 64
MAX_DISPLAY_NAME = 200
# Lower-case ASCII letters, digits, ".", "_", "-"; and "@", so that single sign-on
# identities given as e-mail addresses can be registered.
USERNAME_RE = re.compile(r"[a-z0-9._@-]{1,64}")
RESERVED_USERNAMES = frozenset({"system"})
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
COOKIE_NAME = "jingan_login"
SECRET_META_KEY = "session_secret"
_MAX_COOKIE = 300


# ------------------------------------------------------------------------ validation


def hash_password(password: str) -> str:
    """The argon2 hash stored for a password."""
    return _HASHER.hash(password)


def normalise_username(raw: str) -> str:
    """NFKC, trimmed, lower-case: ``Ａｄｍｉｎ`` and ``Admin`` both become ``admin``."""
    return unicodedata.normalize("NFKC", raw).strip().lower()


def username_problems(name: str) -> list[Problem]:
    """Problems of an already normalised username (empty list when it is valid)."""
    if "\x00" in name:
        return [problem("err_username_nul")]
    if not name:
        return [problem("err_required", field="username")]
    if not USERNAME_RE.fullmatch(name):
        # Also catches look-alikes such as Cyrillic "аdmin": only ASCII is allowed.
        return [problem("err_username_chars", max=MAX_USERNAME)]
    if name in RESERVED_USERNAMES:
        # The audit trail shows "system" as 系统 (seed, migrations): a person using the
        # name would pass for the machine.
        return [problem("err_username_reserved", value=name)]
    return []


def password_problems(password: str) -> list[Problem]:
    """A password needs ≥ 10 characters, not all whitespace, and no NUL byte."""
    if "\x00" in password:
        return [problem("err_password_nul")]
    if len(password) < MIN_PASSWORD:
        return [problem("err_password_short")]
    if not password.strip():
        return [problem("err_password_blank")]
    if len(password) > MAX_PASSWORD:
        return [problem("err_password_long", max=MAX_PASSWORD)]
    return []


def display_name_problems(name: str) -> list[Problem]:
    # Control characters, and bidi overrides that make "admin" read as "nimda" (recheck QA).
    if len(name) > MAX_DISPLAY_NAME or any(
        unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in name
    ):
        return [problem("err_display_name_invalid", max=MAX_DISPLAY_NAME)]
    return []


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    zone_codes: Iterable[str] = (),
    carrier_ids: Iterable[int] = (),
    reason: str = "",
) -> User:
    """Create a user (admin only); the password is stored as an argon2 hash."""
    require(actor.is_admin, actor=actor, action="create", entity=ENTITY)
    username = normalise_username(username)
    display_name = display_name.strip()
    problems = username_problems(username)
    # Names are stored normalised, so "Admin" or "ａｄｍｉｎ" meet the stored "admin" here.
    if not problems and session.exec(select(User).where(User.username == username)).first():
        problems.append(problem("err_username_taken", value=username))
    problems = password_problems(password) + problems + display_name_problems(display_name)
    zone_codes, carrier_ids = list(zone_codes), list(carrier_ids)
    problems += unknown_zone_codes(session, zone_codes)  # no scope on a mistyped zone
    # A manager with neither a zone nor a carrier could edit nothing (attack QA saved
    # one): refused, so the admin sees the missing scope instead of a useless account.
    if Role(role) == Role.MANAGER and not zone_codes and not carrier_ids:
        problems.append(problem("err_manager_no_scope"))
    if problems:
        raise ValidationFailed(problems)
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=Role(role),
    )
    session.add(user)
    session.flush()
    for code in zone_codes:
        session.add(UserScope(user_id=user.id, zone_code=code))  # type: ignore[arg-type]
    for cid in carrier_ids:
        session.add(UserScope(user_id=user.id, carrier_id=cid))  # type: ignore[arg-type]
    session.flush()
    after = snapshot(user) | {
        "zones": sorted(zone_codes),
        "carriers": sorted(carrier_ids),
    }
    audit(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=user.id,
        after=after,
        reason=reason,
    )
    return user


def actor_for(session: Session, user: User) -> Actor:
    """The Actor (role and scope) of a stored user."""
    scopes = session.exec(select(UserScope).where(UserScope.user_id == user.id)).all()
    return Actor(
        username=user.username,
        role=Role(user.role),
        zone_codes=frozenset(s.zone_code for s in scopes if s.zone_code),
        carrier_ids=frozenset(s.carrier_id for s in scopes if s.carrier_id is not None),
    )


# -------------------------------------------------------------------------- throttle


def guess_delay(failures: int, *, limit: int, cap_minutes: int) -> timedelta | None:
    """How long the account waits after reserving guess number ``failures``.

    None below the limit; from the limit on 2, 4, 8 ... seconds, capped at the lockout.
    """
    if failures < limit:
        return None
    seconds = 2 ** min(failures - limit + 1, 30)
    return timedelta(seconds=min(seconds, cap_minutes * 60))


@dataclass
class _ClientState:
    failures: int = 0
    until: datetime | None = None
    last: datetime | None = None


class ClientThrottle:
    """The growing delay per client address, in this process's memory.

    Reserve-before-check under a lock, like the per-account counter. An address quiet
    for longer than the cap starts over; at most ``max_clients`` addresses are kept.
    """

    def __init__(self, max_clients: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._state: OrderedDict[str, _ClientState] = OrderedDict()
        self._max = max_clients

    def reserve(self, client: str, *, now: datetime) -> bool:
        """Count one guess for ``client``; False when it must wait first."""
        settings = get_settings()
        limit = settings.max_failed_logins_per_client
        cap = settings.lockout_minutes
        if limit <= 0:
            return True  # turned off (e.g. behind a proxy that hides client addresses)
        with self._lock:
            state = self._state.pop(client, None) or _ClientState()
            if state.last is not None and now - state.last > timedelta(minutes=cap):
                state = _ClientState()
            self._state[client] = state
            while len(self._state) > self._max:
                self._state.popitem(last=False)
            if state.until is not None and state.until > now:
                return False
            state.failures += 1
            state.last = now
            delay = guess_delay(state.failures, limit=limit, cap_minutes=cap)
            state.until = now + delay if delay else None
            return True

    def refund(self, client: str) -> None:
        """A correct password: the reserved guess does not count against the client."""
        with self._lock:
            state = self._state.get(client)
            if state is not None and state.failures > 0:
                state.failures -= 1
                state.until = None

    def clear(self) -> None:
        """Forget every client (tests)."""
        with self._lock:
            self._state.clear()


CLIENTS = ClientThrottle()


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def _reserve_guess(engine: Engine, *, username: str, now: datetime) -> tuple[int, str] | None:
    """Atomically count one guess against an account before its password is checked.

    Returns (user id, password hash) when the guess may be checked; None for an unknown,
    inactive or throttled account. Runs in its own committed transaction: the count must
    survive the refusal, whatever the caller's unit of work does.
    """
    settings = get_settings()
    limit, cap = settings.max_failed_logins, settings.lockout_minutes
    table = User.__table__  # type: ignore[attr-defined]
    # Closed until the precise delay is set below, in the same transaction; a process
    # dying in between leaves the (safe) longest delay.
    closed = literal(now + timedelta(minutes=cap), UTCDateTime())
    reserve = (
        update(table)
        .where(
            table.c.username == username,
            table.c.is_active.is_(True),
            or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        )
        # SET sees the old row: failed_logins + 1 is the number of this guess.
        .values(
            failed_logins=table.c.failed_logins + 1,
            locked_until=case(
                (table.c.failed_logins + 1 >= limit, closed), else_=table.c.locked_until
            ),
        )
        .returning(table.c.id, table.c.failed_logins, table.c.password_hash)
    )
    with engine.begin() as conn:
        row = conn.execute(reserve).first()
        if row is None:
            return None
        user_id, failures, password_hash = int(row[0]), int(row[1]), str(row[2])
        delay = guess_delay(failures, limit=limit, cap_minutes=cap)
        if delay is not None:
            conn.execute(
                update(table).where(table.c.id == user_id).values(locked_until=now + delay)
            )
    return user_id, password_hash


def _verify(password_hash: str, password: str) -> bool:
    if not password_hash.startswith("$argon2"):
        # No usable hash (e.g. a single-sign-on-only account): spend the same time anyway.
        password_hash, password = _DUMMY_HASH, password + "\x01"
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    now: datetime,
    client: str | None = None,
) -> Actor:
    """Check a password under the per-account (and per-client) growing delay.

    Every refusal is the same PermissionDenied("err_login_generic") after one argon2
    verification. The guess counters are written in their own transactions (committed
    at once), so a refusal cannot roll them back.
    """
    name = normalise_username(username)
    engine = _engine_of(session)
    reserved: tuple[int, str] | None = None
    # A malformed name (NUL byte included, which PostgreSQL would reject) cannot belong
    # to an account: refuse it like an unknown one, without asking the database.
    if not username_problems(name) and (client is None or CLIENTS.reserve(client, now=now)):
        reserved = _reserve_guess(engine, username=name, now=now)
    if reserved is None:
        _verify(_DUMMY_HASH, password)
        raise PermissionDenied([problem("err_login_generic")])
    user_id, password_hash = reserved
    if not _verify(password_hash, password):
        raise PermissionDenied([problem("err_login_generic")])
    table = User.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(
            update(table).where(table.c.id == user_id).values(failed_logins=0, locked_until=None)
        )
    if client is not None:
        CLIENTS.refund(client)
    user = session.get(User, user_id, populate_existing=True)
    assert user is not None  # reserved a moment ago; users are never deleted
    return actor_for(session, user)


def actor_for_username(session: Session, *, username: str) -> Actor | None:
    """The Actor of an active stored user (single sign-on maps identities by username)."""
    name = normalise_username(username)
    if "\x00" in name:
        return None
    user = session.exec(select(User).where(User.username == name)).first()
    return actor_for(session, user) if user is not None and user.is_active else None


# -------------------------------------------------------------------- login sessions

_SECRETS: dict[str, bytes] = {}
_SECRETS_LOCK = threading.Lock()


def session_secret(session: Session) -> bytes:
    """The cookie-signing key: SESSION_SECRET, or one generated once and kept in appmeta.

    Every app process on the same database reads the same generated key, so a cookie
    signed by one process is accepted by the others.
    """
    configured = get_settings().session_secret
    if configured is not None:
        return configured.get_secret_value().encode()
    engine = _engine_of(session)
    key = engine.url.render_as_string(hide_password=False)
    with _SECRETS_LOCK:
        if key not in _SECRETS:
            _SECRETS[key] = _stored_secret(engine).encode()
        return _SECRETS[key]


def _stored_secret(engine: Engine) -> str:
    table = AppMeta.__table__  # type: ignore[attr-defined]
    query = table.select().where(table.c.key == SECRET_META_KEY)
    with engine.begin() as conn:
        row = conn.execute(query).first()
        if row is not None:
            return str(row.value)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(key=SECRET_META_KEY, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process generated it first: use theirs
    with engine.begin() as conn:
        return str(conn.execute(query).one().value)


def _sign(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_login_session(session: Session, *, username: str, now: datetime) -> tuple[str, datetime]:
    """Store a new login session for ``username``; returns (cookie value, expiry).

    Expired sessions of every user are swept out on the way.
    """
    # The key first: generating it writes through another connection, which must not wait
    # on this session's own write lock (SQLite).
    secret = session_secret(session)
    user = session.exec(select(User).where(User.username == normalise_username(username))).one()
    expires = now + timedelta(minutes=get_settings().session_minutes)
    token = secrets.token_urlsafe(32)
    session.exec(delete(LoginSession).where(col(LoginSession.expires_at) < now))
    session.add(
        LoginSession(
            token_hash=_token_hash(token),
            user_id=user.id,  # type: ignore[arg-type]
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    payload = f"{token}.{int(expires.timestamp())}"
    return f"{payload}.{_sign(secret, payload)}", expires


def _token_of(session: Session, cookie: str, now: datetime) -> tuple[str, datetime] | None:
    """The token and expiry of a well-formed, correctly signed, unexpired cookie."""
    if not cookie or len(cookie) > _MAX_COOKIE or not cookie.isascii():
        return None
    parts = cookie.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, expiry, signature = parts
    if not hmac.compare_digest(_sign(session_secret(session), f"{token}.{expiry}"), signature):
        return None
    expires = datetime.fromtimestamp(int(expiry), UTC)
    return (token, expires) if expires > now else None


def resume_login_session(
    session: Session, *, cookie: str, now: datetime
) -> tuple[Actor, datetime] | None:
    """The actor and expiry of a valid, unrevoked login cookie; None otherwise."""
    parsed = _token_of(session, cookie, now)
    if parsed is None:
        return None
    token, expires = parsed
    stored = session.get(LoginSession, _token_hash(token))
    if stored is None or stored.expires_at <= now:
        return None
    user = session.get(User, stored.user_id)
    if user is None or not user.is_active:
        return None
    return actor_for(session, user), min(expires, stored.expires_at)


def end_login_session(session: Session, *, cookie: str) -> None:
    """Revoke the login session a cookie names (logout); unknown cookies are ignored."""
    parsed = _token_of(session, cookie, datetime.min.replace(tzinfo=UTC))
    if parsed is not None:
        session.exec(
            delete(LoginSession).where(col(LoginSession.token_hash) == _token_hash(parsed[0]))
        )
