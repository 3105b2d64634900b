"""Users and roles: admin (everything, users included), editor (reads and writes statuses,
events and decisions), viewer (reads). Passwords are hashed with argon2; session and API
tokens are random, shown once, and stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import InputError, NotFound, NotSignedIn, PermissionDenied
from .store import Store
from .store import accounts as db

ROLES = ("viewer", "editor", "admin")
SESSION_HOURS = 12


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def require(user: User | None, role: str, public_read: bool = False) -> None:
    """Raise PermissionDenied unless `user` has `role` (viewers may be anonymous when reading
    is public)."""
    if role == "viewer" and public_read:
        return
    if user is None:
        raise NotSignedIn("sign in first (or send an API token: Authorization: Bearer rt_...)")
    if not user.may(role):
        raise PermissionDenied(f"{user.name} is a {user.role}; this needs an {role} or more")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(store: Store, name: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise InputError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if not name.strip() or len(password) < 10:
        raise InputError("a user needs a name and a password of at least 10 characters")
    if db.user(store.engine, name):
        raise InputError(f"user {name} exists already")
    return User(db.add_user(store.engine, name, _hasher().hash(password), role), name, role)


def users(store: Store) -> list[dict[str, Any]]:
    return db.list_users(store.engine)


def disable(store: Store, name: str) -> None:
    """Disable a user: their sessions end and their API tokens are revoked."""
    if not db.set_disabled(store.engine, name, True):
        raise NotFound(f"no user {name}: see rightstrack users list")


def authenticate(store: Store, name: str, password: str) -> User | None:
    from argon2.exceptions import VerificationError

    row = db.user(store.engine, name)
    if row is None or row["disabled"]:
        _hasher().hash(password)  # the same work whether the user exists or not
        return None
    try:
        _hasher().verify(row["password_hash"], password)
    except VerificationError:
        return None
    return User(row["id"], row["name"], row["role"])


def new_session(store: Store, user: User) -> tuple[str, str]:
    """(session token, CSRF token) for a signed-in user."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
    db.add_session(store.engine, _hash(token), user.id, csrf, expires)
    return token, csrf


def session_user(store: Store, token: str | None) -> tuple[User, str] | None:
    """The user and CSRF token of a live session."""
    if not token:
        return None
    row = db.session(store.engine, _hash(token))
    if row is None or row["expires_at"] < datetime.now(UTC).isoformat(timespec="seconds"):
        return None
    found = _active(store, row["user_id"])
    return (found, row["csrf"]) if found else None


def end_session(store: Store, token: str | None) -> None:
    if token:
        db.end_session(store.engine, _hash(token))


def new_token(store: Store, name: str, label: str = "") -> tuple[int, str]:
    """(token id, token) for scripts; the token is shown once and only its hash is kept."""
    row = db.user(store.engine, name)
    if row is None or row["disabled"]:
        raise NotFound(f"no active user {name}: see rightstrack users list")
    token = "rt_" + secrets.token_urlsafe(32)
    return db.add_token(store.engine, row["id"], _hash(token), label), token


def token_user(store: Store, token: str) -> User | None:
    user_id = db.token_user(store.engine, _hash(token))
    return _active(store, user_id) if user_id else None


def revoke(store: Store, token_id: int) -> None:
    if not db.revoke_token(store.engine, token_id):
        raise NotFound(f"no live API token {token_id}")


def _active(store: Store, user_id: int) -> User | None:
    row = db.user(store.engine, user_id=user_id)
    return User(row["id"], row["name"], row["role"]) if row and not row["disabled"] else None
