"""The per-file time budget (``--timeout-per-file``): a slow file becomes a finding, not a
stalled CI job.

Mechanism: a ``SIGALRM`` interval timer around each file's load and, separately, around
its rules, in whichever process handles the file (the main process or a worker: both run
files on their main thread). When it fires, :class:`FileTimeout` is raised at the next
Python bytecode, wherever the file's processing is; it derives from ``BaseException`` so
the ``except Exception`` that turns a crashing rule function into ``function-error`` does
not swallow it. C code is not interrupted, but every C-level step govlint takes on
untrusted input is bounded on its own (regexes by their time budget, YAML aliases by a node
cap, reads by ``--max-file-size``). Without ``SIGALRM`` (Windows) or off the main thread
there is no per-file budget. Cross-document (workspace) rules run once per run and are not
under it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_TIMEOUT_PER_FILE = 60.0  # seconds: generous (GitHub's 13 MB spec lints in ~8 s)


class FileTimeout(BaseException):
    """The file's time budget ran out."""


@contextmanager
def file_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this block once ``seconds`` have passed (0/None: no
    budget). The caller catches it around the ``with``: it may also surface just after
    the block, if the timer fires while leaving it."""
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
