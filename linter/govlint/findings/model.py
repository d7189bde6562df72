"""The finding model shared by every stage after the rules engine.

A finding is born in ``govlint.rules.engine`` (or in ``govlint.documents`` for
``parse-error`` / ``ref-*``), may be marked suppressed in ``govlint.exceptions``,
and is printed by ``govlint.reports``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Spectral's numbering: lower is worse. ``OFF`` disables a rule."""

    ERROR = 0
    WARN = 1
    INFO = 2
    HINT = 3
    OFF = -1

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, value: object) -> Severity:
        """Accept Spectral spellings: error/warn/info/hint/off, ``warning``, or 0-3 / -1."""
        if isinstance(value, Severity):
            return value
        if isinstance(value, bool):
            raise ValueError(f"invalid severity {value!r}")
        if isinstance(value, int):
            try:
                return cls(value)
            except ValueError:
                raise ValueError(f"invalid severity {value!r}") from None
        if isinstance(value, str):
            key = value.strip().lower()
            if key in _BY_NAME:
                return _BY_NAME[key]
        raise ValueError(
            f"invalid severity {value!r} (expected error, warn, info, hint, off or 0-3)"
        )

    def at_least(self, threshold: Severity) -> bool:
        """True when this severity is as bad as ``threshold`` or worse (OFF never is)."""
        if self is Severity.OFF or threshold is Severity.OFF:
            return False
        return self <= threshold


_LABELS = {
    Severity.ERROR: "error",
    Severity.WARN: "warn",
    Severity.INFO: "info",
    Severity.HINT: "hint",
    Severity.OFF: "off",
}
_BY_NAME = {
    "error": Severity.ERROR,
    "warn": Severity.WARN,
    "warning": Severity.WARN,
    "info": Severity.INFO,
    "information": Severity.INFO,
    "hint": Severity.HINT,
    "off": Severity.OFF,
}

Path = tuple[str | int, ...]


def pointer_from_path(path: Path) -> str:
    """RFC 6901 JSON pointer for a path of keys and indexes ('' is the whole document)."""
    if not path:
        return ""
    text = "/".join(map(str, path))
    if "~" not in text and text.count("/") == len(path) - 1:  # nothing to escape (most)
        return "/" + text
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") if "/" in p or "~" in p
                          else p for p in map(str, path))


def path_from_pointer(pointer: str) -> tuple[str, ...]:
    """Inverse of :func:`pointer_from_path`; segments stay strings (a pointer has no types)."""
    if pointer in ("", "#"):
        return ()
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if not pointer.startswith("/"):
        raise ValueError(f"invalid JSON pointer {pointer!r}")
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


@dataclass(slots=True)
class Finding:
    """One problem at one place.

    ``path`` is the location inside the parsed document as keys/indexes; ``pointer`` is
    its RFC 6901 spelling. ``line``/``column`` are 1-based and filled in lazily (only for
    findings that are reported) by ``govlint.documents`` so a clean run never pays for them.
    ``value_digest`` hashes the offending value so fingerprints survive line shifts.
    """

    rule: str
    severity: Severity
    message: str
    file: str
    path: Path = ()
    document: int | None = None
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    value_digest: str = ""
    fingerprint: str = ""
    suppressed: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # (path, its pointer): sorting, fingerprints and every report read the pointer.
    _pointer_of: tuple[Path, str] | None = field(default=None, init=False, repr=False,
                                                 compare=False)
    # (ingredients, digest) of the base fingerprint (govlint.findings.fingerprint): worker
    # processes compute it, the main process reuses it.
    _fingerprint_of: tuple[tuple[Any, ...], str] | None = field(
        default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> tuple[Any, ...]:
        """Pickled by worker processes by the million: a flat tuple (the dataclass default
        calls ``fields()`` per object), caches as their strings only."""
        pointer = self._pointer_of[1] if self._pointer_of is not None and \
            self._pointer_of[0] is self.path else None
        fingerprint = self._fingerprint_of[1] if self._fingerprint_of is not None else None
        return (self.rule, self.severity, self.message, self.file, self.path, self.document,
                self.line, self.column, self.end_line, self.end_column, self.value_digest,
                self.fingerprint, self.suppressed, self.extra, pointer, fingerprint)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (self.rule, self.severity, self.message, self.file, self.path, self.document,
         self.line, self.column, self.end_line, self.end_column, self.value_digest,
         self.fingerprint, self.suppressed, self.extra, pointer, fingerprint) = state
        self._pointer_of = None if pointer is None else (self.path, pointer)
        self._fingerprint_of = None
        if pointer is not None and fingerprint is not None:
            self._fingerprint_of = ((self.rule, self.file, self.document, pointer,
                                     self.value_digest), fingerprint)

    @property
    def pointer(self) -> str:
        cached = self._pointer_of
        if cached is None or cached[0] is not self.path:
            cached = self._pointer_of = (self.path, pointer_from_path(self.path))
        return cached[1]

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: file, document, position, rule, pointer, message."""
        return (
            self.file,
            -1 if self.document is None else self.document,
            self.line,
            self.column,
            self.rule,
            self.pointer,
            self.message,
        )
