"""The learned theme model: trained from labelled statements, tags in other languages, kept
apart from cue tags and from human decisions."""

import csv
import itertools
import random
from dataclasses import replace

import numpy as np
import pytest

import rightstrack
from rightstrack import embed, learned
from rightstrack.errors import InputError

pytest.importorskip("sklearn", reason="scikit-learn (dev and train extras) is not installed")

TOPICS = {
    "asylum-migration": ["access to asylum at the borders", "the reception of refugees", "pushbacks of migrants",
                         "the detention of asylum seekers", "safe routes for people fleeing war"],
    "technology-ai": ["facial recognition in public spaces", "artificial intelligence used by the police",
                      "predictive policing algorithms", "automated decisions on welfare", "emotion recognition"],
    "death-penalty": ["executions", "the abolition of capital punishment", "death sentences for drug offences",
                      "a moratorium on the death penalty", "people on death row"],
}
VERBS = ["Ensure an end to", "Stop the abuse linked to", "Report each year on", "Adopt a law on",
         "Set up independent oversight of", "Hold a public debate on"]


def _examples(path):
    rng = random.Random(3)
    rows = [{"text": f"{verb} {topic}, as a matter of priority.", "themes": theme}
            for theme, topics in TOPICS.items() for verb, topic in itertools.product(VERBS, topics)]
    rng.shuffle(rows)
    return _write(path, rows)


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, list(rows[0]))
        out.writeheader()
        out.writerows(rows)
    return path


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    texts, labels, _ = learned.read_examples(str(_examples(folder / "labelled.csv")))
    model, report = learned.train(texts, labels, trained_on="test templates")
    assert report["micro_f1"] >= 0.9
    model.save(str(folder / "themes.npz"))
    return str(folder / "themes.npz")


def test_a_model_trained_in_english_tags_other_languages(model_file):
    model = learned.load(model_file)
    assert model.themes == sorted(TOPICS) and model.trained_on == "test templates"
    vectors = embed.default().encode(["De politie moet stoppen met gezichtsherkenning op straat.",
                                       "La France doit garantir l'accès à l'asile à ses frontières.",
                                       "Deutschland soll sich für die weltweite Abschaffung der Todesstrafe einsetzen."])
    best = [found[0][0] if found else None for found in model.predict(vectors)]
    assert best == ["technology-ai", "asylum-migration", "death-penalty"]


def test_linking_adds_learned_tags_beside_cue_tags_and_keeps_human_decisions(model_file, tmp_path, store, settings):
    settings = replace(settings, theme_model=model_file)
    (tmp_path / "asks.md").write_text("We urge the Council to:\n\n- Halt every execution and commute death "
                                      "sentences.\n- Stop predictive policing in the member states.\n",
                                      encoding="utf-8")
    rightstrack.ingest([str(tmp_path / "asks.md")], store=store, settings=settings)
    records = {r["text"][:5]: r for r in store.export_records()}
    assert "death-penalty" in records["Halt "]["themes"] and "technology-ai" in records["Stop "]["themes"]
    with store.engine.connect() as conn:
        from sqlalchemy import text
        methods = dict(conn.execute(text("SELECT value, method FROM tags WHERE field = 'themes' AND method LIKE "
                                         "'%learned%'")).all())
    assert methods.get("technology-ai") == learned.METHOD
    store.decide_tag(records["Stop "]["id"], "themes", "technology-ai", "rejected", "ana")
    rightstrack.link(store, settings)
    rightstrack.retag(store, settings)
    again = {r["text"][:5]: r for r in store.export_records()}
    assert "technology-ai" not in again["Stop "]["themes"] and "death-penalty" in again["Halt "]["themes"]


