"""The web app and the REST API: one FastAPI application, server-rendered pages (no
JavaScript needed to read) and a JSON twin of every page under /api/v1, both built from the
same functions of `rightstrack.queries`.

Who may do what: viewers read (anyone, with the setting public_read), editors also write
statuses and decisions, admins also manage users. A browser signs in at /login and gets a
session cookie (HttpOnly, SameSite=Lax); every form it posts carries the session's CSRF
token. Scripts send an API token (`Authorization: Bearer rt_...`, from `rightstrack users
token`), which needs no CSRF token since no browser sends it by itself.

Documents are untrusted HTML: every text goes through Jinja2's autoescaping, and a strict
Content-Security-Policy forbids scripts and framing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import accounts, countries, instruments, queries, scorecards, themes
from ..errors import InputError, NotFound, NotSignedIn, PermissionDenied, RightsTrackError
from ..settings import Settings
from ..store import Store

SESSION_COOKIE = "rt_session"
LIMIT = Query(50, ge=1, le=500)
OFFSET = Query(0, ge=0, le=100_000_000)  # SQLite integers end at 2**63
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds HEADERS to every response: plain ASGI, because Starlette's BaseHTTPMiddleware
    costs about a millisecond per request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


@asynccontextmanager
async def _warm(app: FastAPI) -> AsyncIterator[None]:
    """Load the sentence encoder and the vector index before the first search rather than
    during it (seconds at 100,000 statements), in every server process."""
    from .. import embed, vectorindex

    encoder = embed.default()
    if vectorindex.warm(app.state.store, encoder.name).size:
        encoder.encode(["warm"])
    yield


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Rights Track", version="1", openapi_url="/api/v1/openapi.json", docs_url="/api/v1/docs",
                  redoc_url=None, lifespan=_warm)
    app.state.store = Store(settings.db_url)
    app.state.settings = settings

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RightsTrackError)
    async def errors(request: Request, exc: RightsTrackError) -> Response:
        status = (401 if isinstance(exc, NotSignedIn) else 403 if isinstance(exc, PermissionDenied)
                  else 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, InputError) else 500)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc), "status": status}, status_code=status)
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return TEMPLATES.TemplateResponse(request, "error.html", {"message": str(exc), "status": status},
                                          status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_errors(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "no such page: see /api/v1/docs for the API",
                   405: f"{request.method} is not allowed here: see /api/v1/docs"}.get(exc.status_code, str(exc.detail))
        if not request.url.path.startswith("/api/"):
            return TEMPLATES.TemplateResponse(request, "error.html", {"message": message, "status": exc.status_code},
                                              status_code=exc.status_code)
        return JSONResponse({"error": message, "status": exc.status_code}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        return JSONResponse({"error": f"the request is not valid ({where})", "status": 422}, status_code=422)

    _api_routes(app)
    _page_routes(app)
    from .admin import admin_routes
    from .uploads import upload_routes
    from .writes import write_routes

    write_routes(app)
    upload_routes(app)
    admin_routes(app)
    return app


def app_from_environment() -> FastAPI:
    """The app with settings from the environment: what each of `serve --processes N` runs."""
    from ..settings import load_settings

    return create_app(load_settings())


def who(request: Request) -> tuple[accounts.User | None, str | None]:
    """The signed-in user and, for a browser session, its CSRF token (None for API tokens)."""
    store = request.app.state.store
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = accounts.token_user(store, auth[7:].strip())
        if user is None:
            raise NotSignedIn("the API token is unknown or revoked: make one with rightstrack users token")
        return user, None
    found = accounts.session_user(store, request.cookies.get(SESSION_COOKIE))
    return found if found else (None, None)


def allow(request: Request, role: str) -> accounts.User | None:
    user, _ = who(request)
    accounts.require(user, role, public_read=role == "viewer" and request.app.state.settings.public_read)
    return user


def _json(request: Request, data: Any) -> Response:
    """JSON with an ETag: a client that sends it back gets 304 when nothing changed."""
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json", headers={"ETag": tag})


FACET_FILTER = {"kind": "kind", "language": "language", "themes": "theme", "countries": "country",
                "instruments": "instrument", "addressees": "addressee", "author": "author", "document": "document",
                "status": "status", "period": "period"}


TEMPLATES.env.globals["facet_filter"] = FACET_FILTER


def _label(request: Request, field: str, value: str) -> str:
    """What a facet value stands for, as its tooltip: a theme's name, an instrument's title,
    a country's name (in English; empty for other fields and unknown values)."""
    settings = request.app.state.settings
    if field == "themes":
        theme = themes.taxonomy(settings.taxonomy).get(value)
        return theme.name.get("en", "") if theme else ""
    if field == "instruments":
        entry = instruments.registry(settings.instruments).get(value)
        return entry.title if entry else ""
    if field == "countries":
        return countries.name(value, settings.countries)
    return ""


