"""Correction, clarification and update notices, from their cue to the end of the paragraph."""

from __future__ import annotations

import pytest

from newsweave.annotate.corrections import find_corrections

STORY = "The quay in Port Veldt reopened on Friday."


def _found(text: str) -> list[tuple[str, str]]:
    return [(c.kind, text[c.span.start : c.span.end]) for c in find_corrections(text)]


@pytest.mark.parametrize(
    ("notice", "kind"),
    [
        ("A previous version of this article misstated the height of the waves. They were six metres.", "correction"),
        ("An earlier version of this story gave the wrong date.", "correction"),
        ("Correction: The ferry operator is Fjordline, not Ostby Ferries.", "correction"),
        ("CORRECTION — an earlier figure for the waves was wrong.", "correction"),
        ("Update: The ferry resumed sailing on Friday.", "update"),
        ("This story has been updated with comment from the mayor.", "update"),
        ("Clarification: The mayor spoke on Monday, not Sunday.", "clarification"),
        ("Una versión anterior de esta noticia atribuía la cita a otra persona.", "correction"),
        ("Fe de errores: el alcalde habló el lunes.", "correction"),
        ("Actualización: el ferry volvió a salir el viernes.", "update"),
        ("Editor's note: The names of the crew have been withheld.", "note"),
    ],
)
def test_find_corrections_notice_runs_to_paragraph_end(notice: str, kind: str) -> None:
    text = f"{STORY}\n\n{notice}\n\nMore story follows here."

    assert _found(text) == [(kind, notice)]


def test_find_corrections_notice_after_sentence_in_same_paragraph() -> None:
    text = f"{STORY} A previous version of this article misstated the date.\nNext paragraph."

    assert _found(text) == [("correction", "A previous version of this article misstated the date.")]


def test_find_corrections_notice_at_end_of_text() -> None:
    text = f"{STORY}\nUpdate: The ferry resumed sailing on Friday."

    (correction,) = find_corrections(text)

    assert correction.span.end == len(text)
    assert correction.span.label == correction.kind == "update"


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the correction would come later.",
        "The council issued the correction: a small one.",
        "He asked for an update: none came.",
        "Mara Lind's earlier version of this story was longer.",
        STORY,
    ],
)
def test_find_corrections_ignores_cue_words_mid_sentence(text: str) -> None:
    assert find_corrections(text) == ()


def test_find_corrections_one_notice_per_notice_paragraph() -> None:
    notice = "Editor's note: This article was updated on Friday to add comment from the mayor."
    text = f"{STORY}\n{notice}"

    assert _found(text) == [("note", notice)]


def test_find_corrections_two_notices_in_order() -> None:
    first = "Correction: The ferry operator is Fjordline."
    second = "Update: Sailings resumed on Friday."
    text = f"{first}\n{STORY}\n{second}"

    assert _found(text) == [("correction", first), ("update", second)]
