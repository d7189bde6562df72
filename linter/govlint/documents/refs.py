"""``$ref`` resolution, done only when a rule asks for resolved data (``resolved: true``).

- Local refs (``#/components/schemas/X``) and relative file refs (``common.yaml#/X``,
  ``other.json``) are followed; files are read through :func:`load_file` once per run
  (:class:`RefCache`). A file with several documents contributes its first.
- A ref that would leave the project root: ``ref-forbidden`` (error), not followed. The
  check compares ``os.path.realpath`` of both (a symlink inside the project pointing
  outside is forbidden too) and only regular files are read through a ref (a FIFO or a
  device: ``ref-unresolved``, never read). Messages quote the ``$ref`` as written, never
  the target's content.
- ``http(s)://`` refs are never fetched unless ``allow_remote`` (``--allow-remote-refs``):
  ``ref-remote`` (warn, "not followed"). With it, each URL is fetched once per run (10 s
  per read, 20 MB at most, and all fetches of a run together within
  ``GOVLINT_REMOTE_REFS_TIMEOUT``, default 60 s: :func:`start_remote_budget`), refs inside
  it resolve against its URL, and findings inside it name the
  URL as their file; a URL that cannot be fetched is ``ref-unresolved``. Other schemes and
  missing targets: ``ref-unresolved`` (error).
- A circular ref stays as the ``{"$ref": ...}`` object where the cycle closes, as Spectral
  leaves it, instead of recursing forever. Each target is resolved once and shared. A loop
  made only of ``$ref`` hops (``X -> Y -> X``) has no value: ``ref-unresolved`` at the ref
  that closes it, naming the loop; a recursive schema (the loop passes through content) is
  fine.
- Findings point at the object holding ``$ref`` (in whichever file that object lives).

:func:`origin` maps a path of the resolved tree back to the document and path where the
value is written, by walking the same refs again (cheap: one step per path segment).

:func:`bundle` is the view the governance functions read (issue 10, split specs): the
document with only its *file* refs replaced by their (fully resolved) targets, its own
local ``#/...`` refs kept, as ``redocly bundle`` leaves them. A spec split into
``paths/*.yaml`` and ``components/*.yaml`` is then one tree in the root document's
coordinates, and a component is still one place reached by ``$ref``; ``origin(...,
bundled=True)`` maps a path of it back to the file where the value is written.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import unquote

from govlint.config import Config
from govlint.documents.model import Document, LoadedFile
from govlint.findings.model import Finding, Path, Severity

_MISSING = object()


class RefCache:
    """Files read for ``$ref``s in one run: seed it with the run's own files (``add``)."""

    def __init__(self, root: FsPath, config: Config | None = None) -> None:
        self.root = FsPath(os.path.abspath(root))
        self.config = config or Config(root=self.root)
        self._files: dict[FsPath, LoadedFile] = {}
        self._remote: dict[str, tuple[LoadedFile | None, str | None]] = {}

    def add(self, loaded: LoadedFile) -> None:
        self._files[FsPath(os.path.abspath(loaded.abspath))] = loaded

    def fetch(self, url: str) -> tuple[LoadedFile | None, str | None]:
        """The documents at ``url`` (``--allow-remote-refs`` only), fetched once per run:
        (loaded, None), or (None, why not). Bounded: 10 s, 20 MB."""
        if url not in self._remote:
            self._remote[url] = _fetch(url, self.config)
        return self._remote[url]

    def paths(self) -> list[FsPath]:
        """The files read so far (the run's own and those reached through refs)."""
        return list(self._files)

    def forget(self, abspath: FsPath) -> None:
        """Drop a file once nothing needs it (a worker's file after its rules ran)."""
        self._files.pop(FsPath(os.path.abspath(abspath)), None)

    def load(self, abspath: FsPath) -> LoadedFile:
        key = FsPath(os.path.abspath(abspath))
        if key not in self._files:
            from govlint.documents.load import load_file

            self._files[key] = load_file(key, self.root, self.config)
        return self._files[key]


