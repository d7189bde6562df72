"""Memoising whole-document and whole-workspace readings (not a rule module)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

A = TypeVar("A")
R = TypeVar("R")


def latest(fn: Callable[[A], R]) -> Callable[[A], R]:
    """Memoise ``fn`` for its latest argument only, by identity: several rules read the
    same derivation of a document (schemas, error codes, sandboxes) or of the workspace
    (service directories, CRDs), and the engine handles one document, one workspace, at a
    time. The argument is held, so its id cannot be reused by another object."""
    last: list[Any] = [None, None]

    @functools.wraps(fn)
    def wrapper(arg: A) -> R:
        if last[0] is not arg:
            last[1] = fn(arg)
            last[0] = arg
        return last[1]

    return wrapper
