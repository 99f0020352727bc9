"""Typed errors with stable codes, and the record of a failed input.

Every error carries a searchable ``code`` (``"sources.unreadable"``) so a failure recorded in a
batch can be counted and looked up; the message says what was expected and what was received.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ExtractionError",
    "Failure",
    "InputError",
    "ModelUnavailableError",
    "NewsweaveError",
    "NotFittedError",
]


class NewsweaveError(Exception):
    """Base class of newsweave's errors."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(NewsweaveError):
    """An input cannot be read: missing, unsupported, undecodable or malformed."""


class ExtractionError(NewsweaveError):
    """A page was read but holds no usable article."""


class ModelUnavailableError(NewsweaveError):
    """A model that a stage needs is not installed."""


class NotFittedError(NewsweaveError):
    """A learning stage was used before it was fitted."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """One input that failed at one stage, with the reason kept."""

    input_id: str
    stage: str
    code: str
    message: str
    traceback: str = ""
