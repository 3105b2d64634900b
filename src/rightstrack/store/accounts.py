"""SQL of users, sessions and API tokens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, update

from .schema import api_tokens, sessions, users
from .tracking import now


def add_user(engine: Engine, name: str, password_hash: str, role: str) -> int:
    with engine.begin() as conn:
        return conn.execute(users.insert().values(name=name, password_hash=password_hash, role=role, disabled=False,
                                                  created_at=now())).inserted_primary_key[0]


def user(engine: Engine, name: str | None = None, user_id: int | None = None) -> dict[str, Any] | None:
    where = users.c.name == name if name is not None else users.c.id == user_id
    with engine.connect() as conn:
        row = conn.execute(select(users).where(where)).first()
    return dict(row._mapping) if row else None


def list_users(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(
            users.c.id, users.c.name, users.c.role, users.c.disabled, users.c.created_at).order_by(users.c.name))]


def set_disabled(engine: Engine, name: str, disabled: bool) -> bool:
    with engine.begin() as conn:
        done = conn.execute(update(users).where(users.c.name == name).values(disabled=disabled)).rowcount > 0
        if done and disabled:
            ids = select(users.c.id).where(users.c.name == name).scalar_subquery()
            conn.execute(sessions.delete().where(sessions.c.user_id == ids))
            conn.execute(update(api_tokens).where(api_tokens.c.user_id == ids, api_tokens.c.revoked_at.is_(None))
                         .values(revoked_at=now()))
        return done


def add_session(engine: Engine, token_hash: str, user_id: int, csrf: str, expires_at: str) -> None:
    with engine.begin() as conn:
        conn.execute(sessions.insert().values(token_hash=token_hash, user_id=user_id, csrf=csrf,
                                              expires_at=expires_at))


def session(engine: Engine, token_hash: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.token_hash == token_hash)).first()
    return dict(row._mapping) if row else None


def end_session(engine: Engine, token_hash: str) -> None:
    with engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.token_hash == token_hash))


def add_token(engine: Engine, user_id: int, token_hash: str, label: str) -> int:
    with engine.begin() as conn:
        return conn.execute(api_tokens.insert().values(user_id=user_id, token_hash=token_hash, label=label,
                                                       created_at=now())).inserted_primary_key[0]


def token_user(engine: Engine, token_hash: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(api_tokens.c.user_id).where(api_tokens.c.token_hash == token_hash,
                                                               api_tokens.c.revoked_at.is_(None))).scalar()


def revoke_token(engine: Engine, token_id: int) -> bool:
    with engine.begin() as conn:
        return conn.execute(update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                            .values(revoked_at=now())).rowcount > 0
