"""Reports: where findings are printed. Formatters are looked up by name and imported lazily."""

from __future__ import annotations

import importlib
from typing import IO, TYPE_CHECKING

from govlint.errors import GovlintError

if TYPE_CHECKING:
    from govlint.reports.model import Report

# name -> module exposing ``render(report: Report, stream: IO[str], *, color: bool) -> None``
FORMATTERS: dict[str, str] = {
    "json": "govlint.reports.json_format",
    "stylish": "govlint.reports.stylish",
    "sarif": "govlint.reports.sarif",
    "gitlab": "govlint.reports.gitlab",
    "junit": "govlint.reports.junit",
    "github": "govlint.reports.github",
    "markdown": "govlint.reports.markdown",
}


def render(name: str, report: Report, stream: IO[str], *, color: bool = False) -> None:
    module_name = FORMATTERS.get(name)
    if module_name is None:
        raise GovlintError(
            f"unknown format {name!r} (known: {', '.join(sorted(FORMATTERS))})"
        )
    importlib.import_module(module_name).render(report, stream, color=color)
