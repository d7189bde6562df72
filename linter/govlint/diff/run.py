"""``govlint diff``: load BASE and HEAD (files or ``REV:PATH``), resolve them as ``lint``
does, compare, and turn the changes into findings of an ordinary report.

A change's ``file``/``line`` are where it is written in HEAD (BASE for removals), found
through the ``$ref`` that brought the value into the resolved spec
(``documents.refs.origin``); a removal from a BASE read at a git revision is placed at its
nearest parent in HEAD (REF's lines are not today's), REF's place in ``extra.base``.
``operation`` travels in ``Finding.extra`` and is written as
the result's ``operation`` member by the JSON report.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.diff.levels import LEVELS
from govlint.diff.model import LEVEL_TO_SEVERITY, Change, Options
from govlint.documents.model import Document
from govlint.documents.refs import RefCache
from govlint.errors import GovlintError
from govlint.findings.model import Finding, Severity

_REV = re.compile(r"^([^:\s][^:]{0,250}):(.+)$")
_LEVEL_WORDS = {"ERR": Severity.ERROR, "WARN": Severity.WARN, "INFO": Severity.INFO,
                "NONE": Severity.OFF}


@dataclass
class Side:
    """One spec of the comparison, loaded and resolved."""

    label: str  # as the user wrote it
    document: Document | None
    data: Any
    cache: RefCache
    findings: list[Finding] = field(default_factory=list)
    revision: str | None = None
    unsupported: str | None = None  # "unsupported OpenAPI version …" (not strict: not resolved)


def split_revision(spec: str, root: Path) -> tuple[str | None, str]:
    """``REV:PATH`` -> (REV, PATH); a path that exists as written is a plain file
    (``C:\\x`` on Windows, a file whose name has a colon)."""
    if os.path.exists(spec):
        return None, spec
    m = _REV.match(spec)
    if m and not m[1].startswith("-"):
        return m[1], m[2]
    return None, spec


def load_side(spec: str, config: Config, workdir: Path) -> Side:
    """Read one of BASE/HEAD. ``REV:PATH`` checks the project out at REV (read through
    ``git``, never executed) into ``workdir`` so split specs resolve as they were."""
    root = config.root
    revision, path = split_revision(spec, root)
    if revision is None:
        abspath = Path(os.path.abspath(path))
        if abspath.is_dir():
            raise GovlintError(f"diff: {spec}: is a directory (give the spec file, e.g. "
                               f"{os.path.join(path, 'openapi.yaml')})")
        if not abspath.is_file():
            raise GovlintError(f"diff: {spec}: no such file")
        # a file outside the project (a downloaded release) resolves its own $refs
        project = root if _within(abspath, root) else abspath.parent
    else:
        project = workdir / "rev"
        _export(revision, root, project, spec)
        relative = os.path.relpath(os.path.abspath(path), root) \
            if os.path.isabs(path) else _relative_to_root(path, root)
        abspath = project / relative
        if abspath.is_dir():
            raise GovlintError(f"diff: {spec}: {relative} is a directory at revision "
                               f"{revision} (give the spec file)")
        if not abspath.is_file():
            raise GovlintError(f"diff: {spec}: {relative} does not exist at revision "
                               f"{revision}")
    return load_spec(abspath, project, config, spec, revision)


def load_spec(abspath: Path, project: Path, config: Config, label: str,
              revision: str | None = None, strict: bool = True) -> Side:
    """One spec file of ``project`` (the working tree, or a checkout of ``revision``),
    loaded and resolved as ``lint`` does; ``strict``: a file that is not OpenAPI is an
    error (else a side without a document)."""
    from govlint.documents.load import load_file
    from govlint.documents.refs import resolve

    spec = label
    side_config = Config(root=project, allow_remote_refs=config.allow_remote_refs,
                         service_configs=config.service_configs)
    cache = RefCache(project, side_config)
    loaded = load_file(abspath, project, side_config)
    cache.add(loaded)
    side = Side(spec, None, None, cache, list(loaded.findings), revision)
    docs = [d for d in loaded.documents if d.kind == "openapi"]
    if not docs:
        from govlint.diff.structure import unsupported_version

        named = [unsupported_version(d.data) for d in loaded.documents]
        if strict and any(named):  # `openapi: 9.9.9` is not classified as OpenAPI
            raise GovlintError(f"diff: {spec}: {next(n for n in named if n)}")
        if not loaded.findings and strict:
            raise GovlintError(f"diff: {spec}: not an OpenAPI document (no `openapi` or "
                               f"`swagger` version at the top)")
        return side
    from govlint.diff.structure import unsupported_version

    unsupported = unsupported_version(docs[0].data)
    if unsupported and strict:
        raise GovlintError(f"diff: {spec}: {unsupported}")
    side.document = docs[0]
    if unsupported:  # lint --breaking-since: a finding at `openapi`, nothing compared
        side.unsupported = unsupported
        side.data = docs[0].data
        return side
    data, ref_findings = resolve(docs[0], cache, project, config.allow_remote_refs)
    side.data = data
    side.findings.extend(ref_findings)
    return side


def _within(path: Path, root: Path) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(root)]) == \
            os.path.realpath(root)
    except ValueError:  # another drive
        return False


def _relative_to_root(path: str, root: Path) -> str:
    """A REV:PATH path is relative to the working directory, as for ``git show`` with
    ``./``; the project root is where the checkout mirrors it."""
    return os.path.relpath(os.path.abspath(path), root)


def _export(revision: str, root: Path, target: Path, spec: str) -> None:
    from govlint.exceptions.gitref import export_tree

    try:
        subprocess.run(["git", "--version"], capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        raise GovlintError(f"diff: {spec}: reading a git revision needs git") from None
    target.mkdir(parents=True, exist_ok=True)
    try:
        export_tree(revision, root, target)
    except GovlintError as exc:
        raise GovlintError(f"diff: {spec}: " + str(exc).replace("--new-since: ", "")) \
            from None


def parse_severity_levels(path: Path) -> dict[str, Severity]:
    """oasdiff's ``--severity-levels`` file: ``<check-id> <ERR|WARN|INFO|NONE>`` per line,
    ``#`` comments. An unknown id or level is an error naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GovlintError(f"--severity-levels {path}: cannot read: {exc}") from None
    out: dict[str, Severity] = {}
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2 or words[1].upper() not in _LEVEL_WORDS:
            raise GovlintError(f"{path}:{number}: expected `<check-id> ERR|WARN|INFO|NONE`")
        if words[0] not in LEVELS:
            raise GovlintError(f"{path}:{number}: unknown check id {words[0]!r}")
        out[words[0]] = _LEVEL_WORDS[words[1].upper()]
    return out


