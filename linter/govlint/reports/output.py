"""``--format NAME[:FILE]``: parse the option and write every requested format from one report.

Shared by ``govlint lint`` and ``govlint merge`` so both accept the same spellings.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from govlint.errors import GovlintError
from govlint.reports import FORMATTERS, render

if TYPE_CHECKING:
    from collections.abc import Iterable

    from govlint.reports.model import Report


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """One ``--format`` value: a formatter name and a file (``None`` means standard output)."""

    name: str
    path: Path | None = None


def parse_spec(value: str) -> OutputSpec:
    """``stylish`` -> stdout; ``sarif:out/govlint.sarif`` -> that file. Unknown names fail fast,
    before any linting happens."""
    name, sep, file = value.partition(":")
    name = name.strip().lower()
    if name not in FORMATTERS:
        raise GovlintError(
            f"unknown format {name!r} in --format {value!r} "
            f"(known: {', '.join(sorted(FORMATTERS))})"
        )
    if sep and not file:
        raise GovlintError(f"--format {value!r}: missing file name after ':'")
    return OutputSpec(name, Path(file) if sep else None)


def parse_specs(values: Iterable[str], default: str = "stylish") -> list[OutputSpec]:
    """All ``--format`` values; at most one may go to standard output."""
    specs = [parse_spec(v) for v in values] or [OutputSpec(default)]
    if sum(1 for s in specs if s.path is None) > 1:
        raise GovlintError("only one --format may write to standard output; give the others :FILE")
    return specs


def use_color(stream: IO[str]) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(report: Report, specs: Iterable[OutputSpec], stdout: IO[str] | None = None) -> None:
    """Write ``report`` in every requested format; files get parent directories created."""
    out = stdout if stdout is not None else sys.stdout
    for spec in specs:
        if spec.path is None:
            render(spec.name, report, out, color=use_color(out))
            out.flush()
            continue
        try:
            spec.path.parent.mkdir(parents=True, exist_ok=True)
            with spec.path.open("w", encoding="utf-8", newline="\n") as fh:
                render(spec.name, report, fh, color=False)
        except OSError as exc:
            raise GovlintError(f"cannot write {spec.name} report to {spec.path}: {exc}") from exc
