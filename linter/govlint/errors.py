"""User-facing failures. The CLI turns a ``GovlintError`` into a message and exit code 2;
anything else that escapes a command is a bug in govlint: exit code 4
(:data:`INTERNAL_ERROR`), a one-line message naming the file being processed, no traceback
unless ``GOVLINT_DEBUG=1``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

# 1 means findings and 3 is what the GitLab template's warn-only mode maps findings to, so
# a crash gets a code of its own: a pipeline can never mistake it for "lint failed".
INTERNAL_ERROR = 4


class GovlintError(Exception):
    """A usage error, or a broken ruleset/config: printed without a traceback, exit 2."""


class ConfigError(GovlintError):
    """``.govlint.yaml`` (or a file it names) is invalid."""


class RulesetError(GovlintError):
    """A ruleset cannot be used: the message names the ruleset file and the rule."""

    def __init__(self, source: str, message: str, rule: str | None = None) -> None:
        where = f"{source}: rule {rule!r}" if rule else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.rule = rule


@contextmanager
def processing(what: object) -> Iterator[None]:
    """Label an unexpected exception with the file being processed (the innermost label
    wins); the attribute survives pickling, so a worker process's crash names its file."""
    try:
        yield
    except GovlintError:
        raise
    except Exception as exc:
        if not getattr(exc, "govlint_processing", None):
            with suppress(AttributeError):  # an exception with __slots__ takes no attribute
                exc.govlint_processing = str(what)  # type: ignore[attr-defined]
        raise


def processing_of(exc: BaseException) -> str | None:
    """The file an unexpected exception was labelled with, if any (also through causes)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        label = getattr(current, "govlint_processing", None)
        if label:
            return str(label)
        current = current.__cause__ or current.__context__
    return None
