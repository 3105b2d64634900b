"""The command line as a user meets it: one line per bad input, a summary, the right exit code,
no traceback, nothing lost."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rightstrack

from .conftest import ROOT


def run(args: list[str], db: Path | str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "RIGHTSTRACK_DB": str(db), "RIGHTSTRACK_CONFIG": os.devnull,
                "RIGHTSTRACK_FETCH_ALLOW": "127.0.0.1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "rightstrack", *args], capture_output=True, text=True,
                          env=full_env, timeout=120, **kw)


def test_bad_inputs_each_get_one_line_and_the_good_ones_go_through(tmp_path, new_db):
    good = tmp_path / "good.md"
    good.write_text("We urge the Council to:\n\n- Ratify the Istanbul Convention without delay.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "notes.xyz").write_text("hello")
    (tmp_path / "huge.txt").write_text("x" * 5000)
    inputs = [str(tmp_path / n) for n in ("empty.txt", "broken.pdf", "notes.xyz", "huge.txt", "missing.txt")]
    db = new_db(tmp_path / "db.sqlite")
    result = run(["ingest", str(good), *inputs], db, env={"RIGHTSTRACK_MAX_BYTES": "4000"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5
    for name, reason in [("empty.txt", "empty"), ("broken.pdf", "not a readable PDF"),
                         ("notes.xyz", "unsupported format"), ("huge.txt", "over the limit"),
                         ("missing.txt", "no such file")]:
        assert any(name in e and reason in e for e in errors), (name, errors)
    assert "1 ingested (0 new versions), 0 unchanged, 5 failed" in result.stderr
    listed = run(["list", "--json"], db)
    assert [d["recommendations"] for d in json.loads(listed.stdout)] == [1]


def test_rerun_is_idempotent_and_exit_code_zero(tmp_path, new_db):
    db = new_db(tmp_path / "db.sqlite")
    first = run(["ingest", str(ROOT / "examples")], db)
    second = run(["ingest", str(ROOT / "examples"), "-q"], db)
    assert first.returncode == 0 and second.returncode == 0
    assert "4 ingested" in first.stderr and "0 ingested (0 new versions), 4 unchanged, 0 failed" in second.stderr


def test_show_list_stats_export(tmp_path, new_db):
    db = new_db(tmp_path / "db.sqlite")
    run(["ingest", str(ROOT / "examples")], db)
    shown = run(["show", "letter-to-presidency"], db)
    assert shown.returncode == 0
    assert "Make the protection of civic space a priority" in shown.stdout
    assert "Adopting Council conclusions" in shown.stdout
    assert "#asylum-migration" in shown.stdout  # tags shown beside each statement
    stats = json.loads(run(["stats", "--json"], db).stdout)
    assert stats["documents"] == 4 and stats["by_kind"]["recommendation"] > 20
    assert stats["tags_by_field"]["themes"] > 10 and stats["links_by_kind"]["equivalent"] >= 8
    exported = run(["export", "--format", "csv"], db)
    assert exported.stdout.startswith("id,kind,text")


def test_stats_names_tags_of_older_methods_until_they_are_renewed(tmp_path, new_db):
    """After an upgrade that changed a tagging method, the store still holds the older
    version's tags: stats says which and how many, and `rightstrack tag` renews them."""
    from sqlalchemy import text

    from rightstrack import themes

    db = new_db(tmp_path / "db.sqlite")
    run(["ingest", str(ROOT / "examples")], db, env={"RIGHTSTRACK_LINK": "false"})
    store = rightstrack.open_store(db)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE tags SET method = 'tag.themes.cues.v1' WHERE method LIKE 'tag.themes.cues.%'"))
    store.close()
    before = json.loads(run(["stats", "--json"], db).stdout)
    assert set(before["outdated_tag_methods"]) == {"tag.themes.cues.v1"}
    assert "'rightstrack tag' renews them" in run(["stats"], db).stdout
    assert run(["tag"], db).returncode == 0
    after = json.loads(run(["stats", "--json"], db).stdout)
    assert after["outdated_tag_methods"] == {} and "tag.themes.cues.v1" not in after["tags_by_method"]
    assert after["tags_by_method"][themes.METHOD] == before["outdated_tag_methods"]["tag.themes.cues.v1"]


