"""The framing section in every format, on the hand-written framing of ``conftest.py``: what each
source leads with, leaves out and quotes, the word it frames a shared claim with, and the brief's
note; and that a comparison without framing renders as before."""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console
from tests.report.conftest import find

from newsweave.model import Comparison, WordKind, WordMark
from newsweave.report import comparison_to_json, render, render_html, render_markdown, render_terminal
from newsweave.report.views import (
    claim_text,
    framing_emphasis,
    framing_leads,
    framing_voices,
    framing_wordings,
    has_framing,
    lead_claims,
    marked_pieces,
    rank_label,
    wording_differs,
)


def terminal_text(comparison: Comparison) -> str:
    console = Console(record=True, width=160)
    render_terminal(comparison, console)
    return console.export_text()


# --- views ----------------------------------------------------------------------------------------


def test_framing_views_select_leads_emphasis_voices_and_wordings(framed: Comparison) -> None:
    assert has_framing(framed)
    assert [claim.id for claim in lead_claims(framed)] == ["c1"]
    leads = framing_leads(framed)
    assert [(view.headline, view.lead, view.ranks) for view in leads][:1] == [
        ("Storm hits coast", "A storm hit the coast on Tuesday.", (("c1", 1),))
    ]
    wire = framing_emphasis(framed)[2]
    assert [claim.id for claim, _ in wire.omitted] == ["c2"]
    assert [claim.id for claim, _ in wire.exclusive] == ["c4"]
    voices = {article.id: kinds for article, kinds in framing_voices(framed)}
    assert [(str(kind), [v.speaker for v in found]) for kind, found in voices["a3"]] == [("other", ["unattributed"])]
    (wording,) = framing_wordings(framed)
    assert [(m.article.id, m.is_neutral, len(m.marks)) for m in wording.members] == [
        ("a1", True, 0),
        ("a2", False, 0),
        ("a3", False, 1),
    ]
    claims = {claim.id: claim for claim in framed.claims}
    assert wording_differs(framed, claims["c1"])
    assert not wording_differs(framed, claims["c3"])
    assert claim_text(framed, claims["c2"]) == "Twelve people were injured."  # no brief member: the first


def test_no_framing_no_section(comparison: Comparison) -> None:
    assert not has_framing(comparison)
    assert "Framing" not in render_markdown(comparison)
    assert 'id="framing"' not in render_html(comparison)
    assert "Framing" not in terminal_text(comparison)
    assert comparison_to_json(comparison)["framing"] == {"lexicon": "", "sources": [], "wordings": []}


