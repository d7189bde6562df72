"""``--shard K/N``: a deterministic 1/N of the files, for GitLab ``parallel: N`` jobs.

A file's shard depends only on its path relative to the project root (a stable hash, not
Python's salted ``hash``), so every runner computes the same split without talking to the
others: shards are disjoint and together hold every file. ``govlint merge`` joins the reports.
"""

from __future__ import annotations

import hashlib

from govlint.errors import GovlintError


def parse(value: str) -> tuple[int, int]:
    """``"2/5"`` -> ``(2, 5)``; K is 1-based like GitLab's ``CI_NODE_INDEX``."""
    k_text, sep, n_text = value.strip().partition("/")
    try:
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise GovlintError(f"--shard {value!r}: expected K/N, e.g. 2/5") from None
    if not sep or n < 1 or not 1 <= k <= n:
        raise GovlintError(f"--shard {value!r}: expected K/N with 1 <= K <= N")
    return k, n


def shard_of(path: str, n: int) -> int:
    """1-based shard of ``path`` among ``n``."""
    key = path.replace("\\", "/").removeprefix("./")
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def select(files: list[str], k: int, n: int) -> list[str]:
    """The files of shard ``k`` of ``n`` (1-based), in their given order."""
    if n < 1 or not 1 <= k <= n:
        raise GovlintError(f"--shard {k}/{n}: expected K/N with 1 <= K <= N")
    if n == 1:
        return list(files)
    return [f for f in files if shard_of(f, n) == k]