def display_file(side: Side, doc: Document, root: Path) -> str:
    """A document's file as reports name it: relative to the project root (a file of a
    revision by its path in the project; one outside the project with ``../``)."""
    if side.revision is None and side.cache.root != Path(os.path.abspath(root)):
        from govlint.files.discover import relpath

        return relpath(doc.abspath, root)
    return doc.file


def findings_of(changes: list[Change], base: Side, head: Side, root: Path,
                overrides: dict[str, Severity] | None = None) -> list[Finding]:
    """Findings placed in the file and line where each change is written."""
    from govlint.diff.oas2 import path_in_oas2, to_oas3
    from govlint.documents.refs import lookup, origin
    from govlint.findings.model import pointer_from_path

    head_shape: Any = None
    resolvers = {"base": lookup(base.cache, base.cache.root),
                 "head": lookup(head.cache, head.cache.root)}
    out: list[Finding] = []
    for change in changes:
        severity = (overrides or {}).get(change.id)
        if severity is None:  # (Severity.ERROR is 0: no `or` here)
            severity = Severity.parse(LEVEL_TO_SEVERITY[change.level])
        if severity is Severity.OFF:
            continue
        side = head if change.side == "head" else base
        assert side.document is not None
        doc, path = origin(side.document, path_in_oas2(side.data, change.path), side.cache,
                           side.cache.root, resolver=resolvers[change.side])
        span = doc.locate(path)
        extra: dict[str, Any] = {"side": change.side}
        if side.revision:
            extra["revision"] = side.revision
        if change.operation:
            extra["operation"] = {"method": change.operation[0], "path": change.operation[1]}
        file = display_file(side, doc, root)
        message = change.message
        if side is base and base.revision and head is not base and \
                head.document is not None:
            # BASE's lines are not today's: place the removal where its parent is now
            # (the path item, the properties, the file's top), BASE's place in the message
            if head_shape is None:
                head_shape = to_oas3(head.data)
            extra["base"] = {"file": file, "line": span.line,
                             "pointer": pointer_from_path(path), "revision": base.revision}
            message = f"{message} (at {base.revision}: {file}:{span.line})"
            side = head
            doc, path = origin(head.document, path_in_oas2(head.data, _nearest(
                head_shape, change.path)), head.cache, head.cache.root,
                resolver=resolvers["head"])
            span = doc.locate(path)
            extra.pop("revision", None)
            if head.revision:
                extra["revision"] = head.revision
            file = display_file(head, doc, root)
        # removals placed at one parent stay apart (and stable) by where they were
        digest = hashlib.sha256(extra["base"]["pointer"].encode()).hexdigest()[:16] \
            if "base" in extra else ""
        out.append(Finding(rule=change.id, severity=severity, message=message,
                           file=file, path=path, document=doc.index, line=span.line,
                           column=span.column, end_line=span.end_line,
                           end_column=span.end_column, extra=extra, value_digest=digest))
    return out


