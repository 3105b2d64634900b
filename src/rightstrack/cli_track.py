"""Commands of follow-up: statuses with evidence, instrument events, suggestions, presidencies
and scorecards. Thin, like the rest of the CLI: each parses, calls the library, prints."""

from __future__ import annotations

import os
from dataclasses import asdict

import click
from rich.table import Table

from . import presidencies as presidencies_data
from . import scorecards as report_api
from . import track
from .cli import cli, data_files, err, out, presidencies_option, print_json, with_new_store, with_store
from .errors import InputError
from .model import StatusChange
from .settings import Settings, load_settings
from .store import Store


@cli.group("status")
def status_group() -> None:
    """Set and show the follow-up status of an ask (shared by its language versions)."""


@status_group.command("set")
@click.argument("statement")
@click.argument("status")
@click.option("--by", "author", required=True, help="Who assesses (kept in the audit log).")
@click.option("--evidence", "proofs", multiple=True, help=(
    "What proves it (repeatable): an instrument event id (event:...), a URL, or a stored document (id or "
    "source); a URL or a document needs --quote."))
@click.option("--quote", help="The passage of the URL or document that proves it, quoted exactly.")
@click.option("--note", default="", help="Why, in a sentence.")
@click.option("--confidence", type=click.Choice(track.CONFIDENCE), default="medium", show_default=True)
@click.option("--date", "day", help="The date the status holds from (YYYY-MM-DD; default today).")
@click.option("--coder", help="Double coding: record this as one coder's independent rating, not the status.")
@with_store
def status_set(statement: str, status: str, author: str, proofs: tuple[str, ...], quote: str | None, note: str,
               confidence: str, day: str | None, coder: str | None, settings: Settings, store: Store) -> None:
    """Record a new status for the ask STATEMENT states, with its evidence."""
    proof = [track.evidence(store, settings, source, quote) for source in proofs]
    change = track.set_status(store, settings, statement, status, author, proof, note, confidence, day, coder=coder)
    who = f" (coder {coder})" if coder else ""
    err.print(f"{change.ask}{who}: {change.previous or 'no status'} -> {change.status} (change {change.id})")



@status_group.command("history")
@click.argument("statement")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def status_history(statement: str, as_json: bool, settings: Settings, store: Store) -> None:
    """The ask's status history, oldest first, with evidence."""
    changes = track.history(store, statement)
    if as_json:
        print_json([asdict(c) for c in changes])
        return
    if not changes:
        err.print(f"{statement}: no status recorded yet (it counts as {settings.status_list[0]})")
    for c in changes:
        _print_change(c)


def _print_change(c: StatusChange) -> None:
    out.print(f"[bold]{c.date}[/bold] {c.previous or '—'} → [bold]{c.status}[/bold]  {c.author}, "
              f"{c.confidence} confidence [dim]({c.method}, recorded {c.recorded_at})[/dim]", soft_wrap=True)
    if c.note:
        out.print(f"    {c.note}", soft_wrap=True)
    for e in c.evidence:
        out.print(f"    [green]evidence[/green] {report_api.cite(e)}", soft_wrap=True)


@cli.group("events")
def events_group() -> None:
    """Instrument events (proposed, adopted, in force...): the registry's and your own."""


