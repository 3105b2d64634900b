"""Turn what the user named (files, folders, URLs) into Raw inputs, one at a time."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx

from .errors import DocumentTooLarge, FetchFailed, InputError
from .readers import EXTENSIONS, Raw
from .settings import Settings


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def expand(names: list[str]) -> Iterator[str]:
    """Files as given, folders walked (sorted, hidden entries skipped, known formats only)."""
    for name in names:
        path = Path(name)
        if not is_url(name) and path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in EXTENSIONS and not any(
                        part.startswith(".") for part in p.relative_to(path).parts):
                    yield str(p)
        else:
            yield name


def load(name: str, settings: Settings) -> Raw:
    return fetch(name, settings) if is_url(name) else read_file(name, settings)


def read_file(name: str, settings: Settings) -> Raw:
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise DocumentTooLarge(f"{name}: {size:,} bytes is over the limit of "
                                   f"{settings.max_bytes:,} (setting max_bytes)")
        return Raw(source=str(path), data=path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file or folder") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a folder") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc


def check_address(url: str, allowed: str) -> None:
    """Refuse a URL whose host resolves to a loopback, private, link-local or otherwise
    non-public address (server-side request forgery), unless the host is in `allowed`
    (comma-separated host names or addresses). Checked for every hop of a redirect."""
    try:
        host = httpx.URL(url).host
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchFailed(f"{url!r}: not a valid URL ({exc})") from exc
    if not host or host in {h.strip() for h in allowed.split(",") if h.strip()}:
        return
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError) as exc:
        raise FetchFailed(f"{url!r}: the host {host!r} cannot be found ({getattr(exc, 'strerror', None) or exc})") \
            from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchFailed(f"{url}: refused, {host} is a {_kind(address)} address ({address}); "
                              "allow it with the setting fetch_allow if you mean it")


def _kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    for name in ("loopback", "link_local", "private", "multicast", "reserved"):
        if getattr(address, f"is_{name}"):
            return name.replace("_", "-")
    return "non-public"


def fetch(url: str, settings: Settings) -> Raw:
    """GET with redirects, a timeout, a size cap enforced while streaming, and no requests to
    private addresses (see check_address)."""
    headers = {"User-Agent": settings.user_agent}
    hooks = {"request": [lambda request: check_address(str(request.url), settings.fetch_allow)]}
    try:
        with httpx.Client(follow_redirects=True, timeout=settings.fetch_timeout, event_hooks=hooks,
                          headers=headers, max_redirects=10) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchFailed(f"{url}: the server answered HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > settings.max_bytes:
                raise DocumentTooLarge(f"{url}: {declared:,} bytes is over the limit of "
                                       f"{settings.max_bytes:,} (setting max_bytes)")
            chunks, total = [], 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > settings.max_bytes:
                    raise DocumentTooLarge(f"{url}: over the limit of {settings.max_bytes:,} "
                                           "bytes (setting max_bytes)")
                chunks.append(chunk)
            return Raw(source=url, data=b"".join(chunks),
                       content_type=response.headers.get("content-type"))
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"{url}: no answer within {settings.fetch_timeout:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchFailed(f"{url}: too many redirects") from exc
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise FetchFailed(f"{url!r}: cannot be fetched ({exc.__class__.__name__}: {exc})") from exc
