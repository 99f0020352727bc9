"""The compare stage as a whole: what it asks of the embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.compare import compare_articles
from newsweave.model import Article, ClaimStatus, Sentence, Span


class RefusingEmbedder:
    dimensions = 4

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        raise AssertionError(f"asked to embed {len(texts)} sentences")


def test_compare_one_article_needs_no_embedder() -> None:
    text = "The pier closed on Sunday. Crews counted nine boats."
    article = Article(
        id="a1",
        uri="a1",
        text=text,
        sentences=(Sentence(span=Span(start=0, end=26)), Sentence(span=Span(start=27, end=len(text)))),
    )
    comparison = compare_articles([article], embedder=RefusingEmbedder())
    assert [claim.status for claim in comparison.claims] == [ClaimStatus.UNIQUE, ClaimStatus.UNIQUE]
    assert [claim.similarity for claim in comparison.claims] == [0.0, 0.0]