def resolve(
    document: Document,
    loader_cache: RefCache | None = None,
    root: FsPath | None = None,
    allow_remote: bool = False,
) -> tuple[Any, list[Finding]]:
    """(the document's data with refs replaced by their targets, ref findings)."""
    cache = loader_cache or RefCache(root or document.abspath.parent)
    data, findings, _ = follows_files(document, cache, root, allow_remote)
    return data, findings


def follows_files(
    document: Document,
    loader_cache: RefCache,
    root: FsPath | None = None,
    allow_remote: bool = False,
) -> tuple[Any, list[Finding], frozenset[str]]:
    """:func:`resolve`, plus the other files its refs reached (when there are any, the
    document is the root of a split spec and :func:`bundle` differs from its data)."""
    resolver = _Resolver(loader_cache, FsPath(os.path.abspath(root or loader_cache.root)),
                         allow_remote)
    try:
        data = resolver.walk(document.data, document, ())
    except RecursionError:
        resolver.report("ref-unresolved", Severity.ERROR, document, (),
                        "document too deeply nested to resolve $refs")
        data = document.data
    return data, resolver.findings, frozenset(resolver.reached)


def bundle(
    document: Document,
    loader_cache: RefCache,
    root: FsPath | None = None,
    allow_remote: bool = False,
) -> Any:
    """The document with its file refs replaced by their resolved targets and its own
    local refs kept (see the module docstring). Ref problems are not reported here:
    :func:`resolve` of the same document reports them."""
    resolver = _Resolver(loader_cache, FsPath(os.path.abspath(root or loader_cache.root)),
                         allow_remote, bundle_of=document)
    try:
        return resolver.walk(document.data, document, ())
    except RecursionError:
        return document.data


def lookup(cache: RefCache, root: FsPath | None = None, allow_remote: bool = False) -> _Resolver:
    """A resolver that only looks refs up, for :func:`origin` (asked once per finding:
    make one per run)."""
    return _Resolver(cache, FsPath(os.path.abspath(root or cache.root)), allow_remote)


def origin(
    document: Document,
    path: Path,
    loader_cache: RefCache | None = None,
    root: FsPath | None = None,
    resolver: _Resolver | None = None,
    bundled: bool = False,
) -> tuple[Document, Path]:
    """Where the value at ``path`` of the *resolved* document is written: (document, path).

    Follows the same refs ``resolve`` follows; a ref it cannot follow ends the walk there.
    ``bundled``: ``path`` is a path of :func:`bundle`, whose local refs in the document
    itself were kept (not followed) until a file ref was.
    """
    if resolver is None:
        resolver = lookup(loader_cache or RefCache(root or document.abspath.parent), root)
    doc, where, node = document, (), document.data
    seen: set[tuple[Any, ...]] = set()
    for step in (*path, None):
        doc, where, node = _follow_refs(resolver, doc, where, node, seen, bundled)
        if step is None:
            break
        value = _get(node, (step,))
        if value is _MISSING:
            return doc, (*where, step)
        where, node = (*where, step), value
    return doc, where


