"""Stand-ins for models in unit tests: typed like the real ones, deterministic, nothing to load."""

from __future__ import annotations

from collections.abc import Callable


class FakeLanguageId:
    """A :class:`~newsweave.models.language.LanguageId` that answers with ``identify(text)``."""

    def __init__(self, identify: Callable[[str], str]) -> None:
        self.identify = identify

    def load(self) -> None:
        """Nothing to load."""

    def __call__(self, text: str) -> str:
        return self.identify(text)
