"""Signing in and out, and every route that changes something: each checks the role, and a
browser's request also its CSRF token."""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from dataclasses import asdict
from typing import Any, Literal, TypeVar

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from .. import accounts, review, track
from ..errors import InputError, PermissionDenied
from ..model import Evidence
from . import SESSION_COOKIE, TEMPLATES, _json, allow, who

LOGIN_CSRF = "rt_login_csrf"
ATTEMPTS, WINDOW = 5, 300.0  # failed sign-ins allowed per client and name, per this many seconds


class EvidenceIn(BaseModel):
    event: str | None = Field(None, description="an instrument event id, event:...")
    document: str | None = Field(None, description="a stored document (id or source) that holds the quote")
    url: str | None = Field(None, description="a web page that holds the quote")
    quote: str | None = None


class StatusIn(BaseModel):
    status: str
    evidence: list[EvidenceIn]
    note: str = ""
    confidence: str = "medium"
    date: str | None = None
    coder: str | None = None


class ReviewIn(BaseModel):
    keys: list[str] = Field(..., description="items from GET /api/v1/review: suggestion:..., tag:..., link:...")
    accept: bool
    test_run: bool = Field(False, description="only show what a sample would become; write nothing")


class TagDecisionIn(BaseModel):
    field: Literal["themes", "countries", "instruments", "addressees", "authors", "action"]
    value: str = Field(..., min_length=1, max_length=64, description="a theme id, ISO code, instrument or actor id")
    decision: Literal["confirmed", "rejected"] = Field(..., description="confirmed also adds a tag that was missing")


class LinkDecisionIn(BaseModel):
    source: str = Field(..., description="a statement id")
    target: str = Field(..., description="another statement id")
    kind: Literal["related", "equivalent", "recurrence"] = "related"
    decision: Literal["confirmed", "rejected"]


class EventIn(BaseModel):
    instrument: str
    type: str
    date: str
    source: str
    note: str = ""


def check_csrf(request: Request, sent: str | None) -> None:
    """A browser session must send its CSRF token with every write; API tokens need none."""
    _, csrf = who(request)
    if csrf is not None and not (sent and secrets.compare_digest(sent, csrf)):
        raise PermissionDenied("the form is stale or forged (CSRF token missing or wrong): reload the page")


def _writer(request: Request, role: str = "editor", sent_csrf: str | None = None) -> accounts.User:
    user = allow(request, role)
    assert user is not None  # allow() lets no anonymous writer through
    check_csrf(request, sent_csrf or request.headers.get("x-csrf-token"))
    return user


M = TypeVar("M", bound=BaseModel)


def _form(model: type[M], **values: str) -> M:
    """A form's fields checked as the API checks its JSON body."""
    try:
        return model(**values)
    except ValidationError as exc:
        raise InputError("; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
                                   for e in exc.errors()[:5])) from exc


def _evidence(request: Request, items: list[EvidenceIn]) -> list[Evidence]:
    store, settings = request.app.state.store, request.app.state.settings
    return [track.evidence(store, settings, e.event or e.url or e.document or "", e.quote) for e in items]


