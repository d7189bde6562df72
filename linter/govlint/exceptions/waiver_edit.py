"""Append a waiver to a hand-written waiver file without disturbing it (``govlint waive``).

ruamel.yaml round-trips the file: comments, key order, quoting and indentation of the
existing entries stay as they were; only the new entry is added, in the file's own
sequence indentation.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError

HEADER = """\
# govlint waivers: each entry excuses one rule (id or glob) in some files, optionally only
# at or below a JSON pointer, until `expires`. owner, approver (not the owner), reason and
# expires are required; expires is at most var maxWaiverDays (default 180) days ahead.
# An expired waiver stops suppressing and fails the run (waiver-expired); one that matches
# nothing is reported (waiver-unused). Add entries with `govlint waive`; the JSON Schema is
# schemas/waivers.schema.json in govlint. See docs/exceptions.md.
waivers: []
"""


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long reason
    return yaml


def read_entries(path: Path) -> list[Any]:
    """The entries of an existing waiver file as plain data (empty when absent)."""
    if not path.is_file():
        return []
    data = _load(path.read_text(encoding="utf-8"), path)[0]
    entries = data.get("waivers") if isinstance(data, Mapping) else None
    return list(entries) if isinstance(entries, list) else []


def _load(text: str, path: Path) -> tuple[Any, int | None, int | None]:
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        return load_yaml_guess_indent(text, yaml=_yaml())  # type: ignore[no-any-return]
    except YAMLError as exc:
        raise GovlintError(f"{path}: not valid YAML, fix it first: {exc}") from None


def append_waiver(path: Path, entry: Mapping[str, Any]) -> int:
    """Append ``entry`` to the waiver file at ``path`` (created with a header comment when
    absent) and return its index in ``waivers:``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    data, indent, block_seq_indent = _load(text, path)
    if data is None:  # empty, or comments only: keep them, add the list
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "waivers: []\n"
        data, indent, block_seq_indent = _load(text, path)
    if not isinstance(data, CommentedMap):
        raise GovlintError(f"{path}: a waiver file is a mapping with a `waivers:` list")
    entries = data.get("waivers")
    if entries is None:
        entries = data["waivers"] = CommentedSeq()
    if not isinstance(entries, CommentedSeq):
        raise GovlintError(f"{path}: `waivers` must be a list")
    entries.fa.set_block_style()
    entries.append(CommentedMap(entry))
    yaml = _yaml()
    if block_seq_indent is not None and indent is not None:
        yaml.indent(mapping=2, sequence=indent, offset=block_seq_indent)
    else:
        yaml.indent(mapping=2, sequence=4, offset=2)
    _write(path, yaml, data)
    return len(entries) - 1


def _write(path: Path, yaml: Any, data: Any) -> None:
    """Write atomically: a crash never leaves half a waiver file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yaml.dump(data, stream)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
