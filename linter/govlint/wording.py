"""Words in user-facing text: counts (``1 file``, ``2 files``, never ``1 files``), and
"did you mean" suggestions for misspelt names."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, pluralised (``many`` for irregular plurals)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def did_you_mean(name: object, candidates: Iterable[object]) -> str:
    """`` (did you mean 'exclude'?)`` when ``name`` is close to one of ``candidates``
    (case-insensitive, :mod:`difflib`), else ``""``: for messages about a misspelt rule
    id, config key, var or function name."""
    import difflib

    text = str(name)
    by_folded: dict[str, str] = {}
    for candidate in sorted({str(c) for c in candidates}):
        by_folded.setdefault(candidate.casefold(), candidate)
    folded = text.casefold()
    if folded in by_folded and by_folded[folded] != text:
        return f" (did you mean {by_folded[folded]!r}?)"
    close = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


def with_suggestions(names: Iterable[object], candidates: Iterable[object]) -> str:
    """``a (did you mean 'b'?), c``: names joined, each with its suggestion."""
    pool = [str(c) for c in candidates]
    return ", ".join(f"{n}{did_you_mean(n, pool)}" for n in names)


def shown(value: object) -> str:
    """A ruleset value as a user writes it in YAML flow style, not as Python prints it:
    ``[/healthz, /metrics]``, ``{http: true}``, ``true``, ``null`` (absent: ``(none)``);
    strings bare unless empty or padded."""
    if value is None:
        return "(none)"
    return _flow(value)


def _flow(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value and value == value.strip() else f'"{value}"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return str(value)
