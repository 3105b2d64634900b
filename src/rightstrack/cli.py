"""The command line: a thin mirror of the library API. Errors reach the user here as one
line and an exit code, never a traceback."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.tree import Tree
from sqlalchemy.exc import SQLAlchemyError

from . import exchange, sources
from . import export as export_api
from . import import_file as import_api
from . import ingest as ingest_api
from .errors import InputError, RightsTrackError
from .settings import Settings, load_settings
from .store import Store

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """JSON on standard output, indented. Not rich's print_json: `themes --json` over a
    50,000-theme taxonomy (14 MB of JSON) took 57 s and 2.9 GB with it, 5 s and 0.26 GB now."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


DATA_FILES = ("taxonomy", "instruments", "lang_dir", "actors", "countries", "presidencies")
taxonomy_option = click.option(
    "--taxonomy", type=click.Path(dir_okay=False), metavar="FILE",
    help="An extra theme taxonomy (TOML, our format) whose themes add to or replace ours (setting taxonomy).")
instruments_option = click.option(
    "--instruments", type=click.Path(dir_okay=False), metavar="FILE",
    help="An extra instrument registry (TOML, our format) whose entries add to or replace ours (setting instruments).")
actors_option = click.option(
    "--actors", type=click.Path(dir_okay=False), metavar="FILE",
    help="An extra actor file (TOML, our data/actors.toml format) whose actors add to or replace ours "
         "(setting actors).")
countries_option = click.option(
    "--countries", type=click.Path(dir_okay=False), metavar="FILE",
    help="An extra country alias file (TOML, our data/country_aliases.toml format) whose names add to ours "
         "and whose traps replace ours (setting countries).")
presidencies_option = click.option(
    "--presidencies", type=click.Path(dir_okay=False), metavar="FILE",
    help="An extra file of Council presidencies (TOML, our data/presidencies.toml format) whose terms add to "
         "or replace ours (setting presidencies).")
lang_dir_option = click.option(
    "--lang-dir", type=click.Path(file_okay=False), metavar="DIR",
    help="Folder of extra language files (<code>.toml) that extend or override ours (setting lang_dir).")


def data_files(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --taxonomy, --instruments, --actors, --countries, --presidencies and --lang-dir: the
    user's language knowledge for this run, over the settings of the same names (which keep it
    for every run). Put it above with_store, which takes them into the settings."""
    return taxonomy_option(instruments_option(actors_option(countries_option(presidencies_option(
        lang_dir_option(func))))))


def with_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --config, and hand the command a settings object and an open store that
    must exist already (a mistyped --db is an error, not a new empty database)."""
    return _store_options(func, create=False)


def with_new_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """As with_store, for the commands that put data in: the database is made if it is missing."""
    return _store_options(func, create=True)