@pytest.mark.parametrize(
    ("rank", "label"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd"), (None, "—")]
)
def test_rank_label(rank: int | None, label: str) -> None:
    assert rank_label(rank) == label


def test_marked_pieces_cut_a_sentence_around_its_words(framed: Comparison) -> None:
    wire = framed.articles[2]
    sentence = wire.sentences[0].span
    (mark,) = framed.framing.sources[2].words
    pieces = marked_pieces(wire.text_at(sentence), sentence.start, [mark])
    assert [(text, bool(found)) for text, found in pieces] == [
        ("Storms ", False),
        ("battered", True),
        (" the coast on Tuesday after forming on Sunday.", False),
    ]
    outside = WordMark(article_id="a3", span=find(wire.text, "Crews"), kind=WordKind.HEDGE, score=1.0)
    assert marked_pieces(wire.text_at(sentence), sentence.start, [outside]) == [(wire.text_at(sentence), None)]


# --- formats ---------------------------------------------------------------------------------------


def test_markdown_framing_section(framed: Comparison) -> None:
    page = render_markdown(framed)
    section = page.split("## Framing")[1].split("\n## ")[0]
    assert "### Headlines and leads" in section
    planet = "- **Daily Planet** [1]: headline “Storm hits coast”; leads with “A storm hit the coast on Tuesday.”"
    assert f"{planet} (c1, 3 sources)" in section
    assert "| Source | c1 |" in section
    assert "**Wire Service** [3] leaves out “Twelve people were injured.” [1][2]" in section
    assert "- **Wire Service** [3]: other: unattributed (1 quote, 4 words; only here)" in section
    assert "- **Daily Planet** [1]: official: Jane Doe (mayor; 1 quote, 3 words)" in section
    assert "#### c1 (sources differ in wording)" in section
    assert "- [3]: Storms **battered** _(evaluative)_ the coast on Tuesday after forming on Sunday." in section
    assert "- [1] (most neutral): A storm hit the coast on Tuesday." in section
    brief = page.split("## Brief")[1].split("\n## ")[0]
    assert "A storm hit the coast on Tuesday. [1][2][3] _(sources differ in wording)_" in brief


def test_html_framing_section(framed: Comparison) -> None:
    page = render_html(framed)
    section = page.split('<section id="framing">')[1].split("</section>")[0]
    assert "<h3>Headlines and leads</h3>" in section
    assert '<mark class="word word-evaluative" title="evaluative, 2">battered</mark>' in section
    assert "<th>Source</th><th" in section
    assert "only here" in section
    assert '<span class="note">(sources differ in wording)</span>' in page.split('<section id="brief">')[1]


def test_terminal_framing_tables(framed: Comparison) -> None:
    out = terminal_text(framed)
    for title in ("Framing: headlines and leads", "Framing: emphasis and omission", "Framing: voices"):
        assert title in out
    assert "battered (evaluative)" in out
    assert "most neutral" in out


def test_json_framing_follows_contract(framed: Comparison) -> None:
    data = json.loads(render(framed, "json"))
    framing = data["framing"]
    assert set(framing) == {"lexicon", "sources", "wordings"}
    assert framing["lexicon"] == "vaderSentiment 3.3.2 vader_lexicon.txt (MIT)"
    wire = framing["sources"][2]
    assert set(wire) == {"article", "headline", "lead", "lead_ranks", "omitted", "exclusive", "voices", "words"}
    assert wire["lead"] == {
        "sentence": 0,
        "text": "Storms battered the coast on Tuesday after forming on Sunday.",
        "claim": "c1",
    }
    assert wire["lead_ranks"] == [{"claim": "c1", "rank": 1}]
    assert wire["omitted"] == [{"claim": "c2", "sources": 2, "centrality": 2.75, "text": "Twelve people were injured."}]
    (word,) = wire["words"]
    text = data["articles"][2]["text"]
    assert word == {
        "text": "battered",
        "kind": "evaluative",
        "score": 2.0,
        "claim": "c1",
        "differs": True,
        "start": text.index("battered"),
        "end": text.index("battered") + len("battered"),
    }
    assert text[word["start"] : word["end"]] == word["text"]
    assert wire["voices"][0] == {
        "speaker": "unattributed",
        "entity": "",
        "kind": "other",
        "cue": "",
        "quotes": 1,
        "words": 4,
        "only_here": True,
    }
    assert framing["wordings"] == [{"claim": "c1", "differs": True, "neutral_member": 0, "loadedness": [0.0, 0.0, 2.0]}]
    assert [claim["wording_differs"] for claim in data["claims"]] == [True, False, False, False]


def test_framing_escapes_hostile_text_in_every_format(framed_hostile: Comparison) -> None:
    page = render_html(framed_hostile)
    assert "<script" not in page.lower()
    section = page.split('<section id="framing">')[1].split("</section>")[0]
    assert "headline <q>&lt;script&gt;alert(1)&lt;/script&gt;</q>" in section
    markdown = render_markdown(framed_hostile)
    assert re.search(r"(?<!\\)<", markdown) is None
    assert "headline “\\<script\\>alert(1)\\</script\\>”" in markdown
    assert "<script>alert(1)</script>" in terminal_text(framed_hostile)  # printed as text, not read as markup
