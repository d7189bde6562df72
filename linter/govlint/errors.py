"""User-facing failures. The CLI turns a ``GovlintError`` into a message and exit code 2."""

from __future__ import annotations


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