def _store_options(func: Callable[..., Any], create: bool) -> Callable[..., Any]:
    @click.option("--db", help="Database: a SQLite path or a URL (env RIGHTSTRACK_DB).")
    @click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
    @functools.wraps(func)
    def wrapper(db: str | None, config: str | None, **kwargs: Any) -> Any:
        files = {k: kwargs.pop(k) for k in DATA_FILES if k in kwargs}  # from data_files, when it is there
        settings = load_settings(config, db=db, **files)
        store = Store(settings.db_url, create=create)
        try:
            return func(settings=settings, store=store, **kwargs)
        finally:
            store.close()
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rightstrack")
def cli() -> None:
    """Rights Track: find, store and follow human-rights recommendations and commitments."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--workers", "-w", type=click.IntRange(1, 64),
              help="Processes that analyse documents in parallel (the main process writes).")
@click.option("--scheduler", help="A running Dask scheduler (tcp://host:8786) whose workers analyse the documents.")
@data_files
@with_new_store
def ingest(inputs: tuple[str, ...], quiet: bool, workers: int | None, scheduler: str | None, settings: Settings,
           store: Store) -> None:
    """Ingest files, folders and URLs (HTML, PDF, DOCX, Markdown, text)."""
    if workers or scheduler:
        settings = replace(settings, workers=workers or settings.workers, scheduler=scheduler or settings.scheduler)
    names = list(sources.expand(list(inputs)))
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err, transient=True,
                        disable=len(names) <= 3 or not err.is_terminal)
    with progress:
        task = progress.add_task("ingesting", total=len(names))

        def report(o: Any) -> None:
            progress.advance(task)
            if o.status == "failed":
                progress.console.print(f"[red]error:[/red] {escape(o.error or '')}", soft_wrap=True)
            elif not quiet:
                progress.console.print(f"{o.status:11} {o.source}  "
                                       f"({o.recommendations} recommendations, {o.commitments} commitments)"
                                       if o.status != "unchanged" else f"{o.status:11} {o.source}",
                                       soft_wrap=True)
        summary = ingest_api(names, store=store, settings=settings, on_outcome=report)
    err.print(summary.line())
    if summary.links:
        err.print(f"linked: {summary.links['equivalent']} language-version links, "
                  f"{summary.links['related']} recommendation-commitment links")
    if summary.interrupted:
        sys.exit(130)
    if summary.failed:
        sys.exit(1)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(exchange.FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", help="File to write (default: standard output).")
@click.option("--all-versions", is_flag=True, help="Include older versions of changed documents.")
@with_store
def export_cmd(fmt: str, output: str | None, all_versions: bool, settings: Settings, store: Store) -> None:
    """Export statements (statements JSONL v1, JSON or CSV)."""
    n = export_api(store, output, fmt, all_versions)
    if output:
        err.print(f"{n} statements written to {output}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@with_new_store
def import_cmd(file: str, settings: Settings, store: Store) -> None:
    """Import a statements JSONL (or JSON) export: all of it or, on any error, nothing."""
    counts = import_api(store, file)
    err.print(f"{counts['documents']} documents and {counts['statements']} statements imported, "
              f"{counts['skipped']} already present")


@cli.command("train-themes")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The model file to write.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--exemplars/--no-exemplars", default=True, show_default=True,
              help="Also train on the taxonomy's exemplars (asks of our own writing per theme).")
@taxonomy_option
def train_themes(data: str, output: str, config: str | None, taxonomy: str | None, exemplars: bool) -> None:
    """Train the learned theme model from labelled statements (CSV: text + themes, or a UPR Info export)
    and the taxonomy's exemplars."""
    from . import learned

    settings = load_settings(config, taxonomy=taxonomy)
    examples = learned.read_examples(data, settings.taxonomy)
    keep = [i for i, split in enumerate(examples.splits) if split != "test"]  # left for measuring the model
    texts, labels = [examples.texts[i] for i in keep], [examples.labels[i] for i in keep]
    splits = {examples.splits[i] for i in keep}
    held_out = [examples.splits[i] == "dev" for i in keep] if {"train", "dev"} <= splits else None
    if len(texts) < 20:
        raise InputError(f"{data}: {len(texts)} labelled texts outside its test split; a theme model needs at "
                         "least 20")
    extra = learned.exemplars(settings.taxonomy) if exemplars else []
    trained_on = f"{len(texts)} texts of {data}" + (f" and {len(extra)} exemplars of the taxonomy" if extra else "")
    model, report = learned.train(texts, labels, trained_on=trained_on, held_out=held_out, extra=extra)
    model.save(output)
    where = "dev split" if held_out else "held-out fifth"
    err.print(f"wrote {output}: {len(model.themes)} themes from {trained_on}; thresholds chosen on the "
              f"{where} ({int(report['held_out'])} texts): micro-F1 {report['micro_f1']:.3f}, macro-F1 "
              f"{report['macro_f1']:.3f}. Use it with the setting theme_model.")