def test_train_themes_chooses_thresholds_on_the_dev_split_and_leaves_test_out(tmp_path):
    """A file with a `split` column (a UPR Info export): fitted on train, thresholds on dev,
    test left for measuring; without one, a held-out fifth."""
    from click.testing import CliRunner

    from rightstrack.cli import cli

    rows = list(csv.DictReader(_examples(tmp_path / "plain.csv").open(encoding="utf-8")))
    for i, row in enumerate(rows):
        row["split"] = ("train", "train", "train", "dev", "test")[i % 5]
    _write(tmp_path / "split.csv", rows)
    examples = learned.read_examples(str(tmp_path / "split.csv"))
    assert examples.splits.count("dev") == sum(r["split"] == "dev" for r in rows)
    result = CliRunner().invoke(cli, ["train-themes", str(tmp_path / "split.csv"), "-o", str(tmp_path / "m.npz")])
    dev, test = sum(r["split"] == "dev" for r in rows), sum(r["split"] == "test" for r in rows)
    assert result.exit_code == 0, result.output
    assert f"from {len(rows) - test} texts of {tmp_path / 'split.csv'} and {len(learned.exemplars())} exemplars " \
        f"of the taxonomy; thresholds chosen on the dev split ({dev} texts)" in " ".join(result.output.split())
    plain = CliRunner().invoke(cli, ["train-themes", str(tmp_path / "plain.csv"), "-o", str(tmp_path / "p.npz")])
    assert f"thresholds chosen on the held-out fifth ({len(rows) - int(len(rows) * 0.8)} texts)" in \
        " ".join(plain.output.split())
    for row in rows:
        row["split"] = "test"
    _write(tmp_path / "test.csv", rows)
    none_left = CliRunner().invoke(cli, ["train-themes", str(tmp_path / "test.csv"), "-o", str(tmp_path / "t.npz")])
    assert isinstance(none_left.exception, InputError) and "0 labelled texts outside its test split" in str(none_left.exception)


def test_train_themes_learns_every_theme_from_the_taxonomys_exemplars(tmp_path):
    """Our exemplars give the model every theme of the taxonomy, those the data never labels
    too (foreign policy: no UPR Info label maps to it); --no-exemplars leaves them out."""
    from click.testing import CliRunner

    from rightstrack import themes
    from rightstrack.cli import cli

    data = str(_examples(tmp_path / "plain.csv"))
    assert CliRunner().invoke(cli, ["train-themes", data, "-o", str(tmp_path / "m.npz")]).exit_code == 0
    model = learned.load(str(tmp_path / "m.npz"))
    assert model.themes == sorted(themes.taxonomy()) and "exemplars of the taxonomy" in model.trained_on
    at = model.themes.index("foreign-policy")
    tuned = [t for t in range(len(model.themes)) if model.themes[t] in TOPICS]
    assert model.thresholds[at] == pytest.approx(np.median(model.thresholds[tuned]))  # none held out has it
    vectors = embed.default().encode(["Raise the cases of imprisoned activists in every human rights dialogue "
                                      "with third countries.", "Abolish the death penalty for every crime."])
    assert [found[0][0] if found else None for found in model.predict(vectors)] == ["foreign-policy", "death-penalty"]
    plain = CliRunner().invoke(cli, ["train-themes", data, "-o", str(tmp_path / "p.npz"), "--no-exemplars"])
    assert plain.exit_code == 0 and learned.load(str(tmp_path / "p.npz")).themes == sorted(TOPICS)


def test_every_theme_has_exemplars_in_several_languages_and_bad_ones_are_named(tmp_path):
    from rightstrack import themes
    from rightstrack.errors import SettingsError

    for theme in themes.taxonomy().values():
        assert len(theme.exemplars.get("en", ())) >= 4 and len(theme.exemplars) >= 3, theme.id
    bad = tmp_path / "mine.toml"
    bad.write_text("[[theme]]\nid = 'x'\nname = 'X'\nexemplars.en = 'not a list'\n", "utf-8")
    with pytest.raises(SettingsError, match="theme x: exemplars must be lists of texts"):
        themes.taxonomy(str(bad))


def test_bad_training_files_say_what_is_wrong(tmp_path):
    (tmp_path / "few.csv").write_text("text,themes\nEnd executions.,death-penalty\n", encoding="utf-8")
    with pytest.raises(InputError, match="at least 20"):
        learned.read_examples(str(tmp_path / "few.csv"))
    (tmp_path / "cols.csv").write_text("sentence,label\na,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="`themes` column"):
        learned.read_examples(str(tmp_path / "cols.csv"))
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="needs a `text` column"):
        learned.read_examples(str(tmp_path / "empty.csv"))
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    with pytest.raises(InputError, match="cannot be read"):
        learned.load(str(tmp_path / "junk.npz"))
