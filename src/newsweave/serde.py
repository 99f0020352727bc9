"""Serialisation of newsweave's records to plain dicts and back.

The one place that knows how records become JSON-able values: the same dict is the SQLite JSON
column, the Parquet row and the API body. Records are converted field by field from their type
hints, so a new field needs no code here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

SCHEMA_VERSION = "1.0"

__all__ = ["SCHEMA_VERSION", "from_dict", "to_dict"]

T = TypeVar("T")


def to_dict(record: Any) -> dict[str, Any]:
    """Convert a record (a dataclass of ``newsweave.model``) to a JSON-able dict."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"to_dict expects a record instance, got {type(record).__name__}")
    return {field.name: _encode(getattr(record, field.name)) for field in dataclasses.fields(record)}


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from the dict :func:`to_dict` made."""
    hints = _hints(cls)
    values = {name: _decode(hints[name], value) for name, value in data.items() if name in hints}
    return cls(**values)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode(inner[0], value)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_decode(item_hint, item) for item in value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """Resolved field types of a record class (resolving is slow; the result never changes)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]