@pytest.mark.parametrize("body", ["[dates]\nmonths = 5\n", "[dates]\njoiners = 7\n", "ask = 'a string'\n"])
def test_a_language_file_with_a_value_of_the_wrong_kind_is_one_line(tmp_path, body):
    (tmp_path / "pt.toml").write_text(f"version = 1\ncode = 'pt'\n{body}", "utf-8")
    result = run(["ingest", str(ROOT / "examples" / "letter-to-presidency-2025.en.md")], tmp_path / "db.sqlite",
                 env={"RIGHTSTRACK_LANG_DIR": str(tmp_path)})
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "pt.toml: a key holds the wrong kind of value" in result.stderr


def test_an_error_message_keeps_its_square_brackets(tmp_path):
    """Error lines go through rich, which would read "[x]" in a user's pattern or file name
    as markup and drop it."""
    text = (ROOT / "src/rightstrack/lang/en.toml").read_text("utf-8")
    (tmp_path / "en.toml").write_text(text.replace("continue = ['", "continue = ['(unclosed[x]', '", 1), "utf-8")
    result = run(["ingest", str(ROOT / "examples" / "letter-to-presidency-2025.en.md")], tmp_path / "db.sqlite",
                 env={"RIGHTSTRACK_LANG_DIR": str(tmp_path)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "language file en: bad pattern '(unclosed[x]'" in result.stderr


def test_user_mistakes_are_one_line_not_a_traceback(tmp_path):
    db = tmp_path / "db.sqlite"
    for args, phrase in [(["show", "no-such-doc"], "does not exist (ingest or import"),
                         (["import", str(tmp_path / "absent.jsonl")], "no such file"),
                         (["show", "no-such-doc"], "no document"),
                         (["import", str(tmp_path / "absent.jsonl")], "no such file"),
                         (["ingest", "--db", "nosuchdriver://x", "x.txt"], "cannot be opened")]:
        result = run(args, db)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr and phrase in result.stderr, result.stderr


def test_taxonomy_registry_and_language_files_given_as_flags(tmp_path, new_db):
    """--taxonomy and --instruments tag this run with the user's themes and instruments;
    `tag` without them goes back to ours; a bad file stops the command before any input,
    with one line naming it, and leaves the store as it was."""
    db = new_db(tmp_path / "db.sqlite")
    letter = tmp_path / "letter.md"
    letter.write_text("We urge the Council to:\n\n- Map the groundwater reserves of every region under the "
                      "Water Charter.\n", "utf-8")
    tax, reg, bad = tmp_path / "tax.toml", tmp_path / "reg.toml", tmp_path / "bad.toml"
    tax.write_text('[[theme]]\nid = "water"\nname = { en = "Water" }\ncues.en = ["groundwater"]\n', "utf-8")
    reg.write_text('[[instrument]]\nid = "water-charter"\ntype = "charter"\ntitle = "Water Charter"\n'
                   'names.en = ["Water Charter"]\n', "utf-8")
    bad.write_text("[[theme]\n", "utf-8")

    def tagged() -> tuple[list[str], list[str]]:
        (rec,) = [json.loads(line) for line in run(["export"], db).stdout.splitlines()]
        return rec["themes"], rec["instruments"]

    assert run(["ingest", "--taxonomy", str(tax), "--instruments", str(reg), str(letter)], db).returncode == 0
    assert "water" in tagged()[0] and tagged()[1] == ["water-charter"]
    assert run(["tag"], db).returncode == 0
    assert "water" not in tagged()[0] and tagged()[1] == []
    assert run(["tag", "--taxonomy", str(tax), "--instruments", str(reg)], db).returncode == 0
    assert "water" in tagged()[0] and tagged()[1] == ["water-charter"]
    other = tmp_path / "other.md"
    other.write_text("We urge the Council to:\n\n- Protect the groundwater of every region.\n", "utf-8")
    for args, phrase in [(["ingest", "--taxonomy", str(bad), str(other)], f"taxonomy {bad}: cannot be read"),
                         (["tag", "--instruments", str(bad)], f"instrument registry {bad}: cannot be read"),
                         (["link", "--lang-dir", str(tmp_path / "none")], f"lang_dir {tmp_path / 'none'}: no such folder"),
                         (["train-themes", "--taxonomy", str(bad), str(other), "-o", str(tmp_path / "m.npz")],
                          f"taxonomy {bad}: cannot be read")]:
        result = run(args, db)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {phrase}"), lines
    assert len(run(["export"], db).stdout.splitlines()) == 1 and tagged()[1] == ["water-charter"]


def test_themes_and_instruments_list_the_data_in_use(tmp_path):
    tax = tmp_path / "tax.toml"
    tax.write_text('[[theme]]\nid = "water"\nname = { en = "Water", fr = "Eau" }\ndescription = "Water and '
                   'sanitation."\ncues.en = ["groundwater"]\n', "utf-8")
    shown = run(["themes", "--lang", "fr", "--taxonomy", str(tax)], tmp_path / "db.sqlite")
    assert shown.returncode == 0 and "Asile et migration" in shown.stdout and "Eau" in shown.stdout
    data = json.loads(run(["themes", "--json", "--taxonomy", str(tax)], tmp_path / "db.sqlite").stdout)
    water = next(t for t in data["items"] if t["id"] == "water")
    assert water["description"] == {"en": "Water and sanitation."} and data["total"] == len(data["items"]) > 20
    listed = json.loads(run(["instruments", "--json"], tmp_path / "db.sqlite").stdout)["items"]
    assert {"eu-ai-act", "istanbul-convention", "echr"} <= {i["id"] for i in listed}
    tax.write_text('[[theme]]\nid = "water"\nname = { en = "Water" }\ndescription = ["no"]\n', "utf-8")
    bad = run(["themes", "--taxonomy", str(tax)], tmp_path / "db.sqlite")
    assert bad.returncode == 1 and "description must be text or a table of texts by language" in bad.stderr


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def test_ctrl_c_keeps_what_was_committed(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1500):
        (folder / f"doc{i:03}.md").write_text(f"# Letter {i}\n\nWe urge the Council to:\n\n- Ratify convention number {i} now.\n")
    db = tmp_path / "db.sqlite"
    env = {**os.environ, "RIGHTSTRACK_DB": str(db), "RIGHTSTRACK_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "rightstrack", "ingest", str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and _committed(db) < 60:  # past the first batch
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode in (0, 130)
    ingested = err.count("\ningested") + err.startswith("ingested")
    listed = json.loads(run(["list", "--json"], db).stdout)
    # The interrupt may land between a commit and its printed line, never inside a commit.
    assert ingested <= len(listed) <= ingested + 1 and ingested > 0
    assert all(d["recommendations"] == 1 for d in listed)


def test_commands_that_only_read_leave_no_database_behind(tmp_path):
    """A mistyped --db on export, list or tag is one error line, and neither a new database
    nor its folder appears; an empty file (not a database) is refused and left empty."""
    missing, empty = tmp_path / "typo" / "rights.db", tmp_path / "notes.csv"
    empty.write_bytes(b"")
    for args in (["export"], ["list"], ["tag"], ["status", "suggestions"]):
        proc = run(args, missing)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
        assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr
    assert not missing.parent.exists()
    proc = run(["list"], empty)
    assert proc.returncode == 1 and "notes.csv: is empty" in proc.stderr and empty.read_bytes() == b""


def test_a_database_that_fails_is_one_line_not_a_traceback(tmp_path):
    db = tmp_path / "broken.db"
    rightstrack.open_store(str(db)).close()  # creates it
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE suggestions")
    proc = run(["status", "suggestions"], db)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "the database failed" in proc.stderr
