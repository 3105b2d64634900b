"""The users page for admins: who may read, edit or administer, new users, disabling a
user, and API tokens for scripts (shown once, kept hashed)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from .. import accounts
from . import TEMPLATES, _json, allow, who
from .writes import _form, _writer


class UserIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=100)
    password: str = Field(..., min_length=10, description="at least 10 characters")
    role: Literal["viewer", "editor", "admin"] = "viewer"


class TokenIn(BaseModel):
    label: str = Field("", max_length=100)


def admin_routes(app: FastAPI) -> None:
    @app.get("/api/v1/users", summary="Users and their roles (admin)")
    def api_users(request: Request) -> Any:
        allow(request, "admin")
        return _json(request, accounts.users(request.app.state.store))

    @app.post("/api/v1/users", summary="Add a user (admin)")
    def api_add_user(request: Request, body: UserIn) -> Any:
        _writer(request, "admin")
        user = accounts.add_user(request.app.state.store, body.name, body.password, body.role)
        return _json(request, {"id": user.id, "name": user.name, "role": user.role})

    @app.post("/api/v1/users/{name}/disable", summary="Disable a user: sessions end, API tokens are revoked (admin)")
    def api_disable_user(request: Request, name: str) -> Any:
        _writer(request, "admin")
        accounts.disable(request.app.state.store, name)
        return _json(request, {"name": name, "disabled": True})

    @app.post("/api/v1/users/{name}/tokens", summary="A new API token for a user, shown this once (admin)")
    def api_new_token(request: Request, name: str, body: TokenIn) -> Any:
        _writer(request, "admin")
        token_id, token = accounts.new_token(request.app.state.store, name, body.label)
        return _json(request, {"name": name, "id": token_id, "token": token})

    @app.get("/users", include_in_schema=False)
    def users_page(request: Request) -> Response:
        return _page(request, None)

    @app.post("/users", include_in_schema=False)
    def add_user_form(request: Request, name: str = Form(...), password: str = Form(...), role: str = Form(...),
                      csrf: str = Form("")) -> Response:
        _writer(request, "admin", sent_csrf=csrf)
        body = _form(UserIn, name=name, password=password, role=role)
        accounts.add_user(request.app.state.store, body.name, body.password, body.role)
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{name}/disable", include_in_schema=False)
    def disable_form(request: Request, name: str, csrf: str = Form("")) -> Response:
        _writer(request, "admin", sent_csrf=csrf)
        accounts.disable(request.app.state.store, name)
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{name}/tokens", include_in_schema=False)
    def token_form(request: Request, name: str, label: str = Form(""), csrf: str = Form("")) -> Response:
        _writer(request, "admin", sent_csrf=csrf)
        token_id, token = accounts.new_token(request.app.state.store, name, label)
        return _page(request, {"name": name, "id": token_id, "token": token})


def _page(request: Request, token: dict[str, Any] | None) -> Response:
    user = allow(request, "admin")
    _, csrf = who(request)
    return TEMPLATES.TemplateResponse(request, "users.html", {
        "users": accounts.users(request.app.state.store), "csrf": csrf, "user": user, "token": token,
        "roles": accounts.ROLES})
