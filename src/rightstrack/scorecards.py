"""Accountability scorecards: the asks of one scope (a presidency, a document, an addressee
or a theme) with their status, quoted evidence and footnoted sources, counts by status,
charts, the rubric version and the date of the data. Markdown, self-contained HTML, PDF
(that HTML printed by WeasyPrint), CSV or XLSX.

Reproducible: the report shows the date of the newest status change it uses, never the time
it was made, and the charts are written with a fixed SVG id salt, so the same data and rubric
give the same bytes."""

from __future__ import annotations

import csv
import html
import io
import os
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import presidencies, track
from .errors import InputError, NotFound
from .model import Evidence, StatusChange
from .settings import Settings
from .store import Store
from .store import tracking as db

FORMATS = ("md", "html", "pdf", "csv", "xlsx")
BINARY = ("pdf", "xlsx")


@dataclass
class Ask:
    ask: str
    text: str
    source: str
    document_date: str | None
    themes: list[str]
    status: str
    change: StatusChange | None
    answers: list[dict[str, Any]] = field(default_factory=list)  # the addressee's own words (commitments)
    codings: dict[str, str] = field(default_factory=dict)  # double coding: coder -> status


@dataclass
class Scorecard:
    title: str
    scope: dict[str, str]
    rubric: str
    data_date: str | None
    statuses: tuple[str, ...]
    asks: list[Ask]
    changes: list[StatusChange]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(a.status for a in self.asks)
        return {s: found[s] for s in self.statuses}

    @property
    def by_theme(self) -> dict[str, dict[str, int]]:
        out: dict[str, Counter[str]] = {}
        for a in self.asks:
            for t in a.themes or ["(no theme)"]:
                out.setdefault(t, Counter())[a.status] += 1
        return {t: dict(c) for t, c in sorted(out.items())}

    @property
    def coders(self) -> list[str]:
        """The two coders who rated the most asks in this scope (double coding), if any."""
        found = Counter(c for a in self.asks for c in a.codings)
        return sorted(c for c, _ in found.most_common(2)) if len(found) >= 2 else []

    @property
    def agreement(self) -> dict[str, Any] | None:
        """How often the two coders agree, and Cohen's kappa, over the asks both rated."""
        if not self.coders:
            return None
        a, b = self.coders
        pairs = [(x.codings[a], x.codings[b]) for x in self.asks if a in x.codings and b in x.codings]
        return {"coders": [a, b], "asks": len(pairs), "agree": sum(p == q for p, q in pairs),
                "kappa": track.cohen_kappa(pairs)}


def scorecard(store: Store, settings: Settings, presidency: str | None = None, document: str | None = None,
              addressee: str | None = None, theme: str | None = None) -> Scorecard:
    """The asks of one scope with their current status; exactly one scope must be given."""
    scope = {k: v for k, v in (("presidency", presidency), ("document", document), ("addressee", addressee),
                               ("theme", theme)) if v}
    if len(scope) != 1:
        raise InputError("a report needs exactly one of --presidency, --document, --addressee, --theme")
    info = db.statement_info(store.engine)
    asks_of, current = store.asks(), track.current(store)
    _date_asks(info, asks_of)
    keep = _scope_filter(store, info, presidency, document, addressee, theme, settings.presidencies)
    answers = _answers(store, info)
    chosen: dict[str, Ask] = {}
    for sid, st in info.items():
        if st["kind"] != "recommendation" or not keep(st):
            continue
        ask = asks_of.get(sid, sid)
        if ask in chosen:
            continue  # another language version of an ask already in the report
        change = current.get(ask)
        chosen[ask] = Ask(ask, st["text"], st["source"], st["ask_date"], sorted(st["themes"]),
                          change.status if change else settings.status_list[0], change, answers.get(sid, []))
    changes = db.history(store.engine, list(chosen))
    for ask, coded in track.codings(changes).items():
        chosen[ask].codings = coded
    name, value = next(iter(scope.items()))
    return Scorecard(f"Scorecard: {name} {value}", scope, track.rubric()["version"],
                     max((c.recorded_at or "" for c in changes), default=None), settings.status_list,
                     list(chosen.values()), changes)


def _date_asks(info: dict[str, dict[str, Any]], asks_of: dict[str, str]) -> None:
    """Give each statement its ask's date: the earliest date of its language versions, so
    that an undated version of a dated letter falls in the same presidency."""
    earliest: dict[str, str] = {}
    for sid, st in info.items():
        ask = asks_of.get(sid, sid)
        if st["date"] and (ask not in earliest or st["date"] < earliest[ask]):
            earliest[ask] = st["date"]
    for sid, st in info.items():
        st["ask_date"] = st["date"] or earliest.get(asks_of.get(sid, sid))


