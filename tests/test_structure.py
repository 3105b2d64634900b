import pytest

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
    assert _date("3 mayo 2025") == "2025-05-03"
    # the words joining day, month and year are data ([dates] joiners); read since 2026-12-04
    assert _date("Madrid, 3 de mayo de 2025") == "2025-05-03"
    assert _date("Lisboa, 1º de março de 2026") == "2026-03-01"
    assert _date("3 de cada mes de 2025") is None
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


@pytest.mark.parametrize(("text", "author"), [
    ("Programme de la présidence belge\n\nGouvernement de la Belgique\n\nLa présidence belge veillera à faire "
     "aboutir les négociations.\n", "Government of Belgium"),
    ("Programm der Ratspräsidentschaft\n\nDie österreichische Bundesregierung\n\nDie Präsidentschaft wird sich für "
     "den Abschluss der Verhandlungen einsetzen.\n", "Government of Austria"),
    ("Programma della presidenza\n\nGoverno italiano\n\nLa presidenza si adopererà per concludere i negoziati.\n",
     "Government of Italy"),
    ("Programa de la Presidencia\n\nGobierno de España, julio de 2023\n\nLa Presidencia impulsará el pacto.\n",
     "Government of Spain"),
    ("Programma van het voorzitterschap\n\nDe Belgische federale regering\n\nHet voorzitterschap zal de "
     "onderhandelingen afronden.\n", "Government of Belgium"),
    ("Recommendations\n\nThe Hungarian government has eroded judicial independence for a decade, and the Council "
     "has failed to act.\n\nWe urge the Council to:\n\n- Continue the Article 7 procedure.\n", None),  # a long line
])
def test_a_government_signing_its_own_document_near_the_top_is_its_author(text, author):
    """[letter] government of each language: a short line near the top that names a government
    and one country ("Gouvernement de la Belgique", "Governo italiano"); before 2026-12-02 only
    a title's country beside "our country" made one."""
    assert read_document(text.encode(), source="programme.txt").author == author
