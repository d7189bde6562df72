"""Regular expressions the governance rules take from ruleset variables, and the name
casings they check (not a rule module)."""

from __future__ import annotations

import re
from typing import Any

from govlint.errors import RulesetError

# Lenient on acronyms (``userID`` is camel): the checks are about separators and the
# first letter, which is what breaks generated clients.
CASINGS: dict[str, str] = {
    "camel": r"^[a-z][a-zA-Z0-9]*$",
    "pascal": r"^[A-Z][a-zA-Z0-9]*$",
    "snake": r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$",
    "kebab": r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
    "macro": r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$",
    "flat": r"^[a-z][a-z0-9]*$",
    "cobol": r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$",
}
CASING_NAMES = {
    "camel": "lowerCamelCase", "pascal": "UpperCamelCase", "snake": "snake_case",
    "kebab": "kebab-case", "macro": "UPPER_SNAKE_CASE", "flat": "flatcase",
    "cobol": "COBOL-CASE",
}
_COMPILED: dict[str, re.Pattern[str]] = {}


def casing_matches(casing: str, text: str) -> bool:
    pattern = _COMPILED.get(casing)
    if pattern is None:
        pattern = _COMPILED[casing] = re.compile(CASINGS[casing])
    return pattern.match(text) is not None


def compile_pattern(pattern: str, var: str, rule: str | None) -> Any:
    """The regular expression of ruleset variable ``var``; one that does not compile stops
    the run with a message naming the variable and the rule (exit 2, no traceback). A
    project sets these vars in ``.govlint.yaml`` (untrusted): each evaluation has a time
    budget (:mod:`govlint.functions.core._regex`)."""
    from govlint.functions.core._regex import compile_bounded

    try:
        return compile_bounded(pattern)
    except (re.error, TypeError) as exc:
        raise RulesetError("vars", f"{var} {pattern!r} is not a valid regular expression: "
                           f"{exc}", rule) from None