def _follow_refs(resolver: _Resolver, doc: Document, where: Path, node: Any,
                 seen: set[Any], bundled: bool) -> tuple[Document, Path, Any]:
    """Where ``node`` is written once the refs it is (a chain of) are followed; ``seen``
    holds the refs followed so far on the path (a cycle ends the chain) and gains these."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if bundled and not seen and node["$ref"].startswith("#"):
            break  # a local ref of the bundled document itself: kept as written
        target = resolver.target(node["$ref"], doc, where, report=False)
        key = target and (target[0].abspath, target[0].index, target[1])
        if target is None or key in seen:
            break
        seen.add(key)
        value = _get(target[0].data, target[1])
        if value is _MISSING:
            break
        doc, where, node = target[0], target[1], value
    return doc, where, node


class Origins:
    """:func:`origin` for many paths of one resolved document, sharing the walk of common
    prefixes: functions that walk the resolved tree report a hundred thousand paths that
    share most of their steps (IBM's ruleset on GitHub's spec), and each walk from the root
    re-followed the same refs. A trie of the steps taken keeps each prefix's state: where it
    is written (document, path, value) and the refs followed on the way; the answers are
    :func:`origin`'s."""

    def __init__(self, document: Document, resolver: _Resolver, bundled: bool) -> None:
        self.resolver = resolver
        self.bundled = bundled
        self.root = self._follow(document, (), document.data, frozenset())

    def origin(self, path: Path) -> tuple[Document, Path]:
        state = self.root
        for step in path:
            if state.gone:  # a step that does not exist: later steps are not looked up
                break
            child = state.children.get(step)
            if child is None:
                child = state.children[step] = self._step(state, step)
            state = child
        return state.doc, state.where

    def _step(self, state: _OriginState, step: Any) -> _OriginState:
        value = _get(state.node, (step,))
        where = (*state.where, step)
        if value is _MISSING:
            return _OriginState(state.doc, where, None, state.seen, gone=True)
        return self._follow(state.doc, where, value, state.seen)

    def _follow(self, doc: Document, where: Path, node: Any, seen: frozenset[Any]
                ) -> _OriginState:
        """The state at ``node`` once the refs it is (a chain of) are followed."""
        followed = set(seen)
        doc, where, node = _follow_refs(self.resolver, doc, where, node, followed,
                                        self.bundled)
        return _OriginState(doc, where, node, seen if len(followed) == len(seen)
                            else frozenset(followed))


@dataclass(slots=True)
class _OriginState:
    doc: Document
    where: Path
    node: Any
    seen: frozenset[Any]
    gone: bool = False
    children: dict[Any, _OriginState] = field(default_factory=dict)


