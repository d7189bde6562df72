"""``json``: the canonical report (:meth:`Report.to_json`), the input of ``govlint merge``,
``rollup`` and every other format. Documented by ``schemas/report.schema.json``."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govlint.reports.model import Report


def dumps(data: Any) -> str:
    """Indented, UTF-8, deterministic (key order is the model's, results sorted by the model)."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode("utf-8") + "\n"


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    stream.write(dumps(report.to_json()))