def write_routes(app: FastAPI) -> None:
    failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> Response:
        token = secrets.token_urlsafe(24)
        page = TEMPLATES.TemplateResponse(request, "login.html", {"csrf": token, "next": next, "error": None})
        page.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict")
        return page

    @app.post("/login", include_in_schema=False)
    def login(request: Request, name: str = Form(...), password: str = Form(...), csrf: str = Form(""),
              next: str = Form("/")) -> Response:
        if not secrets.compare_digest(csrf, request.cookies.get(LOGIN_CSRF, "")):
            raise PermissionDenied("the sign-in form is stale or forged: reload it")
        key = (request.client.host if request.client else "?", name)
        recent = failures[key]
        while recent and recent[0] < time.monotonic() - WINDOW:
            recent.popleft()
        if len(recent) >= ATTEMPTS:
            return Response("Too many failed sign-ins: wait five minutes.", status_code=429)
        user = accounts.authenticate(request.app.state.store, name, password)
        if user is None:
            recent.append(time.monotonic())
            return TEMPLATES.TemplateResponse(request, "login.html", {"csrf": csrf, "next": next,
                                              "error": "Wrong name or password."}, status_code=401)
        token, _ = accounts.new_session(request.app.state.store, user)
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", max_age=accounts.SESSION_HOURS * 3600)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        accounts.end_session(request.app.state.store, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.post("/api/v1/statements/{statement_id}/status", summary="Record a status for the ask (editor)")
    def api_status(request: Request, statement_id: str, body: StatusIn) -> Any:
        user = _writer(request)
        track.ask_of(request.app.state.store, statement_id)  # before any evidence is fetched
        change = track.set_status(request.app.state.store, request.app.state.settings, statement_id, body.status,
                                  user.name, _evidence(request, body.evidence), body.note, body.confidence,
                                  body.date, coder=body.coder)
        return _json(request, asdict(change))

    @app.post("/statements/{statement_id}/status", include_in_schema=False)
    def page_status(request: Request, statement_id: str, status: str = Form(...), evidence: str = Form(""),
                    quote: str = Form(""), note: str = Form(""), confidence: str = Form("medium"),
                    csrf: str = Form("")) -> Response:
        user = _writer(request, sent_csrf=csrf)
        store, settings = request.app.state.store, request.app.state.settings
        track.ask_of(store, statement_id)
        proof = [track.evidence(store, settings, evidence, quote)] if evidence else []
        track.set_status(store, settings, statement_id, status, user.name, proof, note, confidence)
        return RedirectResponse(f"/statements/{statement_id}", status_code=303)

    @app.post("/api/v1/suggestions/{suggestion_id}/{decision}", summary="Accept or reject a suggested status")
    def api_decide(request: Request, suggestion_id: int, decision: str) -> Any:
        user = _writer(request)
        if decision not in ("accept", "reject"):
            raise InputError("decide with /accept or /reject")
        change = track.decide(request.app.state.store, request.app.state.settings, suggestion_id,
                              decision == "accept", user.name)
        return _json(request, {"suggestion": suggestion_id, "decision": decision,
                               "change": asdict(change) if change else None})

    @app.post("/api/v1/statements/{statement_id}/tags", summary="Confirm, add or reject a tag (editor); "
              "re-runs of the tagger keep the decision")
    def api_tag(request: Request, statement_id: str, body: TagDecisionIn) -> Any:
        user = _writer(request)
        request.app.state.store.decide_tag(statement_id, body.field, body.value, body.decision, user.name)
        return _json(request, {"statement": statement_id, **body.model_dump(), "by": user.name})

    @app.post("/statements/{statement_id}/tags", include_in_schema=False)
    def page_tag(request: Request, statement_id: str, field: str = Form(...), value: str = Form(...),
                 decision: str = Form(...), csrf: str = Form("")) -> Response:
        user = _writer(request, sent_csrf=csrf)
        body = _form(TagDecisionIn, field=field, value=value, decision=decision)
        request.app.state.store.decide_tag(statement_id, body.field, body.value, body.decision, user.name)
        return RedirectResponse(f"/statements/{statement_id}", status_code=303)

    @app.post("/api/v1/links", summary="Confirm, add or reject a link between two statements (editor)")
    def api_link(request: Request, body: LinkDecisionIn) -> Any:
        user = _writer(request)
        request.app.state.store.decide_link(body.source, body.target, body.kind, body.decision, user.name)
        return _json(request, {**body.model_dump(), "by": user.name})

    @app.post("/statements/{statement_id}/links", include_in_schema=False)
    def page_link(request: Request, statement_id: str, target: str = Form(...), kind: str = Form("related"),
                  decision: str = Form(...), csrf: str = Form("")) -> Response:
        user = _writer(request, sent_csrf=csrf)
        body = _form(LinkDecisionIn, source=statement_id, target=target, kind=kind, decision=decision)
        request.app.state.store.decide_link(body.source, body.target, body.kind, body.decision, user.name)
        return RedirectResponse(f"/statements/{statement_id}", status_code=303)

    @app.post("/api/v1/events", summary="Record an instrument event (editor)")
    def api_event(request: Request, body: EventIn) -> Any:
        user = _writer(request)
        return _json(request, track.add_event(request.app.state.store, request.app.state.settings, body.instrument,
                                              body.type, body.date, body.source, user.name, body.note))

    @app.get("/api/v1/review", summary="The review queue: suggested statuses, doubtful tags, answers (editor)")
    def api_review(request: Request) -> Any:
        allow(request, "editor")
        return _json(request, review.queue(request.app.state.store))

    @app.post("/api/v1/review", summary="Accept or reject review items, or test-run the decision on a sample")
    def api_review_decide(request: Request, body: ReviewIn) -> Any:
        user = _writer(request)
        return _json(request, review.decide(request.app.state.store, request.app.state.settings, body.keys,
                                            body.accept, user.name, body.test_run))

    @app.get("/review", include_in_schema=False)
    def review_page(request: Request) -> Response:
        user = allow(request, "editor")
        _, csrf = who(request)
        return TEMPLATES.TemplateResponse(request, "review.html", {
            "queue": review.queue(request.app.state.store), "csrf": csrf, "user": user, "result": None})

    @app.post("/review", include_in_schema=False)
    async def review_decide(request: Request) -> Response:
        form = await request.form()
        user = _writer(request, sent_csrf=str(form.get("csrf", "")))
        result = review.decide(request.app.state.store, request.app.state.settings,
                               [str(k) for k in form.getlist("key")], form.get("decision") == "accept", user.name,
                               test_run=form.get("test_run") == "1")
        _, csrf = who(request)
        return TEMPLATES.TemplateResponse(request, "review.html", {
            "queue": review.queue(request.app.state.store), "csrf": csrf, "user": user, "result": result})