class _Resolver:
    """Walks a document, replacing each ``$ref`` object by its (resolved) target.

    The hot loop of resolution visits every container of the document: it allocates
    nothing for a container without refs below it (returned as is), and keeps the walk's
    position as one key list per followed ref (:attr:`_frames`) instead of a path tuple per
    container; a ref is a cycle when its target is a container being walked, i.e. a prefix
    of some frame's position.
    """

    def __init__(self, cache: RefCache, root: FsPath, allow_remote: bool,
                 bundle_of: Document | None = None) -> None:
        self.cache = cache
        self.root = root
        self.real_root = FsPath(os.path.realpath(root))
        self.allow_remote = allow_remote
        self.bundle_of = bundle_of  # bundle mode: this document's local refs are kept
        self.reached: set[str] = set()  # other files (or URLs) refs reached
        self.findings: list[Finding] = []
        self._memo: dict[tuple[Any, ...], Any] = {}
        # (document, path of the walk's start in it, keys walked down from there)
        self._frames: list[tuple[Document, Path, list[Any]]] = []
        self._reported: set[tuple[Any, ...]] = set()
        self._following: list[str] = []  # the refs being followed, one per frame after the 1st

    def walk(self, node: Any, doc: Document, path: Path) -> Any:
        self._frames.append((doc, path, []))
        try:
            return self._value(node)
        finally:
            self._frames.pop()

    def _value(self, node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if self.bundle_of is not None and len(self._frames) == 1 and \
                        ref.startswith("#"):
                    return self._dict(node)  # bundle: the document's own local ref stays
                return self.follow(node, ref)
            return self._dict(node)
        if isinstance(node, list):
            return self._list(node)
        return node

    def _dict(self, node: dict[Any, Any]) -> dict[Any, Any]:
        keys = self._frames[-1][2]
        out: dict[Any, Any] | None = None
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                keys.append(k)
                resolved = self._value(v)
                keys.pop()
                if resolved is not v:
                    if out is None:
                        out = dict(node)
                    out[k] = resolved
        return node if out is None else out

    def _list(self, node: list[Any]) -> list[Any]:
        keys = self._frames[-1][2]
        out: list[Any] | None = None
        for i, v in enumerate(node):
            if isinstance(v, (dict, list)):
                keys.append(i)
                resolved = self._value(v)
                keys.pop()
                if resolved is not v:
                    if out is None:
                        out = list(node)
                    out[i] = resolved
        return node if out is None else out

    def _here(self) -> tuple[Document, Path]:
        doc, base, keys = self._frames[-1]
        return doc, (*base, *keys)

    def _being_walked(self, doc: Document, path: Path) -> bool:
        """Whether the container at ``path`` of ``doc`` is on the walk's stack."""
        for fdoc, base, keys in self._frames:
            if fdoc is not doc and (fdoc.abspath != doc.abspath or fdoc.index != doc.index):
                continue
            n = len(base)
            below = len(path) - n
            if 0 <= below <= len(keys) and path[:n] == base and \
                    tuple(keys[:below]) == path[n:]:
                return True
        return False

    def follow(self, node: dict[str, Any], ref: str) -> Any:
        doc, path = self._here()
        target = self.target(ref, doc, path)
        if target is None:
            return self._kept(node, doc, ref)
        tdoc, tpath = target
        key = (tdoc.abspath, tdoc.index, tpath)
        if key in self._memo:
            return self._memo[key]
        if self._being_walked(tdoc, tpath):  # a cycle closes here: keep the $ref, as Spectral
            loop = self._pure_loop(tdoc, tpath, ref)
            if loop:
                self.report("ref-unresolved", Severity.ERROR, doc, path,
                            f"$ref '{ref}' cannot be resolved: the $ref loop "
                            f"{' -> '.join(repr(r) for r in loop)} resolves to no value")
            return self._kept(node, doc, ref)
        value = _get(tdoc.data, tpath)
        if value is _MISSING:
            self.report("ref-unresolved", Severity.ERROR, doc, path,
                        f"$ref '{ref}' cannot be resolved: no such location")
            return self._kept(node, doc, ref)
        self._following.append(ref)
        try:
            resolved = self.walk(value, tdoc, tpath)
        finally:
            self._following.pop()
        self._memo[key] = resolved
        return resolved

    def _pure_loop(self, tdoc: Document, tpath: Path, ref: str) -> list[str] | None:
        """The refs of a cycle made only of ``$ref`` hops (``X -> Y -> X``), which resolves
        to nothing, closed by ``ref``; None for a recursive schema (a ref to an enclosing
        container that has content, e.g. a tree node's ``properties.child``)."""
        if len(self._frames) != len(self._following) + 1:
            return None  # a walk not started by follow (should not happen): say nothing
        for index in range(len(self._frames) - 1, -1, -1):
            fdoc, base, keys = self._frames[index]
            same = fdoc is tdoc or (fdoc.abspath == tdoc.abspath and fdoc.index == tdoc.index)
            if same and (*base, *keys) == tuple(tpath):  # the ref object the loop started at
                chain = [*self._following[index:], ref]
                return [*chain, chain[0]]
            if keys:
                return None  # the chain went into a container with content: recursion
        return None

    def _kept(self, node: dict[str, Any], doc: Document, ref: str) -> dict[str, Any]:
        """A ref left in place. In a bundle, a local ref written in another file than the
        bundled document is rewritten relative to that document (``components/x.yaml#/A``)
        so that nobody reading the bundle looks ``#/A`` up in the wrong file."""
        root_doc = self.bundle_of
        if root_doc is None or not ref.startswith("#") or doc is root_doc or (
                doc.abspath == root_doc.abspath and doc.index == root_doc.index):
            return node
        if _is_url(doc.file):
            where = doc.file
        else:
            where = os.path.relpath(doc.abspath, root_doc.abspath.parent).replace(os.sep, "/")
        return {**node, "$ref": where + ref}

    def target(
        self, ref: str, doc: Document, path: Path, report: bool = True
    ) -> tuple[Document, Path] | None:
        """(document, path) a ref points to, or None (with a finding when ``report``)."""
        location, _, fragment = ref.partition("#")
        if location and _is_url(doc.file):  # a relative ref inside a fetched document
            from urllib.parse import urljoin

            location = urljoin(doc.file, location)
        if location.lower().startswith(("http://", "https://")):
            if not self.allow_remote:
                if report:
                    self.report("ref-remote", Severity.WARN, doc, path,
                                f"remote $ref '{ref}' not followed (no network at lint time; "
                                "--allow-remote-refs fetches it)")
                return None
            try:
                pointer = _pointer(fragment)
            except ValueError:
                if report:
                    self.report("ref-unresolved", Severity.ERROR, doc, path,
                                f"$ref '{ref}' cannot be resolved: invalid JSON pointer")
                return None
            loaded, problem = self.cache.fetch(location)
            if problem or loaded is None or not loaded.documents:
                if report:
                    self.report("ref-unresolved", Severity.ERROR, doc, path,
                                f"$ref '{ref}' cannot be resolved: "
                                f"{problem or 'the URL holds no readable document'}")
                return None
            self.reached.add(loaded.documents[0].file)
            return loaded.documents[0], pointer
        if ":" in location.split("/", 1)[0] and not os.path.isabs(location):
            if report:
                self.report("ref-unresolved", Severity.ERROR, doc, path,
                            f"$ref '{ref}' cannot be resolved: unsupported scheme")
            return None
        try:
            pointer = _pointer(fragment)
        except ValueError:
            if report:
                self.report("ref-unresolved", Severity.ERROR, doc, path,
                            f"$ref '{ref}' cannot be resolved: invalid JSON pointer")
            return None
        if not location:
            return doc, pointer
        target_path = FsPath(os.path.abspath(doc.abspath.parent / unquote(location)))
        problem = self._unreadable(target_path)
        if problem is not None:
            if report:
                rule, why = problem
                self.report(rule, Severity.ERROR, doc, path, f"$ref '{ref}' {why}")
            return None
        loaded = self.cache.load(target_path)
        if not loaded.documents:
            if report:
                self.report("ref-unresolved", Severity.ERROR, doc, path,
                            f"$ref '{ref}' cannot be resolved: the file has no readable document")
            return None
        if loaded.abspath != doc.abspath:
            self.reached.add(loaded.documents[0].file)
        return loaded.documents[0], pointer

    def _unreadable(self, target: FsPath) -> tuple[str, str] | None:
        """Why a file ref's target must not be read: (rule, reason), or None. The project
        root check uses real paths (symlinks resolved) on both sides; only regular files
        are read (a FIFO would block, ``/dev/zero`` never ends)."""
        if not _within(target, self.root):
            return "ref-forbidden", "points outside the project root: not followed"
        try:
            real = FsPath(os.path.realpath(target))
        except (OSError, ValueError):
            return "ref-unresolved", "cannot be resolved: file not found"
        if not _within(real, self.real_root):
            return "ref-forbidden", ("points outside the project root (through a symbolic "
                                     "link): not followed")
        try:
            mode = os.stat(real).st_mode
        except (OSError, ValueError):
            return "ref-unresolved", "cannot be resolved: file not found"
        if not stat.S_ISREG(mode):
            return "ref-unresolved", "cannot be resolved: not a regular file (not read)"
        return None

    def report(self, rule: str, severity: Severity, doc: Document, path: Path,
               message: str) -> None:
        key = (rule, doc.abspath, doc.index, path)
        if key in self._reported:
            return
        self._reported.add(key)
        span = doc.locate(path)
        self.findings.append(Finding(
            rule=rule, severity=severity, message=message, file=doc.file, path=path,
            document=doc.index, line=span.line, column=span.column,
            end_line=span.end_line, end_column=span.end_column))


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


_MAX_REMOTE_BYTES = 20_000_000
_READ_TIMEOUT_S = 10.0
DEFAULT_REMOTE_BUDGET_S = 60.0
_DEADLINE_ENV = "_GOVLINT_REMOTE_DEADLINE"  # wall-clock end of the run's budget (epoch s)


def remote_budget() -> float:
    """Seconds all remote fetches of one run may take together: ``GOVLINT_REMOTE_REFS_TIMEOUT``,
    default 60. A server that drips a byte every few seconds would otherwise hold the lint
    for as long as it likes (each read stays under the per-read timeout)."""
    from govlint.errors import GovlintError

    raw = os.environ.get("GOVLINT_REMOTE_REFS_TIMEOUT", "")
    if not raw:
        return DEFAULT_REMOTE_BUDGET_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise GovlintError(f"GOVLINT_REMOTE_REFS_TIMEOUT must be a positive number of "
                           f"seconds, got {raw!r}")
    return value


def start_remote_budget() -> float:
    """Start the run's remote-fetch budget (once: worker processes inherit it through the
    environment, so the bound is on the whole run); returns the deadline."""
    import time

    current = os.environ.get(_DEADLINE_ENV)
    if current:
        try:
            return float(current)
        except ValueError:
            pass
    deadline = time.time() + remote_budget()
    os.environ[_DEADLINE_ENV] = repr(deadline)
    return deadline


@contextmanager
def remote_budget_scope() -> Iterator[None]:
    """One run (:func:`govlint.pipeline.lint`): the outermost scope starts the budget and
    ends it, so a nested run (``--new-since`` lints the base too) shares it and a later run
    in the same process gets a fresh one."""
    owner = _DEADLINE_ENV not in os.environ
    if owner:
        start_remote_budget()
    try:
        yield
    finally:
        if owner:
            os.environ.pop(_DEADLINE_ENV, None)


def _fetch(url: str, config: Config) -> tuple[LoadedFile | None, str | None]:
    import time
    import urllib.error
    import urllib.request
    from urllib.parse import urlparse

    from govlint.documents.load import load_bytes

    deadline = start_remote_budget()
    spent = f"the --allow-remote-refs time budget ({remote_budget():g} s for the run) is spent"
    if time.time() >= deadline:
        return None, f"not fetched: {spent}"
    chunks: list[bytes] = []
    size = 0
    try:
        timeout = max(min(_READ_TIMEOUT_S, deadline - time.time()), 0.1)
        with urllib.request.urlopen(url, timeout=timeout) as response:
            while size <= _MAX_REMOTE_BYTES:
                if time.time() >= deadline:
                    return None, f"cannot fetch it: {spent}"
                chunk = response.read1(min(1 << 16, _MAX_REMOTE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return None, f"cannot fetch it ({reason})"
    raw = b"".join(chunks)
    if len(raw) > _MAX_REMOTE_BYTES:
        return None, "the remote document is larger than 20 MB"
    name = urlparse(url).path.rsplit("/", 1)[-1] or "remote"
    return load_bytes(raw, url, FsPath("/remote") / name, config), None


@functools.lru_cache(maxsize=65536)
def _pointer(fragment: str) -> Path:
    fragment = unquote(fragment)
    if fragment in ("", "/"):
        return () if fragment == "" else ("",)
    if not fragment.startswith("/"):
        raise ValueError(fragment)
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in fragment[1:].split("/"))


def _get(node: Any, path: Path) -> Any:
    for key in path:
        if isinstance(node, dict):
            if key in node:  # the first spelling: most keys are found as written
                node = node[key]
                continue
            for candidate in _spellings(key):
                if candidate in node:
                    node = node[candidate]
                    break
            else:
                return _MISSING
        elif isinstance(node, list):
            try:
                index = int(key)
            except (TypeError, ValueError):
                return _MISSING
            if not 0 <= index < len(node):
                return _MISSING
            node = node[index]
        else:
            return _MISSING
    return node


def _spellings(key: Any) -> tuple[Any, ...]:
    """A pointer segment is text; YAML may have loaded the key as a number."""
    if isinstance(key, str):
        try:
            return (key, int(key))
        except ValueError:
            return (key,)
    return (key, str(key))


def _within(path: FsPath, root: FsPath) -> bool:
    try:
        return os.path.commonpath([str(path), str(root)]) == str(root)
    except ValueError:
        return False
