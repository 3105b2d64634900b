"""Scorecards: one row per ask in scope, status with footnoted evidence, escaped, reproducible."""

import csv
import io
import json
import time

import pytest

import rightstrack
from rightstrack import scorecards, track
from rightstrack.errors import InputError, NotFound

from .test_cli import run
from .test_track import LETTER_EN, LETTER_FR, PROGRAMME

HOSTILE = LETTER_EN.replace("Ban the export", "Stop <script>alert(1)</script> and ban the export")


@pytest.fixture
def assessed(tmp_path, store, settings):
    for name, body in (("letter.en.md", HOSTILE), ("letter.fr.md", LETTER_FR), ("programme.md", PROGRAMME)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    rightstrack.ingest([str(tmp_path)], store=store, settings=settings)
    records = {r["text"][:12]: r for r in store.export_records()}
    proof = track.document_evidence(store, "programme.md", "will ensure access to asylum procedures")
    track.set_status(store, settings, records["Guarantee ac"]["id"], "in-progress", "ana", [proof], day="2025-02-10")
    event = track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")
    track.set_status(store, settings, records["Close the lo"]["id"], "partially-met", "ben", [event], day="2025-03-01")
    return records


def test_a_presidency_scorecard_has_one_row_per_ask_with_statuses_and_sources(assessed, store, settings):
    card = scorecards.scorecard(store, settings, presidency="PL-2025-1")
    assert len(card.asks) == 3  # the French letter states the same three asks
    assert card.counts["in-progress"] == 1 and card.counts["partially-met"] == 1 and card.counts["open"] == 1
    assert card.rubric == "rubric-v1" and card.data_date
    md = scorecards.render(card, "md")
    assert "| in-progress | 1 |" in md
    assert '[^1]: "will ensure access to asylum procedures" — stored document' in md
    assert "The addressee says" in md and "The Presidency will ensure access to asylum" in md
    assert scorecards.scorecard(store, settings, presidency="BE-2024-1").asks == []  # another term


def test_html_is_self_contained_escaped_and_reproducible(assessed, store, settings, tmp_path):
    first = rightstrack.report(store, settings, "html", str(tmp_path / "a.html"), presidency="PL-2025-1")
    again = rightstrack.report(store, settings, "html", presidency="PL-2025-1")
    assert first == again == (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<script>alert" not in first and "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert first.count("<svg") == 3  # the charts (status, timeline, themes) are inline
    assert " src=" not in first and "<link" not in first and 'href="http' not in first  # nothing to fetch
    assert 'lang="en"' in first and "<main>" in first


def test_csv_and_other_scopes(assessed, store, settings):
    rows = list(csv.DictReader(io.StringIO(rightstrack.report(store, settings, "csv", theme="asylum-migration"))))
    assert [(r["status"], r["author"]) for r in rows] == [("in-progress", "ana")]
    assert "will ensure access" in rows[0]["evidence"]
    doc = scorecards.scorecard(store, settings, document="letter.fr.md")
    assert len(doc.asks) == 3 and doc.asks[0].status == "in-progress"  # the ask's status, via its English version
    assert len(scorecards.scorecard(store, settings, addressee="presidency-council-eu").asks) == 3


def test_pdf_and_xlsx_are_files_made_from_the_same_data(assessed, store, settings, tmp_path):
    import pypdfium2
    from openpyxl import load_workbook

    data = rightstrack.report(store, settings, "pdf", str(tmp_path / "card.pdf"), presidency="PL-2025-1")
    assert data.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(str(tmp_path / "card.pdf"))
    words = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Scorecard: presidency PL-2025-1" in words and "Guarantee access to asylum" in " ".join(words.split())
    book = rightstrack.report(store, settings, "xlsx", str(tmp_path / "card.xlsx"), presidency="PL-2025-1")
    time.sleep(2.1)  # zip members carry a time with a 2-second resolution
    assert book == rightstrack.report(store, settings, "xlsx", presidency="PL-2025-1")  # reproducible
    assert data == rightstrack.report(store, settings, "pdf", presidency="PL-2025-1")
    sheets = load_workbook(tmp_path / "card.xlsx")
    rows = list(sheets["asks"].values)
    assert rows[0][:6] == ("ask", "text", "source", "document_date", "themes", "status") and len(rows) == 4
    assert dict(list(sheets["counts"].values)[1:])["partially-met"] == 1


def test_double_coding_shows_agreement_and_kappa(assessed, store, settings):
    event = [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")]
    ratings = {"Guarantee ac": ("met", "met"), "Close the lo": ("partially-met", "not-met"),
               "Stop <script": ("open", "open")}
    for start, (a, b) in ratings.items():
        sid = assessed[start]["id"]
        track.set_status(store, settings, sid, a, "ana", event, coder="ana")
        track.set_status(store, settings, sid, b, "ben", event, coder="ben")
    card = scorecards.scorecard(store, settings, presidency="PL-2025-1")
    assert card.agreement == {"coders": ["ana", "ben"], "asks": 3, "agree": 2, "kappa": 0.5714}  # (2/3 - 2/9) / (1 - 2/9)
    assert card.counts["in-progress"] == 1  # codings do not change the reconciled status
    assert "agreed on 2; Cohen's kappa 0.57" in scorecards.render(card, "md")
    assert track.cohen_kappa([("met", "met"), ("met", "met")]) is None
    assert track.cohen_kappa([("met", "not-met"), ("not-met", "met")]) == -1.0


def test_scope_errors_say_what_to_do(store, settings):
    with pytest.raises(InputError, match="exactly one"):
        scorecards.scorecard(store, settings, presidency="BE-2024-1", theme="torture")
    with pytest.raises(NotFound, match="BE-2024-1"):
        scorecards.scorecard(store, settings, presidency="Belgium")
    with pytest.raises(InputError, match="format"):
        scorecards.render(scorecards.scorecard(store, settings, theme="torture"), "docx")


def test_the_cli_sets_statuses_and_writes_reports(tmp_path, new_db):
    db = new_db(tmp_path / "cli.db")
    for name, body in (("letter.en.md", LETTER_EN), ("programme.md", PROGRAMME)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert run(["ingest", "-q", str(tmp_path / "letter.en.md"), str(tmp_path / "programme.md")], db).returncode == 0
    ask = next(r for r in (json.loads(line) for line in run(["export"], db).stdout.splitlines())
               if r["text"].startswith("Guarantee"))
    ok = run(["status", "set", ask["id"], "in-progress", "--by", "ana", "--quote", "will ensure access to asylum",
              "--evidence", "programme.md", "--note", "in the programme"], db)
    assert ok.returncode == 0 and "no status -> in-progress" in ok.stderr
    bad = run(["status", "set", ask["id"], "met", "--by", "ana"], db)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "evidence" in bad.stderr
    shown = json.loads(run(["status", "history", ask["id"], "--json"], db).stdout)
    assert [(c["status"], c["evidence"][0]["quote"]) for c in shown] == [("in-progress", "will ensure access to asylum")]
    out = tmp_path / "card.md"
    assert run(["report", "--presidency", "PL-2025-1", "-o", str(out)], db).returncode == 0
    assert "| in-progress | 1 |" in out.read_text(encoding="utf-8")
    run(["events", "add", "eu-pact-migration-asylum", "rejected", "2025-03-01", "--source", "a test vote",
         "--by", "ana"], db)
    suggested = run(["status", "suggest"], db)
    assert suggested.returncode == 0 and "eu-pact-migration-asylum" not in suggested.stdout  # not named by the ask
    pending = json.loads(run(["status", "suggestions", "--json"], db).stdout)
    assert [p["status"] for p in pending] == ["partially-met"]  # the AI Act ask, from the registry's events
    accepted = run(["status", "accept", str(pending[0]["id"]), "--by", "ana"], db)
    assert accepted.returncode == 0 and "is now partially-met" in accepted.stderr
    no_quote = run(["status", "set", ask["id"], "met", "--by", "ana", "--evidence", "programme.md"], db)
    assert no_quote.returncode == 1 and "--quote" in no_quote.stderr
    wrong = run(["report", "--presidency", "XX-1999-1"], db)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr and "no presidency XX-1999-1" in wrong.stderr


def test_the_belgian_presidency_scorecard_from_the_seeds_counts_each_ask_once(tmp_path, store, settings):
    from .conftest import need_shared

    seeds = need_shared("corpus", "seeds")
    gold = [json.loads(line) for line in need_shared("corpus", "gold", "seeds.statements.jsonl").open()]
    rightstrack.ingest([str(seeds / n) for n in ("000_letter_en.txt", "001_letter_nl.txt", "004_belgium_policy_en.txt")],
                       store=store, settings=settings)
    track.add_event(store, settings, "fac-conclusions-hrd", "adopted", "2024-06-24",
                    "Foreign Affairs Council conclusions on human rights defenders (entered by this test)", "test")
    rightstrack.link(store, settings)
    track.suggest(store, settings)
    for s in track.suggestions(store):
        if s["event_id"] in ("event:fac-conclusions-hrd:adopted:2024-06-24", "event:eu-ai-act:applies:2026-08-02"):
            track.decide(store, settings, s["id"], True, "test")
    rule_of_law = next(r for r in store.export_records() if r["text"].startswith("Ensure concrete progress"))
    track.set_status(store, settings, rule_of_law["id"], "in-progress", "test", [track.document_evidence(
        store, "004_belgium_policy_en.txt", "strengthening the instruments to protect the rule of law")])
    card = scorecards.scorecard(store, settings, presidency="BE-2024-1")
    asks = [" ".join(a.text.split()) for a in card.asks]
    for g in gold:
        if g["doc"] == "000_letter_en.txt":
            found = [a for a in asks if " ".join(g["match"].split()) in a]
            assert len(found) == (0 if g["optional"] and not found else 1), g["match"]
    required = sum(1 for g in gold if g["doc"] == "000_letter_en.txt" and not g["optional"])
    assert required == 9 and len(card.asks) in (9, 10)  # the optional opening ask may be counted
    assert not [a for a in card.asks if a.source.endswith("001_letter_nl.txt")]  # Dutch versions: same asks
    by_event = {a.change.evidence[0].event_id: a for a in card.asks if a.change and a.change.evidence[0].event_id}
    assert by_event["event:fac-conclusions-hrd:adopted:2024-06-24"].text.startswith("Strengthening EU and member")
    assert by_event["event:eu-ai-act:applies:2026-08-02"].text.startswith("Before the adoption of the AI Act")
    assert card.counts["partially-met"] == 2 and card.counts["in-progress"] == 1
    by_status = {a.status: a for a in card.asks if a.change}
    assert by_status["in-progress"].change.evidence[0].quote.lower().startswith("strengthening the instruments")
    md = scorecards.render(card, "md")
    assert "fac-conclusions-hrd adopted on 2024-06-24" in md and "instruments to protect the rule of law" in md


def test_a_scorecard_and_a_search_by_a_presidency_of_a_users_file(tmp_path, new_db):
    """The setting presidencies (or --presidencies FILE) adds terms: the letter is addressed
    to its Presidency, the scorecard of that term holds its ask, a search's period names it,
    and the listing shows it; a mistake in the file is one line and exit 1."""
    from .test_track import OUR_TERM

    mine, letter = tmp_path / "terms.toml", tmp_path / "letter.txt"
    mine.write_text(OUR_TERM, "utf-8")
    letter.write_text("Valletta, 3 March 2031\n\nDear Prime Minister Borg,\n\nAs your Presidency begins, we urge "
                      "you to:\n\n- End the detention of children in migration.\n", "utf-8")
    db = new_db(tmp_path / "db.sqlite")
    assert run(["ingest", "-q", "--presidencies", str(mine), str(letter)], db).returncode == 0
    env = {"RIGHTSTRACK_PRESIDENCIES": str(mine)}
    out = tmp_path / "card.csv"
    card = run(["report", "--presidency", "MT-2031-1", "--format", "csv", "-o", str(out)], db, env=env)
    assert card.returncode == 0, card.stderr
    assert "End the detention of children in migration." in out.read_text("utf-8")
    assert run(["report", "--presidency", "MT-2031-1"], db).returncode == 1  # not one of ours
    hits = json.loads(run(["search", "detention of children", "--json"], db, env=env).stdout)
    assert [h["period"] for h in hits] == ["MT-2031-1"]
    listed = json.loads(run(["presidencies", "--json", "--presidencies", str(mine)], db).stdout)
    assert "MT-2031-1" in [p["id"] for p in listed]
    (tmp_path / "bad.toml").write_text(OUR_TERM.replace('country = "MT"', 'country = 7'), "utf-8")
    for args in (["presidencies", "--presidencies", str(tmp_path / "bad.toml")],
                 ["ingest", "--presidencies", str(tmp_path / "bad.toml"), str(letter)]):
        bad = run(args, db)
        assert bad.returncode == 1 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1, bad.stderr
        assert "bad.toml" in bad.stderr and "country must be" in bad.stderr