@cli.group("tag", invoke_without_command=True)
@click.option("--db", help="Database: a SQLite path or a URL (env RIGHTSTRACK_DB).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@data_files
@click.pass_context
def tag_group(ctx: click.Context, db: str | None, config: str | None, **files: str | None) -> None:
    """Re-tag every current document (after changing taxonomy, registry or country data).

    Tags a person confirmed or rejected are kept as they are."""
    if ctx.invoked_subcommand is not None:
        return
    from . import retag

    settings = load_settings(config, db=db, **files)
    store = Store(settings.db_url, create=False)
    try:
        counts = retag(store, settings)
    finally:
        store.close()
    err.print(f"{counts['documents']} documents re-tagged, {counts['tags']} automatic tags written")


def _decide(decision: str) -> Callable[..., None]:
    @click.argument("target")
    @click.argument("field", type=click.Choice(["themes", "countries", "instruments", "addressees", "authors",
                                                "action"]))
    @click.argument("value")
    @click.option("--by", default="", help="Who decides (kept with the decision).")
    @with_store
    def command(target: str, field: str, value: str, by: str, settings: Settings, store: Store) -> None:
        store.decide_tag(target, field, value, decision, by)
        err.print(f"{field} {value} {decision} on {target}")
    command.__doc__ = (f"Mark a tag as {decision} by a person on a statement (or document) id; "
                       "re-runs never change it.")
    return command


tag_group.command("confirm")(_decide("confirmed"))
tag_group.command("reject")(_decide("rejected"))


@cli.command("link")
@data_files
@with_store
def link_cmd(settings: Settings, store: Store) -> None:
    """Link language versions and recommendations to the commitments that answer them."""
    from . import link

    counts = link(store, settings)
    err.print(f"{counts['vectors']} statements embedded, {counts['equivalent']} language-version links, "
              f"{counts['related']} recommendation-commitment links, {counts['recurrence']} recurring-ask links")


@cli.command("search")
@click.argument("query")
@click.option("--kind", type=click.Choice(["recommendation", "commitment"]))
@click.option("--theme", help="Theme id, e.g. asylum-migration.")
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. TR.")
@click.option("--instrument", help="Instrument id, e.g. eu-ai-act.")
@click.option("--addressee", help="Actor id, e.g. presidency-council-eu.")
@click.option("--language", help="ISO 639-1 code of the statement, e.g. nl.")
@click.option("--document", help="Document id, id prefix or file name.")
@click.option("--author", help="The document's author, as `rightstrack list` shows it.")
@click.option("--status", help="The ask's current status, e.g. open or partially-met.")
@click.option("--period", help="The Council presidency on the document's date, e.g. BE-2024-1.")
@click.option("--limit", "-n", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def search_cmd(query: str, limit: int, as_json: bool, settings: Settings, store: Store, **filters: str | None) -> None:
    """Search statements by words and by meaning, in any language."""
    from dataclasses import asdict

    from . import search

    hits = search(store, query, limit, settings, **filters)
    if as_json:
        print_json([asdict(h) for h in hits])
        return
    if not hits:
        err.print("no statements found; 'rightstrack link' embeds statements ingested with linking off")
    for n, h in enumerate(hits, start=1):
        where = h.source.rsplit("/", 1)[-1]
        out.print(f"{n:>2}. [{'R' if h.kind == 'recommendation' else 'C'}·{h.language or '?'}] {h.text[:150]}"
                  f"\n    [dim]{h.id} · {where} · {', '.join(h.themes)}[/dim]", soft_wrap=True)


@cli.command("recurring")
@click.option("--min", "minimum", type=click.IntRange(2, 1000), default=2, show_default=True,
              help="Least number of occasions an ask was raised.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def recurring_cmd(minimum: int, as_json: bool, settings: Settings, store: Store) -> None:
    """Asks raised again and again: first and last raised, how often, how each time changed."""
    clusters = store.recurring(minimum)
    if as_json:
        print_json(clusters)
        return
    if not clusters:
        err.print(f"no ask raised {minimum} times or more yet")
    for c in clusters:
        out.print(f"[bold]{c['times']}×[/bold] {c['first_raised'] or '?'} → {c['last_raised'] or '?'}  "
                  f"[dim]{c['cluster']}[/dim]")
        for o in c["occurrences"]:
            out.print(f"    {o.get('date') or 'undated':10} {o.get('change', ''):9} {o['text'][:110]}", soft_wrap=True)


@cli.group("links")
def links_group() -> None:
    """Confirm or reject a link between two statements."""


def _decide_link(decision: str) -> Callable[..., None]:
    @click.argument("source")
    @click.argument("target")
    @click.option("--kind", type=click.Choice(["related", "equivalent", "event", "recurrence"]), default="related",
                  show_default=True)
    @click.option("--by", default="", help="Who decides (kept with the decision).")
    @with_store
    def command(source: str, target: str, kind: str, by: str, settings: Settings, store: Store) -> None:
        store.decide_link(source, target, kind, decision, by)
        err.print(f"{kind} link {source} -> {target} {decision}")
    command.__doc__ = f"Mark a link as {decision} by a person; re-runs never change it."
    return command


links_group.command("confirm")(_decide_link("confirmed"))
links_group.command("reject")(_decide_link("rejected"))


@cli.command("list")
@click.option("--all-versions", is_flag=True, help="Show older versions too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def list_cmd(all_versions: bool, as_json: bool, settings: Settings, store: Store) -> None:
    """List documents with their statement counts."""
    rows = store.documents(all_versions=all_versions)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "v", "lang", "date", "recs", "comms", "title / source")
    for r in rows:
        table.add_row(r["id"][:10], str(r["version"]), r["language"] or "", r["date"] or "",
                      str(r["recommendations"]), str(r["commitments"]),
                      f"{(r['title'] or '')[:60]}\n[dim]{r['source']}[/dim]")
    out.print(table)


@cli.command("themes")
@click.option("--lang", default="en", show_default=True, help="Language of the names and descriptions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: names and descriptions in every language, "
              "cues, instruments, UPR Info / UHRI / SDG labels.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@taxonomy_option
def themes_cmd(lang: str, as_json: bool, config: str | None, taxonomy: str | None) -> None:
    """The theme taxonomy: the ids to filter and review by, with their names and descriptions."""
    from . import queries

    _listing(queries.taxonomy(load_settings(config, taxonomy=taxonomy)), as_json,
             ("id", "name", "description", "UPR Info labels"),
             lambda t: (t["id"], _in(t["name"], lang), _in(t["description"], lang), str(len(t["upr_info"]))))


@cli.command("instruments")
@click.option("--lang", default="en", show_default=True, help="Language of the short names shown.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: names in every language and dated events.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@instruments_option
def instruments_cmd(lang: str, as_json: bool, config: str | None, instruments: str | None) -> None:
    """The instrument registry: ids, types, official identifiers and the names recognised."""
    from . import queries

    _listing(queries.instruments(load_settings(config, instruments=instruments)), as_json,
             ("id", "type", "identifier", "names", "events"),
             lambda i: (i["id"], i["type"], i["identifier"] or "",
                        "; ".join((i["names"].get(lang) or i["names"].get("en") or [i["title"]])[:3]),
                        str(len(i["events"]))))


def _listing(data: dict[str, Any], as_json: bool, headers: tuple[str, ...],
             row: Callable[[dict[str, Any]], tuple[str, ...]]) -> None:
    """Print a listing's items as JSON, or as a table of `headers` with one `row` each."""
    if as_json:
        print_json(data)
        return
    table = Table(*headers)
    for item in data["items"]:
        table.add_row(*row(item))
    out.print(table)


def _in(texts: dict[str, str], lang: str) -> str:
    """A text in the language asked for, else in English."""
    return texts.get(lang) or texts.get("en") or ""


@cli.command()
@click.argument("document", required=False)
@with_store
def show(document: str | None, settings: Settings, store: Store) -> None:
    """Show a document's statements as a tree (all documents when none is named)."""
    docs = [store.document(document)] if document else store.documents()
    if not docs:
        err.print("the database holds no documents yet; run 'rightstrack ingest PATH' first")
    for doc in docs:
        out.print(_tree(doc, store.statements_of(doc["id"])))


def _tree(doc: dict[str, Any], rows: list[dict[str, Any]]) -> Tree:
    head = (f"[bold]{doc.get('title') or doc['source']}[/bold]  [dim]{doc['id'][:10]} · "
            f"{doc.get('language') or '?'} · {doc.get('date') or 'undated'} · "
            f"{doc.get('author') or 'unknown author'}[/dim]")
    tree = Tree(head)
    nodes: dict[str, Tree] = {}
    for r in rows:
        label = "R" if r["kind"] == "recommendation" else "C"
        colour = "cyan" if label == "R" else "green"
        extra = f" [dim]({', '.join(r['authors'])})[/dim]" if r["authors"] else ""
        labels = [v for f in ("themes", "countries", "instruments") for v in r.get("tags", {}).get(f, [])]
        extra += f" [magenta]{' '.join('#' + v for v in labels)}[/magenta]" if labels else ""
        text = r["text"] if len(r["text"]) <= 160 else r["text"][:157] + "…"
        parent = nodes.get(r["parent_id"] or "", tree)
        nodes[r["id"]] = parent.add(f"[{colour}]{label}[/{colour}] {r['label'] or ''} {text}{extra}".replace("  ", " "))
    if not rows:
        tree.add("[dim]no recommendations or commitments found[/dim]")
    return tree


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def stats(as_json: bool, settings: Settings, store: Store) -> None:
    """Counts of documents and statements by kind, language, method and format."""
    from .steps import tag as tag_step

    data = store.stats()
    data["outdated_tag_methods"] = tag_step.outdated_methods(data["tags_by_method"])
    if as_json:
        print_json(data)
        return
    out.print(f"documents {data['documents']} (versions {data['versions']}), statements {data['statements']}")
    for key in ("by_kind", "by_language", "by_method", "documents_by_format", "tags_by_field", "tags_by_method",
                "links_by_kind"):
        out.print(f"  {key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in sorted(data[key].items())))
    if data["outdated_tag_methods"]:
        old = ", ".join(f"{m} ({n})" for m, n in sorted(data["outdated_tag_methods"].items()))
        out.print(f"tags made by older methods: {old}; 'rightstrack tag' renews them (decisions people made stay)",
                  soft_wrap=True)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err.print("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except RightsTrackError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(1)
    except SQLAlchemyError as exc:  # a database that cannot do what was asked: say so in one line
        cause = getattr(exc, "orig", None) or exc
        err.print(f"[red]error:[/red] the database failed ({cause.__class__.__name__}: {escape(str(cause))}); "
                  "check --db and that no other program holds it", soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


from . import cli_db, cli_track  # noqa: E402, F401  (register the database and follow-up commands on `cli`)