def _scope_filter(store: Store, info: dict[str, dict[str, Any]], presidency: str | None, document: str | None,
                  addressee: str | None, theme: str | None,
                  terms: str | None = None) -> Callable[[dict[str, Any]], bool]:
    if presidency:
        term = presidencies.presidencies(terms).get(presidency)
        if term is None:
            raise NotFound(f"no presidency {presidency}: ids look like BE-2024-1 (see docs/tracking.md)")
        # A document addresses the Presidency when its salutation or any of its asks does; its
        # asks that name no other addressee are then addressed to the Presidency too.
        letters = {st["document_id"] for st in info.values()
                   if "presidency-council-eu" in st["addressees"] | st["document_addressees"]}
        return lambda st: (st["document_id"] in letters and bool(st["ask_date"])
                           and term.start <= st["ask_date"] <= term.end
                           and (not st["addressees"] or "presidency-council-eu" in st["addressees"]))
    if document:
        doc_id = store.document(document)["id"]
        return lambda st: st["document_id"] == doc_id
    if addressee:
        return lambda st: addressee in st["addressees"] | st["document_addressees"]
    return lambda st: theme in st["themes"]


def _answers(store: Store, info: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """For each recommendation, what the addressee says of itself: the commitments linked to
    it that no person rejected (confirmed ones first, then the best automatic one)."""
    out: dict[str, list[dict[str, Any]]] = {}
    confirmed = {(r, c) for r, c, _, _ in db.answers(store.engine)}
    for rec, commitment, score, _ in db.answers(store.engine, confirmed_only=False):
        said = info.get(commitment)
        if said is None:
            continue
        entry = {"id": commitment, "text": said["text"], "source": said["source"], "score": score,
                 "confirmed": (rec, commitment) in confirmed}
        out.setdefault(rec, []).append(entry)
    for rec, entries in out.items():
        entries.sort(key=lambda x: (not x["confirmed"], -x["score"]))
        out[rec] = [x for x in entries if x["confirmed"]] or entries[:1]
    return out


# -- rendering ---------------------------------------------------------------------------

def render(card: Scorecard, fmt: str) -> str | bytes:
    """The scorecard as text (md, html, csv) or bytes (pdf, xlsx)."""
    if fmt not in FORMATS:
        raise InputError(f"report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {"md": markdown, "html": html_page, "pdf": pdf, "csv": csv_table, "xlsx": xlsx}[fmt](card)


def _agreement_line(card: Scorecard) -> str:
    ag = card.agreement
    if not ag:
        return ""
    kappa = "undefined" if ag["kappa"] is None else f"{ag['kappa']:.2f}"
    return (f"Double coding: {ag['coders'][0]} and {ag['coders'][1]} rated {ag['asks']} asks independently and "
            f"agreed on {ag['agree']}; Cohen's kappa {kappa}. The status shown is the reconciled one.")


def _sources(card: Scorecard) -> tuple[dict[int, list[int]], list[str]]:
    """Footnote numbers of each change's evidence, and the footnotes' texts."""
    notes: list[str] = []
    numbers: dict[int, list[int]] = {}
    for a in card.asks:
        if a.change is None:
            continue
        numbers[a.change.id or 0] = []
        for e in a.change.evidence:
            notes.append(cite(e))
            numbers[a.change.id or 0].append(len(notes))
    return numbers, notes


def cite(e: Evidence) -> str:
    if e.kind == "document":
        return f"\"{e.quote}\" — stored document {e.document_id}, characters {e.start}–{e.end}"
    if e.kind == "url":
        return f"\"{e.quote}\" — {e.url} (page SHA-256 {(e.content_hash or '')[:16]}…)"
    return f"{e.quote} — instrument event {e.event_id}"


def markdown(card: Scorecard) -> str:
    numbers, notes = _sources(card)
    lines = [f"# {card.title}", "", f"Data as of {card.data_date or 'no assessment yet'} · rubric {card.rubric} · "
             f"{len(card.asks)} asks", "", "| status | asks |", "|---|---|"]
    lines += [f"| {s} | {n} |" for s, n in card.counts.items()]
    lines.append("")
    if card.agreement:
        lines += [_agreement_line(card), ""]
    for n, a in enumerate(card.asks, 1):
        lines += [f"## {n}. {a.status}", "", f"> {a.text}", "", f"Source: {a.source}"
                  + (f" ({a.document_date})" if a.document_date else "")]
        if a.change:
            refs = "".join(f"[^{i}]" for i in numbers.get(a.change.id or 0, []))
            lines += ["", f"Assessed {a.change.date} by {a.change.author}, confidence {a.change.confidence}{refs}"
                      + (f": {a.change.note}" if a.change.note else "")]
        if a.codings:
            lines += ["", "Coders: " + ", ".join(f"{c} {s}" for c, s in sorted(a.codings.items()))]
        for said in a.answers:
            lines += ["", f"The addressee says{'' if said['confirmed'] else ' (suggested match)'}: "
                          f"\"{said['text']}\" ({said['source']})"]
        lines.append("")
    lines += [f"[^{i}]: {text}" for i, text in enumerate(notes, 1)]
    return "\n".join(lines).rstrip() + "\n"


def csv_table(card: Scorecard) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["ask", "text", "source", "document_date", "themes", "status", "assessed", "author",
                  "confidence", "note", "evidence", "addressee_says", "codings"])
    for a in card.asks:
        c = a.change
        out.writerow([a.ask, a.text, a.source, a.document_date or "", ";".join(a.themes), a.status,
                      c.date if c else "", c.author if c else "", c.confidence if c else "", c.note if c else "",
                      " | ".join(cite(e) for e in c.evidence) if c else "",
                      " | ".join(said["text"] for said in a.answers),
                      " | ".join(f"{k}: {v}" for k, v in sorted(a.codings.items()))])
    return buf.getvalue()


def html_page(card: Scorecard) -> str:
    from .charts import status_bars, themes_chart, timeline

    e = html.escape  # every text from documents is untrusted
    numbers, notes = _sources(card)
    rows = []
    for a in card.asks:
        c = a.change
        refs = "".join(f'<sup><a href="#fn{i}">{i}</a></sup>' for i in numbers.get(c.id or 0, [])) if c else ""
        assessed = (f"{e(c.date or '')} · {e(c.author)} · {e(c.confidence)}{refs}"
                    f"{'<br>' + e(c.note) if c.note else ''}") if c else "not assessed"
        if a.codings:
            assessed += "<br>coders: " + e(", ".join(f"{k} {v}" for k, v in sorted(a.codings.items())))
        says = "".join(f"<p>{e(x['text'])}<span class=src> {e(x['source'])}"
                       f"{'' if x['confirmed'] else ' (suggested match)'}</span></p>" for x in a.answers)
        rows.append(f"<tr><td>{e(a.text)}<div class=src>{e(a.source)} {e(a.document_date or '')}</div></td>"
                    f"<td class='st {e(a.status)}'>{e(a.status)}</td><td>{assessed}</td><td>{says}</td></tr>")
    counts = "".join(f"<tr><td>{e(s)}</td><td>{n}</td></tr>" for s, n in card.counts.items())
    footnotes = "".join(f'<li id="fn{i}">{e(t)}</li>' for i, t in enumerate(notes, 1))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(card.title)}</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;
