"""``json``: the canonical report (:meth:`Report.to_json`), the input of ``govlint merge``,
``rollup`` and every other format. Documented by ``schemas/report.schema.json``."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govlint.reports.model import Report


def dumps(data: Any) -> str:
    """Indented, UTF-8, deterministic (key order is the model's, results sorted by the model)."""
    return _orjson(data) + "\n"


def _orjson(data: Any) -> str:
    """orjson's indented text; strings orjson refuses (lone surrogates from a non-UTF-8 file
    name) are written with U+FFFD instead (only then is the data copied)."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode("utf-8")
    except TypeError:
        return orjson.dumps(scrubbed(data), option=orjson.OPT_INDENT_2,
                            default=str).decode("utf-8")


def compact(data: Any) -> bytes:
    """Compact UTF-8 JSON (orjson), with the same fallback as :func:`dumps` for strings
    orjson refuses: for what govlint stores (history snapshots)."""
    import orjson

    try:
        return orjson.dumps(data, default=str)
    except TypeError:
        return orjson.dumps(scrubbed(data), default=str)


def scrubbed(data: Any) -> Any:
    """``data`` with every string (keys too) passed through :func:`.text.scrub` and keys
    that are not strings written as strings."""
    from govlint.reports.text import scrub

    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, dict):
        return {scrub(k) if isinstance(k, str) else str(k): scrubbed(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [scrubbed(v) for v in data]
    return data


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    """The same bytes as ``dumps(report.to_json())``, but ``results`` are serialised one at
    a time: never the whole report as dicts and one giant string at once."""
    from govlint.reports.model import finding_to_json

    if not report.results:
        stream.write(dumps(report.to_json()))
        return
    head, tail = dumps(report.to_json(with_results=False)).split(_EMPTY_RESULTS, 1)
    stream.write(head + '\n  "results": [')
    ordered = report.ordered()
    separator = "\n    "
    for start in range(0, len(ordered), _BATCH):
        batch = [finding_to_json(f) for f in ordered[start : start + _BATCH]]
        # '[\n  {...},\n  {...}\n]' -> the items, indented two more spaces
        text = _orjson(batch)
        stream.write(separator + text[4:-2].replace("\n", "\n  "))
        separator = ",\n    "
    stream.write("\n  ]" + tail)


_EMPTY_RESULTS = '\n  "results": []'
_BATCH = 2048  # findings serialised per orjson call
