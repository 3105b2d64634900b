"""Web and API latency under load: a store of N statements (default 100,000), the app served
by uvicorn on loopback, and 20 concurrent clients for a bounded time per page.

usage: python bench/web.py [-n 100000] [--clients 20] [--seconds 20] [--processes 2] [--keep DIR]
(with --keep, a later run on the same DIR reuses the store)
The load comes from wrk (Debian's `wrk`, written in C, so the load generator takes little of
the two cores) where it is installed, else from httpx in this process. Searches are measured
twice: the same 8 queries asked again and again (answers come from the read cache, as for
popular queries and facet clicks), and thousands of different queries (each one computed).
Documents come from bench/ingest.py's templates (ingested with 2 workers, tagging on); the
statement vectors are made from real sentence vectors of a few hundred asks plus noise
(embedding 100,000 statements would take minutes and is measured by bench/link.py). Prints
p50/p95 latency and requests/s for the search page, a statement page and the API list."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from ingest import generate, synthetic_vectors

import rightstrack
from rightstrack import accounts

VOCABULARY = ["refugees", "torture", "surveillance", "journalists", "minorities", "discrimination", "prisons",
              "elections", "climate", "housing", "health", "education", "trafficking", "courts", "media",
              "privacy", "protest", "roma", "disability", "poverty", "labour", "sanctions", "weapons", "hate"]
QUERIES = ["asylum at every border", "facial recognition police", "shelters for women", "spyware exports",
           "human rights defenders", "children in migration", "detention monitoring", "civic space"]


def build(folder: Path, statements: int) -> rightstrack.Settings:
    settings = rightstrack.Settings(db=str(folder / "web.db"), workers=2, link=False, public_read=True)
    corpus = folder / "corpus"
    corpus.mkdir(exist_ok=True)
    generate(corpus, statements // 31 + 1, ["text", "html"])
    store = rightstrack.open_store(settings=settings)
    rightstrack.ingest([str(corpus)], store=store, settings=settings)
    synthetic_vectors(store, chunk_size=20_000)
    accounts.add_user(store, "bench", "correct horse battery", "viewer")
    store.close()
    return settings


def serve(settings: rightstrack.Settings, processes: int) -> tuple[str, subprocess.Popen]:
    """`rightstrack serve` in its own process, so the load generator does not share its CPU time."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RIGHTSTRACK_PUBLIC_READ": "true", "RIGHTSTRACK_CONFIG": os.devnull}
    proc = subprocess.Popen([sys.executable, "-m", "rightstrack", "serve", "--db", settings.db, "--port", str(port),
                             "--processes", str(processes)],
                            env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/api/v1/openapi.json", timeout=1)
            return base, proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


async def load(base: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    times: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            i = n
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                response = await http.get(paths[i % len(paths)])
                times.append(time.perf_counter() - t0)
                errors += response.status_code != 200
                i += clients

    await asyncio.gather(*(client(n) for n in range(clients)))
    return times, errors


WRK_SCRIPT = """
paths = {%s}
counter = 0
function setup(thread) thread:set("offset", counter); counter = counter + 1 end
function init(args) i = offset * 7919 end
function request() i = i + 1; return wrk.format("GET", paths[(i %% #paths) + 1]) end
function done(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def load_wrk(base: str, paths: list[str], clients: int, seconds: float, folder: Path) -> str:
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths), "utf-8")
    run = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "30s", "-s", str(script),
                          base], capture_output=True, text=True, check=True)
    found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+)", run.stdout)
    if not found:
        raise SystemExit(f"wrk said: {run.stdout} {run.stderr}")
    n, errors, p50, p95 = found.groups()
    return (f"p50 {float(p50):6.1f} ms  p95 {float(p95):6.1f} ms  {int(n) / seconds:6.1f} requests/s  "
            f"({n} requests, {errors} errors or not 2xx/3xx)")


def report(name: str, times: list[float], errors: int, seconds: float) -> None:
    ms = np.array(times) * 1000
    print(f"{name:16} p50 {np.percentile(ms, 50):6.1f} ms  p95 {np.percentile(ms, 95):6.1f} ms  "
          f"{len(times) / seconds:6.1f} requests/s  ({len(times)} requests, {errors} not 200)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000, help="statements in the store")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--keep", help="build the store in this folder and keep it")
    ap.add_argument("--processes", type=int, default=2, help="server processes (rightstrack serve --processes)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(a.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        if a.keep and (folder / "web.db").exists():  # a store kept from an earlier run
            settings = rightstrack.Settings(db=str(folder / "web.db"), public_read=True)
            print(f"store            reused from {folder}")
        else:
            settings = build(folder, a.n)
            print(f"store            {a.n} statements built in {time.perf_counter() - t0:.0f} s")
        base, server = serve(settings, a.processes)
        with httpx.Client(base_url=base, timeout=60) as http:  # warm: models and the vector index load once per process
            ids = [h["id"] for q in QUERIES for h in http.get("/api/v1/search", params={"q": q}).json()["items"]]
        words = sorted({w for q in QUERIES for w in q.split() if len(w) > 3} | set(VOCABULARY))
        distinct = [f"/?q={x}+{y}" for x, y in itertools.permutations(words, 2)]
        random.Random(2).shuffle(distinct)
        pages = {"search page": [f"/?q={q.replace(' ', '+')}" for q in QUERIES],
                 "search, distinct": distinct,
                 "statement page": [f"/statements/{i}" for i in ids[:200]],
                 "API list": [f"/api/v1/documents?limit=50&offset={k * 50}" for k in range(40)]}
        print(f"load             {a.clients} clients, {a.seconds:.0f} s per page, server processes: {a.processes}, "
              f"generator: {'wrk' if shutil.which('wrk') else 'httpx'}; {len(distinct)} distinct queries")
        try:
            for name, paths in pages.items():
                if shutil.which("wrk"):
                    print(f"{name:16} {load_wrk(base, paths, a.clients, a.seconds, folder)}", flush=True)
                else:
                    times, errors = asyncio.run(load(base, paths, a.clients, a.seconds))
                    report(name, times, errors, a.seconds)
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