TEMPLATES.env.globals["label"] = _label
TEMPLATES.env.filters["combine"] = lambda a, b: {**a, **b}  # facet links keep the filters already chosen


def _filters(request: Request) -> dict[str, str]:
    """The search filters named in the query string."""
    return {name: value for name in FACET_FILTER.values() if (value := request.query_params.get(name))}


def _scope(presidency: str | None, document: str | None, addressee: str | None,
           theme: str | None) -> dict[str, str]:
    return {k: v for k, v in (("presidency", presidency), ("document", document), ("addressee", addressee),
                              ("theme", theme)) if v}


def _api_routes(app: FastAPI) -> None:
    @app.get("/api/v1/documents", summary="Documents with their statement counts (paginated)")
    def api_documents(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        return _json(request, queries.documents(request.app.state.store, limit, offset))

    @app.get("/api/v1/statements", summary="Statements of current documents: filters, sorting, pagination")
    def api_statements(request: Request, kind: str | None = None, language: str | None = None,
                       document: str | None = None, theme: str | None = None, country: str | None = None,
                       instrument: str | None = None, addressee: str | None = None,
                       sort: Literal["document", "date", "-date", "id"] = "document", limit: int = LIMIT,
                       offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        filters = {k: v for k, v in (("kind", kind), ("language", language), ("document", document),
                                     ("theme", theme), ("country", country), ("instrument", instrument),
                                     ("addressee", addressee)) if v}
        return _json(request, queries.statements(request.app.state.store, filters, sort, limit, offset))

    @app.get("/api/v1/facets", summary="Statement counts of the whole store by kind, language, theme, country, "
             "instrument and addressee")
    def api_facets(request: Request) -> Any:
        allow(request, "viewer")
        return _json(request, queries.facet_counts(request.app.state.store))

    @app.get("/api/v1/tags", summary="Tags with method, score, status and evidence (paginated)")
    def api_tags(request: Request, field: str | None = None, value: str | None = None, status: str | None = None,
                 method: str | None = None, statement: str | None = None, limit: int = LIMIT,
                 offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        filters = {k: v for k, v in (("field", field), ("value", value), ("status", status), ("method", method),
                                     ("statement", statement)) if v}
        return _json(request, queries.tags(request.app.state.store, filters, limit, offset))

    @app.get("/api/v1/links", summary="Links (versions, answers, recurrence, events) with score and evidence")
    def api_links(request: Request, kind: str | None = None, status: str | None = None, method: str | None = None,
                  source: str | None = None, target: str | None = None, limit: int = LIMIT,
                  offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        filters = {k: v for k, v in (("kind", kind), ("status", status), ("method", method), ("source_id", source),
                                     ("target_id", target)) if v}
        return _json(request, queries.links(request.app.state.store, filters, limit, offset))

    @app.get("/api/v1/statuses", summary="The audit log: status changes with their evidence, newest first")
    def api_statuses(request: Request, ask: str | None = None, status: str | None = None, limit: int = LIMIT,
                     offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        return _json(request, queries.statuses(request.app.state.store, ask, status, limit, offset))

    @app.get("/api/v1/events", summary="Instrument events: the registry's and those users entered")
    def api_events(request: Request, instrument: str | None = None) -> Any:
        allow(request, "viewer")
        return _json(request, queries.events(request.app.state.store, request.app.state.settings, instrument))

    @app.get("/api/v1/themes", summary="The theme taxonomy: names and descriptions by language, cues, mappings")
    def api_themes(request: Request) -> Any:
        allow(request, "viewer")
        return _json(request, queries.taxonomy(request.app.state.settings))

    @app.get("/api/v1/instruments", summary="The instrument registry: titles, identifiers, names, dated events")
    def api_instruments(request: Request) -> Any:
        allow(request, "viewer")
        return _json(request, queries.instruments(request.app.state.settings))

    @app.get("/api/v1/export", summary="The statements JSONL export (docs/export-format.md), streamed")
    def api_export(request: Request, all_versions: bool = False) -> Any:
        allow(request, "viewer")
        records = request.app.state.store.export_records(all_versions=all_versions)
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return StreamingResponse(lines, media_type="application/x-ndjson",
                                 headers={"Content-Disposition": 'attachment; filename="statements.jsonl"'})

    @app.get("/api/v1/documents/{ref}", summary="One document with its statements and versions")
    def api_document(request: Request, ref: str) -> Any:
        allow(request, "viewer")
        return _json(request, queries.document(request.app.state.store, ref))

    @app.get("/api/v1/statements/{statement_id}", summary="One statement with context, versions, tags, links, "
             "status history")
    def api_statement(request: Request, statement_id: str) -> Any:
        allow(request, "viewer")
        return _json(request, queries.statement(request.app.state.store, statement_id))

    @app.get("/api/v1/search", summary="Keyword and meaning search with facet counts")
    def api_search(request: Request, q: str = Query(..., min_length=1), kind: str | None = None,
                   theme: str | None = None, country: str | None = None, instrument: str | None = None,
                   addressee: str | None = None, language: str | None = None, document: str | None = None,
                   author: str | None = None, status: str | None = None, period: str | None = None,
                   limit: int = Query(20, ge=1, le=200)) -> Any:
        allow(request, "viewer")
        return _json(request, queries.search(request.app.state.store, q, limit, request.app.state.settings.presidencies,
                                             **_filters(request)))

    @app.get("/api/v1/reports", summary="A scorecard of one scope (presidency, document, addressee or theme)")
    def api_report(request: Request, presidency: str | None = None, document: str | None = None,
                   addressee: str | None = None, theme: str | None = None) -> Any:
        allow(request, "viewer")
        card = scorecards.scorecard(request.app.state.store, request.app.state.settings, presidency=presidency,
                                    document=document, addressee=addressee, theme=theme)
        return _json(request, {"title": card.title, "scope": card.scope, "rubric": card.rubric,
                               "data_date": card.data_date, "counts": card.counts, "agreement": card.agreement,
                               "asks": [vars(a) | {"change": vars(a.change) if a.change else None}
                                        for a in card.asks]})


def _page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = "") -> Any:
        allow(request, "viewer")
        chosen = _filters(request)
        results = queries.search(request.app.state.store, q, 20, request.app.state.settings.presidencies,
                                 **chosen) if q.strip() else None
        return TEMPLATES.TemplateResponse(request, "search.html", {"q": q, "results": results, "chosen": chosen})

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Any:
        allow(request, "viewer")
        return TEMPLATES.TemplateResponse(request, "documents.html",
                                          {"data": queries.documents(request.app.state.store, limit, offset)})

    @app.get("/documents/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, ref: str) -> Any:
        allow(request, "viewer")
        return TEMPLATES.TemplateResponse(request, "document.html",
                                          {"data": queries.document(request.app.state.store, ref)})

    @app.get("/statements/{statement_id}", response_class=HTMLResponse, include_in_schema=False)
    def statement_page(request: Request, statement_id: str) -> Any:
        allow(request, "viewer")
        user, csrf = who(request)
        return TEMPLATES.TemplateResponse(request, "statement.html", {
            "data": queries.statement(request.app.state.store, statement_id), "user": user, "csrf": csrf,
            "statuses": request.app.state.settings.status_list})

    @app.get("/reports", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, presidency: str | None = None, document: str | None = None,
                    addressee: str | None = None, theme: str | None = None) -> Any:
        allow(request, "viewer")
        scope = _scope(presidency, document, addressee, theme)
        card = scorecards.scorecard(request.app.state.store, request.app.state.settings, **scope)
        links = " · ".join(f'<a href="/reports/file?{urlencode(scope | {"format": f})}">{f.upper()}</a>'
                           for f in scorecards.FORMATS)
        bar = (f'<nav aria-label="Downloads" style="max-width:60rem;margin:1rem auto;padding:0 1rem">'
               f'<a href="/">Rights Track</a> · download: {links}</nav>')
        return HTMLResponse(scorecards.html_page(card).replace("<body>", "<body>" + bar, 1))

    @app.get("/reports/file", include_in_schema=False)
    def report_file(request: Request, format: str = "pdf", presidency: str | None = None,
                    document: str | None = None, addressee: str | None = None, theme: str | None = None) -> Any:
        allow(request, "viewer")
        scope = _scope(presidency, document, addressee, theme)
        card = scorecards.scorecard(request.app.state.store, request.app.state.settings, **scope)
        data = scorecards.render(card, format)
        name = "scorecard-" + "-".join(v for v in scope.values() if v).replace("/", "_")[:60] + f".{format}"
        types = {"md": "text/markdown", "html": "text/html", "pdf": "application/pdf", "csv": "text/csv",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        return Response(data if isinstance(data, bytes) else data.encode("utf-8"), media_type=types[format],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
