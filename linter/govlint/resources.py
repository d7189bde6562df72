"""Where the data that ships with govlint lives: built-in rulesets and schemas.

In a wheel they are under ``govlint/_data/``; in a source checkout (editable install,
tests) they are the repository's top-level ``rulesets/`` and ``schemas/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Directory of shipped data ``name`` ("rulesets" or "schemas")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"govlint data directory {name!r} is missing from the installation")


def rulesets_dir() -> Path:
    return data_dir("rulesets")


def schemas_dir() -> Path:
    return data_dir("schemas")