def _nearest(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The longest prefix of ``path`` that names a value in ``data``, stopping at a list
    (an index of BASE's list names another element in HEAD's)."""
    kept: list[Any] = []
    for step in path:
        if not isinstance(data, dict) or step not in data:
            break
        data = data[step]
        kept.append(step)
    return tuple(kept)


def _namer(base: Side, head: Side) -> Callable[[str, tuple[Any, ...]], str | None]:
    """The ``$ref`` a value of a resolved spec came through: where it is written, when that
    is elsewhere (``#/components/schemas/Dog``, ``pet.yaml#/Pet``)."""
    from govlint.diff.oas2 import path_in_oas2
    from govlint.documents.refs import lookup, origin

    sides = {"base": base, "head": head}
    resolvers = {k: lookup(v.cache, v.cache.root) for k, v in sides.items()}

    def name(side_name: str, path: tuple[Any, ...]) -> str | None:
        side = sides[side_name]
        assert side.document is not None
        path = path_in_oas2(side.data, path)
        doc, where = origin(side.document, path, side.cache, side.cache.root,
                            resolver=resolvers[side_name])
        if doc is side.document and tuple(where) == tuple(path):
            return None
        pointer = "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1")
                                  for p in where)
        return pointer if doc is side.document else f"{doc.file}{pointer}"

    return name


def diff(base_spec: str, head_spec: str, config: Config, options: Options,
         overrides: dict[str, Severity] | None = None) -> tuple[list[Finding], list[str]]:
    """(findings of every change and of unreadable input, the files compared)."""
    from govlint.diff.engine import compare

    with tempfile.TemporaryDirectory(prefix="govlint-diff-") as tmp:
        base = load_side(base_spec, config, Path(tmp) / "base")
        head = load_side(head_spec, config, Path(tmp) / "head")
        problems = base.findings + head.findings
        if base.document is None or head.document is None:
            return problems, []
        from govlint.diff.structure import problems as shape_problems

        invalid = shape_problems(base.data, "base") + shape_problems(head.data, "head")
        changes = invalid or compare(base.data, head.data, options,
                                     namer=_namer(base, head))
        findings = findings_of(changes, base, head, config.root, overrides)
        files = sorted({display_file(base, base.document, config.root),
                        display_file(head, head.document, config.root)})
    return problems + findings, files
