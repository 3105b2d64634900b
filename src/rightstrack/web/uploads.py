"""The ingest page: files uploaded through the browser (type and size checked) and URLs,
each with its own result line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import platformdirs
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from .. import ingest
from ..readers import EXTENSIONS
from ..settings import Settings
from . import TEMPLATES, _json, allow, who
from .writes import _writer


def upload_folder(settings: Settings) -> Path:
    """Uploads are kept beside a SQLite database (else in the user data folder), named by
    their content, so the same file uploaded twice is the same document."""
    if settings.db_url.startswith("sqlite:///") and ":memory:" not in settings.db_url:
        return Path(settings.db_url.removeprefix("sqlite:///")).expanduser().parent / "uploads"
    return Path(platformdirs.user_data_dir("rightstrack")) / "uploads"


async def _save(upload: UploadFile, settings: Settings) -> tuple[str | None, dict[str, Any] | None]:
    """(path, None) for an accepted upload, (None, failed outcome) otherwise."""
    name = re.sub(r"[^\w.-]+", "_", Path(upload.filename or "upload").name)[:120] or "upload"
    if Path(name).suffix.lower() not in EXTENSIONS:
        return None, {"source": name, "status": "failed",
                      "error": f"{name}: not a supported type (use {', '.join(sorted(EXTENSIONS))})"}
    data = await upload.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        return None, {"source": name, "status": "failed",
                      "error": f"{name}: over the limit of {settings.max_bytes:,} bytes (setting max_bytes)"}
    folder = upload_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{name}"
    path.write_bytes(data)
    return str(path), None


def upload_routes(app: FastAPI) -> None:
    @app.get("/ingest", include_in_schema=False)
    def ingest_page(request: Request) -> Response:
        user = allow(request, "editor")  # the form is for editors; others are sent to sign in
        _, csrf = who(request)
        return TEMPLATES.TemplateResponse(request, "ingest.html", {"csrf": csrf, "user": user, "outcomes": None})

    @app.post("/ingest", include_in_schema=False)
    async def ingest_form(request: Request) -> Response:
        outcomes = await _ingest(request)
        _, csrf = who(request)
        return TEMPLATES.TemplateResponse(request, "ingest.html", {"csrf": csrf, "outcomes": outcomes,
                                                                   "user": None})

    @app.post("/api/v1/ingest", summary="Ingest uploaded files (multipart `files`) and URLs (`urls`, one per line)")
    async def ingest_api(request: Request) -> Any:
        return _json(request, {"outcomes": await _ingest(request)})



async def _ingest(request: Request) -> list[dict[str, Any]]:
    form = await request.form()
    _writer(request, sent_csrf=str(form.get("csrf", "")) or None)
    settings, store = request.app.state.settings, request.app.state.store
    inputs, failed = [], []
    for upload in form.getlist("files"):
        if isinstance(upload, UploadFile) and upload.filename:
            path, outcome = await _save(upload, settings)
            (inputs.append(path) if path else failed.append(outcome))
    inputs += [u.strip() for u in str(form.get("urls", "")).splitlines() if u.strip()]
    summary = ingest(inputs, store=store, settings=settings) if inputs else None
    done = [{"source": o.source, "status": o.status, "document": o.document_id, "recommendations": o.recommendations,
             "commitments": o.commitments, "error": o.error} for o in (summary.outcomes if summary else [])]
    return failed + done
