"""The ingest page: files uploaded through the browser (type and size checked) and URLs,
each with its own result line. The page runs the work as a job in the background and
shows its progress; the job's state is a small JSON file beside the uploads, so that any
of the server's processes can show it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from pathlib import Path
from typing import Any

import platformdirs
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from .. import ingest
from ..errors import NotFound, RightsTrackError
from ..pipeline import Outcome
from ..readers import EXTENSIONS
from ..settings import Settings
from ..store.tracking import now
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
        return TEMPLATES.TemplateResponse(request, "ingest.html", {"csrf": csrf, "user": user})

    @app.post("/ingest", include_in_schema=False)
    async def ingest_form(request: Request) -> Response:
        user, inputs, failed = await _inputs(request)
        job = start_job(request.app.state.store, request.app.state.settings, inputs, failed, user)
        return RedirectResponse(f"/ingest/jobs/{job}", status_code=303)

    @app.get("/ingest/jobs/{job}", include_in_schema=False)
    def job_page(request: Request, job: str) -> Response:
        allow(request, "editor")
        return TEMPLATES.TemplateResponse(request, "ingest_job.html",
                                          {"job": read_job(request.app.state.settings, job)})

    @app.get("/api/v1/ingest/jobs/{job}", summary="An ingest job's progress and its result per input (editor)")
    def job_api(request: Request, job: str) -> Any:
        allow(request, "editor")
        return _json(request, read_job(request.app.state.settings, job))

    @app.post("/api/v1/ingest", summary="Ingest uploaded files (multipart `files`) and URLs (`urls`, one per line); "
              "with `background=true`, answer at once with a job to follow")
    async def ingest_api(request: Request) -> Any:
        user, inputs, failed = await _inputs(request)
        settings, store = request.app.state.settings, request.app.state.store
        if (await request.form()).get("background") == "true":
            job = start_job(store, settings, inputs, failed, user)
            return _json(request, {"job": job, "url": f"/api/v1/ingest/jobs/{job}"})
        summary = ingest(inputs, store=store, settings=settings) if inputs else None
        return _json(request, {"outcomes": failed + [_outcome(o) for o in (summary.outcomes if summary else [])]})


async def _inputs(request: Request) -> tuple[str, list[str], list[dict[str, Any]]]:
    """(user name, inputs to ingest, outcomes of uploads refused) of an ingest form."""
    form = await request.form()
    user = _writer(request, sent_csrf=str(form.get("csrf", "")) or None)
    inputs, failed = [], []
    for upload in form.getlist("files"):
        if isinstance(upload, UploadFile) and upload.filename:
            path, outcome = await _save(upload, request.app.state.settings)
            (inputs.append(path) if path else failed.append(outcome))
    inputs += [u.strip() for u in str(form.get("urls", "")).splitlines() if u.strip()]
    return user.name, inputs, failed


def _outcome(o: Outcome) -> dict[str, Any]:
    return {"source": o.source, "status": o.status, "document": o.document_id, "recommendations": o.recommendations,
            "commitments": o.commitments, "error": o.error}


def _job_path(settings: Settings, job: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{16}", job):
        raise NotFound(f"no ingest job {job!r}")
    return upload_folder(settings) / "jobs" / f"{job}.json"


def _write_job(settings: Settings, state: dict[str, Any]) -> None:
    path = _job_path(settings, state["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_text(json.dumps(state, ensure_ascii=False), "utf-8")
    os.replace(part, path)  # readers see the old state or the new one, never half of one


def read_job(settings: Settings, job: str) -> dict[str, Any]:
    path = _job_path(settings, job)
    if not path.is_file():
        raise NotFound(f"no ingest job {job!r}")
    return json.loads(path.read_text("utf-8"))


def start_job(store: Any, settings: Settings, inputs: list[str], failed: list[dict[str, Any]], user: str) -> str:
    """Ingest `inputs` in a thread of this process; its state (running, linking, finished
    or failed; one outcome per input as it comes) is written after each document."""
    state: dict[str, Any] = {"id": secrets.token_hex(8), "by": user, "started": now(), "state": "running",
                             "inputs": len(inputs) + len(failed), "outcomes": list(failed), "error": None}
    _write_job(settings, state)

    def outcome(o: Outcome) -> None:
        state["outcomes"].append(_outcome(o))
        if len(state["outcomes"]) >= state["inputs"]:
            state["state"] = "linking" if settings.link else state["state"]
        _write_job(settings, state)

    def run() -> None:
        try:
            if inputs:
                ingest(inputs, store=store, settings=settings, on_outcome=outcome)
            state["state"] = "finished"
        except RightsTrackError as exc:
            state["state"], state["error"] = "failed", str(exc)
        except Exception as exc:  # a bug: the job must not stay "running" for ever; the log has the rest
            state["state"], state["error"] = "failed", f"internal error ({exc.__class__.__name__}: {exc})"
            raise
        finally:
            state["finished"] = now()
            _write_job(settings, state)

    threading.Thread(target=run, name=f"ingest-{state['id']}", daemon=True).start()
    return state["id"]
