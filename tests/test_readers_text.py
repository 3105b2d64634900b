from rightstrack import read_document
from rightstrack.readers.markers import split_marker
from rightstrack.readers.text import parse
from rightstrack.steps.structure import nest_items

from .conftest import tree


def test_every_list_marker_style_is_recognised():
    cases = {
        "• item": ("•", "bullet:•"), "- item": ("-", "bullet:-"), "* item": ("*", "bullet:*"),
        "– item": ("–", "bullet:–"), "▪ item": ("•", "bullet:•"), "1. item": ("1.", "decimal."),
        "12) item": ("12)", "decimal)"), "a) item": ("a)", "alpha)"), "(iv) item": ("(iv)", "roman()"),
        "ii. item": ("ii.", "roman."), "A. Presentation of the report": ("A.", "ALPHA."), "1.2 item": ("1.2", "decimal-nested"),
        "\uf0b7 item": ("•", "bullet:•"),
    }
    for line, (marker, style) in cases.items():
        found = split_marker(line)
        assert found is not None, line
        assert found[:2] == (marker, style), line


def test_sentences_and_initials_are_not_markers():
    for line in ["E. coli outbreaks were reported.", "2024 was a difficult year.", "-5 degrees", "plain text"]:
        assert split_marker(line) is None, line


def test_indented_text_list_becomes_a_tree_with_offsets():
    text = (
        "Our asks\n\n"
        "We urge the Council to:\n"
        "  • Ratify the convention:\n"
        "      a) within a year;\n"
        "      b) without reservations.\n"
        "  • Publish the review.\n"
    )
    doc = parse(text)
    nest_items(doc.blocks)
    assert [(b.depth, b.kind, b.marker, b.text) for b in doc.blocks] == [
        (0, "heading", "", "Our asks"),
        (0, "paragraph", "", "We urge the Council to:"),
        (0, "item", "•", "Ratify the convention:"),
        (1, "item", "a)", "within a year;"),
        (1, "item", "b)", "without reservations."),
        (0, "item", "•", "Publish the review."),
    ]
    for b in doc.blocks:
        assert text[b.start:b.end] == b.text


def test_markdown_headings_emphasis_and_footnotes():
    doc = read_document(b"# Title here\n\nSome **bold** text.\n\n[1] A footnote.\n", source="x.md")
    assert tree(doc) == [(0, "heading", "Title here"), (0, "paragraph", "Some bold text."),
                         (0, "footnote", "[1] A footnote.")]
    assert doc.blocks[0].level == 1


def test_wrapped_lines_join_and_bare_markers_take_the_next_line():
    text = ("78. In the course of the discussion the following were made to the State and this\n"
            "sentence continues on a second line.\n\n1.\nRatify the convention (France);\n")
    doc = parse(text)
    assert [(b.kind, b.marker, b.text[:40]) for b in doc.blocks] == [
        ("item", "78.", "In the course of the discussion the foll"),
        ("item", "1.", "Ratify the convention (France);"),
    ]
    assert doc.blocks[0].text.endswith("on a second line.")
