"""``github``: GitHub Actions workflow commands, one annotation per active finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::MESSAGE``; warn becomes
``warning``, info and hint ``notice``. Suppressed findings are left out (an annotation cannot
be marked dismissed). Values are escaped as the Actions runner expects (``%``, CR, LF, and
``:``/``,`` in properties); other control characters are written as visible escapes.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from govlint.findings.model import Severity
from govlint.reports.model import active
from govlint.reports.text import escape_controls

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import Report

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARN: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def escape_data(value: str) -> str:
    """The runner's escaping for a command's message (``%``, CR, LF), then the remaining
    control characters written visibly (an ESC would reach the log raw)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(value)


def escape_property(value: str) -> str:
    """Property values additionally escape ``:`` and ``,`` (they delimit properties)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = [("file", f.file), ("line", str(f.line)), ("col", str(f.column))]
    if f.end_line is not None:
        props.append(("endLine", str(f.end_line)))
        if f.end_column is not None:
            props.append(("endColumn", str(f.end_column)))
    props.append(("title", f.rule))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS.get(f.severity, 'notice')} {joined}::{escape_data(f.message)}"


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    for f in active(report.results):
        stream.write(command(f) + "\n")
