"""Reading values out of documents written by hand (not a rule module).

Every governance function reads fields that may be missing or of the wrong type (the
schemas are checked by other rules); these readers turn a malformed value into "absent"
so that a rule never crashes on it and every rule treats it the same way.
"""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else empty (a malformed document never crashes a rule)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[Any, Any]:
    """``value`` if it is a mapping, else empty."""
    return value if isinstance(value, dict) else {}


def integer(value: Any) -> int | None:
    """An integer (bools are not integers), else ``None``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number(value: Any) -> float | None:
    """A real number (bools are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def ratio(value: Any) -> float | None:
    """A ratio as a fraction: ``0.6``, ``60%`` or ``"0.6"`` -> 0.6 (``None``: unreadable)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return float(text[:-1]) / 100
            return float(text)
        except ValueError:
            return None
    return number(value)