@events_group.command("list")
@click.option("--instrument", help="Only this instrument's events.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def events_list(instrument: str | None, as_json: bool, settings: Settings, store: Store) -> None:
    """List instrument events by date."""
    rows = sorted((e for e in track.all_events(store, settings).values()
                   if not instrument or e["instrument"] == instrument), key=lambda e: (e["date"], e["id"]))
    if as_json:
        print_json(rows)
        return
    table = Table("date", "instrument", "event", "source", "from")
    for e in rows:
        table.add_row(e["date"], e["instrument"], e["type"], e["source"], e["origin"])
    out.print(table)


@events_group.command("add")
@click.argument("instrument")
@click.argument("kind", metavar="TYPE")
@click.argument("day", metavar="DATE")
@click.option("--source", required=True, help="Where it is recorded (an OJ reference, a URL).")
@click.option("--by", "author", required=True, help="Who records it.")
@click.option("--note", default="")
@with_new_store
def events_add(instrument: str, kind: str, day: str, source: str, author: str, note: str, settings: Settings,
               store: Store) -> None:
    """Record an instrument event: rightstrack events add eu-ai-act adopted 2024-06-13 --source ..."""
    row = track.add_event(store, settings, instrument, kind, day, source, author, note)
    err.print(f"recorded {row['id']}")


@status_group.command("suggest")
@with_store
def status_suggest(settings: Settings, store: Store) -> None:
    """Compute suggested statuses from instrument events and confirmed commitments, and list them."""
    n = track.suggest(store, settings)
    err.print(f"{n} open suggestions; accept or reject each with `rightstrack status accept|reject ID --by NAME`")
    _print_suggestions(track.suggestions(store, "open"))


@status_group.command("suggestions")
@click.option("--state", type=click.Choice(["open", "accepted", "rejected"]), default="open", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def suggestions_list(state: str, as_json: bool, settings: Settings, store: Store) -> None:
    """Suggested statuses with their reasons, best first per ask."""
    rows = track.suggestions(store, state)
    if as_json:
        print_json(rows)
        return
    if not rows:
        err.print(f"no {state} suggestions (run `rightstrack status suggest` after linking)")
    _print_suggestions(rows)


def _print_suggestions(rows: list[dict]) -> None:
    for r in rows:
        out.print(f"[bold]{r['id']}[/bold] {r['ask_id']} → [bold]{r['status']}[/bold] [dim]{r['score']:.2f}[/dim]\n"
                  f"    {r['reason']}", soft_wrap=True)


def _decide(accept: bool) -> click.Command:
    @click.command("accept" if accept else "reject")
    @click.argument("suggestion", type=int)
    @click.option("--by", "author", required=True, help="Who decides.")
    @with_store
    def command(suggestion: int, author: str, settings: Settings, store: Store) -> None:
        change = track.decide(store, settings, suggestion, accept, author)
        err.print(f"suggestion {suggestion} {'accepted' if accept else 'rejected'}"
                  + (f": {change.ask} is now {change.status}" if change else ""))
    command.__doc__ = ("Accept a suggestion: its status is recorded with its evidence." if accept
                       else "Reject a suggestion; it is not suggested again.")
    return command


status_group.add_command(_decide(True))
status_group.add_command(_decide(False))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@presidencies_option
def presidencies(as_json: bool, config: str | None, presidencies: str | None) -> None:
    """The Council presidencies (with trios) that asks are grouped under: ours and the
    setting presidencies' (or --presidencies FILE's)."""
    settings = load_settings(config, presidencies=presidencies)
    rows = [asdict(p) for p in presidencies_data.presidencies(settings.presidencies).values()]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "country", "from", "to", "trio")
    for p in rows:
        table.add_row(p["id"], p["country"], p["start"], p["end"], p["trio"] or "")
    out.print(table)


@cli.command()
@click.option("--presidency", help="Asks addressed to this presidency (e.g. BE-2024-1).")
@click.option("--document", help="Asks of one document (id or source).")
@click.option("--addressee", help="Asks addressed to an actor (e.g. european-commission).")
@click.option("--theme", help="Asks on a theme (e.g. asylum-migration).")
@click.option("--format", "fmt", type=click.Choice(report_api.FORMATS), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file (default: print).")
@with_store
def report(presidency: str | None, document: str | None, addressee: str | None, theme: str | None, fmt: str,
           output: str | None, settings: Settings, store: Store) -> None:
    """An accountability scorecard: counts by status, each ask with evidence and sources, charts."""
    card = report_api.scorecard(store, settings, presidency=presidency, document=document, addressee=addressee,
                                theme=theme)
    if fmt in report_api.BINARY and not output:
        raise InputError(f"a {fmt} report is a file: give --output FILE")
    data = report_api.render(card, fmt)
    if output:
        with open(output, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        err.print(f"wrote {output}: {len(card.asks)} asks")
    else:
        out.print(data, markup=False, highlight=False, soft_wrap=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["atom", "json"]), default="atom", show_default=True)
@click.option("--theme", help="Only asks on this theme.")
@click.option("--addressee", help="Only asks addressed to this actor.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file (default: print).")
@with_store
def feed(fmt: str, theme: str | None, addressee: str | None, limit: int, output: str | None, settings: Settings,
         store: Store) -> None:
    """A feed (Atom or JSON Feed) of status changes and new statements, newest first."""
    from . import feeds

    text = feeds.feed(store, fmt, theme, addressee, limit)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--every", type=click.IntRange(60), default=3600, show_default=True, help="Seconds between passes.")
@click.option("--once", is_flag=True, help="One pass, then stop (for cron).")
@with_new_store
def watch(every: int, once: bool, settings: Settings, store: Store) -> None:
    """Re-fetch the documents that came from URLs; a changed page becomes a new version."""
    import time

    from . import watch as watcher

    while True:
        for change in watcher.once(store, settings):
            if change.status == "failed":
                err.print(f"[red]failed[/red] {change.error}", soft_wrap=True)
            elif change.status == "new-version":
                out.print(f"[bold]changed[/bold] {change.source}: {len(change.added)} statements added, "
                          f"{len(change.removed)} removed", soft_wrap=True)
                for text in change.added:
                    out.print(f"  [green]+[/green] {text}", soft_wrap=True)
                for text in change.removed:
                    out.print(f"  [red]-[/red] {text}", soft_wrap=True)
            else:
                out.print(f"unchanged {change.source}", soft_wrap=True)
        if once:
            return
        time.sleep(every)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--db", help="Database: a SQLite path or a URL (env RIGHTSTRACK_DB).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (one per core serves most requests in parallel).")
@data_files
def serve(host: str, port: int, db: str | None, config: str | None, processes: int, **files: str | None) -> None:
    """Serve the web app and the REST API (/api/v1, OpenAPI at /api/v1/openapi.json)."""
    import uvicorn

    from . import check_data_files
    from .settings import load_settings
    from .web import create_app

    settings = load_settings(config, db=db, **files)  # a bad setting stops here, not once per process
    check_data_files(settings)
    if processes == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return
    Store(settings.db_url).close()  # migrate once, before the processes open it together
    share = str(max(1, (os.cpu_count() or 1) // processes))  # cores per process for numeric work
    os.environ.update({"RIGHTSTRACK_DB": settings.db, "RIGHTSTRACK_THREADS": share, "OPENBLAS_NUM_THREADS": share,
                       "OMP_NUM_THREADS": share} | ({"RIGHTSTRACK_CONFIG": config} if config else {})
                      | {f"RIGHTSTRACK_{k.upper()}": v for k, v in files.items() if v})
    uvicorn.run("rightstrack.web:app_from_environment", factory=True, workers=processes, host=host, port=port,
                log_level="warning")


@cli.group("users")
def users_group() -> None:
    """Users of the web app and the API: admin, editor, viewer."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 10 characters (asked for when not given).")
@with_new_store
def users_add(name: str, role: str, password: str, settings: Settings, store: Store) -> None:
    """Add a user."""
    from . import accounts

    user = accounts.add_user(store, name, password, role)
    err.print(f"added {user.name} ({user.role})")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def users_list(as_json: bool, settings: Settings, store: Store) -> None:
    """List users and their roles."""
    from . import accounts

    rows = accounts.users(store)
    if as_json:
        print_json(rows)
        return
    for u in rows:
        out.print(f"{u['name']:20} {u['role']:7} {'disabled' if u['disabled'] else 'active'}")


@users_group.command("disable")
@click.argument("name")
@with_store
def users_disable(name: str, settings: Settings, store: Store) -> None:
    """Disable a user: sessions end, API tokens are revoked."""
    from . import accounts

    accounts.disable(store, name)
    err.print(f"disabled {name}")


@users_group.command("token")
@click.argument("name")
@click.option("--label", default="", help="What the token is for.")
@click.option("--revoke", "revoke_id", type=int, help="Revoke the token with this id instead.")
@with_store
def users_token(name: str, label: str, revoke_id: int | None, settings: Settings, store: Store) -> None:
    """Make an API token for NAME (printed once; only its hash is kept), or --revoke one."""
    from . import accounts

    if revoke_id is not None:
        accounts.revoke(store, revoke_id)
        err.print(f"revoked token {revoke_id}")
        return
    token_id, token = accounts.new_token(store, name, label)
    err.print(f"token {token_id} for {name} (keep it now; it is not shown again):")
    click.echo(token)
