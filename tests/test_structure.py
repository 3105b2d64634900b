from rightstrack import read_document
from rightstrack.model import Block
from rightstrack.settings import Settings
from rightstrack.steps.structure import find_date


def _date(line: str) -> str | None:
    return find_date([Block("paragraph", line, 0, len(line))], Settings(db="x.db"))


def test_dates_in_several_languages_and_formats():
    assert _date("Brussels, 10 January 2024") == "2024-01-10"
    assert _date("10 januari 2024") == "2024-01-10"
    assert _date("Paris, le 1er février 2025") == "2025-02-01"
    assert _date("Berlin, 10. März 2025") == "2025-03-10"
    assert _date("Madrid, 3 de mayo de 2025") is None or _date("3 mayo 2025") == "2025-05-03"
    assert _date("March 4, 2023") == "2023-03-04"
    assert _date("2024-06-30") == "2024-06-30"
    assert _date("30.06.2024") == "2024-06-30"
    assert _date("31 February 2024") is None


def test_dates_inside_long_sentences_are_not_the_documents_date():
    text = "The Convention of 28 July 1951 relating to the status of refugees binds all member states of the Union."
    assert _date(text) is None


def test_block_language_differs_from_document_language():
    text = ("Rights in the Union\n\nThe Council should protect refugees at every border of the Union this year.\n\n"
            "Het voorzitterschap moet de rechten van vluchtelingen aan alle grenzen van de Unie beschermen.\n\n"
            "The Commission should publish its evaluation of the return rules before the summer.\n")
    doc = read_document(text.encode(), source="mixed.txt")
    assert doc.language == "en"
    assert [b.language for b in doc.blocks] == ["en", "en", "nl", "en"]
    assert [s.language for s in doc.statements] == ["en", "nl", "en"]
