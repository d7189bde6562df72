"""Read one file into documents. Never raises for bad content: every problem is a finding.

Findings made here (``parse-error`` and ``duplicate-key``, severity error) carry their
``line``/``column`` already; ``path`` is set where known (a duplicate key's path).
Positions of everything else are computed lazily by each document's ``locator``.

Syntax is chosen by extension (.json, .yaml/.yml, .properties); other files are sniffed:
text starting with ``{`` or ``[`` is JSON, anything else YAML. Files their tools read as
JSON with comments (``tsconfig*.json``, ``.vscode/``, ``devcontainer.json``, ``*.jsonc``:
:mod:`govlint.documents.jsonc`) are read as JSONC.

Only regular files are read (a FIFO, a device such as a link to ``/dev/zero``, a socket is
a ``parse-error`` finding, never a hang), and at most ``config.max_file_size`` bytes: a
bigger file is a ``file-too-large`` finding instead of being read.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.documents.jsonc import is_jsonc
from govlint.documents.kinds import classify_documents
from govlint.documents.model import Document, LoadedFile, Locator, Span
from govlint.files.discover import relpath
from govlint.findings.model import Finding, Severity

_BINARY_SNIFF = 8192


def load_file(abspath: Path, root: Path, config: Config) -> LoadedFile:
    """Documents and file-level findings of ``abspath`` (see the module docstring)."""
    file = relpath(abspath, root)
    try:
        raw = _read_regular(abspath, config.max_file_size)
    except OSError as exc:
        loaded = LoadedFile(file=file, abspath=abspath)
        loaded.findings.append(_finding(file, f"cannot read file: {exc.strerror or exc}"))
        return loaded
    if isinstance(raw, Finding):
        loaded = LoadedFile(file=file, abspath=abspath)
        raw.file = file
        loaded.findings.append(raw)
        return loaded
    return load_bytes(raw, file, abspath, config)


def load_stream(raw: bytes, file: str, abspath: Path, config: Config) -> LoadedFile:
    """Documents of a stream read up to ``config.max_file_size + 1`` bytes (standard
    input: ``govlint lint - --stdin-filename NAME``)."""
    if len(raw) > config.max_file_size:
        loaded = LoadedFile(file=file, abspath=abspath)
        loaded.findings.append(_too_large(file, len(raw), config.max_file_size, "more than "))
        return loaded
    return load_bytes(raw, file, abspath, config)


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


def _read_regular(abspath: Path, limit: int) -> bytes | Finding:
    """The bytes of a regular file of at most ``limit`` bytes, else the finding saying why
    it was not read. Opened non-blocking, so a FIFO is refused instead of waited on."""
    fd = os.open(abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd)
        if not stat.S_ISREG(mode.st_mode):
            kind = next((name for test, name in _KINDS if test(mode.st_mode)), "not a file")
            return _finding("", f"not a regular file ({kind}): not read")
        if mode.st_size > limit:
            return _too_large("", mode.st_size, limit)
        raw = fh.read(limit + 1)
    if len(raw) > limit:  # grew since fstat
        return _too_large("", len(raw), limit, "more than ")
    return raw


def _too_large(file: str, size: int, limit: int, more: str = "") -> Finding:
    return _finding(file, f"file is {more}{_bytes(size)}, over the {_bytes(limit)} limit "
                          "(--max-file-size): not read", rule="file-too-large")


def _bytes(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def load_bytes(raw: bytes, file: str, abspath: Path, config: Config) -> LoadedFile:
    """Documents of ``raw``, the content of ``file`` (a project path, or the URL of a
    remote ``$ref`` target fetched with ``--allow-remote-refs``)."""
    loaded = LoadedFile(file=file, abspath=abspath)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return loaded
    if b"\0" in raw[:_BINARY_SNIFF]:
        loaded.findings.append(_finding(file, "binary file (or not UTF-8 text): not linted"))
        return loaded
    syntax = syntax_of(abspath, raw)
    if syntax == "json" or (syntax == "jsonc"):
        _load_json(raw, loaded, jsonc=syntax == "jsonc" or is_jsonc(file),
                   lenient=lambda data: not _governance_artifact(data, file, config))
    elif syntax == "properties":
        _load_properties(raw, loaded)
    else:
        _load_yaml(raw, loaded)
    loaded.findings.extend(classify_documents(loaded.documents, file, config.service_configs))
    return loaded


def syntax_of(abspath: Path, raw: bytes) -> str:
    suffix = abspath.suffix.lower()
    if suffix in (".jsonc", ".code-workspace"):
        return "jsonc"
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".properties":
        return "properties"
    return "json" if raw.lstrip()[:1] in (b"{", b"[") else "yaml"


def _finding(
    file: str,
    message: str,
    line: int = 1,
    column: int = 1,
    rule: str = "parse-error",
    document: int | None = None,
    path: tuple[str | int, ...] = (),
) -> Finding:
    return Finding(rule=rule, severity=Severity.ERROR, message=message, file=file,
                   path=path, document=document, line=line, column=column)


def _decode(raw: bytes, loaded: LoadedFile) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        loaded.findings.append(_finding(
            loaded.file, f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x}", line, column))
        return None


# ---------------------------------------------------------------- JSON


class _JsonLocator:
    """Builds the index of the file on the first call only: arithmetic on serialised
    lengths when the text is canonical (``indent`` is not None), else a scan."""

    def __init__(self, data: bytes, value: Any = None, indent: bool | None = None,
                 text: bytes | None = None) -> None:
        self.data = data
        self.value = value
        self.indent = indent
        self.index: Any = None
        self.text = text  # JSONC: the file as written (columns count its characters)

    def __call__(self, path: tuple[str | int, ...]) -> Span:
        if self.index is None:
            from govlint.documents.jsonpos import CanonicalIndex, JsonIndex

            if self.indent is None:
                self.index = JsonIndex(self.data)
                if self.text is not None:
                    _count_columns_in(self.index, self.text)
            else:
                self.index = CanonicalIndex(self.data, self.value, self.indent)
            self.value = None
        return self.index.locate(path)


def _count_columns_in(index: Any, text: bytes) -> None:
    """Columns of a JSONC index counted in the text as written: a blanked comment holding
    multi-byte characters is longer in bytes than in characters."""
    from govlint.documents.jsonpos import LineIndex

    index._lines = LineIndex(text)


_MANIFEST_KEYS = frozenset({"openapi", "swagger", "apiVersion", "kind"})


def _governance_artifact(data: Any, file: str, config: Config) -> bool:
    """Whether parsed JSON is something governance judges: an OpenAPI/Swagger spec, a
    Kubernetes-like object (``apiVersion`` or ``kind``: a half-written manifest too), also
    inside a top-level list, or a file named like a service config. Such a file must be
    strict JSON (its consumers are)."""
    items = data if isinstance(data, list) else [data]
    for item in items[:1000]:
        if isinstance(item, dict) and not _MANIFEST_KEYS.isdisjoint(item):
            return True
    from govlint.documents.kinds import name_matches

    return bool(name_matches(file, config.service_configs))


def _load_json(raw: bytes, loaded: LoadedFile, jsonc: bool = False,
               lenient: Callable[[Any], bool] | None = None) -> None:
    """``raw`` as JSON (``jsonc``: as JSONC). ``lenient``: a ``.json`` file that is not
    strict JSON but parses as JSONC is read as JSONC when ``lenient(data)`` says it is no
    governance artifact (turbo.json, renovate.json, tslint.json...: their tools accept
    comments); otherwise it stays a parse error, with a hint (docs/rules/parse-error.md)."""
    import orjson

    from govlint.documents.jsonpos import blank_leading_comments

    original = raw
    written: bytes | None = None
    if jsonc:
        from govlint.documents.jsonc import strip_jsonc

        if _decode(raw, loaded) is None:  # comments must be UTF-8 too
            return
        stripped, unterminated = strip_jsonc(raw)
        if unterminated is not None:
            line = raw.count(b"\n", 0, unterminated) + 1
            column = len(raw[raw.rfind(b"\n", 0, unterminated) + 1:unterminated]
                         .decode("utf-8", "replace")) + 1
            loaded.findings.append(_finding(
                loaded.file, "invalid JSONC: unterminated /* comment", line, column))
            return
        if stripped != raw:
            written, raw = raw, stripped
    elif raw.lstrip()[:1] == b"/":
        raw = blank_leading_comments(raw)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        as_jsonc = None if jsonc or lenient is None else _jsonc_data(original)
        if as_jsonc is not None and lenient is not None and lenient(as_jsonc):
            _load_json(original, loaded, jsonc=True)
            return
        _json_error(raw, exc, loaded, "JSONC" if jsonc else "JSON",
                    hint="" if as_jsonc is None else
                    " (comments or trailing commas: an OpenAPI spec, a Kubernetes manifest "
                    "or a service config must be strict JSON)")
        return
    indent = None if written is not None else _canonical_style(raw, data)
    locator = _JsonLocator(raw, data, indent, text=written)
    if indent is None and _may_have_duplicate_keys(raw, data):
        from govlint.documents.jsonpos import JsonIndex

        locator.index = index = JsonIndex(raw)
        if written is not None:
            _count_columns_in(index, written)
        for path, offset in index.find_duplicates():
            line, column = index.lines.position(offset)
            loaded.findings.append(_finding(
                loaded.file, f"duplicate key {path[-1]!r} (the last one is used)",
                line, column, rule="duplicate-key", path=path))
    loaded.documents.append(Document(loaded.file, loaded.abspath, data, "json", locator=locator))


def _canonical_style(raw: bytes, data: Any) -> bool | None:
    """True/False when ``raw`` is exactly orjson's 2-space/compact serialisation of ``data``
    (what JSON.stringify and most generators write; trailing whitespace allowed), else None.

    Such text has no duplicate keys (a duplicate would be missing from the serialisation)
    and its positions are computed by arithmetic (documents.jsonpos.CanonicalIndex)."""
    import orjson

    indent = raw[1:2] == b"\n"
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else None)
    except (TypeError, orjson.JSONEncodeError):
        return None
    if not raw.startswith(text) or raw[len(text):].strip():
        return None
    return indent


def _jsonc_data(raw: bytes) -> Any:
    """The value of ``raw`` read as JSONC, or None when it is not valid JSONC either (or
    has no comment or trailing comma to strip). Linear: one strip, one parse."""
    import orjson

    from govlint.documents.jsonc import strip_jsonc

    if b"/" not in raw and b"," not in raw:
        return None
    stripped, unterminated = strip_jsonc(raw)
    if unterminated is not None or stripped == raw:
        return None
    try:
        return orjson.loads(stripped)
    except orjson.JSONDecodeError:
        return None


def _json_error(raw: bytes, exc: Any, loaded: LoadedFile, language: str = "JSON",
                hint: str = "") -> None:
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    if "UTF-8" in message and _decode(raw, loaded) is None:
        return
    line, column = getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1
    if "depth limit" in message or "recursion" in message:
        message = "nesting is too deep to load (more than 1024 levels)"
    loaded.findings.append(_finding(loaded.file, f"invalid {language}: {message}{hint}",
                                    line, column))


def _may_have_duplicate_keys(raw: bytes, data: Any) -> bool:
    """Cheap exact test: keys in the text vs keys orjson kept (a duplicate is dropped).

    With escaped quotes neutralised, a '"' followed by ':' only ends a key, in the source
    (with optional whitespace) as in orjson's compact output.
    """
    import re

    import orjson

    def neutral(text: bytes) -> bytes:
        if b"\\" not in text:
            return text
        return text.replace(b"\\\\", b"\0\0").replace(b'\\"', b"\0\0")

    try:
        kept = neutral(orjson.dumps(data)).count(b'":')
    except (TypeError, orjson.JSONEncodeError):  # nested deeper than orjson writes (255)
        return True  # the scan decides
    source = neutral(raw)
    written = source.count(b'":')
    if written == kept:
        return False
    return len(re.findall(rb'"[ \t\r\n]*:', source)) != kept


# ---------------------------------------------------------------- YAML

# Anchors (``&name``) and aliases (``*name``) after a separator. Conservative: text in a
# plain scalar may look like one; only an alias naming an anchor can share a container.
# Searched from the indicator (a literal: fast) and the separator checked after, which finds
# what ``(?:^|[\s\[{,:?-])[&*](name)`` with ``findall`` would, at 1/50 of its cost.
_NAMED = {c: re.compile(re.escape(c) + r"([^\s\[\]{},]+)") for c in "&*"}


def _names(text: str, indicator: str) -> set[str]:
    pattern = _NAMED[indicator]
    found: set[str] = set()
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        at = m.start()
        before = text[at - 1] if at else " "
        if before.isspace() or before in "[{,:?-":
            found.add(m.group(1))
            pos = m.end()
        else:
            pos = at + 1
    return found


def _may_alias(text: str) -> bool:
    if "&" not in text or "*" not in text:
        return False
    aliases = _names(text, "*")
    return bool(aliases) and not aliases.isdisjoint(_names(text, "&"))


def _load_yaml(raw: bytes, loaded: LoadedFile) -> None:
    from govlint.documents.yamlload import is_preamble, load_yaml
    from govlint.documents.yamlpos import YamlLocator

    text = _decode(raw, loaded)
    if text is None:
        return
    result = load_yaml(text)
    for problem in result.problems:
        loaded.findings.append(_finding(
            loaded.file, problem.message, problem.line, problem.column, rule=problem.rule,
            document=problem.document, path=problem.path))
    duplicates = any(p.rule == "duplicate-key" for p in result.problems)
    may_alias = _may_alias(text)
    if result.whole_stream:
        multi = len(result.documents) > 1
    else:
        multi = sum(1 for c in result.chunks if not is_preamble(c.text)) > 1
    for n, (k, data) in enumerate(result.documents):
        if result.whole_stream:
            locator: Locator = YamlLocator(_whole(result.chunks), nth=n)
            index = n if multi else None
        else:
            # duplicate keys: PyYAML's last-wins positions, from the composer
            locator = YamlLocator(result.chunks[k], data=None if duplicates else data)
            index = k if multi else None
        loaded.documents.append(
            Document(loaded.file, loaded.abspath, data, "yaml", index=index, locator=locator,
                     may_alias=may_alias))


def _whole(chunks: list[Any]) -> Any:
    from govlint.documents.yamlload import Chunk

    return Chunk("".join(c.text for c in chunks), chunks[0].first_line if chunks else 1)


# ---------------------------------------------------------------- .properties


def _load_properties(raw: bytes, loaded: LoadedFile) -> None:
    from govlint.documents.properties import parse_properties

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # the format's historical encoding
        text = raw.decode("latin-1")
    parsed = parse_properties(text)
    for key, line, column in parsed.duplicates:
        loaded.findings.append(_finding(
            loaded.file, f"duplicate key {key!r} (the last one is used)", line, column,
            rule="duplicate-key", path=(key,)))

    def locate(path: tuple[str | int, ...]) -> Span:
        span = parsed.spans.get(str(path[0])) if path else None
        return Span(*span) if span else Span(1, 1, 1, 1)

    loaded.documents.append(
        Document(loaded.file, loaded.abspath, parsed.data, "properties", locator=locate))
