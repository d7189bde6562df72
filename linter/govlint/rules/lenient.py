"""What Spectral 6 accepts in a ruleset and silently ignores, which govlint ignores too but
says so, once, as a warning naming the file, the rule and the key (docs/spectral-compat.md).

Spectral's ruleset schema (spectral-core ``meta/*.json``) refuses unknown keys at the top
level and in a rule, but not in a ``then`` entry (``message``, ``invert``...), an alias
object or an alias target: those are ignored. ``extends: spectral:asyncapi`` is accepted,
though govlint lints no AsyncAPI document: the name loads an empty ruleset, a child may
still adjust its rules by name (nothing to adjust here), and the warning says so.

Warnings are collected while a ruleset loads (:func:`collecting`) and printed once per
process by :func:`emit` (a run loads the same ruleset for several configs or workers).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

ASYNCAPI = "spectral:asyncapi"
# The rule ids of Spectral 6.16.3's spectral:asyncapi (@stoplight/spectral-rulesets 1.22):
# a ruleset extending it may adjust them (`asyncapi-tags: off`); they never run here.
ASYNCAPI_RULES = frozenset({
    "asyncapi-channel-no-empty-parameter", "asyncapi-3-channel-no-empty-parameter",
    "asyncapi-channel-no-query-nor-fragment", "asyncapi-3-channel-no-query-nor-fragment",
    "asyncapi-channel-no-trailing-slash", "asyncapi-3-channel-no-trailing-slash",
    "asyncapi-channel-parameters", "asyncapi-channel-servers", "asyncapi-3-channel-servers",
    "asyncapi-headers-schema-type-object", "asyncapi-3-headers-schema-type-object",
    "asyncapi-info-contact-properties", "asyncapi-info-contact", "asyncapi-info-description",
    "asyncapi-info-license-url", "asyncapi-info-license", "asyncapi-latest-version",
    "asyncapi-message-examples", "asyncapi-message-messageId-uniqueness",
    "asyncapi-operation-description", "asyncapi-3-operation-description",
    "asyncapi-operation-operationId-uniqueness", "asyncapi-operation-operationId",
    "asyncapi-operation-security", "asyncapi-3-operation-security",
    "asyncapi-parameter-description", "asyncapi-payload-default", "asyncapi-payload-examples",
    "asyncapi-payload-unsupported-schemaFormat", "asyncapi-3-payload-unsupported-schemaFormat",
    "asyncapi-payload", "asyncapi-schema-default", "asyncapi-schema-examples", "asyncapi-schema",
    "asyncapi-server-variables", "asyncapi-server-no-empty-variable",
    "asyncapi-3-server-no-empty-variable", "asyncapi-server-no-trailing-slash",
    "asyncapi-3-server-no-trailing-slash", "asyncapi-server-not-example-com",
    "asyncapi-3-server-not-example-com", "asyncapi-server-security", "asyncapi-servers",
    "asyncapi-tag-description", "asyncapi-3-tag-description", "asyncapi-tags-alphabetical",
    "asyncapi-3-tags-alphabetical", "asyncapi-tags-uniqueness", "asyncapi-3-tags-uniqueness",
    "asyncapi-tags", "asyncapi-3-tags", "asyncapi-unused-components-schema",
    "asyncapi-unused-components-server", "asyncapi-3-document-resolved",
    "asyncapi-3-document-unresolved",
})

ASYNCAPI_NOTE = (
    "extends spectral:asyncapi: AsyncAPI documents are not linted by govlint, so its rules "
    "never run (accepted so the ruleset loads; OpenAPI files are linted as before)")

# Keys of a `then` entry govlint reads; Spectral ignores any other.
THEN_KEYS = frozenset({"field", "function", "functionOptions"})
ALIAS_KEYS = frozenset({"description", "targets"})
# An `overrides` entry: govlint reads files and rules; Spectral also applies these four to
# the files (govlint does not: said as such); any other key Spectral ignores.
OVERRIDE_KEYS = frozenset({"files", "rules"})
OVERRIDE_UNSUPPORTED = frozenset({"extends", "formats", "aliases", "parserOptions"})
ALIAS_TARGET_KEYS = frozenset({"formats", "given"})

_collected: list[str] | None = None
_printed: set[str] = set()


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collect the warnings of one ruleset load (in order, each once)."""
    global _collected
    outer, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = outer


def warn(source: str, message: str, rule: str | None = None, *, once: bool = False) -> None:
    """Note one ignored construct: ``<file>: rule '<rule>': <message>``; ``once``: not
    again for another file (the AsyncAPI note is said once per run)."""
    text = f"{source}: rule {rule!r}: {message}" if rule else f"{source}: {message}"
    if _collected is None or text in _collected or (
            once and any(w.endswith(f": {message}") for w in _collected)):
        return
    _collected.append(text)


def ignored_keys(source: str, rule: str | None, where: str, keys: list[str]) -> None:
    for key in keys:
        warn(source, f"{where} key {key!r} is ignored (Spectral ignores it too)", rule)


def emit(warnings: list[str]) -> None:
    """Print each warning on stderr once per process."""
    fresh = [w for w in warnings if w not in _printed]
    if not fresh:
        return
    import click

    for text in fresh:
        _printed.add(text)
        click.echo(f"govlint: warning: {text}", err=True)
