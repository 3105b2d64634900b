"""Follow-up: statuses with evidence on the ask, the audit log, events, suggestions, presidencies."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import rightstrack
from rightstrack import presidencies, track
from rightstrack.errors import InputError, NotFound

from .test_fetch import server  # noqa: F401 (the loopback page server fixture)

LETTER_EN = """Brussels, 3 February 2025

Dear Prime Minister,

The Rights Coalition calls on the Presidency to:

- Guarantee access to asylum at every external border of the Union.
- Close the loopholes for law enforcement in the AI Act.
- Ban the export of spyware to governments that persecute journalists.

Yours sincerely,

Rights Coalition
"""

LETTER_FR = """Bruxelles, le 3 février 2025

Monsieur le Premier ministre,

La Coalition des droits appelle la Présidence à :

- Garantir l'accès à l'asile à chaque frontière extérieure de l'Union.
- Combler les failles pour les forces de l'ordre dans le règlement sur l'IA.
- Interdire l'exportation de logiciels espions vers les gouvernements qui persécutent les journalistes.

Veuillez agréer, Monsieur le Premier ministre, l'expression de notre considération.

Coalition des droits
"""

PROGRAMME = """# Programme of the Presidency

Brussels, 10 February 2025

The Presidency will ensure access to asylum procedures at the external borders of the Union.
"""


@pytest.fixture
def tracked(tmp_path, store, settings):
    for name, body in (("letter.en.md", LETTER_EN), ("letter.fr.md", LETTER_FR), ("programme.md", PROGRAMME)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    summary = rightstrack.ingest([str(tmp_path / n) for n in ("letter.en.md", "letter.fr.md", "programme.md")],
                                 store=store, settings=settings)
    assert not summary.failed
    return {r["text"][:12]: r for r in store.export_records()}


def test_a_status_with_a_quoted_passage_is_shared_by_the_language_versions(tracked, store, settings):
    en, fr = tracked["Guarantee ac"], tracked["Garantir l'a"]
    assert en["ask"] == fr["ask"]
    proof = track.document_evidence(store, "programme.md", "will ensure access   to asylum procedures")
    assert proof.quote == "will ensure access to asylum procedures"
    body = store.load_document(proof.document_id).text
    assert body[proof.start:proof.end] == proof.quote
    first = track.set_status(store, settings, fr["id"], "in-progress", "ana", [proof], "said in the programme",
                             "high", "2025-02-10")
    second = track.set_status(store, settings, en["id"], "met", "ben",
                              [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")])
    assert (first.previous, second.previous) == (None, "in-progress")
    history = track.history(store, en["id"])
    assert [(c.status, c.author, c.ask) for c in history] == [("in-progress", "ana", en["ask"]),
                                                               ("met", "ben", en["ask"])]
    assert history[0].evidence[0].quote == "will ensure access to asylum procedures"
    assert history[1].evidence[0].event_id == "event:eu-ai-act:adopted:2024-06-13"


def test_the_audit_log_is_append_only(tracked, store, settings):
    proof = track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")
    track.set_status(store, settings, tracked["Close the lo"]["id"], "partially-met", "ana", [proof])
    for sql in ("UPDATE statuses SET status = 'met'", "DELETE FROM statuses", "UPDATE evidence SET quote = 'x'"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(sql))
    assert [c.status for c in track.history(store, tracked["Close the lo"]["id"])] == ["partially-met"]


@pytest.mark.parametrize("kwargs, message", [
    ({"status": "done"}, "status 'done'"),
    ({"confidence": "sure"}, "confidence"),
    ({"author": " "}, "author"),
    ({"evidence": []}, "at least one piece of evidence"),
    ({"day": "3 May"}, "YYYY-MM-DD"),
])
def test_bad_status_changes_are_refused_with_a_reason(tracked, store, settings, kwargs, message):
    args = {"status": "met", "author": "ana", "confidence": "low", "day": None,
            "evidence": [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")]} | kwargs
    with pytest.raises(InputError, match=message):
        track.set_status(store, settings, tracked["Close the lo"]["id"], args["status"], args["author"],
                         args["evidence"], confidence=args["confidence"], day=args["day"])
    assert track.history(store, tracked["Close the lo"]["id"]) == []


def test_evidence_must_be_real(tracked, store, settings, server):  # noqa: F811
    with pytest.raises(InputError, match="not in document"):
        track.document_evidence(store, "programme.md", "words nobody wrote")
    with pytest.raises(NotFound, match="no instrument event"):
        track.event_evidence(store, settings, "event:eu-ai-act:repealed:2030-01-01")
    with pytest.raises(NotFound, match="no statement"):
        track.set_status(store, settings, "nope-0001", "met", "ana",
                         [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")])
    page = track.url_evidence(f"{server}/letter", quote_on_page(), settings)
    assert page.kind == "url" and len(page.content_hash or "") == 64
    with pytest.raises(InputError, match="not on"):
        track.url_evidence(f"{server}/letter", "words nobody wrote", settings)


def quote_on_page() -> str:
    from .conftest import DATA

    doc = rightstrack.read_document((DATA / "nested.html").read_bytes(), source="page.html")
    return doc.statements[0].text[:40]


def test_events_suggest_a_status_that_applies_only_when_accepted(tracked, store, settings):
    ai = tracked["Close the lo"]
    rightstrack.link(store, settings)
    track.suggest(store, settings)
    mine = [s for s in track.suggestions(store) if s["ask_id"] == ai["ask"]]
    # the latest registry step after the ask (3 February 2025) that has happened
    assert [(s["status"], s["event_id"]) for s in mine] == [("partially-met", "event:eu-ai-act:applies:2026-08-02")]
    track.add_event(store, settings, "eu-ai-act", "withdrawn", "2026-09-01", "a made-up step for this test", "ana")
    assert "event:eu-ai-act:withdrawn:2026-09-01" in track.all_events(store, settings)
    rightstrack.link(store, settings)  # user events are linked like the registry's
    assert track.suggest(store, settings) >= 1
    mine = [s for s in track.suggestions(store) if s["ask_id"] == ai["ask"]]
    assert [(s["status"], s["event_id"]) for s in mine] == [("not-met", "event:eu-ai-act:withdrawn:2026-09-01")]
    assert "withdrawn" in mine[0]["reason"]
    assert track.history(store, ai["id"]) == []  # nothing applied yet
    change = track.decide(store, settings, mine[0]["id"], True, "ben")
    assert (change.status, change.method, change.evidence[0].event_id) == (
        "not-met", track.SUGGEST, "event:eu-ai-act:withdrawn:2026-09-01")
    track.suggest(store, settings)  # a re-run keeps the decision and does not suggest it again
    assert not [s for s in track.suggestions(store) if s["ask_id"] == ai["ask"]]
    with pytest.raises(InputError, match="already accepted"):
        track.decide(store, settings, mine[0]["id"], False, "ben")


def test_bad_events_are_refused(store, settings):
    with pytest.raises(NotFound, match="no instrument"):
        track.add_event(store, settings, "no-such-act", "adopted", "2025-01-01", "OJ", "ana")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        track.add_event(store, settings, "eu-ai-act", "adopted", "June 2024", "OJ", "ana")


def test_presidencies_cover_2020_to_2027_with_trios():
    terms = presidencies.presidencies()
    assert presidencies.presidency_on("2024-03-01").id == "BE-2024-1"
    assert terms["BE-2024-1"].trio == "ES-BE-HU"
    days = sorted((p.start, p.end) for p in terms.values())
    assert days[0][0] <= "2020-01-01" and days[-1][1] >= "2027-12-31"
    for (_, end), (start, _) in itertools.pairwise(days):  # no gaps, no overlaps
        assert date.fromisoformat(end) + timedelta(days=1) == date.fromisoformat(start)
    past = [p for p in terms.values() if p.end < "2026-12-01"]
    assert past and all(p.leaders for p in past)  # whom a letter to each Presidency greets
    assert presidencies.greets_leader(terms["HU-2024-2"], "Monsieur le Premier ministre Orban")
    assert not presidencies.greets_leader(terms["HU-2024-2"], "Prime Minister De Croo")


def test_a_bad_leaders_entry_in_a_users_presidencies_is_named(tmp_path):
    from rightstrack.errors import SettingsError

    bad = tmp_path / "mine.toml"
    bad.write_text("[[presidency]]\nid = 'XX-2030-1'\ncountry = 'XX'\nstart = '2030-01-01'\nend = '2030-06-30'\n"
                   "leaders = 'Ana'\n", "utf-8")
    with pytest.raises(SettingsError, match="presidency XX-2030-1: leaders must be a list of names"):
        presidencies.presidencies(str(bad))


OUR_TERM = """[[trio]]
id = "MT-XX-YY"
members = ["MT-2031-1"]

