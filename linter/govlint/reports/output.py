"""``--format NAME[:FILE]``: parse the option and write every requested format from one report.

Shared by ``govlint lint`` and ``govlint merge`` so both accept the same spellings.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
    """Write ``report`` in every requested format; files get parent directories created and
    are written atomically (:func:`atomic_writer`)."""
    out = stdout if stdout is not None else sys.stdout
    for spec in specs:
        if spec.path is None:
            render(spec.name, report, out, color=use_color(out))
            out.flush()
            continue
        try:
            with atomic_writer(spec.path) as fh:
                render(spec.name, report, fh, color=False)
        except OSError as exc:
            raise GovlintError(f"cannot write {spec.name} report to {spec.path}: {exc}") from exc


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream whose content appears at ``path`` only once complete.

    The text goes to a temporary file in the same directory (same file system), which then
    replaces ``path`` with ``os.replace``: a reader (a CI upload, code scanning) or a killed
    run never sees half a SARIF file, only the old one or the new one. The new file gets the
    old one's permissions, or the umask's for a new file (not ``mkstemp``'s 0600). A symlink
    at ``path`` (one committed in the checkout) is replaced, never written through. A pipe,
    socket, terminal or ``/dev/null`` (``-f json:/dev/stdout``) is written in place; any
    other device is refused. Parent directories are created.
    """
    try:
        existing = path.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        if not _stream(path, existing.st_mode):
            raise GovlintError(f"{path} is a device, not a file, pipe or terminal: "
                               "no report written to it")
        with path.open("w", encoding="utf-8", newline="\n") as direct:
            yield direct
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.chmod(tmp, existing.st_mode & 0o7777 if existing else _default_mode())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _stream(path: Path, mode: int) -> bool:
    """Whether a non-regular ``path`` is something a report may be streamed into."""
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return True
    if not stat.S_ISCHR(mode):
        return False  # a block device or a directory
    real = os.path.realpath(path)
    return real in ("/dev/null", "/dev/console") or real.startswith(("/dev/pts/", "/dev/tty"))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as stream:
        stream.write(text)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
