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


# Where the rule pages are published: this repository's docs/rules/ on its forge. An
# organisation that hosts govlint elsewhere sets GOVLINT_DOCS_URL (README, "Rule pages").
DEFAULT_DOCS_URL = "https://github.com/your-org/govlint/blob/main/docs/rules"
DOCS_URL_ENV = "GOVLINT_DOCS_URL"


def rule_doc_url(rule_id: str) -> str:
    """The URL of a built-in rule's page (``<base>/<ID>.md``), for a report's
    ``documentationUrl`` and SARIF's ``helpUri``; ``""`` when govlint ships no page for it
    (a link to a page that does not exist helps nobody). The base is ``$GOVLINT_DOCS_URL``,
    else :data:`DEFAULT_DOCS_URL`."""
    import os

    if not _has_page(rule_id):
        return ""
    base = os.environ.get(DOCS_URL_ENV, "").strip() or DEFAULT_DOCS_URL
    from urllib.parse import quote

    return f"{base.rstrip('/')}/{quote(rule_id)}.md"


@cache
def _has_page(rule_id: str) -> bool:
    if not rule_id or "/" in rule_id or "\\" in rule_id or rule_id.startswith("."):
        return False
    try:
        return (data_dir("docs") / "rules" / f"{rule_id}.md").is_file()
    except FileNotFoundError:
        return False


def rule_page(rule_id: str) -> str | None:
    """The Markdown page of a built-in rule (``docs/rules/<id>.md``), without the HTML
    comment markers the docs generator keeps; None when govlint ships no such page."""
    try:
        page = data_dir("docs") / "rules" / f"{rule_id}.md"
    except FileNotFoundError:
        return None
    return strip_comments(page.read_text(encoding="utf-8")) if page.is_file() else None


def strip_comments(markdown: str) -> str:
    """``markdown`` without HTML comments outside code blocks (terminals and SARIF viewers
    would show them raw)."""
    import re

    fence = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", re.M | re.S)
    parts = fence.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are outside code blocks
        text = re.sub(r"^[ \t]*<!--.*?-->[ \t]*(?:\n|$)", "", parts[i], flags=re.M | re.S)
        parts[i] = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"\n{3,}", "\n\n", "".join(parts))