[[presidency]]
id = "MT-2031-1"
country = "MT"
start = 2031-01-01
end = "2031-06-30"
leaders = ["Maria Borg"]
"""


def test_a_users_presidencies_file_adds_terms_and_trios(tmp_path):
    mine = tmp_path / "terms.toml"
    mine.write_text(OUR_TERM, "utf-8")
    terms = presidencies.presidencies(str(mine))
    assert terms["MT-2031-1"].trio == "MT-XX-YY" and terms["MT-2031-1"].start == "2031-01-01"
    assert terms["BE-2024-1"].trio == "ES-BE-HU"  # ours stay
    assert presidencies.presidency_on("2031-03-03", str(mine)).id == "MT-2031-1"
    assert presidencies.presidency_on("2031-03-03") is None


@pytest.mark.parametrize("wrong, message", [
    (OUR_TERM.replace('start = 2031-01-01', 'start = "March 2031"'), "start must be a date such as"),
    (OUR_TERM.replace('country = "MT"', 'country = "Malta"'), "country must be an ISO 3166-1 alpha-2 code"),
    (OUR_TERM.replace('members = ["MT-2031-1"]', 'members = "MT-2031-1"'), "each \\[\\[trio\\]\\] needs an id"),
    (OUR_TERM.replace('[[trio]]\nid = "MT-XX-YY"\nmembers = ["MT-2031-1"]\n', 'trio = 5\n'), "each \\[\\[trio\\]\\] needs an id"),
])
def test_a_mistake_in_a_users_presidencies_file_is_named(tmp_path, wrong, message):
    from rightstrack.errors import SettingsError

    bad = tmp_path / "bad.toml"
    bad.write_text(wrong, "utf-8")
    with pytest.raises(SettingsError, match=message):
        presidencies.presidencies(str(bad))