text-align:left}}.src{{color:#666;font-size:.85em}}.st{{font-weight:600;white-space:nowrap}}
.met{{color:#1a7f37}}.not-met{{color:#b42318}}.partially-met,.in-progress{{color:#9a6700}}
figure{{margin:1rem 0}}</style></head>
<body><main>
<h1>{e(card.title)}</h1>
<p>Data as of {e(card.data_date or "no assessment yet")} · rubric {e(card.rubric)} · {len(card.asks)} asks</p>
<section aria-label="Counts by status"><table><thead><tr><th>status</th><th>asks</th></tr></thead>
<tbody>{counts}</tbody></table>
<figure>{status_bars(card.counts)}<figcaption>Asks by status</figcaption></figure>
<figure>{timeline(card.changes)}<figcaption>Status changes over time</figcaption></figure>
<figure>{themes_chart(card.by_theme, card.statuses)}<figcaption>Asks by theme and status</figcaption></figure>
<p>{e(_agreement_line(card))}</p></section>
<section aria-label="Asks"><h2>Asks</h2><table><thead><tr><th>ask</th><th>status</th><th>assessment</th>
<th>what the addressee says</th></tr>
</thead><tbody>{"".join(rows)}</tbody></table></section>
<section aria-label="Sources"><h2>Sources</h2><ol>{footnotes}</ol></section>
</main></body></html>
"""


def pdf(card: Scorecard) -> bytes:
    """The HTML scorecard printed to PDF by WeasyPrint (it needs the Pango library)."""
    try:
        import weasyprint
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise InputError(f"PDF reports need the Pango library (apt install libpango-1.0-0): {exc}") from exc
    with _FONT_CLOCK:
        # fontTools stamps each embedded font subset with the current time unless
        # SOURCE_DATE_EPOCH is set: without it the same scorecard would give other bytes.
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = before or "0"
        try:
            return weasyprint.HTML(string=html_page(card)).write_pdf()
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]


_FONT_CLOCK = threading.Lock()  # the web app prints PDFs in several threads


def xlsx(card: Scorecard) -> bytes:
    """A workbook: one sheet of asks (as the CSV), one of counts by status."""
    from openpyxl import Workbook

    book = Workbook()
    asks = book.active
    asks.title = "asks"
    for row in csv.reader(io.StringIO(csv_table(card))):
        asks.append(row)
    counts = book.create_sheet("counts")
    counts.append(["status", "asks"])
    for status, n in card.counts.items():
        counts.append([status, n])
    info = book.create_sheet("about")
    for row in (["title", card.title], ["data as of", card.data_date or ""], ["rubric", card.rubric],
                ["double coding", _agreement_line(card)]):
        info.append(row)
    book.properties.created = book.properties.modified = _fixed_time(card.data_date)
    buf = io.BytesIO()
    book.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook without the time it was written: zip members dated 1980-01-01, and
    the "modified" property (openpyxl sets it on saving) made equal to "created"."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                created = re.search(rb"<dcterms:created[^>]*>([^<]*)<", body)
                if created:
                    body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + created.group(1), body)
            dst.writestr(zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_time(day: str | None) -> datetime:
    """The data's date, not the time of writing: the same data give the same workbook."""
    return datetime.fromisoformat(day[:19]) if day else datetime(2000, 1, 1)
